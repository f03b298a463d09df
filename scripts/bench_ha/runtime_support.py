# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Pieces of the runtime benchmarks (CPU, unplug cycles, mode switch, meter swap).

- ``SimulatorLine``: the simulator's own pty output (``PtySink``: a pty behind a
  stable symlink that ``unplug`` removes and ``replug`` recreates), fed from a
  thread with frames paced at the line rate (the simulator's ``Pacer``) or as
  fast as the line takes them;
- ``WarpClock``: a monotonic clock that can jump ahead, installed as the event
  loop's time and the coordinator's clock, so that minutes of unplugged port
  (stale timer, reconnection backoff) pass in a fraction of a second while the
  bytes on the pty still flow in real time;
- ``LogCount``: log records of the integration by level;
- entry and entity helpers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.const import (
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import BAUDRATE
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.outputs import PtySink
from custom_components.linky_tic.tic.simulator.pacing import Pacer
from tests.support.helpers import wait_for

WAIT_S = 60.0  # bound of every wait on a real condition
LOGGER_NAME = "custom_components.linky_tic"


class SimulatorLine:
    """The simulator's pty output at ``link``, written from a thread.

    ``meter`` frames are sent one after another by ``start``; every write,
    ``unplug`` and ``replug`` holds one lock, so the port can be pulled out
    from the test while the thread writes. ``transform`` may replace a frame's
    bytes just before they go out (the mode-switch benchmark uses it).
    """

    def __init__(self, link: Path, meter: SimulatedMeter) -> None:
        """Create the pty and its link; nothing is sent yet."""
        self.meter = meter
        self.sink = PtySink(link)
        self.link = link
        self.sent_frames = 0
        self.sent_bytes = 0
        self.writer_cpu_s = 0.0  # CPU time of the writing thread
        self.transform: Callable[[bytes], bytes] | None = None
        self.on_frame: Callable[[int, bytes], None] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._advance_s = 0.0
        self._pending: list[Callable[[], None]] = []

    # -- the port -------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Write into the pty (dropped while unplugged)."""
        with self._lock:
            self.sink.write(data)
            self.sent_bytes += len(data)

    def unplug(self, away_s: float = 0.0) -> None:
        """Pull the port out; the meter's clock will move on by ``away_s``."""
        with self._lock:
            self.sink.unplug()
            self._advance_s += away_s

    def replug(self) -> None:
        """Put the port back (a new pty behind the same link)."""
        with self._lock:
            self.sink.replug()

    # -- the meter ------------------------------------------------------------

    def start(self, count: int | None = None, *, fast: bool = False) -> None:
        """Send ``count`` frames (None: until ``stop``), paced or at once."""
        self.stop()
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(count, fast), name="bench-meter", daemon=True
        )
        self._thread.start()

    def send_all(self, frames: Iterable[bytes]) -> None:
        """Write ready-made frames as fast as the line takes them (this thread)."""
        started = time.thread_time()
        for frame in frames:
            self.write(frame)
            self.sent_frames += 1
        self.writer_cpu_s += time.thread_time() - started

    def before_next_frame(self, action: Callable[[], None]) -> None:
        """Run ``action`` in the sending thread before its next frame."""
        with self._lock:
            self._pending.append(action)

    def stop(self) -> None:
        """Stop sending (after at most one chunk)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    @property
    def running(self) -> bool:
        """Whether the thread is still sending."""
        return self._thread is not None and self._thread.is_alive()

    def _wait(self, seconds: float) -> None:
        """Sleep ``seconds``, less if asked to stop."""
        self._stop.wait(seconds)

    def _run(self, count: int | None, fast: bool) -> None:
        started = time.thread_time()
        pacer = Pacer(fast=fast, sleep=self._wait)
        sent = 0
        try:
            while (count is None or sent < count) and not self._stop.is_set():
                with self._lock:
                    away, self._advance_s = self._advance_s, 0.0
                    actions, self._pending = self._pending, []
                if away:
                    self.meter.advance(away)
                for action in actions:
                    action()
                data = self.meter.frame()
                mode = self.meter.mode
                out = self.transform(data) if self.transform else data
                pacer.send(self, out, BAUDRATE[mode])
                self.meter.advance(len(data) * 10 / BAUDRATE[mode])
                sent += 1
                self.sent_frames += 1
                if self.on_frame is not None:
                    self.on_frame(sent, data)
        finally:
            self.writer_cpu_s += time.thread_time() - started

    def close(self) -> None:
        """Stop and remove the port."""
        self.stop()
        with self._lock:
            self.sink.close()


class WarpClock:
    """Real monotonic time plus an offset that only grows (``jump``)."""

    def __init__(self) -> None:
        """No offset yet."""
        self.offset = 0.0

    def __call__(self) -> float:
        """The current (warped) time."""
        return time.monotonic() + self.offset

    def jump(self, seconds: float) -> None:
        """Move time ahead by ``seconds`` at once."""
        self.offset += seconds


@contextlib.contextmanager
def warped_time(hass: HomeAssistant) -> Iterator[WarpClock]:
    """Drive the loop's timers and every coordinator's clock with a ``WarpClock``.

    The event loop's ``time`` is replaced (asyncio's own attribute, the one
    Home Assistant's runner also sets): ``asyncio.sleep`` (the reconnection
    backoff) and ``async_call_later`` (the stale timer) then fire when the
    warped time reaches them, in their real order. It is not restored: the
    test's loop is discarded with the test.
    """
    clock = WarpClock()
    hass.loop.time = clock  # type: ignore[method-assign]
    # asyncio's debug mode would report each jump as a slow callback.
    hass.loop.set_debug(False)
    with patch.object(LinkyTicCoordinator, "clock", staticmethod(clock)):
        yield clock


async def fast_forward(
    hass: HomeAssistant,
    clock: WarpClock,
    seconds: float,
    *,
    step: float = 0.1,
    until: Callable[[], bool] | None = None,
) -> float:
    """Let ``seconds`` of warped time pass in steps; returns the time passed.

    After each step the loop runs for 2 ms of real time (the reader's port
    openings go through the executor). Stops early when ``until()`` holds.
    """
    passed = 0.0
    while passed < seconds:
        if until is not None and until():
            break
        jump = min(step, seconds - passed)
        clock.jump(jump)
        passed += jump
        await asyncio.sleep(0.002)
        await hass.async_block_till_done()
    return passed


class LogCount(logging.Handler):
    """Counts the integration's log records by level (and keeps them)."""

    def __init__(self) -> None:
        """Attach to the integration's logger, at DEBUG."""
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._logger = logging.getLogger(LOGGER_NAME)
        self._level = self._logger.level
        self._logger.addHandler(self)
        self._logger.setLevel(logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)

    def mark(self) -> int:
        """A position to count from."""
        return len(self.records)

    def since(self, mark: int) -> Counter[str]:
        """Records since ``mark`` by level name."""
        return Counter(r.levelname for r in self.records[mark:])

    def messages(self, mark: int, level: int) -> list[str]:
        """Messages at ``level`` since ``mark``."""
        return [r.getMessage() for r in self.records[mark:] if r.levelno == level]

    def close(self) -> None:
        """Detach."""
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)
        super().close()


class StateWrites:
    """Every state written (changed or reported) of the entry's entities."""

    def __init__(
        self,
        hass: HomeAssistant,
        clock: Callable[[], float],
        tag: Callable[[], object] | None = None,
    ) -> None:
        """Listen to both events; ``tag()`` is kept with each change (``tags``)."""
        self.hass = hass
        self.clock = clock
        self.entity_ids: set[str] = set()
        self.changed: list[tuple[float, str, str]] = []  # (time, entity, state)
        self.tags: list[object] = []
        self._tag = tag
        self.reported = 0
        self._unsubs = [
            hass.bus.async_listen(EVENT_STATE_CHANGED, self._on_changed),
            hass.bus.async_listen(
                EVENT_STATE_REPORTED, self._on_reported, event_filter=self._ours
            ),
        ]

    @callback
    def _ours(self, event_data: Any) -> bool:
        return event_data["entity_id"] in self.entity_ids

    @callback
    def _on_changed(self, event: Event[Any]) -> None:
        entity = event.data["entity_id"]
        new = event.data["new_state"]
        if entity in self.entity_ids and new is not None:
            self.changed.append((self.clock(), entity, new.state))
            self.tags.append(self._tag() if self._tag else None)

    @callback
    def _on_reported(self, event: Event[Any]) -> None:
        if event.data["entity_id"] in self.entity_ids:
            self.reported += 1

    @property
    def total(self) -> int:
        """States written: changed + reported."""
        return len(self.changed) + self.reported

    def close(self) -> None:
        """Stop listening."""
        for unsub in self._unsubs:
            unsub()


async def wait_until(
    hass: HomeAssistant,
    condition: Callable[[], bool],
    what: str,
    bound: float = WAIT_S,
) -> None:
    """Let the loop run (real time) until ``condition()`` holds (``bound`` s at most)."""
    await wait_for(hass, condition, what, bound=bound, poll=0.005)


async def set_up_on_line(
    hass: HomeAssistant, entry: MockConfigEntry, line: SimulatorLine
) -> LinkyTicCoordinator:
    """Set ``entry`` up while ``line`` sends paced frames; returns its coordinator."""
    entry.add_to_hass(hass)
    line.start()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: LinkyTicCoordinator = entry.runtime_data
    assert coordinator.data is not None, "no frame during setup"
    return coordinator


def entry_entity_ids(hass: HomeAssistant, entry_id: str) -> list[str]:
    """The entity ids of the entry's entities."""
    return sorted(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
    )


def unavailable(hass: HomeAssistant, entity_ids: Iterable[str]) -> list[str]:
    """Those of ``entity_ids`` whose state is unavailable (or missing)."""
    return [
        e
        for e in entity_ids
        if (state := hass.states.get(e)) is None or state.state == STATE_UNAVAILABLE
    ]


def open_fds() -> int:
    """File descriptors open in this process."""
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def machine() -> str:
    """CPUs, CPU model and load average (the machine may be shared)."""
    model = "?"
    with contextlib.suppress(OSError), Path("/proc/cpuinfo").open() as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{os.cpu_count()} CPUs, {model}, load average {load}"
