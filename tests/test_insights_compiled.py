"""The insights read what the recorder itself compiles from our entities.

One simulated hour of a historic BASE meter streamed through a real pty into
Home Assistant and its SQLite recorder (``tests/support/recorder_day.py``:
HA's clocks follow the meter's, the recorder compiles its own statistics).
The insights' reader (``read_history``, as the hourly refresh runs it) must
find the meter's exact index change for the hour and the hour's maximum
apparent power: the weeks of ``test_insights_recorder.py`` are imported with
the same statistic ids and units as these compiled rows.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance

from custom_components.linky_tic.insight_statistics import read_history
from custom_components.linky_tic.insight_tariffs import Hour
from custom_components.linky_tic.tic.model import TariffPeriod

from .support.recorder_day import (
    DAY_START,
    DB_NAME,
    enable_statistics,  # noqa: F401  (fixture)
    recorder_config,  # noqa: F401  (fixture)
    recorder_db_url,  # noqa: F401  (fixture)
    run_day,
)


async def test_the_reader_finds_the_compiled_hour_of_our_entities(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    await hass.config.async_set_time_zone("Europe/Paris")
    figures = await run_day(hass, tmp_path / DB_NAME, variant="insights", hours=1)
    (hour,) = figures.hours
    assert hour.statistics_wh is not None
    power = next(
        entry.entity_id
        for entry in er.async_get(hass).entities.values()
        if entry.unique_id.endswith("_apparent_power")
    )
    history = await get_instance(hass).async_add_executor_job(
        read_history,
        hass,
        {"energy_base": figures.energy_entity, "apparent_power": power},
        DAY_START - timedelta(hours=1),
        DAY_START + timedelta(hours=1),
    )
    read = {h.start: h for h in history.hours}
    assert read[DAY_START] == Hour(DAY_START, {TariffPeriod.BASE: hour.exact_wh})
    # the apparent power's hourly maximum: the largest state recorded in the hour
    assert history.daily_max_va[DAY_START.date()] > 0
    print(
        f"compiled hour: {hour.exact_wh} Wh (meter), read {read[DAY_START].total_wh} Wh; "
        f"max apparent power {history.daily_max_va[DAY_START.date()]:.0f} VA"
    )
