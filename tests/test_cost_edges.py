"""Cost at its edges: the mutants of cost.py that test_cost.py let live (issue #12)."""

from __future__ import annotations

from custom_components.linky_tic.cost import CostAccumulator, prices_from_options
from custom_components.linky_tic.tic.model import TariffPeriod

P = TariffPeriod


def test_a_free_period_is_a_price_and_its_energy_is_counted() -> None:
    prices = prices_from_options({"price_off_peak": 0.0, "price_peak": 0.2})
    assert prices == {P.OFF_PEAK: 0.0, P.PEAK: 0.2}
    cost = CostAccumulator(prices)
    cost.add("HCHC", P.OFF_PEAK, 1_000, 0.0)
    assert cost.add("HCHC", P.OFF_PEAK, 1_500, 2.0) == 500  # counted, at 0 EUR
    assert cost.euros == 0.0


def test_every_value_not_counted_is_counted_as_ignored() -> None:
    cost = CostAccumulator({P.BASE: 0.2})
    cost.add("BASE", P.BASE, 10_000, 0.0)
    cost.add("BASE", P.BASE, 9_000, 2.0)  # down
    cost.add("BASE", P.BASE, 8_000, 4.0)  # down again
    assert cost.ignored == 2

    def bound(_elapsed: float) -> int:
        return 100

    cost.add("BASE", P.BASE, 9_000, 6.0, bound)  # beyond the bound
    cost.add("BASE", P.BASE, 10_000, 8.0, bound)  # beyond it again
    assert cost.ignored == 4
    assert cost.euros == 0.0
