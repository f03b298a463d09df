# ruff: noqa: S101, PLR0917  (a pytest benchmark: asserts, fixtures as arguments)
"""Recorder footprint over a simulated day (issue #7, performance 3).

One Home Assistant test instance per variant with the recorder on a SQLite
file; ``BENCH_HOURS`` simulated hours (default 24) of a historic single-phase
BASE 6 kVA ``SimulatedMeter`` on a real pty, HA's clocks following the meter's
(``tests/support/recorder_day.py`` says how):

- ``default``: linky_tic with its default write rates;
- ``every-frame``: linky_tic with ``power_interval`` and ``index_interval`` at
  1 s (below the frame period: every changed value of every frame is written);
- ``core-teleinfo``: HA core's teleinfo (a 10 s poll that reopens the port).

Printed: state rows per entity, database growth, and per hour the change of
the BASE index's long-term statistics (what the Energy dashboard shows) against
the meter's own index.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
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

from tests.support.recorder_day import (
    EVERY_FRAME,
    SUBSCRIBED_WH_PER_HOUR,
    report,
    run_day,
)


@pytest.mark.parametrize(
    ("variant", "core", "options"),
    [
        ("default", False, {}),
        ("every-frame", False, EVERY_FRAME),
        ("core-teleinfo", True, {}),
    ],
)
async def test_recorder_day(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    tmp_path: Path,
    variant: str,
    core: bool,
    options: dict[str, Any],
) -> None:
    hours = int(os.environ.get("BENCH_HOURS", "24"))
    figures = await run_day(
        hass,
        tmp_path / DB_NAME,
        variant=variant,
        hours=hours,
        core=core,
        options=options,
        progress=print,
    )
    print("\n" + report(figures))
    complete = [h for h in figures.hours if h.statistics_wh is not None]
    assert len(complete) == hours, "an hour has no long-term statistics"
    assert all((h.statistics_wh or 0) <= SUBSCRIBED_WH_PER_HOUR for h in complete)
    if not core:
        # The statistics are exactly what was recorded, to the Wh.
        assert all(h.statistics_wh == h.recorded_wh for h in complete)
