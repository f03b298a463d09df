"""An Enedis export's energy onto the indexes of ours, hour by hour (no Home Assistant here).

``by_index`` says which index of ours each of the file's columns fills (the
load curve is the total, split by off-peak hours on an off-peak tariff);
``hourly`` spreads the intervals over UTC hours, the recorder's statistics'
grain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from .const import energy_key
from .enedis_export import (
    EAS_TOTAL,
    TOTAL,
    Export,
    ExportKind,
    Interval,
    supplier_index,
)
from .history_series import HOUR
from .off_peak_hours import OffPeakHours, is_off_peak
from .tic.model import TariffOption, TariffPeriod
from .tic.registry import STANDARD_INDEX_PERIODS


def hourly(intervals: Iterable[Interval]) -> list[tuple[datetime, float]]:
    """Energy (Wh) per UTC hour, each interval spread evenly over the time it covers."""
    hours: dict[datetime, float] = {}
    for interval in intervals:
        seconds = (interval.end - interval.start).total_seconds()
        hour = interval.start.replace(minute=0, second=0, microsecond=0)
        while hour < interval.end:
            overlap = (
                min(hour + HOUR, interval.end) - max(hour, interval.start)
            ).total_seconds()
            hours[hour] = hours.get(hour, 0.0) + interval.wh * overlap / seconds
            hour += HOUR
    return sorted(hours.items())


def split_off_peak(
    intervals: Sequence[Interval], ranges: OffPeakHours, zone: tzinfo
) -> tuple[list[Interval], list[Interval]]:
    """(off-peak, peak): each interval goes where its middle falls, in local time."""
    off_peak: list[Interval] = []
    peak: list[Interval] = []
    for interval in intervals:
        middle = (interval.start + (interval.end - interval.start) / 2).astimezone(zone)
        (off_peak if is_off_peak(middle.time(), ranges) else peak).append(interval)
    return off_peak, peak


def by_index(
    export: Export,
    tariff: TariffOption,
    off_peak: OffPeakHours | None,
    zone: tzinfo,
) -> dict[str, tuple[Interval, ...]]:
    """The file's energy per index of ours: ``energy_key`` keys, and ``TOTAL``.

    The daily file names its indexes (``EAS Fnn`` is the TIC's ``EASFnn``, named
    by the tariff's calendar); the load curve is the total, split into off-peak
    and peak by the given hours for an off-peak tariff, and the base index of a
    base tariff.
    """
    indexes: dict[str, tuple[Interval, ...]] = {}
    if export.kind is ExportKind.LOAD_CURVE:
        total = export.columns[TOTAL]
        indexes[TOTAL] = total
        if tariff is TariffOption.BASE:
            indexes[energy_key(TariffPeriod.BASE)] = total
        elif tariff is TariffOption.OFF_PEAK and off_peak:
            low, high = split_off_peak(total, off_peak, zone)
            indexes[energy_key(TariffPeriod.OFF_PEAK)] = tuple(low)
            indexes[energy_key(TariffPeriod.PEAK)] = tuple(high)
        return indexes
    periods = STANDARD_INDEX_PERIODS.get(tariff, {})
    for column, intervals in export.columns.items():
        if column == EAS_TOTAL:
            indexes[TOTAL] = intervals
        elif (number := supplier_index(column)) is not None and number in periods:
            indexes[energy_key(periods[number])] = intervals
    return indexes
