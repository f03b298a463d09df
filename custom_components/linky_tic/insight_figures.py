"""Every insight, computed from the history read from the statistics (pure).

``insight_statistics`` reads the hours; this module turns them into the
figures (the tariff comparison, the subscription advice, the always-on power,
the special days left) with the pure modules ``insight_tariffs``,
``insight_subscription``, ``insight_baseline`` and ``insight_season``; the
coordinator runs it every hour and the tests call it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from . import insight_baseline as baseline_module
from . import insight_season as season
from . import insight_subscription as subscription
from . import insight_tariffs as tariffs
from .const import CONF_PRICE_TABLE
from .insight_prices import Offer, default_price_table, parse_price_table
from .insight_statistics import History
from .insight_tariffs import Hour
from .tic.model import Mode, Reading, TariffOption, TariffPeriod, TempoColor

#: The window of the monthly figures, and the longest one read.
MONTH_DAYS: Final = 30
YEAR_DAYS: Final = 365
#: Too little history below this (days): the insights say how much they need.
NEEDED_DAYS: Final = 7


class DailyMaxSource(StrEnum):
    """Where the subscription advice's daily maxima come from."""

    METER = "smaxsn"  # the meter's own daily maximum (standard mode)
    APPARENT_POWER = "apparent_power"  # the largest PAPP/SINSTS recorded
    BOTH = "smaxsn_and_apparent_power"  # SMAXSN where recorded, else PAPP/SINSTS


@dataclass(frozen=True, slots=True)
class InsightsData:
    """Every insight, or why it is missing."""

    history_days: float
    kva: int | None
    current: TariffOption | None
    month: tariffs.Comparison | None = None
    year: tariffs.Comparison | None = None
    advice: subscription.Advice | None = None
    #: Days of the advice whose maximum is the meter's SMAXSN (the others: PAPP/SINSTS).
    advice_meter_days: int = 0
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

    @property
    def daily_max_source(self) -> DailyMaxSource | None:
        """Where the advice's daily maxima come from."""
        if self.advice is None:
            return None
        if self.advice_meter_days == self.advice.days:
            return DailyMaxSource.METER
        if self.advice_meter_days == 0:
            return DailyMaxSource.APPARENT_POWER
        return DailyMaxSource.BOTH


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
        data["advice"], data["advice_meter_days"] = _advice(
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
) -> tuple[subscription.Advice | None, int]:
    """The advice, and how many of its days have the meter's own maximum.

    A day's maximum is the meter's SMAXSN when it was recorded (standard mode),
    else the largest PAPP/SINSTS recorded: those are one sample a frame and
    miss the peaks between two frames.
    """
    start = (now - timedelta(days=MONTH_DAYS)).date()
    seen = {  # the meter's maxima, read last, replace the recorded ones
        day: va
        for maxima in (history.daily_max_va, history.meter_daily_max_va)
        for day, va in maxima.items()
        if day >= start
    }
    if len(seen) < NEEDED_DAYS:
        return None, 0
    rows = offers.get(current, {}) if current is not None else {}
    yearly = {
        row_kva: tariffs.cost(month_hours, offer, days).total_eur * YEAR_DAYS / days
        for row_kva, offer in rows.items()
    }
    meter_days = sum(1 for day in seen if day in history.meter_daily_max_va)
    return subscription.advise(list(seen.values()), kva, yearly), meter_days


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
