"""The insights' data: read from the long-term statistics of our own entities.

Every hour (and once at start) the recorder's executor reads the hourly
statistics of the meter's energy indexes (the ``change`` of each, in Wh) and
of its apparent power (the ``max``), over the last year; the pure modules of
``insights`` compute the figures. Nothing is computed per frame, and the
history already recorded counts from the first start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from . import insight_baseline as baseline_module
from . import insight_season as season
from . import insight_subscription as subscription
from . import insight_tariffs as tariffs
from .const import CONF_TARIFF, DOMAIN
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .insight_prices import (
    SUBSCRIBED_KVA,
    Offer,
    PriceTableError,
    default_price_table,
    parse_price_table,
)
from .insight_tariffs import Hour
from .tic.model import Mode, Reading, TariffOption, TariffPeriod, TempoColor

_LOGGER = logging.getLogger(__name__)

UPDATE_INTERVAL: Final = timedelta(hours=1)
#: The window of the monthly figures, and the longest one read.
MONTH_DAYS: Final = 30
YEAR_DAYS: Final = 365
#: Too little history below this (days): the insights say how much they need.
NEEDED_DAYS: Final = 7
#: Options of the insights (``insights_options`` edits them).
CONF_PRICE_TABLE: Final = "price_table"
CONF_SAVING_THRESHOLD: Final = "saving_threshold"
DEFAULT_SAVING_THRESHOLD: Final = 50.0  # EUR per year
ISSUE_BETTER_TARIFF: Final = "better_tariff"

_ENERGY_KEYS: Final = {
    f"energy_{period.value}": period
    for period in TariffPeriod
    if period is not TariffPeriod.OTHER
}
#: Without period indexes (an unnamed supplier calendar): the total, as Base.
_TOTAL_KEYS: Final = ("energy_total", "energy_total_historic")
_POWER_KEY: Final = "apparent_power"


@dataclass(frozen=True, slots=True)
class History:
    """The hourly figures read from the statistics."""

    hours: list[Hour]
    daily_max_va: dict[date, float]

    @property
    def days(self) -> float:
        """Days covered by the hours (from the first to the last)."""
        if not self.hours:
            return 0.0
        span = self.hours[-1].start - self.hours[0].start
        return span.total_seconds() / 86400 + 1 / 24


@dataclass(frozen=True, slots=True)
class InsightsData:
    """Every insight, or why it is missing."""

    history_days: float
    kva: int | None
    current: TariffOption | None
    month: tariffs.Comparison | None = None
    year: tariffs.Comparison | None = None
    advice: subscription.Advice | None = None
    baseline: baseline_module.Baseline | None = None
    tempo_days: dict[date, TempoColor] = field(default_factory=dict)
    ejp_days: set[date] = field(default_factory=set)
    red_left: season.DaysLeft | None = None
    white_left: season.DaysLeft | None = None
    ejp_left: season.DaysLeft | None = None
    history_from: date | None = None
    price_table_error: str | None = None

    @property
    def enough_history(self) -> bool:
        """Whether a week of history is there."""
        return self.history_days >= NEEDED_DAYS

    @property
    def yearly_saving(self) -> float | None:
        """The best tariff's yearly saving (over a year of history when there is one)."""
        best = self.year or self.month
        return None if best is None else best.yearly_saving


def subscribed_kva(reading: Reading | None) -> int | None:
    """The meter's subscribed power (kVA): PREF, or ISOUSC (5 A per kVA per phase)."""
    if reading is None:
        return None
    if reading.mode is Mode.STANDARD:
        pref = reading.values.get("PREF")
        return pref if isinstance(pref, int) else None
    isousc = reading.values.get("ISOUSC")
    if not isinstance(isousc, int):
        return None
    return round(isousc * reading.phases / 5)


def price_table(options: Mapping[str, Any]) -> dict[TariffOption, dict[int, Offer]]:
    """The options' table, else the default one."""
    return parse_price_table(options.get(CONF_PRICE_TABLE) or default_price_table())


def compute(
    history: History,
    now: datetime,
    kva: int | None,
    current: TariffOption | None,
    offers: Mapping[TariffOption, Mapping[int, Offer]],
) -> InsightsData:
    """Every insight from the history (pure: the tests call it too)."""
    hours = history.hours
    month_start = now - timedelta(days=MONTH_DAYS)
    month_hours = [h for h in hours if h.start >= month_start]
    month = History(month_hours, {})
    data: dict[str, Any] = {
        "history_days": history.days,
        "kva": kva,
        "current": current,
        "history_from": hours[0].start.date() if hours else None,
    }
    if history.days >= NEEDED_DAYS and kva is not None:
        data["month"] = tariffs.compare(
            month_hours, month.days, offers, kva=kva, current=current
        )
        if history.days >= YEAR_DAYS:
            data["year"] = tariffs.compare(
                hours, history.days, offers, kva=kva, current=current
            )
        week = [h for h in hours if h.start >= now - timedelta(days=NEEDED_DAYS)]
        price = _average_price(data["month"], current)
        data["baseline"] = baseline_module.baseline(week, price)
        data["advice"] = _advice(
            history,
            month_hours,
            month.days,
            now=now,
            kva=kva,
            current=current,
            offers=offers,
        )
    data.update(_season(hours, now))
    return InsightsData(**data)


def _average_price(
    comparison: tariffs.Comparison | None, current: TariffOption | None
) -> float | None:
    """EUR/kWh the current tariff made the energy cost on average."""
    if comparison is None or current is None or comparison.energy_kwh <= 0:
        return None
    cost = comparison.costs.get(current)
    return None if cost is None else cost.energy_eur / comparison.energy_kwh


def _advice(
    history: History,
    month_hours: list[Hour],
    days: float,
    *,
    now: datetime,
    kva: int,
    current: TariffOption | None,
    offers: Mapping[TariffOption, Mapping[int, Offer]],
) -> subscription.Advice | None:
    start = (now - timedelta(days=MONTH_DAYS)).date()
    maxima = [va for day, va in history.daily_max_va.items() if day >= start]
    if len(maxima) < NEEDED_DAYS:
        return None
    rows = offers.get(current, {}) if current is not None else {}
    yearly = {
        row_kva: tariffs.cost(month_hours, offer, days).total_eur * YEAR_DAYS / days
        for row_kva, offer in rows.items()
    }
    return subscription.advise(maxima, kva, yearly)


def _season(hours: list[Hour], now: datetime) -> dict[str, Any]:
    today = now.date()
    colors = season.tempo_colors(hours)
    ejp = season.ejp_days(hours)
    first = hours[0].start.date() if hours else None
    out: dict[str, Any] = {"tempo_days": colors, "ejp_days": ejp}
    if colors:
        out["red_left"] = season.days_left(
            [d for d, c in colors.items() if c is TempoColor.RED],
            season.RED_DAYS,
            today,
            first,
        )
        out["white_left"] = season.days_left(
            [d for d, c in colors.items() if c is TempoColor.WHITE],
            season.WHITE_DAYS,
            today,
            first,
        )
    if any(
        TariffPeriod.EJP_NORMAL in h.wh or TariffPeriod.EJP_PEAK in h.wh for h in hours
    ):
        out["ejp_left"] = season.days_left(ejp, season.EJP_DAYS, today, first)
    return out


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
    for statistic_id, series in rows.items():
        key = by_id[statistic_id]
        for row in series:
            at = row["start"]
            if key == _POWER_KEY:
                top = row.get("max")
                if top is not None:
                    day = dt_util.as_local(dt_util.utc_from_timestamp(at)).date()
                    daily_max[day] = max(daily_max.get(day, 0.0), float(top))
                continue
            change = row.get("change")
            if change is None:
                continue
            # kWh statistics read in Wh: 226 Wh comes back as 225.99999999875
            change = round(float(change), 3)
            if key in _TOTAL_KEYS:
                totals[at] = float(change)
            else:
                hour = energy.setdefault(at, {})
                period = _ENERGY_KEYS[key]
                hour[period] = hour.get(period, 0.0) + float(change)
    if not energy:  # no period index: the total counts as one Base index
        energy = {at: {TariffPeriod.BASE: wh} for at, wh in totals.items()}
    hours = [
        Hour(dt_util.as_local(dt_util.utc_from_timestamp(at)), wh)
        for at, wh in sorted(energy.items())
    ]
    return History(hours, daily_max)


class InsightsCoordinator(DataUpdateCoordinator[InsightsData]):
    """Compute the insights of one meter every hour from the statistics."""

    config_entry: LinkyTicConfigEntry

    def __init__(self, hass: HomeAssistant, entry: LinkyTicConfigEntry) -> None:
        """Prepare (the first refresh is started by ``async_start``)."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} insights",
            update_interval=UPDATE_INTERVAL,
        )
        self.meter: LinkyTicCoordinator = entry.runtime_data

    def statistic_ids(self) -> dict[str, str]:
        """Our entities' ids (their statistics' ids), by description key."""
        registry = er.async_get(self.hass)
        prefix = self.meter.meter_id or self.config_entry.entry_id
        ids = {}
        for key in (*_ENERGY_KEYS, *_TOTAL_KEYS, _POWER_KEY):
            entity_id = registry.async_get_entity_id(
                "sensor", DOMAIN, f"{prefix}_{key}"
            )
            if entity_id is not None:
                ids[key] = entity_id
        return ids

    async def _async_update_data(self) -> InsightsData:
        now = dt_util.now()
        end = now.replace(minute=0, second=0, microsecond=0)
        ids = self.statistic_ids() if "recorder" in self.hass.config.components else {}
        history = (
            await get_instance(self.hass).async_add_executor_job(
                read_history, self.hass, ids, end - timedelta(days=YEAR_DAYS), end
            )
            if ids
            else History([], {})
        )
        options = self.config_entry.options
        tariff = self.config_entry.data.get(CONF_TARIFF)
        current = TariffOption(tariff) if tariff in set(TariffOption) else None
        kva = subscribed_kva(self.meter.data)
        if kva is not None and kva not in SUBSCRIBED_KVA:
            kva = None
        try:
            offers = price_table(options)
        except PriceTableError as error:  # the options flow checks it; a stored bad one
            _LOGGER.warning("The price table in the options is not usable: %s", error)
            return InsightsData(
                history.days, kva, current, price_table_error=str(error)
            )
        data = compute(history, end, kva, current, offers)
        self._update_issue(
            data, float(options.get(CONF_SAVING_THRESHOLD, DEFAULT_SAVING_THRESHOLD))
        )
        return data

    @callback
    def _update_issue(self, data: InsightsData, threshold: float) -> None:
        """Raise the "better tariff" issue when the saving is above the threshold."""
        issue_id = f"{ISSUE_BETTER_TARIFF}_{self.config_entry.entry_id}"
        comparison = data.year or data.month
        saving = data.yearly_saving
        if comparison is None or saving is None or saving <= threshold:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_BETTER_TARIFF,
            translation_placeholders={
                "title": self.config_entry.title,
                "best": comparison.best.value,
                "current": str(comparison.current.value if comparison.current else "?"),
                "saving": f"{saving:.0f}",
                "days": f"{comparison.days:.0f}",
            },
        )


@callback
def async_delete_better_tariff_issue(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Drop the entry's "better tariff" issue (the entry is removed)."""
    ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_BETTER_TARIFF}_{entry.entry_id}")


@callback
def async_when_meter_heard(
    entry: LinkyTicConfigEntry, action: Callable[[], None]
) -> None:
    """Run ``action`` once the meter has sent a reading (at once if it has).

    The insights' entities appear with the meter's own ones, not before.
    """
    meter = entry.runtime_data
    if meter.data is not None:
        action()
        return
    remove: list[Callable[[], None]] = []

    @callback
    def heard() -> None:
        if meter.data is None or meter.meter_mismatch:
            return
        remove.pop()()
        action()

    remove.append(meter.async_add_listener(heard))
    entry.async_on_unload(lambda: remove.pop()() if remove else None)


_KEY: Final = f"{DOMAIN}_insights"


@callback
def async_get_insights(
    hass: HomeAssistant, entry: LinkyTicConfigEntry
) -> InsightsCoordinator:
    """The entry's insights coordinator (created by the first platform that asks)."""
    store: dict[str, InsightsCoordinator] = hass.data.setdefault(_KEY, {})
    insights = store.get(entry.entry_id)
    if insights is None:
        insights = store[entry.entry_id] = InsightsCoordinator(hass, entry)

        @callback
        def forget() -> None:
            store.pop(entry.entry_id, None)

        entry.async_on_unload(forget)
        # A tracked task: one read of the statistics, done when setup is waited for
        # (a background task would leave the insights' first state to chance).
        entry.async_create_task(
            hass, insights.async_refresh(), f"{DOMAIN} insights first refresh"
        )
    return insights
