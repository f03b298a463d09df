"""The push coordinator: one long-lived reader task per meter.

Bytes come from the serial line (``tic.port.open_tic_port``, asyncio, never
blocking the event loop), go through the ``tic`` decoder, and each validated
``Reading`` is published at once to the listeners (the entities apply their own
rate limits). The coordinator also owns:

- **loss and recovery**: a read error or end of file closes the port and
  reopens it with a growing delay (``BACKOFF_S``), except that while the
  port's path is missing (a USB adapter pulled out) the wait ends as soon as
  the path is back (looked for every ``PATH_POLL_S``); the entities become
  unavailable when no valid frame came for ``STALE_AFTER_S`` and come back
  with the next one (one warning when lost, one info line when back);
- **the line rate**: the decoder follows the meter's mode from the frames
  (auto mode); when bytes keep arriving (no silence of ``GARBAGE_SILENCE_S``)
  but none made a reading for ``GARBAGE_AFTER_S``, the port is reopened at
  the other mode's rate (the meter was switched between historic and
  standard); a noisy line that still yields readings is never switched;
- **the meter's identity**: frames from another meter than the entry's are not
  published and raise a repair issue;
- **derived data**: active power from the consumption index, link quality.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers.event import async_call_later
from serialx import SerialException

from .active_power import ActivePowerEstimator
from .const import CONF_DEVICE, CONF_MODE, CONF_TARIFF, DOMAIN
from .issues import async_create_meter_replaced_issue, async_delete_meter_replaced_issue
from .tic.decoder import Decoder
from .tic.model import Mode, Reading, TariffOption
from .tic.port import open_tic_port
from .tic.registry import index_periods

_LOGGER = logging.getLogger(__name__)

#: Delays between two attempts to reopen a lost port (s); the last one repeats.
BACKOFF_S: tuple[float, ...] = (1, 2, 5, 10, 30)
#: While the port's path is missing, how often to look whether it is back (s).
PATH_POLL_S = 1.0
#: No valid frame for this long (about five frame periods): entities unavailable.
STALE_AFTER_S = 10.0
#: Bytes that never make a reading for this long: try the other line rate.
#: Over two frame periods at the slow rate (a three-phase historic frame takes
#: up to 2.3 s at 1200 baud): a frame lost to noise between two readings
#: (4.6 s) does not switch; a line at the wrong rate yields no reading at all.
GARBAGE_AFTER_S = 6.0
#: A silence this long between two reads starts the garbage time again: the
#: bytes must keep arriving (a meter sends a frame every 1.5 s to 2.3 s).
GARBAGE_SILENCE_S = 3.0
#: How long setup waits for the first frame before going on without it.
FIRST_READING_TIMEOUT_S = 8.0
#: Window of the checksum error rate.
RATE_WINDOW_S = 3600.0
READ_SIZE = 4096

type PortOpener = Callable[
    [str, Mode],
    Coroutine[Any, Any, tuple[asyncio.StreamReader, asyncio.StreamWriter]],
]
type LinkyTicConfigEntry = ConfigEntry[LinkyTicCoordinator]


@dataclass(slots=True)
class LinkStats:
    """How clean the line is, since the coordinator started."""

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


def total_consumption_wh(reading: Reading, option: TariffOption | None) -> int | None:
    """The whole imported energy index of a reading (Wh), or None if incomplete.

    Standard: EAST. Historic: the sum of the option's indexes, only when every
    one of them is in the frame (a partial sum would look like a drop).
    """
    if reading.mode is Mode.STANDARD:
        east = reading.values.get("EAST")
        return east if isinstance(east, int) else None
    labels = index_periods(reading.mode, reading.option or option)
    if not labels:
        return None
    total = 0
    for label in labels:
        value = reading.values.get(label)
        if not isinstance(value, int):
            return None
        total += value
    return total


class LinkyTicCoordinator:
    """Read one meter's TIC line and publish its readings."""

    #: The time source of the decoder's guard, the write policies and the
    #: garbage timer (tests replace it with a clock they advance).
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(
        self,
        hass: HomeAssistant,
        entry: LinkyTicConfigEntry,
        *,
        opener: PortOpener | None = None,
        backoff: Sequence[float] | None = None,
        stale_after: float | None = None,
        garbage_after: float | None = None,
    ) -> None:
        """Prepare; nothing is opened before ``async_start``."""
        self.hass = hass
        self.entry = entry
        self.url: str = entry.data[CONF_DEVICE]
        self.port_mode = Mode(entry.data[CONF_MODE])
        tariff = entry.data.get(CONF_TARIFF)
        self.tariff: TariffOption | None = TariffOption(tariff) if tariff else None
        self.meter_id: str | None = entry.unique_id
        self.options = dict(entry.options)
        # Module defaults are read here, at creation, so tests can change them.
        self._opener = opener or open_tic_port
        self._backoff = tuple(backoff or BACKOFF_S)
        self._path_poll = PATH_POLL_S
        self._stale_after = STALE_AFTER_S if stale_after is None else stale_after
        self._garbage_after = (
            GARBAGE_AFTER_S if garbage_after is None else garbage_after
        )
        self._garbage_silence = GARBAGE_SILENCE_S

        self.decoder = Decoder(None, clock=self.now)
        self.data: Reading | None = None
        self.available = False
        self.connected = False
        self.meter_mismatch = False
        self.stats = LinkStats()
        self.active_power_w: float | None = None
        self.last_error: str | None = None

        self._estimator = ActivePowerEstimator()
        self._listeners: dict[CALLBACK_TYPE, CALLBACK_TYPE] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._stale_unsub: CALLBACK_TYPE | None = None
        self._lost_reported = False
        self._garbage_since: float | None = None
        self._bytes_at: float | None = None  # when the last bytes were read
        self._resyncs_seen = 0
        self._checksum_samples: deque[tuple[float, int]] = deque()
        self._first_reading = asyncio.Event()

    def now(self) -> float:
        """Seconds on the coordinator's monotonic clock."""
        return self.clock()

    # -- listeners -----------------------------------------------------------

    @callback
    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update_callback`` on each reading and availability change."""

        @callback
        def remove_listener() -> None:
            self._listeners.pop(update_callback, None)

        self._listeners[update_callback] = remove_listener
        return remove_listener

    @callback
    def _notify(self) -> None:
        for update_callback in list(self._listeners):
            update_callback()

    # -- life cycle ----------------------------------------------------------

    async def async_start(self) -> None:
        """Open the port and start the reader task.

        Raises ``ConfigEntryNotReady`` when the port cannot be opened: Home
        Assistant retries the setup later.
        """
        try:
            await self._open()
        except (OSError, SerialException) as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_open_port",
                translation_placeholders={"device": self.url, "error": str(err)},
            ) from err
        self._task = self.entry.async_create_background_task(
            self.hass, self._run(), name=f"{DOMAIN} reader {self.entry.entry_id}"
        )
        self.entry.async_on_unload(
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._on_stop)
        )

    async def async_wait_first_reading(self) -> None:
        """Wait until a reading was published (the caller bounds the wait)."""
        await self._first_reading.wait()

    async def async_stop(self) -> None:
        """Stop reading and close the port (unload, Home Assistant stop)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._cancel_stale_timer()
        await self._close()

    async def _on_stop(self, _event: Event) -> None:
        await self.async_stop()

    @property
    def running(self) -> bool:
        """Whether the reader task is alive."""
        return self._task is not None and not self._task.done()

    # -- the port ------------------------------------------------------------

    async def _open(self) -> asyncio.StreamReader:
        self._reader, self._writer = await self._opener(self.url, self.port_mode)
        self.connected = True
        self._garbage_since = None
        _LOGGER.debug("Opened %s in %s mode", self.url, self.port_mode)
        return self._reader

    async def _close(self) -> None:
        writer, self._writer, self._reader = self._writer, None, None
        self.connected = False
        if writer is None:
            return
        writer.close()
        try:
            await writer.wait_closed()
        except (OSError, SerialException) as err:
            _LOGGER.debug("Closing %s: %s", self.url, err)

    async def _run(self) -> None:
        """Read until cancelled; reopen the port with backoff when it fails."""
        attempt = 0
        try:
            while True:
                reader = self._reader
                if reader is None:
                    try:
                        reader = await self._open()
                    except (OSError, SerialException) as err:
                        self.last_error = str(err)
                        attempt = await self._pause(attempt, "reopen failed", err)
                        continue
                    self.stats.reconnects += 1
                try:
                    data = await reader.read(READ_SIZE)
                except (OSError, SerialException) as err:
                    self.last_error = str(err)
                    await self._close()
                    attempt = await self._pause(attempt, "read failed", err)
                    continue
                if not data:
                    self.last_error = "end of file"
                    await self._close()
                    attempt = await self._pause(attempt, "end of file", None)
                    continue
                if self._on_bytes(data):
                    attempt = 0
                elif self._garbage_expired():
                    await self._switch_rate()
        finally:
            await self._close()

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
            and self.now() - self._garbage_since >= self._garbage_after
        )

    async def _switch_rate(self) -> None:
        """Bytes but no reading for a while: the meter speaks the other rate."""
        other = Mode.STANDARD if self.port_mode is Mode.HISTORIC else Mode.HISTORIC
        _LOGGER.debug(
            "No reading at %s mode's rate for %s s of bytes; trying %s mode",
            self.port_mode,
            self._garbage_after,
            other,
        )
        self.port_mode = other
        self.stats.rate_switches += 1
        await self._close()

    # -- bytes to readings ---------------------------------------------------

    def _on_bytes(self, data: bytes) -> bool:
        """Decode ``data``; True when at least one reading came out."""
        readings = self.decoder.feed(data)
        counters = self.decoder.counters
        dropped = counters.resyncs - self._resyncs_seen
        self._resyncs_seen = counters.resyncs
        self.stats.frames_total += dropped + len(readings)
        now = self.now()
        last_bytes, self._bytes_at = self._bytes_at, now
        if not readings:
            if (
                self._garbage_since is None
                or last_bytes is None
                or now - last_bytes >= self._garbage_silence
            ):
                self._garbage_since = now
            return False
        self._garbage_since = None
        for reading in readings:
            self._on_reading(reading)
        return True

    @callback
    def _on_reading(self, reading: Reading) -> None:
        if not reading.rejected:
            self.stats.frames_clean += 1
        self._sample_checksum_errors(reading.received_at)
        if self.meter_id is None:
            self.meter_id = reading.meter_id
        if self.meter_id is not None and reading.meter_id != self.meter_id:
            self._on_other_meter()
            return
        if self.meter_mismatch:
            self.meter_mismatch = False
            async_delete_meter_replaced_issue(self.hass, self.entry)
            _LOGGER.info("The configured meter is back on %s", self.url)
        if (
            reading.mode is not self.port_mode
            or reading.mode.value != self.entry.data.get(CONF_MODE)
        ):
            self._on_mode_change(reading.mode)
        self._update_active_power(reading)
        self.data = reading
        self.last_error = None
        self._first_reading.set()
        self._restart_stale_timer()
        if not self.available:
            self.available = True
            if self._lost_reported:
                self._lost_reported = False
                _LOGGER.info("Valid TIC frames again on %s", self.url)
        self._notify()

    def _on_other_meter(self) -> None:
        if self.meter_mismatch:
            return
        self.meter_mismatch = True
        _LOGGER.warning(
            "A different meter is sending on %s: its readings are not published "
            "(see the repair issue)",
            self.url,
        )
        async_create_meter_replaced_issue(self.hass, self.entry)
        self._estimator.reset()
        self._cancel_stale_timer()
        if self.available:
            self.available = False
            self._notify()

    def _on_mode_change(self, mode: Mode) -> None:
        """The meter sends in another mode: remember it for the next opening."""
        _LOGGER.info("The meter on %s now sends in %s mode", self.url, mode)
        self.port_mode = mode
        self._estimator.reset()
        self.hass.config_entries.async_update_entry(
            self.entry, data={**self.entry.data, CONF_MODE: mode.value}
        )

    def _update_active_power(self, reading: Reading) -> None:
        total = total_consumption_wh(reading, self.tariff)
        guard = self.decoder.guard
        if guard is not None:
            self._estimator.max_power_w = guard.max_power_w(
                reading.mode, reading.phases
            )
        if total is None:
            return  # the estimate keeps its last value; the index is incomplete
        self.active_power_w = self._estimator.update(reading.received_at, total)

    def _sample_checksum_errors(self, now: float) -> None:
        samples = self._checksum_samples
        samples.append((now, self.decoder.counters.checksum_errors))
        while len(samples) > 2 and now - samples[1][0] >= RATE_WINDOW_S:
            samples.popleft()

    @property
    def checksum_errors_per_hour(self) -> float | None:
        """Checksum errors per hour over the last hour (after one minute of data)."""
        samples = self._checksum_samples
        if len(samples) < 2:
            return None
        (first_t, first_n), (last_t, last_n) = samples[0], samples[-1]
        if last_t - first_t < 60:
            return None
        return round((last_n - first_n) * 3600 / (last_t - first_t), 1)

    # -- availability --------------------------------------------------------

    def _restart_stale_timer(self) -> None:
        self._cancel_stale_timer()
        self._stale_unsub = async_call_later(
            self.hass, self._stale_after, self._on_stale
        )

    def _cancel_stale_timer(self) -> None:
        if self._stale_unsub is not None:
            self._stale_unsub()
            self._stale_unsub = None

    @callback
    def _on_stale(self, _now: datetime) -> None:
        self._stale_unsub = None
        if not self.available:
            return
        self.available = False
        if not self._lost_reported:
            self._lost_reported = True
            _LOGGER.warning(
                "No valid TIC frame on %s for %s s (%s); the meter's entities are "
                "unavailable until frames come back",
                self.url,
                self._stale_after,
                self.last_error or "silence",
            )
        self._notify()
