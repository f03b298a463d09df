"""Tempo and EJP days: their colours from the indexes, what is left of the season.

A Tempo day runs from 06:00 to 06:00 the next day; its colour is the colour
of the indexes that counted during it. An EJP day is one whose mobile-peak
index (07:00-01:00) counted. The season runs from 1 September to 31 August:
22 red and 43 white Tempo days, 22 EJP days (November to March).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from .insight_tariffs import TEMPO_PERIODS, Hour, tempo_day
from .tic.model import TariffPeriod, TempoColor

RED_DAYS: Final = 22
WHITE_DAYS: Final = 43
EJP_DAYS: Final = 22
SEASON_START_MONTH: Final = 9
#: EJP days run from 07:00: an hour starting before belongs to the day before.
EJP_DAY_START_HOUR: Final = 7


def season_start(day: date) -> date:
    """1 September of the season ``day`` is in."""
    year = day.year if day.month >= SEASON_START_MONTH else day.year - 1
    return date(year, SEASON_START_MONTH, 1)


def tempo_colors(hours: Sequence[Hour]) -> dict[date, TempoColor]:
    """The colour of each Tempo day the indexes counted in.

    A day whose indexes show two colours (an hour astride 06:00 is not: hours
    start on the hour) takes the one that counted most.
    """
    energy: dict[date, dict[TempoColor, float]] = {}
    for hour in hours:
        for period, wh in hour.wh.items():
            if wh > 0 and period in TEMPO_PERIODS:
                color = TEMPO_PERIODS[period][0]
                day = tempo_day(hour.start).date()
                colors = energy.setdefault(day, {})
                colors[color] = colors.get(color, 0.0) + wh
    return {day: max(c, key=lambda k: c[k]) for day, c in energy.items()}


def ejp_days(hours: Sequence[Hour]) -> set[date]:
    """The days whose mobile-peak index counted."""
    return {
        (hour.start - timedelta(hours=EJP_DAY_START_HOUR)).date()
        for hour in hours
        if hour.wh.get(TariffPeriod.EJP_PEAK, 0) > 0
    }


@dataclass(frozen=True, slots=True)
class DaysLeft:
    """Special days left in the season, from those seen."""

    left: int
    seen: int
    total: int
    season_start: date
    #: The first day the history covers in this season: when after the season's
    #: start, days before it were not seen and ``left`` may be too high.
    counted_from: date | None


def days_left(
    special: Iterable[date], total: int, today: date, history_from: date | None
) -> DaysLeft:
    """``total`` less the ``special`` days seen this season up to ``today``."""
    start = season_start(today)
    seen = sum(1 for day in set(special) if start <= day <= today)
    counted = None if history_from is None else max(start, history_from)
    return DaysLeft(max(0, total - seen), seen, total, start, counted)
