"""Outputs for real: a pty read back, TCP clients, the port unplugged and back, pacing."""

from __future__ import annotations

import os
import select
import socket
import time
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.outputs import PtySink, TcpSink
from custom_components.linky_tic.tic.simulator.pacing import Pacer

TIMEOUT = 5.0


def read_until(fd: int, needed: int) -> bytes:
    """Read from ``fd`` until ``needed`` ETX arrived (bounded by TIMEOUT)."""
    data = b""
    deadline = time.monotonic() + TIMEOUT
    while data.count(b"\x03") < needed:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"timed out with {data!r}"
        data += os.read(fd, 4096)
    return data


def test_pty_carries_frames_and_unplug_removes_the_path(tmp_path: Path) -> None:
    link = tmp_path / "ttyLINKY"
    paths: list[str] = []
    sink = PtySink(link, on_path=paths.append)
    meter = SimulatedMeter(Mode.HISTORIC)
    try:
        assert link.exists()
        assert str(link.resolve()) == paths[0]
        reader = os.open(link, os.O_RDONLY | os.O_NOCTTY)
        try:
            for frame in meter.frames(3):
                sink.write(frame)
            data = read_until(reader, 3)
        finally:
            os.close(reader)
        assert len(Decoder().feed(data)) == 3

        sink.unplug()
        assert not link.exists()
        sink.replug()
        assert link.exists()
        assert len(paths) == 2
        assert str(link.resolve()) == paths[1]
    finally:
        sink.close()
    assert not link.exists()


def test_pty_write_does_not_hang_without_reader() -> None:
    sink = PtySink()
    try:
        data = b"".join(
            SimulatedMeter(Mode.STANDARD).frames(12)
        )  # more than the pty buffer
        sink.write(data)  # returns: stale input is discarded like on a real line
    finally:
        sink.close()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)


def recv_frames(client: socket.socket, needed: int) -> bytes:
    data = b""
    while data.count(b"\x03") < needed:
        chunk = client.recv(4096)
        assert chunk, "connection closed"
        data += chunk
    return data


@pytest.mark.usefixtures("socket_enabled")  # the HA harness blocks sockets by default
def test_tcp_serves_several_clients_and_reconnects() -> None:
    sink = TcpSink("127.0.0.1", 0)
    meter = SimulatedMeter(Mode.STANDARD)
    try:
        first, second = connect(sink.port), connect(sink.port)
        deadline = time.monotonic() + TIMEOUT
        while sink.client_count < 2:
            assert time.monotonic() < deadline
            select.select([], [], [], 0.01)
        frame = meter.frame()
        sink.write(frame)
        assert recv_frames(first, 1) == frame
        assert recv_frames(second, 1) == frame
        first.close()

        sink.unplug()  # the port is gone: clients see the end of the stream
        assert second.recv(4096) == b""
        second.close()
        refused = socket.socket()
        assert refused.connect_ex(("127.0.0.1", sink.port)) != 0
        refused.close()

        sink.replug()
        third = connect(sink.port)
        while sink.client_count < 1:
            assert time.monotonic() < deadline
            select.select([], [], [], 0.01)
        sink.write(frame)
        assert recv_frames(third, 1) == frame
        third.close()
    finally:
        sink.close()


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.writes: list[tuple[float, int]] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def write(self, data: bytes) -> None:
        self.writes.append((self.now, len(data)))


def test_pacing_follows_the_line_rate() -> None:
    fake = FakeTime()
    pacer = Pacer(clock=fake.clock, sleep=fake.sleep)
    meter = SimulatedMeter(Mode.HISTORIC, 3)
    frame = meter.frame()
    pacer.send(fake, frame, 1200)
    took = fake.now - 100.0
    assert abs(took - (len(frame) * 10 / 1200 + 0.025)) < 1e-9
    assert 1.3 <= took <= 2.3  # a historic frame, as on a real line
    assert sum(n for _, n in fake.writes) == len(frame)
    # bytes are spread over the frame time, not sent at once
    assert fake.writes[-1][0] - fake.writes[0][0] > 1.0


def test_max_speed_does_not_wait() -> None:
    fake = FakeTime()
    pacer = Pacer(fast=True, clock=fake.clock, sleep=fake.sleep)
    pacer.send(fake, SimulatedMeter().frame(), 1200)
    assert fake.now == 100.0
    assert len(fake.writes) == 1
