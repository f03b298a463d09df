"""The always-on power: what the house draws when everyone sleeps.

Each night hour's energy (Wh in one hour = its mean power in W) over the
window; the baseline is a low percentile of them (nearest rank), so that a
water heater or a late dishwasher on some nights does not count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from .insight_tariffs import Hour

#: The night hours (local start hours) the baseline looks at.
NIGHT_HOURS: Final = frozenset((0, 1, 2, 3, 4))
#: The percentile taken (a low one).
PERCENTILE: Final = 10
HOURS_PER_YEAR: Final = 8760


def percentile(values: Sequence[float], rank: float) -> float:
    """The nearest-rank percentile ``rank`` (0-100] of ``values`` (not empty)."""
    ordered = sorted(values)
    index = max(0, math.ceil(rank / 100 * len(ordered)) - 1)
    return ordered[index]


@dataclass(frozen=True, slots=True)
class Baseline:
    """The always-on power and what it costs in a year."""

    watts: float
    nights: int  # night hours looked at
    yearly_kwh: float
    yearly_eur: float | None


def baseline(hours: Sequence[Hour], price_eur_kwh: float | None) -> Baseline | None:
    """The always-on power of ``hours`` (None without a night hour).

    An hour with no energy at all is a gap in the statistics, not a house at
    0 W: it is left out.
    """
    nights = [h.total_wh for h in hours if h.start.hour in NIGHT_HOURS and h.total_wh]
    if not nights:
        return None
    watts = percentile(nights, PERCENTILE)
    kwh = watts * HOURS_PER_YEAR / 1000
    return Baseline(
        watts=watts,
        nights=len(nights),
        yearly_kwh=kwh,
        yearly_eur=None if price_eur_kwh is None else kwh * price_eur_kwh,
    )
