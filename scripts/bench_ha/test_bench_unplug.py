# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Unplug/replug cycles with the integration running (issue #7, reliability 3).

One real Home Assistant test instance, our entry on the simulator's pty output
(``PtySink`` behind a stable symlink, what ``simulate --pty --link L --unplug
EVERY:FOR`` does): a thread sends a historic single-phase meter's frames at the
line rate (1200 baud, ~1.3 s a frame). ``BENCH_CYCLES`` times (default 100):

1. the port is pulled out: the pty is closed and its symlink removed;
2. the port stays away for a duration taken in turn from ``BENCH_AWAY``
   (seconds, default ``12,20,30,60,120``: every one longer than the 10 s after
   which the entities become unavailable);
3. the port comes back (a new pty behind the same symlink);
4. *recovery* = time from the port's return to the first valid state (the
   apparent-power entity leaving ``unavailable``).

The minutes of absence pass on a warped clock (``runtime_support.warped_time``:
the event loop's time and the coordinator's clock jump ahead in 0.5 s steps
while unplugged, 0.1 s steps after the port is back until the reader has
reopened it), so the stale timer and the reconnection backoff run their real
course in their real order; from the reopening to the first valid state, time
is real (the bytes come at the line rate). Per cycle: the entities unavailable
just before the port comes back, the integration's log lines by level, and at
the end the asyncio tasks, threads and file descriptors against the start.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from runtime_support import (
    LogCount,
    SimulatorLine,
    StateWrites,
    entry_entity_ids,
    fast_forward,
    machine,
    open_fds,
    set_up_on_line,
    unavailable,
    wait_until,
    warped_time,
)

from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from tests.support.helpers import make_entry

CYCLES = int(os.environ.get("BENCH_CYCLES", "100"))
AWAY_S = [float(s) for s in os.environ.get("BENCH_AWAY", "12,20,30,60,120").split(",")]
POWER = "sensor.linky_apparent_power"
REOPEN_LIMIT_S = 300.0  # warped seconds the reader may take to reopen the port


@dataclass(slots=True)
class Cycle:
    """What one unplug/replug cycle showed."""

    away: float
    reopen: float  # port back -> reader reopened it (warped s)
    recovery: float  # port back -> first valid state (s)
    unavailable: int
    entities: int
    logs: Counter[str]


async def test_unplug_replug_cycles(hass: HomeAssistant, tmp_path: Path) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=3)
    line = SimulatorLine(tmp_path / "ttyTIC", meter)
    entry = make_entry(line.link, meter)
    logs = LogCount()
    cycles: list[Cycle] = []
    try:
        with warped_time(hass) as clock:
            coordinator = await set_up_on_line(hass, entry, line)
            ids = entry_entity_ids(hass, entry.entry_id)
            writes = StateWrites(hass, clock)
            writes.entity_ids.update(ids)
            before = (open_fds(), len(asyncio.all_tasks()), threading.active_count())

            for number in range(CYCLES):
                away = AWAY_S[number % len(AWAY_S)]
                mark = logs.mark()
                await hass.async_add_executor_job(line.unplug, away)
                await wait_until(
                    hass, lambda: not coordinator.connected, "the read to fail"
                )
                await fast_forward(hass, clock, away, step=0.5)
                gone = unavailable(hass, ids)
                await hass.async_add_executor_job(line.replug)
                back_at, seen = clock(), len(writes.changed)
                await fast_forward(
                    hass,
                    clock,
                    REOPEN_LIMIT_S,
                    until=lambda: coordinator.connected,
                )
                reopened_at = clock()
                assert coordinator.connected, "the port was not reopened"

                def recovered(start: int = seen) -> bool:
                    return any(
                        e == POWER and s != STATE_UNAVAILABLE
                        for _, e, s in writes.changed[start:]
                    )

                await wait_until(hass, recovered, "the first valid state")
                first = next(
                    t
                    for t, e, s in writes.changed[seen:]
                    if e == POWER and s != STATE_UNAVAILABLE
                )
                cycles.append(
                    Cycle(
                        away,
                        reopened_at - back_at,
                        first - back_at,
                        len(gone),
                        len(ids),
                        logs.since(mark),
                    )
                )
            await hass.async_block_till_done()
            after = (open_fds(), len(asyncio.all_tasks()), threading.active_count())
            reconnects = coordinator.stats.reconnects
            writes.close()
            assert await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    finally:
        line.close()
        logs.close()

    _report(cycles, before, after, reconnects)


def _report(
    cycles: list[Cycle],
    before: tuple[int, int, int],
    after: tuple[int, int, int],
    reconnects: int,
) -> None:
    print(
        f"\n== unplug/replug: {len(cycles)} cycles, historic single-phase at 1200 "
        f"baud; backoff {line_module.BACKOFF_S} s; {machine()}"
    )
    print("away s | cycles | reopen after replug median/max s | recovery median/max s")
    for away in sorted({c.away for c in cycles}):
        some = [c for c in cycles if c.away == away]
        reopen = [c.reopen for c in some]
        recovery = [c.recovery for c in some]
        print(
            f"{away:6.0f} | {len(some):6d} | "
            f"{statistics.median(reopen):6.1f} / {max(reopen):5.1f} | "
            f"{statistics.median(recovery):6.1f} / {max(recovery):5.1f}"
        )
    recovery = [c.recovery for c in cycles]
    within = sum(r <= 5 for r in recovery)
    print(
        f"all    | {len(cycles):6d} | recovery median {statistics.median(recovery):.1f} s, "
        f"max {max(recovery):.1f} s; {within}/{len(cycles)} cycles within 5 s"
    )
    gone = Counter(f"{c.unavailable}/{c.entities}" for c in cycles)
    print(f"entities unavailable just before replug (cycles): {dict(gone)}")
    per_cycle = Counter(
        tuple(sorted((level, n) for level, n in c.logs.items() if level != "DEBUG"))
        for c in cycles
    )
    debug = [c.logs.get("DEBUG", 0) for c in cycles]
    print(f"log lines per cycle above DEBUG (cycles): {dict(per_cycle)}")
    print(f"DEBUG lines per cycle: median {statistics.median(debug)}, max {max(debug)}")
    print(f"reader reconnections: {reconnects}")
    print(
        f"fds / asyncio tasks / threads before: {before}, after {len(cycles)} cycles: "
        f"{after}"
    )
    # issue #7's targets (scripts/soak ha exits 1 when one is missed)
    assert reconnects == len(cycles)
    assert after[0] <= before[0], "file descriptors leaked"
    assert after[1] <= before[1], "asyncio tasks leaked"
    assert within == len(cycles), "recovery over 5 s"
    assert set(per_cycle) == {(("INFO", 1), ("WARNING", 1))}, "not 1 warning + 1 info"
