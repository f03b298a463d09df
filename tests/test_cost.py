"""The cost accumulator: energy between accepted index values, priced per period."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from custom_components.linky_tic.cost import CostAccumulator, prices_from_options
from custom_components.linky_tic.tic.model import TariffPeriod

P = TariffPeriod
HC = {P.OFF_PEAK: 0.1696, P.PEAK: 0.2146}


def test_prices_from_options_keeps_only_usable_numbers() -> None:
    options = {
        "price_off_peak": 0.1696,
        "price_peak": 1,  # an int is a price too
        "price_base": True,  # a bool is not
        "price_blue_peak": "0.2",  # a string is not
        "price_white_peak": -0.1,  # negative: a typo
        "price_red_peak": math.inf,
        "price_red_off_peak": math.nan,
        "power_interval": 10,
    }
    assert prices_from_options(options) == {P.OFF_PEAK: 0.1696, P.PEAK: 1.0}
    assert prices_from_options({}) == {}


def test_the_first_value_is_only_a_baseline() -> None:
    cost = CostAccumulator(HC)
    assert cost.add("HCHC", P.OFF_PEAK, 12_345_678, 0.0) == 0
    assert cost.euros == 0.0
    assert cost.add("HCHC", P.OFF_PEAK, 12_346_678, 60.0) == 1000
    assert cost.euros == pytest.approx(0.1696)
    assert cost.energy_wh == {P.OFF_PEAK: 1000}


def test_each_index_is_priced_at_its_own_period() -> None:
    cost = CostAccumulator(HC)
    cost.add("HCHC", P.OFF_PEAK, 1000, 0.0)
    cost.add("HCHP", P.PEAK, 5000, 0.0)
    cost.add("HCHC", P.OFF_PEAK, 1500, 60.0)  # 500 Wh off-peak
    cost.add("HCHP", P.PEAK, 5000, 60.0)  # nothing
    cost.add("HCHP", P.PEAK, 5250, 120.0)  # 250 Wh peak
    assert cost.energy_wh == {P.OFF_PEAK: 500, P.PEAK: 250}
    assert cost.euros == pytest.approx(0.5 * 0.1696 + 0.25 * 0.2146)


def test_a_decrease_is_not_counted_and_becomes_the_baseline() -> None:
    cost = CostAccumulator(HC)
    cost.add("HCHC", P.OFF_PEAK, 10_000, 0.0)
    assert cost.add("HCHC", P.OFF_PEAK, 9_000, 2.0) == 0  # a new meter, say
    assert cost.ignored == 1
    assert cost.add("HCHC", P.OFF_PEAK, 9_010, 4.0) == 10  # counted from 9000
    assert cost.energy_wh == {P.OFF_PEAK: 10}
    assert cost.add("HCHC", P.OFF_PEAK, 9_010, 6.0) == 0  # no change: not ignored
    assert cost.ignored == 1


def test_an_implausible_rise_is_not_counted_and_does_not_stop_counting() -> None:
    def bound(elapsed: float) -> float:
        return 10 + elapsed * 20  # 20 Wh/s

    cost = CostAccumulator(HC)
    cost.add("HCHC", P.OFF_PEAK, 10_000, 0.0, bound)
    assert cost.add("HCHC", P.OFF_PEAK, 10_050, 2.0, bound) == 50  # bound 50: ok
    assert cost.add("HCHC", P.OFF_PEAK, 10_101, 4.0, bound) == 0  # 51 > 50
    assert cost.ignored == 1
    assert cost.add("HCHC", P.OFF_PEAK, 10_111, 6.0, bound) == 10
    assert cost.energy_wh == {P.OFF_PEAK: 60}


def test_a_missing_value_keeps_the_baseline_and_the_gap_is_counted_once() -> None:
    def bound(elapsed: float) -> float:
        return 10 + elapsed * 20

    cost = CostAccumulator(HC)
    cost.add("HCHC", P.OFF_PEAK, 10_000, 0.0, bound)
    # frames at 2, 4, 6 s lost the HCHC group; 8 s brings 120 Wh (bound 170)
    assert cost.add("HCHC", P.OFF_PEAK, 10_120, 8.0, bound) == 120
    assert cost.energy_wh == {P.OFF_PEAK: 120}


def test_a_period_without_price_counts_nothing_but_moves_its_baseline() -> None:
    cost = CostAccumulator({P.OFF_PEAK: 0.2})
    cost.add("HCHP", P.PEAK, 1000, 0.0)
    assert cost.add("HCHP", P.PEAK, 2000, 60.0) == 0
    assert cost.euros == 0.0
    assert cost.baselines == {"HCHP": 2000}


def test_a_price_change_applies_from_then_on() -> None:
    cost = CostAccumulator({P.BASE: 0.20})
    cost.add("BASE", P.BASE, 0, 0.0)
    cost.add("BASE", P.BASE, 1000, 60.0)
    cost.set_prices({P.BASE: 0.30})
    assert cost.euros == pytest.approx(0.20)  # the past keeps its price
    cost.add("BASE", P.BASE, 2000, 120.0)
    assert cost.euros == pytest.approx(0.50)
    cost.set_prices({})  # prices removed: nothing more is counted
    cost.add("BASE", P.BASE, 3000, 180.0)
    assert cost.euros == pytest.approx(0.50)


def test_reset_starts_again_and_keeps_the_baselines() -> None:
    cost = CostAccumulator({P.BASE: 0.25})
    cost.add("BASE", P.BASE, 0, 0.0)
    cost.add("BASE", P.BASE, 4000, 60.0)
    assert cost.euros == pytest.approx(1.0)
    cost.reset()
    assert cost.euros == 0.0
    assert cost.add("BASE", P.BASE, 4400, 120.0) == 400  # from 4000, not from 0
    assert cost.euros == pytest.approx(0.1)
    cost.reset(12.5)
    assert cost.euros == 12.5


def test_restored_baselines_bring_the_gap_and_live_ones_win() -> None:
    cost = CostAccumulator(HC)
    cost.add("HCHP", P.PEAK, 7000, 100.0)  # live, newer than what is stored
    cost.restore_baselines({"HCHC": 5000, "HCHP": 6000}, 50.0)
    assert cost.baselines == {"HCHP": 7000, "HCHC": 5000}
    assert cost.add("HCHC", P.OFF_PEAK, 5300, 110.0) == 300
    assert cost.add("HCHP", P.PEAK, 7100, 110.0) == 100
    cost.forget_baselines()
    assert cost.baselines == {}
    assert cost.add("HCHC", P.OFF_PEAK, 5400, 120.0) == 0


def test_the_restored_time_widens_the_bound() -> None:
    def bound(elapsed: float) -> float:
        return 10 + elapsed * 20

    cost = CostAccumulator(HC)
    cost.restore_baselines({"HCHC": 5000}, -3600.0)  # stored an hour ago
    assert cost.add("HCHC", P.OFF_PEAK, 6000, 0.0, bound) == 1000
    cost.restore_baselines({"HCHP": 5000}, -1.0)  # stored a second ago
    assert cost.add("HCHP", P.PEAK, 6000, 0.0, bound) == 0
    assert cost.ignored == 1


def test_no_drift_over_a_million_small_steps() -> None:
    prices = {P.BLUE_PEAK: 0.1609, P.BLUE_OFF_PEAK: 0.1296}
    cost = CostAccumulator(prices)
    peak = off_peak = 0
    for step in range(1_000_000):
        peak += 1
        cost.add("BBRHPJB", P.BLUE_PEAK, peak, float(step))
        if step % 3 == 0:
            off_peak += 2
            cost.add("BBRHCJB", P.BLUE_OFF_PEAK, off_peak, float(step))
    exact = (
        Fraction(peak - 1) * Fraction("0.1609")
        + Fraction(off_peak - 2) * Fraction("0.1296")
    ) / 1000
    assert abs(Fraction(cost.euros) - exact) < Fraction(1, 10**9)
