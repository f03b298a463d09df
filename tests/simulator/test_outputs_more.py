"""Sinks at their edges: unplugged writes, idempotent plug/unplug, stalled readers and clients."""

from __future__ import annotations

import io
import os
import select
import socket
import time
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter, outputs
from custom_components.linky_tic.tic.simulator.outputs import (
    PtySink,
    StreamSink,
    TcpSink,
)

TIMEOUT = 5.0


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the repository-wide fixture: these tests need no ``hass``."""


def test_stream_sink_drops_bytes_while_unplugged() -> None:
    stream = io.BytesIO()
    sink = StreamSink(stream)
    sink.write(b"one ")
    sink.unplug()
    sink.write(b"lost ")
    sink.replug()
    sink.write(b"two")
    sink.close()
    assert stream.getvalue() == b"one two"
    assert not stream.closed  # stdout is not ours to close


def test_an_owned_stream_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "out.tic"
    stream = path.open("wb")
    sink = StreamSink(stream, owned=True)
    sink.write(b"frame")
    sink.close()
    assert stream.closed
    assert path.read_bytes() == b"frame"
    sink.close()  # twice: harmless


def test_pty_plug_and_unplug_are_idempotent(tmp_path: Path) -> None:
    link = tmp_path / "ttyLINKY"
    paths: list[str] = []
    sink = PtySink(link, on_path=paths.append)
    try:
        sink.replug()  # already plugged: same port, no new path
        assert paths == [sink.path]
        sink.unplug()
        sink.unplug()  # already gone: nothing to do
        assert not link.exists()
        sink.write(b"\x02nobody\x03")  # dropped at once, like an unplugged adapter
        sink.replug()
        assert len(paths) == 2
        assert link.resolve() == Path(paths[1])
    finally:
        sink.close()


def read_available(fd: int) -> bytes:
    data = b""
    while select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


def test_a_pty_nobody_reads_keeps_the_fresh_bytes_not_the_stale_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outputs, "WRITE_STALL_S", 0.02)  # 0.5 s per stall otherwise
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    frames = list(meter.frames(400))  # far more than a pty holds
    sink = PtySink()
    try:
        started = time.monotonic()
        for frame in frames:
            sink.write(frame)
        assert time.monotonic() - started < TIMEOUT  # never blocked on the reader
        reader = os.open(sink.path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            kept = read_available(reader)
        finally:
            os.close(reader)
    finally:
        sink.close()
    written = sum(len(frame) for frame in frames)
    assert 0 < len(kept) < written  # the stale input was discarded
    assert kept.endswith(frames[-1])  # and the newest frames are there
    readings = Decoder(guard=False).feed(kept[kept.index(b"\x02") :])
    assert readings[-1].date == Decoder(guard=False).feed(frames[-1])[0].date


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)


def wait_for_clients(sink: TcpSink, count: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while sink.client_count < count:
        assert time.monotonic() < deadline, "the client never got accepted"
        select.select([], [], [], 0.01)


def recv_exactly(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        assert chunk, "connection closed"
        data += chunk
    return data


@pytest.mark.usefixtures("socket_enabled")  # the HA harness blocks sockets by default
def test_tcp_replug_while_listening_keeps_the_clients() -> None:
    sink = TcpSink()
    try:
        client = connect(sink.port)
        wait_for_clients(sink, 1)
        port = sink.port
        sink.replug()  # already listening: nothing changes
        assert sink.port == port
        assert sink.url == f"socket://127.0.0.1:{port}"
        sink.write(b"still here")
        assert recv_exactly(client, 10) == b"still here"
        client.close()
        sink.unplug()
        sink.unplug()  # already closed: harmless
        assert sink.client_count == 0
    finally:
        sink.close()


@pytest.mark.usefixtures("socket_enabled")
def test_tcp_drops_a_client_that_went_away_and_serves_the_others() -> None:
    sink = TcpSink()
    try:
        gone, staying = connect(sink.port), connect(sink.port)
        wait_for_clients(sink, 2)
        # a reset, not a polite close: the next sends fail at once
        gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
        gone.close()
        deadline = time.monotonic() + TIMEOUT
        sent = 0
        while sink.client_count > 1:
            assert time.monotonic() < deadline, "the dead client was never dropped"
            sink.write(b"x")
            sent += 1
        assert recv_exactly(staying, sent) == b"x" * sent
        staying.close()
    finally:
        sink.close()


@pytest.mark.usefixtures("socket_enabled")
def test_tcp_drops_a_client_that_stops_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outputs, "WRITE_STALL_S", 0.02)  # send timeout 4x this
    sink = TcpSink()
    try:
        stalled = connect(sink.port)
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        wait_for_clients(sink, 1)
        block = b"\x02" + b"A" * 65534 + b"\x03"
        deadline = time.monotonic() + TIMEOUT
        while sink.client_count:  # the socket buffers fill up, then a send times out
            assert time.monotonic() < deadline, "a stalled client was kept"
            sink.write(block)
        stalled.close()
    finally:
        sink.close()
