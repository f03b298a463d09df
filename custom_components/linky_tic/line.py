"""One meter's serial line: open, read, reopen with backoff, and the line rate.

The line hands every chunk of bytes it reads to ``consume`` (the coordinator's
decoder), which says whether a reading came out of it. The line also owns:

- **loss and recovery**: a read error or end of file closes the port and
  reopens it with a growing delay (``BACKOFF_S``), except that while the
  port's path is missing (a USB adapter pulled out) the wait ends as soon as
  the path is back (looked for every ``PATH_POLL_S``);
- **the line rate**: when bytes keep arriving (no silence of
  ``GARBAGE_SILENCE_S``) but none made a reading for ``GARBAGE_AFTER_S``, the
  port is reopened at the other mode's rate (the meter was switched between
  historic and standard); a noisy line that still yields readings is never
  switched;
- **the link counters** (``LinkStats``);
- **the recent bytes**: ``recent`` keeps the last 5 minutes of what was read
  (``tic.capture.RawRing``: at most 288 000 bytes, about 290 KB per meter),
  for diagnostics; ``add_tap`` hands every chunk to a recording as well.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from homeassistant.core import HomeAssistant
from serialx import SerialException

from .tic.capture import RawRing
from .tic.model import Mode
from .tic.port import open_tic_port

_LOGGER = logging.getLogger(__name__)

#: Delays between two attempts to reopen a lost port (s); the last one repeats.
BACKOFF_S: tuple[float, ...] = (1, 2, 5, 10, 30)
#: While the port's path is missing, how often to look whether it is back (s).
PATH_POLL_S = 1.0
#: Bytes that never make a reading for this long: try the other line rate.
#: Over two frame periods at the slow rate (a three-phase historic frame takes
#: up to 2.3 s at 1200 baud): a frame lost to noise between two readings
#: (4.6 s) does not switch; a line at the wrong rate yields no reading at all.
GARBAGE_AFTER_S = 6.0
#: A silence this long between two reads starts the garbage time again: the
#: bytes must keep arriving (a meter sends a frame every 1.5 s to 2.3 s).
GARBAGE_SILENCE_S = 3.0
READ_SIZE = 4096


@dataclass(slots=True)
class LinkStats:
    """How clean the line is, since it was created."""

    frames_total: int = 0  # readings + frames dropped by the decoder
    frames_clean: int = 0  # readings with nothing rejected
    reconnects: int = 0  # port reopened after a loss
    rate_switches: int = 0  # port reopened at the other line rate

    @property
    def valid_frames_percent(self) -> float | None:
        """Share of frames that arrived whole and clean (%)."""
        if not self.frames_total:
            return None
        return round(100 * self.frames_clean / self.frames_total, 1)


class TicLine:
    """Read one serial line until cancelled, reopening it when it fails."""

    def __init__(
        self,
        hass: HomeAssistant,
        url: str,
        mode: Mode,
        consume: Callable[[bytes], bool],
        clock: Callable[[], float],
    ) -> None:
        """Prepare; nothing is opened before ``async_open`` or ``async_run``."""
        self.hass = hass
        self.url = url
        #: The mode whose line rate the port is (re)opened at.
        self.mode = mode
        self.connected = False
        self.last_error: str | None = None
        self.stats = LinkStats()
        #: The last minutes of raw bytes (bounded: see ``tic.capture``).
        self.recent = RawRing()
        self._taps: list[Callable[[bytes], None]] = []
        self._consume = consume
        self._clock = clock
        # Module defaults are read here, at creation, so tests can change them.
        self._backoff = BACKOFF_S
        self._path_poll = PATH_POLL_S
        self._garbage_after = GARBAGE_AFTER_S
        self._garbage_silence = GARBAGE_SILENCE_S
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._garbage_since: float | None = None
        self._bytes_at: float | None = None  # when the last bytes were read

    async def async_open(self) -> asyncio.StreamReader:
        """Open the port at ``mode``'s rate (``OSError``/``SerialException``)."""
        self._reader, self._writer = await open_tic_port(self.url, self.mode)
        self.connected = True
        self._garbage_since = None
        _LOGGER.debug("Opened %s in %s mode", self.url, self.mode)
        return self._reader

    async def async_close(self) -> None:
        """Close the port if it is open."""
        writer, self._writer, self._reader = self._writer, None, None
        self.connected = False
        if writer is None:
            return
        writer.close()
        try:
            await writer.wait_closed()
        except (OSError, SerialException) as err:
            _LOGGER.debug("Closing %s: %s", self.url, err)

    async def async_run(self) -> None:
        """Read until cancelled; reopen the port with backoff when it fails."""
        attempt = 0
        try:
            while True:
                reader = self._reader
                if reader is None:
                    try:
                        reader = await self.async_open()
                    except (OSError, SerialException) as err:
                        self.last_error = str(err)
                        attempt = await self._pause(attempt, "reopen failed", err)
                        continue
                    self.stats.reconnects += 1
                try:
                    data = await reader.read(READ_SIZE)
                except (OSError, SerialException) as err:
                    self.last_error = str(err)
                    await self.async_close()
                    attempt = await self._pause(attempt, "read failed", err)
                    continue
                if not data:
                    self.last_error = "end of file"
                    await self.async_close()
                    attempt = await self._pause(attempt, "end of file", None)
                    continue
                if self._on_bytes(data):
                    attempt = 0
                elif self._garbage_expired():
                    await self._switch_rate()
        finally:
            await self.async_close()

    def add_tap(self, tap: Callable[[bytes], None]) -> Callable[[], None]:
        """Also hand every chunk read to ``tap``; returns the function that stops it."""
        self._taps.append(tap)

        def remove() -> None:
            with suppress(ValueError):
                self._taps.remove(tap)

        return remove

    def _on_bytes(self, data: bytes) -> bool:
        """Hand ``data`` on; True when a reading came out of it."""
        self.recent.add(self._clock(), data)
        for tap in list(self._taps):
            tap(data)
        produced = self._consume(data)
        now = self._clock()
        last_bytes, self._bytes_at = self._bytes_at, now
        if produced:
            self._garbage_since = None
            self.last_error = None
        elif (
            self._garbage_since is None
            or last_bytes is None
            or now - last_bytes >= self._garbage_silence
        ):
            self._garbage_since = now
        return produced

    async def _pause(self, attempt: int, what: str, err: Exception | None) -> int:
        delay = self._backoff[min(attempt, len(self._backoff) - 1)]
        _LOGGER.debug("%s on %s (%s); retrying in %s s", what, self.url, err, delay)
        if "://" in self.url or await self._path_exists():
            await asyncio.sleep(delay)
        else:
            await self._wait_for_path(delay)
        return attempt + 1

    async def _wait_for_path(self, delay: float) -> None:
        """Wait ``delay`` s, less if the port's missing path comes back.

        The backoff spares a port that exists but fails; a path that is gone
        (adapter unplugged) costs one ``stat`` per poll to watch, and an
        adapter plugged back in must not wait for a 30 s backoff step.
        """
        waited = 0.0
        while waited < delay:
            step = min(self._path_poll, delay - waited)
            await asyncio.sleep(step)
            waited += step
            if await self._path_exists():
                return

    async def _path_exists(self) -> bool:
        return await self.hass.async_add_executor_job(os.path.exists, self.url)

    def _garbage_expired(self) -> bool:
        return (
            self._garbage_since is not None
            and self._clock() - self._garbage_since >= self._garbage_after
        )

    async def _switch_rate(self) -> None:
        """Bytes but no reading for a while: the meter speaks the other rate."""
        other = Mode.STANDARD if self.mode is Mode.HISTORIC else Mode.HISTORIC
        _LOGGER.debug(
            "No reading at %s mode's rate for %s s of bytes; trying %s mode",
            self.mode,
            self._garbage_after,
            other,
        )
        self.mode = other
        self.stats.rate_switches += 1
        await self.async_close()
