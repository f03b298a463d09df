"""The insights of a whole day the integration itself recorded.

A standard-mode BASE meter (6 kVA) streams 25 simulated hours (a day and the
first hour of the next) through a real pty into Home Assistant and its SQLite recorder (``tests/support/recorder_day.py``:
HA's clocks follow the meter's, nothing is imported: our entities write their
states and the recorder compiles its own 5-minute and hourly statistics). The
insights' reader then reads that day, and its figures must equal the ones
computed here by hand from the simulator's exact registers: the index change of
every hour (to the Wh), the day's cost on each tariff (to the cent), the
off-peak share, and the day's maximum apparent power, which is the meter's own
SMAXSN register (to the VA). The next day's first hour still holds the day's
SMAXSN until the meter resets it at midnight: that hour is not the next day's
maximum.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from custom_components.linky_tic.insight_prices import (
    default_price_table,
    parse_price_table,
)
from custom_components.linky_tic.insight_statistics import (
    DAILY_MAX_KEY,
    POWER_KEY,
    History,
    read_history,
    statistic_ids,
)
from custom_components.linky_tic.insight_tariffs import compare
from custom_components.linky_tic.tic.model import Mode, TariffOption, TariffPeriod

from .support.recorder_day import (
    DAY_START,
    DB_NAME,
    METER_ID,
    enable_statistics,  # noqa: F401  (fixture)
    recorder_config,  # noqa: F401  (fixture)
    recorder_db_url,  # noqa: F401  (fixture)
    report,
    run_day,
)

#: The default table's 6 kVA rows (insight_prices), as a user reads them.
BASE_6 = (11.47, 0.1558)
HPHC_6 = (13.14, 0.1360, 0.1821)


async def test_a_recorded_day_gives_the_registers_figures(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    await hass.config.async_set_time_zone("Europe/Paris")
    figures = await run_day(
        hass, tmp_path / DB_NAME, variant="insights-day", hours=25, mode=Mode.STANDARD
    )
    print(report(figures))
    day = DAY_START.date()
    ids = statistic_ids(hass, METER_ID)
    assert {"energy_base", POWER_KEY, DAILY_MAX_KEY} <= set(ids)
    history = await get_instance(hass).async_add_executor_job(
        read_history,
        hass,
        ids,
        DAY_START - timedelta(hours=1),
        DAY_START + timedelta(hours=25),
    )

    # every hour of the day, as the meter's index counted it
    hours = [h for h in history.hours if h.start.date() == day]
    exact = {h.start: h.exact_wh for h in figures.hours if h.start.date() == day}
    assert len(hours) == 24
    assert {h.start: h.wh[TariffPeriod.BASE] for h in hours} == exact

    # what the day cost on each tariff, by hand from the registers (default
    # off-peak hours 22:00-06:00: a Base meter shows no period change)
    off = sum(wh for at, wh in exact.items() if at.hour >= 22 or at.hour < 6)
    peak = sum(exact.values()) - off
    month = 12 / 365  # one day of a monthly subscription
    by_hand = {
        TariffOption.BASE: (off + peak) / 1000 * BASE_6[1] + BASE_6[0] * month,
        TariffOption.OFF_PEAK: off / 1000 * HPHC_6[1]
        + peak / 1000 * HPHC_6[2]
        + HPHC_6[0] * month,
    }
    offers = parse_price_table(default_price_table())
    comparison = compare(
        hours, History(hours, {}).days, offers, kva=6, current=TariffOption.BASE
    )
    assert comparison is not None
    assert comparison.days == 1
    for tariff, cost in by_hand.items():
        assert comparison.costs[tariff].total_eur == pytest.approx(cost, abs=0.005)
    assert comparison.off_peak_share == pytest.approx(100 * off / (off + peak))

    # the day's maximum: the meter's SMAXSN register, to the VA; the largest
    # SINSTS recorded (one sample a frame, written by the power policy) is less
    smaxsn = figures.daily_peak_va[day]
    assert history.meter_daily_max_va[day] == smaxsn
    assert history.daily_max_va[day] <= smaxsn
    # the next day: its first hour's statistics still hold that maximum (the
    # state at midnight), which is not the next day's
    next_day = day + timedelta(days=1)
    stale = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        DAY_START + timedelta(hours=24),
        DAY_START + timedelta(hours=25),
        {ids[DAILY_MAX_KEY]},
        "hour",
        None,
        {"max"},
    )
    assert [row["max"] for row in stale[ids[DAILY_MAX_KEY]]] == [smaxsn]
    assert next_day not in history.meter_daily_max_va
    print(
        f"day {day}: {(off + peak) / 1000:.3f} kWh ({100 * off / (off + peak):.1f} % "
        f"off-peak); Base {comparison.costs[TariffOption.BASE].total_eur:.2f} EUR, "
        f"HP/HC {comparison.costs[TariffOption.OFF_PEAK].total_eur:.2f} EUR; "
        f"SMAXSN {smaxsn} VA, largest SINSTS recorded {history.daily_max_va[day]:.0f} VA"
    )
