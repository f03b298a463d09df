"""Off-peak hours as ranges of the day: read from text, written back, taken from a day profile.

An Enedis load curve carries only the total; on an off-peak tariff it is split
into off-peak and peak by these ranges (``enedis_energy.split_off_peak``).
A range ``start-end`` with ``end`` before ``start`` runs across midnight;
``start == end`` is the whole day.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Final

from .history_series import HistoryError
from .tic.model import DaySchedule, TariffOption, TariffPeriod
from .tic.registry import STANDARD_INDEX_PERIODS

_HOURS: Final = re.compile(r"(\d{1,2})[:hH](\d{2})?\s*-\s*(\d{1,2})[:hH](\d{2})?")


type OffPeakHours = tuple[tuple[time, time], ...]


def parse_off_peak(text: str) -> OffPeakHours:
    """``22:00-06:00`` or ``01h30-07h30, 12h30-14h30`` -> the off-peak ranges."""
    ranges = []
    for match in _HOURS.finditer(text):
        h1, m1, h2, m2 = match.groups()
        try:
            ranges.append(
                (time(int(h1), int(m1 or 0)), time(int(h2) % 24, int(m2 or 0)))
            )
        except ValueError:
            ranges = []
            break
    if not ranges or _HOURS.sub("", text).strip(" ,;/et&+") != "":
        raise HistoryError("bad_off_peak", f"not off-peak hours: {text!r}", hours=text)
    return tuple(ranges)


def format_off_peak(ranges: OffPeakHours) -> str:
    """``22:00-06:00, 12:30-14:00``: ranges as ``parse_off_peak`` reads them."""
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in ranges)


def off_peak_from_schedule(schedule: DaySchedule, tariff: TariffOption) -> OffPeakHours:
    """The off-peak ranges of a day profile (standard mode's ``PJOURF+1``).

    Each switch point selects a supplier index until the next one (the last
    until the first, across midnight); the ranges are those whose index the
    tariff's calendar names off-peak. Empty when none is.
    """
    periods = STANDARD_INDEX_PERIODS.get(tariff, {})
    points = sorted(
        (point for point in schedule.points if point.supplier_index),
        key=lambda point: (point.hour, point.minute),
    )
    ranges = []
    for position, point in enumerate(points):
        if periods.get(point.supplier_index) is TariffPeriod.OFF_PEAK:
            after = points[(position + 1) % len(points)]
            ranges.append(
                (time(point.hour, point.minute), time(after.hour, after.minute))
            )
    return tuple(ranges)


def is_off_peak(moment: time, ranges: OffPeakHours) -> bool:
    """Whether a local time of day falls in one of the off-peak ranges."""
    for start, end in ranges:
        if start == end:  # the whole day
            return True
        if start <= end:
            if start <= moment < end:
                return True
        elif moment >= start or moment < end:  # across midnight
            return True
    return False
