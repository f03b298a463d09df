"""The push coordinator: one meter's readings to published state.

The serial line (``line.TicLine``: open, read, reopen, line rate) hands its
bytes to the ``tic`` decoder here, and each validated ``Reading`` is published
at once to the listeners (the entities apply their own rate limits). The
coordinator also owns:

- **availability**: the entities become unavailable when no valid frame came
  for ``STALE_AFTER_S`` and come back with the next one (one warning when
  lost, one info line when back);
- **the meter's identity**: frames from another meter than the entry's are not
  published and raise a repair issue;
- **the mode**: a meter that now sends in the other mode is remembered in the
  entry for the next opening;
- **derived data**: active power from the consumption index, link quality.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers.event import async_call_later
from serialx import SerialException

from .const import CONF_DEVICE, CONF_MODE, CONF_TARIFF, DOMAIN
from .issues import async_create_meter_replaced_issue, async_delete_meter_replaced_issue
from .line import LinkStats, TicLine
from .tic.active_power import ActivePowerEstimator
from .tic.decoder import Decoder
from .tic.model import WITHHELD, Counters, Mode, Reading, TariffOption

_LOGGER = logging.getLogger(__name__)

#: No valid frame for this long (about five frame periods): entities unavailable.
STALE_AFTER_S = 10.0
#: How long setup waits for the first frame before going on without it.
FIRST_READING_TIMEOUT_S = 8.0
#: Window of the checksum error rate.
RATE_WINDOW_S = 3600.0

type LinkyTicConfigEntry = ConfigEntry[LinkyTicCoordinator]


class LinkyTicCoordinator:
    """Read one meter's TIC line and publish its readings."""

    #: The time source of the decoder's guard, the write policies and the
    #: garbage timer (tests replace it with a clock they advance).
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self, hass: HomeAssistant, entry: LinkyTicConfigEntry) -> None:
        """Prepare; nothing is opened before ``async_start``."""
        self.hass = hass
        self.entry = entry
        self.url: str = entry.data[CONF_DEVICE]
        tariff = entry.data.get(CONF_TARIFF)
        self.tariff: TariffOption | None = TariffOption(tariff) if tariff else None
        self.meter_id: str | None = entry.unique_id
        self.options = dict(entry.options)
        # Read here, at creation, so tests can change the module default.
        self._stale_after = STALE_AFTER_S

        self.decoder = Decoder(clock=self.now)  # the mode: as the frames say
        self.line = TicLine(
            hass, self.url, Mode(entry.data[CONF_MODE]), self._on_bytes, self.now
        )
        self.data: Reading | None = None
        self.available = False
        self.meter_mismatch = False
        self.active_power_w: float | None = None

        self._estimator = ActivePowerEstimator()
        self._listeners: dict[CALLBACK_TYPE, CALLBACK_TYPE] = {}
        self._task: asyncio.Task[None] | None = None
        self._stale_unsub: CALLBACK_TYPE | None = None
        self._lost_reported = False
        self._resyncs_seen = 0
        self._checksum_samples: deque[tuple[float, int]] = deque()
        self._first_reading = asyncio.Event()

    @property
    def port_mode(self) -> Mode:
        """The mode whose line rate the port is opened at."""
        return self.line.mode

    @property
    def connected(self) -> bool:
        """Whether the port is open."""
        return self.line.connected

    @property
    def last_error(self) -> str | None:
        """Why the line last failed, until the next reading."""
        return self.line.last_error

    @property
    def stats(self) -> LinkStats:
        """The link counters."""
        return self.line.stats

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
            await self.line.async_open()
        except (OSError, SerialException) as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_open_port",
                translation_placeholders={"device": self.url, "error": str(err)},
            ) from err
        self._task = self.entry.async_create_background_task(
            self.hass,
            self.line.async_run(),
            name=f"{DOMAIN} reader {self.entry.entry_id}",
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
        await self.line.async_close()

    async def _on_stop(self, _event: Event) -> None:
        await self.async_stop()

    @property
    def running(self) -> bool:
        """Whether the reader task is alive."""
        return self._task is not None and not self._task.done()

    # -- bytes to readings ---------------------------------------------------

    def _on_bytes(self, data: bytes) -> bool:
        """Decode ``data``; True when at least one reading came out."""
        readings = self.decoder.feed(data)
        counters = self.decoder.counters
        dropped = counters.resyncs - self._resyncs_seen
        self._resyncs_seen = counters.resyncs
        self.stats.frames_total += dropped + len(readings)
        for reading in readings:
            self._on_reading(reading)
        return bool(readings)

    @callback
    def _on_reading(self, reading: Reading) -> None:
        if all(item.reason in WITHHELD for item in reading.rejected):
            self.stats.frames_clean += 1  # withheld values wait, nothing was wrong
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
        self.line.mode = mode
        self._estimator.reset()
        self.hass.config_entries.async_update_entry(
            self.entry, data={**self.entry.data, CONF_MODE: mode.value}
        )

    def _update_active_power(self, reading: Reading) -> None:
        max_power_w = self.decoder.max_power_w(reading.mode, reading.phases)
        self.active_power_w = self._estimator.update_reading(
            reading, self.tariff, max_power_w
        )

    def index_bound(self, reading: Reading) -> Callable[[float], int] | None:
        """The largest rise an index of ``reading`` may show after ``elapsed`` s.

        The decoder's own bound (its plausibility guard), for consumers that
        count index rises themselves (the cost sensors); None without a guard.
        """
        return self.decoder.index_bound(reading.mode, reading.phases)

    @property
    def counters(self) -> Counters:
        """What the decoder has seen since the coordinator started."""
        return self.decoder.counters

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
