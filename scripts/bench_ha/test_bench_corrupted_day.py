# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""A corrupted simulated day through Home Assistant (issue #7, reliability 1).

The day of ``test_bench_recorder.py`` (``BENCH_HOURS`` simulated hours, default
24; linky_tic with its default options, the recorder on a SQLite file), with
every byte on the line damaged with probability ``BENCH_CORRUPT`` (default
10^-3: one data bit flipped, the simulator's ``FaultInjector``).

What must hold and is printed: no hour of the Energy statistics above what
the subscribed power allows (6 kVA: 6000 Wh), the statistics equal to the
recorded index to the Wh, and the day's total equal to the meter's within what
the lag of the last recorded index at the day's two bounds explains (the
rejected groups and the write interval delay a value, they never lose energy).
"""

from __future__ import annotations

import os
from pathlib import Path

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from recorder_fixtures import (  # noqa: F401  (fixtures)
    DB_NAME,
    enable_statistics,
    hass_config_dir,
    quiet_sql,
    recorder_config,
    recorder_db_url,
)

from tests.support.recorder_day import SUBSCRIBED_WH_PER_HOUR, report, run_day


async def test_corrupted_day(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    hours = int(os.environ.get("BENCH_HOURS", "24"))
    rate = float(os.environ.get("BENCH_CORRUPT", "1e-3"))
    figures = await run_day(
        hass,
        tmp_path / DB_NAME,
        variant=f"corrupted-{rate:g}",
        hours=hours,
        corrupt=rate,
        progress=print,
    )
    print("\n" + report(figures))
    complete = [h for h in figures.hours if h.statistics_wh is not None]
    total = sum(h.statistics_wh or 0 for h in complete)
    exact = sum(h.exact_wh for h in figures.hours)
    first, last = figures.hours[0], figures.hours[-1]
    assert first.lag_s is not None
    assert last.lag_s is not None
    allowed = SUBSCRIBED_WH_PER_HOUR * (first.lag_s[0] + last.lag_s[1]) / 3600 + 1
    print(
        f"spikes (hours above {SUBSCRIBED_WH_PER_HOUR} Wh or below 0): "
        f"{sum(1 for h in complete if not 0 <= (h.statistics_wh or 0) <= SUBSCRIBED_WH_PER_HOUR)}"
        f"; day: statistics {total} Wh, meter {exact} Wh, difference {total - exact:+d} Wh "
        f"(the recorded index lagged {first.lag_s[0]:.1f} s at the start and "
        f"{last.lag_s[1]:.1f} s at the end: at most {allowed:.0f} Wh)"
    )
    assert len(complete) == hours
    assert all(0 <= (h.statistics_wh or 0) <= SUBSCRIBED_WH_PER_HOUR for h in complete)
    assert all(h.statistics_wh == h.recorded_wh for h in complete)
    assert all(
        abs((h.statistics_wh or 0) - h.exact_wh) <= h.allowed_gap_wh for h in complete
    )
    assert abs(total - exact) <= allowed
