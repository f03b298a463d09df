"""The port probe, on real ptys (and a real TCP socket) carrying real frame bytes."""

from __future__ import annotations

import asyncio
import errno
import fcntl
import itertools
import os
import random
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
import serialx

from custom_components.linky_tic.identifiers import mask_identifier
from custom_components.linky_tic.probe import (
    CannotConnectError,
    InvalidUrlError,
    NoDataError,
    NotTicError,
    PermissionDeniedError,
    PortBusyError,
    PortNotFoundError,
    ProbeError,
    ProbeTimeoutError,
    UnknownProbeError,
    _whole_reading,
    async_probe,
    open_error,
    tariff_option,
)
from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.encoder import EOT, encode_frame
from custom_components.linky_tic.tic.model import Mode, Reading, TariffOption
from custom_components.linky_tic.tic.port import open_tic_port
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.pty_line import PtyLine, pty_line

FAST = 0.3  # seconds of reading per line rate when no frame is expected


@pytest.fixture
def line() -> Iterator[PtyLine]:
    with pty_line() as pair:
        yield pair


def frames(meter: SimulatedMeter, count: int = 2) -> bytes:
    return b"".join(meter.frames(count))


def talking(meter: SimulatedMeter) -> Iterator[bytes]:
    """The meter's frames, one after the other, for as long as they are read."""
    return meter.frames()


async def assert_port_free(path: str) -> None:
    """The probe closed the port: its exclusive lock (flock) can be taken again.

    (Not by reopening through serialx: on this glibc, setting a tty to the speed
    it already has fails with EINVAL, a separate problem.)
    """
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    ("mode", "phases", "option", "expected_option"),
    [
        (Mode.HISTORIC, 1, "base", TariffOption.BASE),
        (Mode.HISTORIC, 1, "hc", TariffOption.OFF_PEAK),
        (Mode.HISTORIC, 1, "ejp", TariffOption.EJP),
        (Mode.HISTORIC, 3, "tempo", TariffOption.TEMPO),
        (Mode.STANDARD, 1, "hc", TariffOption.OFF_PEAK),
        (Mode.STANDARD, 3, "tempo", TariffOption.TEMPO),
        (Mode.STANDARD, 1, "ejp", TariffOption.EJP),
    ],
)
async def test_a_meter_is_identified_from_its_bytes(
    line: PtyLine, mode: Mode, phases: int, option: str, expected_option: TariffOption
) -> None:
    meter = SimulatedMeter(mode, phases=phases, option=option, seed=3)
    with line.streaming(talking(meter)):
        result = await async_probe(line.path, read_timeout=10)

    # A pty carries the bytes whatever the rate: the first attempt (1200 baud)
    # reads standard frames too, and the mode must come from their content.
    assert result.mode is mode
    assert result.meter_id == result.reading.meter_id
    assert len(result.meter_id) == 12
    assert result.phases == phases
    assert result.option is expected_option
    assert result.producer is False
    assert not result.reading.short_frame
    await assert_port_free(line.path)


async def test_a_producer_is_recognised(line: PtyLine) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="base", producer=True)
    with line.streaming(talking(meter)):
        result = await async_probe(line.path, read_timeout=10)

    assert result.producer is True
    assert result.option is TariffOption.BASE


def test_a_short_overload_frame_does_not_identify_the_meter() -> None:
    meter = SimulatedMeter(Mode.HISTORIC, phases=3, option="base")
    whole = meter.frame()
    meter_id = whole.split(b"ADCO ")[1][:12].decode()
    short = encode_frame(
        Mode.HISTORIC,
        [
            ("ADIR1", "062"),
            ("ADCO", meter_id),
            ("IINST1", "062"),
            ("IINST2", "010"),
            ("IINST3", "012"),
        ],
    )
    decoded = Decoder(guard=False).feed(short + whole)
    assert [reading.short_frame for reading in decoded] == [True, False]

    assert _whole_reading(decoded[:1]) is None
    assert _whole_reading(decoded) is decoded[1]


async def test_the_tariff_falls_back_on_ltarf(line: PtyLine) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="hc", seed=5)
    ngtf = next(group[1] for group in meter.groups() if group[0] == "NGTF")
    # A supplier calendar name the decoder cannot classify.
    unknown = _standard_group("NGTF", "  OFFRE MAISON  ")
    renamed = (
        frame.replace(_standard_group("NGTF", ngtf), unknown)
        for frame in meter.frames()
    )
    with line.streaming(renamed):
        result = await async_probe(line.path, read_timeout=10)

    assert result.reading.option is TariffOption.OTHER
    assert result.option is TariffOption.OFF_PEAK  # LTARF "HEURE PLEINE/CREUSE"


def _standard_group(label: str, data: str) -> bytes:
    frame = encode_frame(Mode.STANDARD, [(label, data)])
    return frame[1:-1]


@pytest.mark.usefixtures("socket_enabled")
async def test_a_network_bridge_is_read_over_tcp() -> None:
    data = frames(SimulatedMeter(Mode.STANDARD, option="tempo"))

    async def serve(
        _reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writer.write(data)
        await writer.drain()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        result = await async_probe(f"socket://127.0.0.1:{port}", read_timeout=10)

    assert result.mode is Mode.STANDARD
    assert result.option is TariffOption.TEMPO


@pytest.fixture
async def closed_tcp_port() -> AsyncIterator[int]:
    """A local TCP port nobody listens on (bound, so nobody else takes it)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@pytest.mark.usefixtures("socket_enabled")
async def test_a_refused_connection_is_cannot_connect(closed_tcp_port: int) -> None:
    with pytest.raises(CannotConnectError) as caught:
        await async_probe(f"socket://127.0.0.1:{closed_tcp_port}", read_timeout=FAST)
    assert caught.value.key == "cannot_connect"


async def test_a_missing_port_is_port_not_found(tmp_path: Path) -> None:
    with pytest.raises(PortNotFoundError) as caught:
        await async_probe(str(tmp_path / "ttyUSB9"), read_timeout=FAST)
    assert caught.value.key == "port_not_found"


async def test_a_file_that_is_not_a_serial_port_is_port_not_found(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("not a tty")
    with pytest.raises(PortNotFoundError):
        await async_probe(str(plain), read_timeout=FAST)


async def test_an_unknown_url_scheme_is_invalid_url() -> None:
    with pytest.raises(InvalidUrlError) as caught:
        await async_probe("telnet://192.0.2.1:23", read_timeout=FAST)
    assert caught.value.key == "invalid_url"


async def test_a_port_held_by_another_reader_is_busy(line: PtyLine) -> None:
    _, holder = await open_tic_port(line.path, Mode.HISTORIC)
    try:
        with pytest.raises(PortBusyError) as caught:
            await async_probe(line.path, read_timeout=FAST)
    finally:
        holder.close()
        await holder.wait_closed()
    assert caught.value.key == "port_busy"


async def test_permission_denied(line: PtyLine) -> None:
    if os.geteuid() != 0:  # a real refusal when not root
        os.chmod(line.path, 0)  # noqa: PTH101
        with pytest.raises(PermissionDeniedError) as caught:
            await async_probe(line.path, read_timeout=FAST)
    else:  # root ignores permissions: refuse at the open boundary
        denied = PermissionError(errno.EACCES, "Permission denied", line.path)
        with (
            patch(
                "custom_components.linky_tic.probe.open_tic_port", side_effect=denied
            ),
            pytest.raises(PermissionDeniedError) as caught,
        ):
            await async_probe(line.path, read_timeout=FAST)
    assert caught.value.key == "permission_denied"


async def test_a_silent_line_is_no_data(line: PtyLine) -> None:
    with pytest.raises(NoDataError) as caught:
        await async_probe(line.path, read_timeout=FAST)
    assert caught.value.key == "no_data"
    await assert_port_free(line.path)


async def test_random_bytes_are_not_tic(line: PtyLine) -> None:
    noise = random.Random(7)
    with (
        line.streaming(iter(lambda: noise.randbytes(64), b"")),
        pytest.raises(NotTicError) as caught,
    ):
        # A long budget: the bytes themselves must end each attempt early.
        await asyncio.wait_for(async_probe(line.path, read_timeout=30), 20)
    assert caught.value.key == "not_tic"
    await assert_port_free(line.path)


async def test_a_truncated_stream_is_a_timeout(line: PtyLine) -> None:
    frame = SimulatedMeter(Mode.HISTORIC, option="base").frame()
    # The meter keeps interrupting its frames (EOT): groups, never a whole frame.
    cut = frame[: len(frame) // 2] + EOT
    with (
        line.streaming(itertools.repeat(cut)),
        pytest.raises(ProbeTimeoutError) as caught,
    ):
        await async_probe(line.path, read_timeout=FAST)
    assert caught.value.key == "timeout"
    await assert_port_free(line.path)


@pytest.mark.usefixtures("socket_enabled")
async def test_a_stream_that_ends_early_is_a_timeout() -> None:
    frame = SimulatedMeter(Mode.STANDARD, option="base").frame()

    async def serve(
        _reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writer.write(frame[:300])
        await writer.drain()
        writer.close()  # the bridge hangs up

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(ProbeTimeoutError):
            # A long budget: only the hang-up can end the read this early.
            await asyncio.wait_for(
                async_probe(f"socket://127.0.0.1:{port}", read_timeout=30), 20
            )


async def test_a_read_error_ends_the_attempt(line: PtyLine) -> None:
    class Broken(asyncio.StreamReader):
        async def read(self, n: int = -1) -> bytes:
            raise OSError(errno.EIO, "Input/output error")

    real_open = open_tic_port

    async def open_broken(
        url: str, mode: Mode
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        _, writer = await real_open(url, mode)
        return Broken(), writer

    with (
        patch("custom_components.linky_tic.probe.open_tic_port", open_broken),
        pytest.raises(NoDataError),
    ):
        await async_probe(line.path, read_timeout=FAST)
    await assert_port_free(line.path)


async def test_a_port_that_fails_on_close_still_reports(line: PtyLine) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base")
    real_open = open_tic_port

    async def open_failing_close(
        url: str, mode: Mode
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await real_open(url, mode)
        real_wait = writer.wait_closed

        async def wait_closed() -> None:
            await real_wait()
            raise OSError(errno.EIO, "Input/output error")

        writer.wait_closed = wait_closed  # type: ignore[method-assign]
        return reader, writer

    with (
        line.streaming(talking(meter)),
        patch("custom_components.linky_tic.probe.open_tic_port", open_failing_close),
    ):
        result = await async_probe(line.path, read_timeout=10)
    assert result.option is TariffOption.BASE
    await assert_port_free(line.path)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FileNotFoundError(errno.ENOENT, "x"), PortNotFoundError),
        (OSError(errno.ENXIO, "x"), PortNotFoundError),
        (OSError(errno.ENODEV, "x"), PortNotFoundError),
        (OSError(errno.ENOTTY, "x"), PortNotFoundError),
        (OSError(errno.EACCES, "x"), PermissionDeniedError),
        (OSError(errno.EBUSY, "x"), PortBusyError),
        (ConnectionRefusedError(), CannotConnectError),
        (socket.gaierror(-2, "Name or service not known"), CannotConnectError),
        (TimeoutError(), CannotConnectError),
        (OSError(errno.EHOSTUNREACH, "x"), CannotConnectError),
        (OSError(errno.EIO, "x"), UnknownProbeError),
        (serialx.SerialException("odd"), UnknownProbeError),
        (ValueError("odd"), UnknownProbeError),
    ],
)
def test_open_errors_map_to_flow_errors(
    error: BaseException, expected: type[ProbeError]
) -> None:
    assert type(open_error(error)) is expected


async def test_an_open_that_hangs_is_cannot_connect(line: PtyLine) -> None:
    never = asyncio.Event()

    async def hang(
        url: str, mode: Mode
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        await never.wait()
        raise AssertionError("unreachable")

    with (
        patch("custom_components.linky_tic.probe.open_tic_port", hang),
        pytest.raises(CannotConnectError),
    ):
        await async_probe(line.path, read_timeout=FAST, open_timeout=0.05)


def test_meter_ids_are_masked() -> None:
    assert mask_identifier("021861123456") == "••••••••3456"
    assert mask_identifier("123") == "123"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"NGTF": "OFFRE MAISON"}, TariffOption.OTHER),  # no LTARF to help
        ({"NGTF": "OFFRE MAISON", "LTARF": "INDEX 1"}, TariffOption.OTHER),
        ({"LTARF": "INDEX 1"}, TariffOption.OTHER),  # better than nothing
        ({"NGTF": "OFFRE MAISON", "LTARF": "HEURE CREUSE"}, TariffOption.OFF_PEAK),
    ],
)
def test_ltarf_only_helps_when_ngtf_says_nothing_useful(
    values: dict[str, str], expected: TariffOption
) -> None:
    option = TariffOption.OTHER if "NGTF" in values else None
    reading = Reading(
        mode=Mode.STANDARD,
        meter_id="022275123456",
        received_at=0.0,
        values=values,
        option=option,
    )
    assert tariff_option(reading) is expected
