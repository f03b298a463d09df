# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""CPU time per frame in the Home Assistant process (issue #7, performance 2).

One real Home Assistant test instance, our entry on the simulator's real pty
(``PtySink``). Once the entry is set up (frames at the line rate), the
simulator's frames are written as fast as the pty takes them, ``BENCH_CPU_FRAMES``
(default 5000) per run, ``BENCH_CPU_RUNS`` runs (default 3) per case:

    CPU per frame = (process CPU during the run - CPU of the writing thread
                     - process CPU of an idle period of the same wall time)
                    / readings decoded

Process CPU is ``time.process_time()`` (every thread of the process); the
writing thread's own ``time.thread_time()`` is subtracted; the idle period
follows each run with the entry loaded and no bytes. What remains is our
integration's work on the event loop: reading the pty (serialx), framing,
decoding, the guard, publishing to the entities, their write policies, and
the state writes (Home Assistant's state machine and event bus, no recorder).

Two option sets per meter: the defaults (power written at most every 10 s
unless it moves by more than 250 VA, indexes every 60 s) and "every frame"
(both intervals 0: each changed value is written at once).
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import statistics
import time
from collections import Counter
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant
from runtime_support import (
    SimulatorLine,
    StateWrites,
    entry_entity_ids,
    machine,
    set_up_on_line,
    wait_until,
)

from custom_components.linky_tic.const import CONF_INDEX_INTERVAL, CONF_POWER_INTERVAL
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import BAUDRATE, Counters, Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from tests.support.helpers import make_entry

FRAMES = int(os.environ.get("BENCH_CPU_FRAMES", "5000"))
RUNS = int(os.environ.get("BENCH_CPU_RUNS", "3"))
#: Set to print where the event loop's time goes in one more run (cProfile).
PROFILE = bool(os.environ.get("BENCH_CPU_PROFILE"))
WARM_UP = 200
EVERY_FRAME = {CONF_POWER_INTERVAL: 0, CONF_INDEX_INTERVAL: 0}

CASES = {
    "historic single-phase BASE": (Mode.HISTORIC, 1, "base"),
    "standard three-phase HC": (Mode.STANDARD, 3, "hc"),
}


class LineClock:
    """The coordinator's clock: real time, then the line time of the bytes decoded.

    Frames fed as fast as possible would all fall within a few seconds of real
    time: the write policies would then hold nearly every state, and the
    active-power window (90 s of index crossings) would hold thousands of
    points. Once ``follow`` is called, time moves by 10 bits per byte decoded at
    the meter's line rate, as if the same bytes had come over the wire.
    """

    def __init__(self) -> None:
        """Real time until ``follow``."""
        self._counters: Counters | None = None
        self._base = 0.0
        self._bytes = 0
        self._seconds_per_byte = 0.0

    def follow(self, counters: Counters, mode: Mode) -> None:
        """From now on, follow the bytes ``counters`` has seen."""
        self._base = time.monotonic()
        self._bytes = counters.bytes
        self._seconds_per_byte = 10 / BAUDRATE[mode]
        self._counters = counters

    def __call__(self) -> float:
        """The current time (s)."""
        if self._counters is None:
            return time.monotonic()
        return (
            self._base + (self._counters.bytes - self._bytes) * self._seconds_per_byte
        )


async def _feed(
    hass: HomeAssistant,
    line: SimulatorLine,
    coordinator: LinkyTicCoordinator,
    frames: list[bytes],
) -> None:
    """Write ``frames`` from an executor thread and wait until all are decoded."""
    counters = coordinator.counters
    target = counters.bytes + sum(len(f) for f in frames)
    await hass.async_add_executor_job(line.send_all, frames)
    await wait_until(hass, lambda: counters.bytes >= target, "every byte decoded")


async def _measure(
    hass: HomeAssistant,
    line: SimulatorLine,
    coordinator: LinkyTicCoordinator,
    writes: StateWrites,
) -> tuple[float, float, int, int, float]:
    """One run: (µs per frame, states per frame, readings, dropped, wall s)."""
    frames = list(line.meter.frames(FRAMES))
    counters = coordinator.counters
    readings_before, dropped_before = counters.frames, counters.resyncs
    writes_before = writes.total
    writer_before = line.writer_cpu_s
    cpu_before, wall_before = time.process_time(), time.monotonic()
    await _feed(hass, line, coordinator, frames)
    cpu_run, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
    writer = line.writer_cpu_s - writer_before
    idle_before = time.process_time()
    await asyncio.sleep(wall)  # the idle period: same wall time, no bytes
    idle = time.process_time() - idle_before
    readings = counters.frames - readings_before
    dropped = counters.resyncs - dropped_before
    assert readings >= 0.99 * FRAMES, f"only {readings} of {FRAMES} frames decoded"
    per_frame = (cpu_run - writer - idle) / readings * 1e6
    return per_frame, (writes.total - writes_before) / readings, readings, dropped, wall


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("options", ["defaults", "every frame"])
@pytest.mark.parametrize("time_base", ["line time", "real time"])
async def test_cpu_per_frame(
    hass: HomeAssistant, tmp_path: Path, case: str, options: str, time_base: str
) -> None:
    if time_base == "real time" and not os.environ.get("BENCH_CPU_REAL_TIME"):
        pytest.skip("the real-time variant runs with BENCH_CPU_REAL_TIME=1")
    clock = LineClock()
    with patch.object(LinkyTicCoordinator, "clock", staticmethod(clock)):
        await _run(
            hass, tmp_path, case, options, clock if time_base == "line time" else None
        )


async def _run(
    hass: HomeAssistant,
    tmp_path: Path,
    case: str,
    options: str,
    clock: LineClock | None,
) -> None:
    mode, phases, option = CASES[case]
    meter = SimulatedMeter(mode, phases=phases, option=option, seed=1)
    line = SimulatorLine(tmp_path / "ttyTIC", meter)
    entry = make_entry(
        line.link, meter, options=EVERY_FRAME if options == "every frame" else None
    )
    try:
        coordinator = await set_up_on_line(hass, entry, line)
        line.stop()
        if clock is not None:
            clock.follow(coordinator.counters, mode)
        writes = StateWrites(hass, time.monotonic)
        writes.entity_ids.update(entry_entity_ids(hass, entry.entry_id))
        await _feed(hass, line, coordinator, list(meter.frames(WARM_UP)))
        hass.loop.set_debug(False)  # the test harness runs asyncio in debug mode
        results = [await _measure(hass, line, coordinator, writes) for _ in range(RUNS)]
        if PROFILE:
            profile = cProfile.Profile()
            profile.enable()
            await _feed(hass, line, coordinator, list(meter.frames(FRAMES)))
            profile.disable()
        writes.close()
        top = Counter(e for _, e, _ in writes.changed).most_common(4)
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    finally:
        line.close()

    frame_bytes = statistics.mean(len(f) for f in meter.frames(20))
    print(
        f"\n== CPU per frame: {case}, options {options}, "
        f"{'line' if clock else 'real'} time, "
        f"{len(writes.entity_ids)} entities, ~{frame_bytes:.0f} bytes/frame; {machine()}"
    )
    for number, (per_frame, states, readings, dropped, wall) in enumerate(results, 1):
        print(
            f"  run {number}: {per_frame:7.1f} µs/frame  {states:5.2f} states/frame  "
            f"({readings} readings, {dropped} dropped, {wall:.2f} s wall, "
            f"{readings / wall:.0f} frames/s)"
        )
    written = ", ".join(f"{e.removeprefix('sensor.linky_')} {n}" for e, n in top)
    print(f"  most written (changes, all runs): {written}")
    per_frames = [r[0] for r in results]
    print(
        f"  median {statistics.median(per_frames):.1f} µs/frame, "
        f"min {min(per_frames):.1f}, max {max(per_frames):.1f}"
    )
    if PROFILE:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
