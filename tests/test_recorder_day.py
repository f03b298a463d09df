"""Simulated hours through Home Assistant's SQLite recorder and its Energy statistics.

The reduced version of the recorder benchmarks (``scripts/bench recorder``,
``scripts/bench corrupted``): one simulated hour (and the lead-in before it)
of a historic BASE meter on a real pty, Home Assistant's clocks following the
meter's, the recorder writing into a SQLite file and compiling its own
statistics (``tests/support/recorder_day.py``).
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant

from .support.recorder_day import (
    DB_NAME,
    EVERY_FRAME,
    SUBSCRIBED_WH_PER_HOUR,
    DayFigures,
    enable_statistics,  # noqa: F401  (fixture)
    recorder_config,  # noqa: F401  (fixture)
    recorder_db_url,  # noqa: F401  (fixture)
    report,
    run_day,
)


def _hour_with_statistics(figures: DayFigures) -> tuple[int, int, int]:
    """(statistics, recorded index, meter index) changes of the one hour (Wh)."""
    (hour,) = figures.hours
    assert hour.statistics_wh is not None, "no long-term statistics for the hour"
    assert hour.recorded_wh is not None
    assert hour.exact_wh > 0, "the simulated household consumed nothing"
    return hour.statistics_wh, hour.recorded_wh, hour.exact_wh


async def test_hourly_statistics_equal_the_meter_to_the_wh(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    """With the default options, the statistics' hour is the meter's, to the Wh.

    The index is written at most once a minute, and on the last frames before each
    5-minute bound, where the recorder takes it.
    """
    figures = await run_day(hass, tmp_path / DB_NAME, variant="default", hours=1)
    print(report(figures))
    statistics, recorded, exact = _hour_with_statistics(figures)
    assert statistics == recorded == exact
    # About one state row a minute plus one before each 5-minute bound, not one a frame.
    assert figures.state_rows[figures.energy_entity] <= 60 + 12 + 2


async def test_every_frame_also_equals_the_meter(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    """Writing the index every frame, the statistics' hour is the meter's, to the Wh."""
    figures = await run_day(
        hass,
        tmp_path / DB_NAME,
        variant="index-every-frame",
        hours=1,
        options={"index_interval": EVERY_FRAME["index_interval"]},
    )
    statistics, recorded, exact = _hour_with_statistics(figures)
    assert statistics == recorded == exact
    # The index rose about once per 10 s or faster: one state row per change.
    assert figures.state_rows[figures.energy_entity] >= exact // 10


async def test_corrupted_hour_has_no_spike(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    """Bytes damaged at 10^-3, default options: no spike, nothing lost or invented."""
    figures = await run_day(
        hass, tmp_path / DB_NAME, variant="corrupted", hours=1, corrupt=1e-3
    )
    print(report(figures))
    assert figures.decoder["checksum_errors"] > 0, "the line was not corrupted"
    statistics, recorded, exact = _hour_with_statistics(figures)
    (hour,) = figures.hours
    assert 0 <= statistics <= SUBSCRIBED_WH_PER_HOUR
    assert statistics == recorded
    # Only the lag of the last recorded index at each bound separates them.
    assert abs(statistics - exact) <= hour.allowed_gap_wh
