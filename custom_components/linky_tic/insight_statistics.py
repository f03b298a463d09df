"""What the insights read: the hourly long-term statistics of our own entities.

The ``change`` of each energy index (Wh), the ``max`` of the apparent power
(VA) and the ``max`` of the meter's own daily maximum (SMAXSN, standard mode),
hour by hour, as the recorder compiled them from our sensors' states.
This module only queries (in the recorder's executor) and shapes the rows into
a ``History``; ``insight_figures`` computes the insights from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from .const import DOMAIN, ENERGY_KEYS, TOTAL_KEY
from .insight_tariffs import Hour
from .tic.model import TariffPeriod

POWER_KEY: Final = "apparent_power"
#: SMAXSN: the largest apparent power of the day so far, as the meter measures
#: it (every second, where PAPP/SINSTS are only the frames' samples).
DAILY_MAX_KEY: Final = "max_power_today"


@dataclass(frozen=True, slots=True)
class History:
    """The hourly figures read from the statistics."""

    hours: list[Hour]
    #: The largest apparent power (PAPP or SINSTS) recorded each day.
    daily_max_va: dict[date, float]
    #: The meter's own maximum of each day (SMAXSN), on the days it was recorded.
    meter_daily_max_va: dict[date, float] = field(default_factory=dict)

    @property
    def days(self) -> float:
        """Days covered by the hours (from the first to the last)."""
        if not self.hours:
            return 0.0
        span = self.hours[-1].start - self.hours[0].start
        return span.total_seconds() / 86400 + 1 / 24


def statistic_ids(hass: HomeAssistant, prefix: str) -> dict[str, str]:
    """Our sensors' entity ids (their statistics' ids), by description key.

    ``prefix``: the start of their unique ids (the meter id, or the entry id).
    """
    registry = er.async_get(hass)
    ids = {}
    for key in (*ENERGY_KEYS, TOTAL_KEY, POWER_KEY, DAILY_MAX_KEY):
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{prefix}_{key}")
        if entity_id is not None:
            ids[key] = entity_id
    return ids


def read_history(
    hass: HomeAssistant,
    ids: Mapping[str, str],
    start: datetime,
    end: datetime,
) -> History:
    """Read the statistics (in the recorder's executor). ``ids``: key -> statistic id."""
    by_id = {statistic_id: key for key, statistic_id in ids.items()}
    rows = statistics_during_period(
        hass,
        start,
        end,
        set(by_id),
        "hour",
        {"energy": "Wh"},
        {"change", "max"},
    )
    energy: dict[float, dict[TariffPeriod, float]] = {}
    totals: dict[float, float] = {}
    daily_max: dict[date, float] = {}
    meter_max: dict[date, float] = {}
    for statistic_id, series in rows.items():
        key = by_id[statistic_id]
        for row in series:
            at = row["start"]
            if key in (POWER_KEY, DAILY_MAX_KEY):
                top = row.get("max")
                local = dt_util.as_local(dt_util.utc_from_timestamp(at))
                if top is None:
                    continue
                if key == POWER_KEY:
                    _keep_max(daily_max, local.date(), float(top))
                elif local.hour > 0:
                    # SMAXSN only grows through the day, so any later hour holds
                    # the maxima of the earlier ones; the hour from midnight
                    # also holds the previous day's value until the meter resets it.
                    _keep_max(meter_max, local.date(), float(top))
                continue
            change = row.get("change")
            if change is None:
                continue
            # kWh statistics read in Wh: 226 Wh comes back as 225.99999999875
            change = round(float(change), 3)
            if key == TOTAL_KEY:  # read as Base without period indexes (below)
                totals[at] = float(change)
            else:
                hour = energy.setdefault(at, {})
                period = ENERGY_KEYS[key]
                hour[period] = hour.get(period, 0.0) + float(change)
    if not energy:  # no period index: the total counts as one Base index
        energy = {at: {TariffPeriod.BASE: wh} for at, wh in totals.items()}
    hours = [
        Hour(dt_util.as_local(dt_util.utc_from_timestamp(at)), wh)
        for at, wh in sorted(energy.items())
    ]
    return History(hours, daily_max, meter_max)


def _keep_max(maxima: dict[date, float], day: date, value: float) -> None:
    maxima[day] = max(maxima.get(day, value), value)
