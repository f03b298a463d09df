"""Which subscribed power this home needs.

The daily maximum of the apparent power (VA) over a window is set against
each subscribed power: the advice is the lowest one whose power, less a
safety margin, is above every daily maximum. Days whose maximum went over the
current subscription are counted (each may have tripped the breaker or made
the meter cut the supply).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .insight_prices import SUBSCRIBED_KVA

#: Keep this share of the subscribed power free above the largest daily maximum.
DEFAULT_MARGIN: Final = 0.10


@dataclass(frozen=True, slots=True)
class Advice:
    """The subscribed power that fits the daily maxima seen."""

    current_kva: int
    recommended_kva: int
    max_va: float  # the largest daily maximum of the window
    days: int  # days with a maximum
    over_days: int  # days whose maximum went over the current subscription
    #: EUR per year: > 0 saved by moving to the advice, < 0 what it costs more
    #: (the price of the trips avoided); None when the table lacks a row.
    yearly_saving: float | None


def recommended_kva(max_va: float, margin: float = DEFAULT_MARGIN) -> int:
    """The lowest subscribed power with ``margin`` left above ``max_va``."""
    for kva in SUBSCRIBED_KVA:
        if max_va <= kva * 1000 * (1 - margin):
            return kva
    return SUBSCRIBED_KVA[-1]


def advise(
    daily_max_va: Sequence[float],
    current_kva: int,
    yearly_cost_by_kva: Mapping[int, float],
    margin: float = DEFAULT_MARGIN,
) -> Advice | None:
    """The advice for these daily maxima (None without any).

    ``yearly_cost_by_kva``: what the current tariff costs per year at each
    subscribed power the table prices, for the same consumption.
    """
    if not daily_max_va:
        return None
    top = max(daily_max_va)
    advice = recommended_kva(top, margin)
    now, then = yearly_cost_by_kva.get(current_kva), yearly_cost_by_kva.get(advice)
    return Advice(
        current_kva=current_kva,
        recommended_kva=advice,
        max_va=top,
        days=len(daily_max_va),
        over_days=sum(1 for va in daily_max_va if va > current_kva * 1000),
        yearly_saving=None if now is None or then is None else now - then,
    )
