"""Probe a port: is a Linky meter talking on it, in which mode, and who is it?

The config flow calls ``async_probe`` before it creates or changes an entry.
The port is opened at 1200 baud (historic), then at 9600 baud (standard),
7E1 both times; at each rate the bytes are read for a bounded time and fed to
the decoder until it returns a whole frame. The mode comes from the bytes
themselves (groups closed by SP or by HT), never from the rate that "worked":
a pty or a ``socket://`` bridge carries the bytes whatever rate is asked.

Every failure is a ``ProbeError`` whose ``key`` names the translated error the
flow shows. The port is closed in every case. Nothing here logs the meter id.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import time
from dataclasses import dataclass
from typing import ClassVar

import serialx
from serialx.common import UnknownUriScheme

from .identifiers import mask_identifier
from .tic.decoder import Decoder
from .tic.detect import detect_mode
from .tic.model import BAUDRATE, Mode, Reading, TariffOption
from .tic.port import open_tic_port
from .tic.reading import standard_option

_LOGGER = logging.getLogger(__name__)

#: Seconds of reading at each line rate. A historic frame lasts 1.5-2.3 s and
#: the first one is usually cut, so two frames' worth; standard frames are shorter
#: but arrive at the same pace, so the same budget holds.
READ_TIMEOUT = 5.0
#: Seconds allowed to open the port (a network bridge may not answer).
OPEN_TIMEOUT = 10.0
#: After this many bytes without one valid TIC group, this line rate is wrong.
GARBAGE_LIMIT = 600
_READ_SIZE = 4096


class ProbeError(Exception):
    """The probe failed; ``key`` is the config flow's error key."""

    key: ClassVar[str] = "unknown"


class PortNotFoundError(ProbeError):
    """No serial port at this path (or it is not a serial port)."""

    key = "port_not_found"


class InvalidUrlError(ProbeError):
    """The URL's scheme is not one serialx can open."""

    key = "invalid_url"


class PermissionDeniedError(ProbeError):
    """The port exists but Home Assistant may not open it."""

    key = "permission_denied"


class PortBusyError(ProbeError):
    """Another program (or another entry) holds the port."""

    key = "port_busy"


class CannotConnectError(ProbeError):
    """A network bridge refused, was not found, or did not answer."""

    key = "cannot_connect"


class NoDataError(ProbeError):
    """Not one byte arrived at either rate: wiring, I1/I2, module power."""

    key = "no_data"


class NotTicError(ProbeError):
    """Bytes arrived, but no TIC group at either rate."""

    key = "not_tic"


class ProbeTimeoutError(ProbeError):
    """TIC groups arrived, but no whole frame in time."""

    key = "timeout"


class UnknownProbeError(ProbeError):
    """Anything else."""

    key = "unknown"


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What the meter said in its first whole frame."""

    mode: Mode
    meter_id: str
    phases: int
    option: TariffOption | None
    producer: bool
    reading: Reading

    @classmethod
    def from_reading(cls, reading: Reading) -> ProbeResult:
        """What ``reading`` tells about the meter."""
        return cls(
            mode=reading.mode,
            meter_id=reading.meter_id,
            phases=reading.phases,
            option=tariff_option(reading),
            producer=is_producer(reading),
            reading=reading,
        )

    @property
    def masked_meter_id(self) -> str:
        """The meter id with all but its last digits hidden."""
        return mask_identifier(self.meter_id)


def tariff_option(reading: Reading) -> TariffOption | None:
    """The tariff option a reading names (OPTARIF, or NGTF then LTARF)."""
    option = reading.option
    if reading.mode is Mode.STANDARD and option in (None, TariffOption.OTHER):
        ltarf = reading.values.get("LTARF")
        if isinstance(ltarf, str):
            from_ltarf = standard_option(ltarf)
            if from_ltarf is not TariffOption.OTHER or option is None:
                return from_ltarf
    return option


def is_producer(reading: Reading) -> bool:
    """Whether the meter counts injected energy (standard mode only)."""
    if reading.option is TariffOption.PRODUCER or "EAIT" in reading.values:
        return True
    return reading.status is not None and reading.status.producer


def open_error(error: BaseException) -> ProbeError:
    """The probe error of an exception raised while opening the port."""
    if isinstance(error, UnknownUriScheme):
        return InvalidUrlError(str(error))
    if isinstance(error, FileNotFoundError):
        return PortNotFoundError(str(error))
    if isinstance(error, PermissionError):
        return PermissionDeniedError(str(error))
    if isinstance(error, (ConnectionError, socket.gaierror, TimeoutError)):
        return CannotConnectError(str(error))
    if isinstance(error, OSError):
        if error.errno == errno.EBUSY:
            return PortBusyError(str(error))
        if error.errno in (errno.ENODEV, errno.ENXIO, errno.ENOTTY):
            return PortNotFoundError(str(error))  # gone, or not a serial port
        if error.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return CannotConnectError(str(error))
    return UnknownProbeError(str(error))


@dataclass(slots=True)
class _Attempt:
    """What one line rate gave."""

    received: bytes = b""
    reading: Reading | None = None


async def _open(
    url: str, rate: Mode, open_timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    try:
        async with asyncio.timeout(open_timeout):
            return await open_tic_port(url, rate)
    except (OSError, serialx.SerialException) as error:
        raise open_error(error) from error


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    try:
        await writer.wait_closed()
    except OSError as error:  # the port vanished while we read it
        _LOGGER.debug("Closing the probed port failed: %s", error)


def _whole_reading(readings: list[Reading]) -> Reading | None:
    """The first reading that identifies the meter (not a short overload frame)."""
    for reading in readings:
        if reading.meter_id and not reading.short_frame:
            return reading
    return None


async def _read_at(
    reader: asyncio.StreamReader, rate: Mode, read_timeout: float
) -> _Attempt:
    """Read until a whole frame decodes, the bytes are plainly not TIC, or time is up."""
    attempt = _Attempt()
    received = bytearray()
    decoder = Decoder(guard=False)  # mode from the bytes, not from the rate
    deadline = time.monotonic() + read_timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            async with asyncio.timeout(left):
                chunk = await reader.read(_READ_SIZE)
        except TimeoutError:
            break
        except OSError as error:  # the line went away mid-read
            _LOGGER.debug("Reading the probed port failed: %s", error)
            break
        if not chunk:  # end of stream (a network bridge closed)
            break
        received += chunk
        attempt.reading = _whole_reading(decoder.feed(chunk))
        if attempt.reading is not None:
            break
        if len(received) >= GARBAGE_LIMIT and (
            detect_mode(bytes(received), BAUDRATE[rate]).mode is None
        ):
            break
    attempt.received = bytes(received)
    return attempt


async def async_probe(
    url: str,
    *,
    read_timeout: float = READ_TIMEOUT,
    open_timeout: float = OPEN_TIMEOUT,
) -> ProbeResult:
    """Find the meter on ``url``; ``read_timeout`` is the reading budget per line rate.

    Raises a ``ProbeError`` subclass when no meter can be read.
    """
    attempts: list[tuple[Mode, _Attempt]] = []
    for rate in (Mode.HISTORIC, Mode.STANDARD):
        reader, writer = await _open(url, rate, open_timeout)
        try:
            attempt = await _read_at(reader, rate, read_timeout)
        finally:
            await _close(writer)
        if (reading := attempt.reading) is not None:
            result = ProbeResult.from_reading(reading)
            _LOGGER.debug(
                "Meter %s found in %s mode at %s baud",
                result.masked_meter_id,
                result.mode,
                BAUDRATE[rate],
            )
            return result
        attempts.append((rate, attempt))
    raise _failure(attempts)


def _failure(attempts: list[tuple[Mode, _Attempt]]) -> ProbeError:
    """The error that best explains why no frame was read."""
    if not any(attempt.received for _, attempt in attempts):
        return NoDataError("no byte received at 1200 nor at 9600 baud")
    for rate, attempt in attempts:
        detection = detect_mode(attempt.received, BAUDRATE[rate])
        if detection.mode is not None:
            return ProbeTimeoutError(
                f"TIC groups but no whole frame: {detection.reason}"
            )
    return NotTicError(
        "bytes received, but no valid TIC group at 1200 nor at 9600 baud"
    )
