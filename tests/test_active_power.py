"""Active power from the index: accurate at constant load, no spike on a step."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from fractions import Fraction

import pytest

from custom_components.linky_tic.tic.active_power import ActivePowerEstimator

#: Frame periods of a real line (1.5 s to 2 s), in a fixed irregular pattern.
PERIODS = (1.52, 1.87, 1.61, 1.98, 1.70, 1.55, 1.93, 1.66)


def samples(
    power_at: Callable[[float], float], duration: float, start_wh: float = 12_345_678.4
) -> Iterator[tuple[float, int, float]]:
    """(time, index Wh, true power) at each frame, the index integrating exactly."""
    t, energy, i = 0.0, start_wh, 0
    while t <= duration:
        yield t, math.floor(energy), power_at(t)
        step = PERIODS[i % len(PERIODS)]
        # integrate power over [t, t + step) in 10 ms slices (the load may step)
        for k in range(round(step * 100)):
            energy += power_at(t + k / 100) * 0.01 / 3600
        t += step
        i += 1


@pytest.mark.parametrize(
    ("watts", "after"),
    [
        (100.0, 120),
        (300.0, 120),
        (600.0, 60),
        (1000.0, 60),
        (2000.0, 60),
        (4500.0, 60),
        (9000.0, 60),
    ],
)
def test_constant_load_within_two_percent(watts: float, after: float) -> None:
    """After a minute (two below 600 W, whose index moves more rarely)."""
    estimator = ActivePowerEstimator()
    errors = []
    for t, index, _true in samples(lambda _t: watts, 600):
        value = estimator.update(t, index)
        if t >= after:
            assert value is not None
            errors.append(abs(value - watts) / watts)
    assert max(errors) < 0.02, max(errors)


def test_a_load_step_shows_no_spike() -> None:
    def load(t: float) -> float:
        return 400.0 if t < 120 else 3000.0

    estimator = ActivePowerEstimator()
    values = []
    for t, index, _true in samples(load, 400):
        value = estimator.update(t, index)
        if value is not None:
            values.append((t, value))
    assert max(v for _t, v in values) < 3000 * 1.02
    after = [v for t, v in values if t >= 120 + 90 + 5]
    assert all(abs(v - 3000) / 3000 < 0.02 for v in after)
    before = [v for t, v in values if 60 <= t < 120]
    assert all(abs(v - 400) / 400 < 0.05 for v in before)


def test_a_naive_per_frame_estimate_would_spike() -> None:
    """Why the estimator exists: index steps per frame read as power jump around."""
    naive = []
    previous: tuple[float, int] | None = None
    for t, index, _true in samples(lambda _t: 2000.0, 120):
        if previous is not None and index > previous[1]:
            naive.append((index - previous[1]) * 3600 / (t - previous[0]))
        previous = (t, index)
    assert max(naive) > 2000 * 1.5


def test_the_estimate_decays_when_increments_stop() -> None:
    def load(t: float) -> float:
        return 2000.0 if t < 100 else 0.0

    estimator = ActivePowerEstimator()
    value = None
    for t, index, _true in samples(load, 400):
        value = estimator.update(t, index)
        if t > 130:
            assert value is not None
            assert value <= 3600 / (t - 100) + 1
    assert value is not None
    assert value < 15


def test_clipped_to_the_meter_maximum_and_reset_on_a_lower_index() -> None:
    estimator = ActivePowerEstimator(max_power_w=1000)
    for t, index, _true in samples(lambda _t: 5000.0, 60):
        value = estimator.update(t, index)
    assert value == 1000
    assert estimator.update(100, 5) is None  # a new meter: start again
    assert estimator.update(101, 5) is None


def exact_slope(points: tuple[tuple[float, int], ...]) -> float:
    """The least-squares slope of the points in exact rational arithmetic."""
    ts = [Fraction(t) for t, _ in points]
    whs = [Fraction(wh) for _, wh in points]
    mean_t = sum(ts, Fraction(0)) / len(ts)
    mean_wh = sum(whs, Fraction(0)) / len(whs)
    num = sum(
        ((t - mean_t) * (wh - mean_wh) for t, wh in zip(ts, whs, strict=True)),
        Fraction(0),
    )
    den = sum(((t - mean_t) ** 2 for t in ts), Fraction(0))
    return float(num / den)


@pytest.mark.parametrize(
    ("start_t", "start_wh", "steps"),
    [
        (0.0, 0, (0.4, 2.5)),  # a meter from its first Wh
        (1e6, 99_000_000, (1.5, 2.0)),  # days of monotonic time, a big index
        (5e4, 12_345_678, (0.01, 0.1)),  # frames much faster than real ones
        (2e5, 7_000_000, (5.0, 40.0)),  # low power: few crossings per window
    ],
)
def test_the_slope_is_the_exact_least_squares_slope(
    start_t: float, start_wh: int, steps: tuple[float, float]
) -> None:
    """The window's slope to 1e-9, on days of monotonic time and big indexes too."""
    rng = random.Random(f"{start_t}:{steps}")
    estimator = ActivePowerEstimator()
    t, wh = start_t, start_wh
    compared = rebuilt_windows = 0
    oldest = None
    for n in range(6000):
        t += rng.uniform(*steps)
        wh += rng.choice((0, 0, 1, 1, 2, 5)) if n % 700 else 0
        if n == 3000:
            wh -= 10  # an index that went down: everything restarts
        estimator.update(t, wh)
        points = estimator.crossings
        slope = estimator.slope()
        if len(points) < 2 or points[-1][0] == points[0][0]:
            continue
        assert slope is not None
        compared += 1
        if n % 97 == 0:  # the exact slope is slow: a sample of the run
            assert slope == pytest.approx(exact_slope(points), rel=1e-9, abs=1e-12)
        if points[0] != oldest:
            oldest = points[0]
            rebuilt_windows += 1
    assert compared > 4000
    assert rebuilt_windows > 100  # points left the window all along the run


def test_no_estimate_from_crossings_at_one_instant() -> None:
    """Two index rises dated at the same time give no slope (nothing to divide by)."""
    estimator = ActivePowerEstimator()
    assert estimator.update(10.0, 1) is None
    assert estimator.slope() is None
    assert estimator.update(10.0, 2) is None  # one crossing
    assert estimator.update(10.0, 3) is None  # two, at the same instant
    assert len(estimator.crossings) == 2
    assert estimator.update(12.0, 4) is not None
