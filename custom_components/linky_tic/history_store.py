"""The recorder side of history imports: read hourly series, write a plan.

Only the recorder's own statistics API is used: ``get_metadata`` and
``statistics_during_period`` to read, ``async_import_statistics`` for the past
hours and ``async_adjust_statistics`` for moving our own sums up (the same job
as the developer tools' "adjust sum"). Nothing writes to the database directly.
"""

from __future__ import annotations

from datetime import UTC, datetime

from homeassistant.components.recorder.models import StatisticData, StatisticMetaData
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    get_metadata,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from .history_series import HistoryError, Hour, Plan, unit_factor

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def async_metadata(hass: HomeAssistant, statistic_id: str) -> StatisticMetaData:
    """The statistic's metadata; refused unless it is an energy sum."""
    found = await get_instance(hass).async_add_executor_job(
        lambda: get_metadata(hass, statistic_ids={statistic_id})
    )
    if statistic_id not in found:
        raise HistoryError(
            "no_statistics",
            f"{statistic_id} has no long-term statistics",
            statistic_id=statistic_id,
        )
    metadata = found[statistic_id][1]
    if not metadata["has_sum"]:
        raise HistoryError(
            "no_statistics",
            f"{statistic_id} has no sum (not a counter)",
            statistic_id=statistic_id,
        )
    unit_factor(metadata["unit_of_measurement"])  # an energy unit, or refused
    return metadata


async def async_hours(
    hass: HomeAssistant, metadata: StatisticMetaData, *, limit: int | None = None
) -> list[Hour]:
    """The statistic's hourly rows, oldest first, in its own unit."""
    statistic_id = metadata["statistic_id"]
    unit = metadata["unit_of_measurement"]
    units = {"energy": unit} if metadata["unit_class"] == "energy" and unit else None
    result = await get_instance(hass).async_add_executor_job(
        lambda: statistics_during_period(
            hass, _EPOCH, None, {statistic_id}, "hour", units, {"state", "sum"}
        )
    )
    hours = [
        Hour(datetime.fromtimestamp(row["start"], UTC), total, row.get("state"))
        for row in result.get(statistic_id, [])
        if (total := row.get("sum")) is not None
    ]
    return hours[:limit] if limit is not None else hours


async def async_first_hour(hass: HomeAssistant, metadata: StatisticMetaData) -> Hour:
    """The target's first hourly row: the junction; refused when it has none yet."""
    hours = await async_hours(hass, metadata)
    if not hours:
        raise HistoryError(
            "no_statistics",
            f"{metadata['statistic_id']} has no hourly statistics yet",
            statistic_id=metadata["statistic_id"],
        )
    return hours[0]


async def async_write(
    hass: HomeAssistant, metadata: StatisticMetaData, plan: Plan
) -> None:
    """Import the plan's rows before our first hour, then move our sums up."""
    if plan.empty:
        return
    instance = get_instance(hass)
    rows = [
        StatisticData(start=row.start, sum=row.sum)
        if row.state is None
        else StatisticData(start=row.start, sum=row.sum, state=row.state)
        for row in plan.rows
    ]
    # The target's own metadata, unchanged: same unit, source and mean type.
    async_import_statistics(hass, StatisticMetaData(**metadata), rows)
    if plan.adjustment:
        instance.async_adjust_statistics(
            metadata["statistic_id"], plan.junction.start, plan.adjustment, plan.unit
        )
    await instance.async_block_till_done()
