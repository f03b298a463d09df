"""What the energy counted by the meter's indexes costs (no Home Assistant here).

Each tariff period has its own energy index and its own price (EUR/kWh, from
the entry's options). A ``CostAccumulator`` is fed every accepted value of
every index with the period it counts for; it adds the energy between two
consecutive accepted values of the same index, priced at that period's price:

- the first value of an index (after a start, or a new index) is only a
  baseline: the whole index is never counted;
- a value that went down, or that rose more than the meter's maximum power
  allows since the previous value (``bound_wh``), is not counted; it becomes
  the new baseline, so one bad value never moves the cost and never stops it;
- an index missing from a frame (rejected by the decoder) keeps its baseline:
  the next accepted value brings the energy of the whole gap.

Euros are kept as ``offset + sum(Wh per period x price) / 1000``: the energy
is counted in whole Wh, so the sum does not drift over millions of frames.
A price change folds what was counted so far into ``offset``: the new price
applies from then on, never to the energy already counted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .const import PRICE_PREFIX
from .tic.model import TariffPeriod

#: ``bound_wh(elapsed_s)``: the largest rise an index may show after ``elapsed_s``.
type IndexBound = Callable[[float], float]


def price_key(period: TariffPeriod) -> str:
    """The entry option that holds a period's price (EUR/kWh)."""
    return f"{PRICE_PREFIX}{period.value}"


def prices_from_options(options: Mapping[str, Any]) -> dict[TariffPeriod, float]:
    """The prices set in the entry's options (EUR/kWh), by period.

    Anything that is not a finite, non-negative number is left out (a period
    without a price counts nothing).
    """
    prices: dict[TariffPeriod, float] = {}
    for period in TariffPeriod:
        price = options.get(price_key(period))
        if isinstance(price, bool) or not isinstance(price, int | float):
            continue
        value = float(price)
        if value >= 0 and value != float("inf"):  # NaN fails ">= 0"
            prices[period] = value
    return prices


@dataclass(slots=True)
class _Baseline:
    value_wh: int
    at: float


class CostAccumulator:
    """Euros spent on the energy the indexes counted, period by period."""

    def __init__(self, prices: Mapping[TariffPeriod, float]) -> None:
        """Start at 0 EUR, with no baseline."""
        self.prices = dict(prices)
        self.offset = (
            0.0  # EUR counted before (restored, before a reset or a price change)
        )
        self.energy_wh: dict[TariffPeriod, int] = {}  # Wh counted since then
        self.ignored = 0  # deltas not counted (decrease or implausible rise)
        self._baselines: dict[str, _Baseline] = {}

    @property
    def euros(self) -> float:
        """The cost so far (EUR)."""
        return self.offset + (
            sum(
                wh * self.prices.get(period, 0.0)
                for period, wh in self.energy_wh.items()
            )
            / 1000
        )

    def add(
        self,
        label: str,
        period: TariffPeriod,
        value_wh: int,
        at: float,
        bound_wh: IndexBound | None = None,
    ) -> int:
        """Take an accepted value of index ``label`` at time ``at``; return the Wh counted."""
        last = self._baselines.get(label)
        self._baselines[label] = _Baseline(value_wh, at)
        if last is None:
            return 0
        delta = value_wh - last.value_wh
        if delta <= 0:
            if delta < 0:
                self.ignored += 1
            return 0
        if bound_wh is not None and delta > bound_wh(at - last.at):
            self.ignored += 1
            return 0
        if period not in self.prices:
            return 0  # no price for this period: nothing to count
        self.energy_wh[period] = self.energy_wh.get(period, 0) + delta
        return delta

    def set_prices(self, prices: Mapping[TariffPeriod, float]) -> None:
        """New prices from now on; what was counted keeps its old price."""
        self.offset = self.euros
        self.energy_wh.clear()
        self.prices = dict(prices)

    def reset(self, euros: float = 0.0) -> None:
        """Start again from ``euros`` (a new day, a restored state); keep baselines."""
        self.offset = euros
        self.energy_wh.clear()

    @property
    def baselines(self) -> dict[str, int]:
        """The last accepted value of each index (Wh), to be stored."""
        return {label: base.value_wh for label, base in self._baselines.items()}

    def restore_baselines(self, values: Mapping[str, int], at: float) -> None:
        """Take stored baselines as if accepted at ``at`` (the next value brings the gap).

        A baseline already taken from a live value is newer: it is kept.
        """
        for label, value in values.items():
            self._baselines.setdefault(label, _Baseline(value, at))

    def forget_baselines(self) -> None:
        """Drop every baseline: the next value of each index only sets one."""
        self._baselines.clear()
