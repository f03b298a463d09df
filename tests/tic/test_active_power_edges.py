"""The active power estimator at its edges (issue #12: mutants test_active_power.py let live)."""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.active_power import ActivePowerEstimator
from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode


def test_two_crossings_are_enough_for_an_estimate() -> None:
    estimator = ActivePowerEstimator()
    assert estimator.update(0.0, 1000) is None  # a baseline
    assert estimator.update(2.0, 1001) is None  # one crossing, at 1 s
    assert estimator.update(4.0, 1002) == pytest.approx(1800.0)  # at 3 s: 1 Wh / 2 s


def test_the_window_keeps_the_crossings_of_its_last_90_s_and_no_older() -> None:
    estimator = ActivePowerEstimator()  # a 90 s window
    for now, index in ((0.0, 1000), (2.0, 1001), (122.0, 1002), (182.0, 1010)):
        estimator.update(now, index)
    # crossings at 1, 62 and 152 s: the newest is 90 s after the second, so the
    # first is out (at least two are always kept)
    assert estimator.crossings == ((62.0, 1002), (152.0, 1010))


def test_the_estimate_decays_within_a_second_of_the_last_crossing() -> None:
    estimator = ActivePowerEstimator()
    for step in range(4):  # 1 Wh every 0.4 s: 9 kW
        estimator.update(0.4 * step, 1000 + step)
    assert estimator.value(1.2) == pytest.approx(9000.0)
    # 0.5 s without a crossing: under 1 Wh in 0.5 s, so at most 7.2 kW
    assert estimator.update(1.7, 1003) == pytest.approx(7200.0)


def test_nothing_is_published_before_a_whole_index_was_seen() -> None:
    (reading,) = Decoder(Mode.HISTORIC, guard=False, clock=FrameClock(2.0)).feed(
        encode_frame(Mode.HISTORIC, [("ADCO", "022276123456"), ("PAPP", "01000")])
    )
    assert ActivePowerEstimator().update_reading(reading, None, None) is None


def test_after_a_reset_the_next_sample_is_a_new_baseline() -> None:
    """What the coordinator does for a replaced meter or a mode switch."""
    estimator = ActivePowerEstimator()
    for step in range(4):
        estimator.update(2.0 * step, 1000 + step)
    assert estimator.crossings
    estimator.reset()
    assert estimator.crossings == ()
    assert estimator.update(10.0, 5) is None  # a baseline, whatever the index
    assert estimator.update(12.0, 6) is None  # one crossing
    assert estimator.update(14.0, 7) == pytest.approx(1800.0)
