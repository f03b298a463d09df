"""Hourly statistics on the test recorder: write them as the recorder compiles them, read them back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    StatisticsRow,
    async_import_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)


async def write_hours(
    hass: HomeAssistant,
    statistic_id: str,
    unit: str,
    rows: Sequence[tuple[datetime, float, float | None]],
) -> None:
    """Hourly rows ``(start, sum, state)`` of a sensor statistic, in ``unit``."""
    metadata = StatisticMetaData(
        has_sum=True,
        mean_type=StatisticMeanType.NONE,
        name=None,
        source="recorder",
        statistic_id=statistic_id,
        unit_class="energy" if unit.endswith("Wh") else "volume",
        unit_of_measurement=unit,
    )
    async_import_statistics(
        hass,
        metadata,
        [
            StatisticData(start=start, sum=total)
            if state is None
            else StatisticData(start=start, sum=total, state=state)
            for start, total, state in rows
        ],
    )
    await async_wait_recording_done(hass)


async def dump(hass: HomeAssistant, *ids: str) -> dict[str, list[StatisticsRow]]:
    """Every hourly row (start, state, sum) of ``ids``: the whole stored history."""
    return await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2000, 1, 1, tzinfo=UTC),
        None,
        set(ids),
        "hour",
        None,
        {"state", "sum"},
    )


async def changes(
    hass: HomeAssistant, statistic_id: str, start: datetime, end: datetime
) -> dict[datetime, float]:
    """Hourly energy (Wh) as the Energy dashboard reads it."""
    result = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        end,
        {statistic_id},
        "hour",
        {"energy": "Wh"},
        {"change"},
    )
    hourly: dict[datetime, float] = {}
    for row in result[statistic_id]:
        change = row["change"]
        assert change is not None, row  # asked for: the recorder gives it
        hourly[datetime.fromtimestamp(row["start"], UTC)] = change
    return hourly
