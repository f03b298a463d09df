"""What the same consumption would have cost on each tariff.

The input is the meter's own energy, hour by hour and period by period
(``Hour``), as recorded in the long-term statistics of its indexes:

- **HP/HC** prices the energy the meter counted in its off-peak periods at
  the off-peak price (its own off-peak hours, known from its indexes); a
  meter without off-peak periods (Base, EJP) has its hours split by
  ``DEFAULT_OFF_PEAK_HOURS`` (22:00-06:00);
- **Tempo** prices each period's energy at its colour's price when the meter
  counts Tempo (the colours it saw); otherwise each hour is priced at the
  expected price of a *typical season* (``TYPICAL_SEASON``: the share of red
  and white days in its month), with 22:00-06:00 off-peak hours;
- **Base** prices all of it at the Base price.

Each adds the subscription for the days covered. Days are local days
(Europe/Paris for a French meter): an hour belongs to the day it starts in.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from .insight_prices import Offer
from .tic.model import OFF_PEAK_PERIODS, TariffOption, TariffPeriod, TempoColor

#: The off-peak hours used when the meter does not show its own (local hours).
DEFAULT_OFF_PEAK_HOURS: Final = frozenset((22, 23, 0, 1, 2, 3, 4, 5))
#: A Tempo day starts at 06:00 local time.
TEMPO_DAY_START_HOUR: Final = 6

_P = TariffPeriod
TEMPO_PERIODS: Final[Mapping[TariffPeriod, tuple[TempoColor, bool]]] = {
    _P.BLUE_OFF_PEAK: (TempoColor.BLUE, True),
    _P.BLUE_PEAK: (TempoColor.BLUE, False),
    _P.WHITE_OFF_PEAK: (TempoColor.WHITE, True),
    _P.WHITE_PEAK: (TempoColor.WHITE, False),
    _P.RED_OFF_PEAK: (TempoColor.RED, True),
    _P.RED_PEAK: (TempoColor.RED, False),
}
_TEMPO_PERIOD: Final = {value: period for period, value in TEMPO_PERIODS.items()}

#: A typical Tempo season: (red, white) days per month. 22 red and 43 white
#: days, red ones from November to February, as RTE places them on weekdays.
TYPICAL_SEASON: Final[Mapping[int, tuple[int, int]]] = {
    9: (0, 0),
    10: (0, 3),
    11: (2, 8),
    12: (6, 8),
    1: (8, 8),
    2: (6, 7),
    3: (0, 6),
    4: (0, 3),
    5: (0, 0),
    6: (0, 0),
    7: (0, 0),
    8: (0, 0),
}


@dataclass(frozen=True, slots=True)
class Hour:
    """One hour of the meter's consumption, by tariff period (Wh)."""

    start: datetime  # local, aware
    wh: Mapping[TariffPeriod, float]

    @property
    def total_wh(self) -> float:
        """All the energy of the hour."""
        return sum(self.wh.values())


class Source(StrEnum):
    """Where a comparison took what it could not know from prices."""

    METER = "meter"  # the meter's own periods or colours
    DEFAULT = "default"  # 22:00-06:00 off-peak hours
    TYPICAL = "typical"  # a typical Tempo season


def is_off_peak_hour(hour: Hour) -> bool:
    """Whether the hour is in the default off-peak hours."""
    return hour.start.hour in DEFAULT_OFF_PEAK_HOURS


def counts_off_peak(hours: Sequence[Hour]) -> bool:
    """Whether the meter counts off-peak periods of its own (HP/HC, Tempo)."""
    return any(period in OFF_PEAK_PERIODS for hour in hours for period in hour.wh)


def counts_tempo(hours: Sequence[Hour]) -> bool:
    """Whether the meter counts Tempo periods (the colours it saw are known)."""
    return any(period in TEMPO_PERIODS for hour in hours for period in hour.wh)


def split_off_peak(hours: Sequence[Hour]) -> tuple[float, float, Source]:
    """(off-peak Wh, peak Wh, where the split comes from)."""
    if counts_off_peak(hours):
        off = sum(
            wh for hour in hours for p, wh in hour.wh.items() if p in OFF_PEAK_PERIODS
        )
        total = sum(hour.total_wh for hour in hours)
        return off, total - off, Source.METER
    off = sum(hour.total_wh for hour in hours if is_off_peak_hour(hour))
    return off, sum(hour.total_wh for hour in hours) - off, Source.DEFAULT


def off_peak_hours_seen(hours: Sequence[Hour]) -> list[int]:
    """The local hours in which the meter counted off-peak energy on most days."""
    off: dict[int, int] = {}
    counted: dict[int, int] = {}
    for hour in hours:
        if not hour.total_wh:
            continue
        h = hour.start.hour
        counted[h] = counted.get(h, 0) + 1
        if any(hour.wh.get(p) for p in OFF_PEAK_PERIODS):
            off[h] = off.get(h, 0) + 1
    return sorted(h for h, n in off.items() if 2 * n > counted[h])


def tempo_day(start: datetime) -> datetime:
    """The local date (as midnight) of the Tempo day an hour belongs to."""
    day = (start - timedelta(hours=TEMPO_DAY_START_HOUR)).date()
    return datetime(day.year, day.month, day.day, tzinfo=start.tzinfo)


def typical_shares(month: int, year: int) -> dict[TempoColor, float]:
    """The share of each colour's days in a month of the typical season."""
    red, white = TYPICAL_SEASON[month]
    days = calendar.monthrange(year, month)[1]
    return {
        TempoColor.RED: red / days,
        TempoColor.WHITE: white / days,
        TempoColor.BLUE: (days - red - white) / days,
    }


def _energy_cost(hours: Sequence[Hour], offer: Offer) -> tuple[float, Source]:
    """EUR of the hours' energy on ``offer`` (subscription excluded)."""
    kwh = 1000.0
    prices = offer.prices
    if offer.tariff is TariffOption.BASE:
        return sum(h.total_wh for h in hours) * prices[_P.BASE] / kwh, Source.METER
    if offer.tariff is TariffOption.OFF_PEAK:
        off, peak, source = split_off_peak(hours)
        return (off * prices[_P.OFF_PEAK] + peak * prices[_P.PEAK]) / kwh, source
    if counts_tempo(hours):
        euros = 0.0
        for hour in hours:
            for period, wh in hour.wh.items():
                if period in TEMPO_PERIODS:
                    euros += wh * prices[period] / kwh
                else:  # energy counted before the meter went Tempo
                    euros += wh * _expected_tempo_price(hour, prices) / kwh
        return euros, Source.METER
    return (
        sum(h.total_wh * _expected_tempo_price(h, prices) for h in hours) / kwh,
        Source.TYPICAL,
    )


def _expected_tempo_price(hour: Hour, prices: Mapping[TariffPeriod, float]) -> float:
    """The typical season's expected Tempo price of an hour (EUR/kWh)."""
    day = tempo_day(hour.start)
    off_peak = is_off_peak_hour(hour)
    return sum(
        share * prices[_TEMPO_PERIOD[color, off_peak]]
        for color, share in typical_shares(day.month, day.year).items()
    )


@dataclass(frozen=True, slots=True)
class TariffCost:
    """What a window of consumption costs on one offer."""

    tariff: TariffOption
    kva: int
    energy_eur: float
    subscription_eur: float
    source: Source

    @property
    def total_eur(self) -> float:
        """Energy and subscription."""
        return self.energy_eur + self.subscription_eur


def cost(hours: Sequence[Hour], offer: Offer, days: float) -> TariffCost:
    """The cost of ``hours`` (covering ``days`` days) on ``offer``."""
    energy, source = _energy_cost(hours, offer)
    return TariffCost(
        offer.tariff, offer.kva, energy, offer.subscription_for(days), source
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    """The same consumption on every tariff priced at the subscribed power."""

    days: float
    energy_kwh: float
    costs: Mapping[TariffOption, TariffCost]
    current: TariffOption | None
    best: TariffOption
    #: EUR per year saved by the best tariff against the current one (None if
    #: the current tariff is not in the table).
    yearly_saving: float | None
    off_peak_share: float | None  # % of the energy in off-peak hours
    break_even_share: float | None  # % above which HP/HC costs less than Base
    off_peak_source: Source
    off_peak_hours: list[int] = field(default_factory=list)


def break_even_share(
    energy_kwh: float, days: float, base: Offer, off_peak: Offer
) -> float | None:
    """The off-peak share (%) at which HP/HC and Base cost the same.

    Base: ``S_b + E p_b``; HP/HC: ``S_h + E (s p_hc + (1 - s) p_hp)``; equal
    at ``s = (S_h - S_b + E (p_hp - p_b)) / (E (p_hp - p_hc))``. Clipped to
    0-100; None without consumption or when peak and off-peak cost the same.
    """
    p_b = base.prices[_P.BASE]
    p_hc, p_hp = off_peak.prices[_P.OFF_PEAK], off_peak.prices[_P.PEAK]
    if energy_kwh <= 0 or p_hp <= p_hc:
        return None
    extra = off_peak.subscription_for(days) - base.subscription_for(days)
    share = (extra + energy_kwh * (p_hp - p_b)) / (energy_kwh * (p_hp - p_hc))
    return min(100.0, max(0.0, 100 * share))


def compare(
    hours: Sequence[Hour],
    days: float,
    offers: Mapping[TariffOption, Mapping[int, Offer]],
    *,
    kva: int,
    current: TariffOption | None,
    year_days: float = 365,
) -> Comparison | None:
    """Every tariff of the table priced at ``kva`` (None when none has that row).

    ``yearly_saving`` scales the window to ``year_days``.
    """
    priced = {
        tariff: cost(hours, rows[kva], days)
        for tariff, rows in offers.items()
        if kva in rows
    }
    if not priced:
        return None
    best = min(priced, key=lambda t: priced[t].total_eur)
    saving = None
    if current in priced:
        saving = (priced[current].total_eur - priced[best].total_eur) * year_days / days
    energy_kwh = sum(h.total_wh for h in hours) / 1000
    off, _peak, source = split_off_peak(hours)
    share = 100 * off / (energy_kwh * 1000) if energy_kwh > 0 else None
    base_rows = offers.get(TariffOption.BASE, {})
    hphc_rows = offers.get(TariffOption.OFF_PEAK, {})
    break_even = (
        break_even_share(energy_kwh, days, base_rows[kva], hphc_rows[kva])
        if kva in base_rows and kva in hphc_rows
        else None
    )
    return Comparison(
        days=days,
        energy_kwh=energy_kwh,
        costs=priced,
        current=current,
        best=best,
        yearly_saving=saving,
        off_peak_share=share,
        break_even_share=break_even,
        off_peak_source=source,
        off_peak_hours=(
            off_peak_hours_seen(hours)
            if source is Source.METER
            else sorted(DEFAULT_OFF_PEAK_HOURS)
        ),
    )
