"""Active power (W) estimated from the consumption index, without Home Assistant.

The meter sends apparent power (VA), which the Energy dashboard rejects as grid
power. Active power is what the energy index counts, one Wh at a time, so it
can be measured from the index itself:

- **Crossings, not frames.** A frame only says that the index rose by ``n`` Wh
  since the previous frame; the rise happened somewhere between the two
  frames. Each change is therefore dated at the middle of that interval (the
  crossing time), which makes the time error of each end of a window at most
  half a frame period and zero on average.
- **A window of crossings.** The estimate is the least-squares slope of the
  (crossing time, index) points of the last ``window`` seconds (at least the
  last two crossings). Fitting over a window instead of dividing frame by
  frame removes the artificial peaks a per-frame estimate shows (1 Wh in one
  frame period is 2.4 kW at 1.5 s per frame), and a load step moves the
  estimate smoothly from the old power to the new one: the slope is a
  weighted average of the power over the window, never above its largest
  value.
- **Decay.** Less than 1 Wh has been counted since the last crossing, so the
  power since then is below ``3600 / (now - t)`` W, ``t`` being the frame that
  showed that crossing (the latest it can have happened). The estimate is
  capped by this bound: it falls toward 0 when increments stop coming, as
  quickly as the index allows.
- **Clipped** to the largest power the meter can deliver when it is known.

Accuracy (``tests/test_active_power.py``, frames every 1.5-2 s): with a
constant load from 600 W to 9 kW the error is below 2 % after one minute
(and from 100 W after two minutes: fewer crossings to average); a load step reaches the new value within 2 %
after one window (90 s) without overshoot. At very low power the index moves
rarely (100 W is one Wh every 36 s): the estimate needs two crossings to
exist and follows changes with a delay of a few crossing intervals.
"""

from __future__ import annotations

from collections import deque

from .model import Mode, Reading, TariffOption
from .registry import index_periods

#: Seconds of crossings the estimate is averaged over.
DEFAULT_WINDOW_S = 90.0
_WH_S = 3600.0  # W.s in one Wh
#: The running sums are rebuilt from the points on a new origin when the
#: newest point is this many windows from it, or after more changes than
#: ``_REBASE_CHANGES`` + the points held: that bounds the size of the summed
#: terms and the rounding errors they gather (far below 1e-9 of the slope),
#: at O(1) per point on average.
_REBASE_WINDOWS = 2.0
_REBASE_CHANGES = 64


def total_consumption_wh(reading: Reading, option: TariffOption | None) -> int | None:
    """The whole imported energy index of a reading (Wh), or None if incomplete.

    Standard: EAST. Historic: the sum of the option's indexes, only when every
    one of them is in the frame (a partial sum would look like a drop).
    """
    if reading.mode is Mode.STANDARD:
        east = reading.values.get("EAST")
        return east if isinstance(east, int) else None
    labels = index_periods(reading.mode, reading.option or option)
    if not labels:
        return None
    total = 0
    for label in labels:
        value = reading.values.get(label)
        if not isinstance(value, int):
            return None
        total += value
    return total


class ActivePowerEstimator:
    """Estimate active power from a stream of (time, energy index) samples."""

    def __init__(
        self, *, window: float = DEFAULT_WINDOW_S, max_power_w: float | None = None
    ) -> None:
        """Start empty; ``window`` in seconds, ``max_power_w`` clips the estimate."""
        self.window = window
        self.max_power_w = max_power_w
        self._last_time: float | None = None  # the previous sample
        self._last_wh: int | None = None
        self._last_change_time: float | None = None  # frame that showed a crossing
        self._crossings: deque[tuple[float, int]] = deque()
        self._sums = _RunningSums()
        self._published: float | None = None

    @property
    def crossings(self) -> tuple[tuple[float, int], ...]:
        """The (crossing time, index) points of the window, oldest first."""
        return tuple(self._crossings)

    def reset(self) -> None:
        """Forget everything (a new meter, an index that went down)."""
        self._last_time = None
        self._last_wh = None
        self._last_change_time = None
        self._crossings.clear()
        self._sums.rebase(self._crossings)

    def update(self, now: float, index_wh: int) -> float | None:
        """Take one sample; return the estimate in W (None until it exists)."""
        last_time, last_wh = self._last_time, self._last_wh
        if (
            last_time is None
            or last_wh is None
            or index_wh < last_wh
            or now < last_time
        ):
            self.reset()
            self._last_time, self._last_wh = now, index_wh
            return None
        if index_wh > last_wh:
            point = ((last_time + now) / 2, index_wh)
            self._crossings.append(point)
            self._sums.add(point)
            self._last_change_time = now
            self._trim()
        self._last_time, self._last_wh = now, index_wh
        return self.value(now)

    def update_reading(
        self, reading: Reading, option: TariffOption | None, max_power_w: float | None
    ) -> float | None:
        """Take a reading's whole index; return the active power to publish (W).

        What the integration publishes for each reading (the profile command
        derives its track the same way): ``max_power_w`` (the guard's, when
        known) clips the estimate; a frame without the whole index leaves the
        last estimate as it was.
        """
        if max_power_w is not None:
            self.max_power_w = max_power_w
        total = total_consumption_wh(reading, option)
        if total is not None:
            self._published = self.update(reading.received_at, total)
        return self._published

    def _trim(self) -> None:
        crossings = self._crossings
        newest = crossings[-1][0]
        sums = self._sums
        while len(crossings) > 2 and newest - crossings[1][0] >= self.window:
            sums.remove(crossings.popleft())
        if (
            newest - sums.origin_t >= _REBASE_WINDOWS * self.window
            or sums.changes > _REBASE_CHANGES + sums.count
        ):
            sums.rebase(crossings)

    def slope(self) -> float | None:
        """Least-squares slope of the window's points (Wh/s), None under two.

        The least-squares slope of samples of a function is an average of its
        derivative with non-negative weights: it never exceeds the largest
        power of the window (no overshoot on a load step) and averages the
        crossing time errors of every point, not only of the two ends.
        Constant time per call: from running sums (``_RunningSums``).
        """
        if len(self._crossings) < 2:
            return None
        return self._sums.slope()

    def value(self, now: float) -> float | None:
        """The estimate at ``now`` (the decay applies between samples)."""
        crossings = self._crossings
        if len(crossings) < 2 or self._last_change_time is None:
            return None
        if crossings[-1][0] - crossings[0][0] <= 0:
            return None
        power = self._sums.slope() * _WH_S
        since = now - self._last_change_time
        if since > 0:
            power = min(power, _WH_S / since)
        if self.max_power_w is not None:
            power = min(power, self.max_power_w)
        return power


class _RunningSums:
    """Sums of a window's points for its least-squares slope, updated in O(1).

    Times and indexes are taken relative to an origin (the newest point when
    the sums were last rebuilt): a monotonic time of days and an index of
    millions of Wh would otherwise make the squares lose the digits the slope
    is made of. ``rebase`` rebuilds the sums on a new origin.
    """

    __slots__ = (
        "changes",
        "count",
        "origin_t",
        "origin_wh",
        "sum_t",
        "sum_tt",
        "sum_tw",
        "sum_w",
    )

    def __init__(self) -> None:
        """No point yet."""
        self.origin_t = 0.0
        self.origin_wh = 0
        self.count = 0
        self.changes = 0  # points added or removed since the last rebase
        self.sum_t = 0.0
        self.sum_w = 0  # index offsets are whole Wh: exact
        self.sum_tt = 0.0
        self.sum_tw = 0.0

    def rebase(self, points: deque[tuple[float, int]]) -> None:
        """Start again from ``points``, on the origin of the newest one."""
        self.count = self.changes = self.sum_w = 0
        self.sum_t = self.sum_tt = self.sum_tw = 0.0
        if points:
            self.origin_t, self.origin_wh = points[-1]
        for point in points:
            self._add(point)
        self.changes = 0

    def add(self, point: tuple[float, int]) -> None:
        """Count one more point (the first one of an empty window is the origin)."""
        if not self.count:
            self.rebase(deque((point,)))
            return
        self._add(point)

    def _add(self, point: tuple[float, int]) -> None:
        t = point[0] - self.origin_t
        w = point[1] - self.origin_wh
        self.count += 1
        self.changes += 1
        self.sum_t += t
        self.sum_w += w
        self.sum_tt += t * t
        self.sum_tw += t * w

    def remove(self, point: tuple[float, int]) -> None:
        """Forget a point that was added."""
        t = point[0] - self.origin_t
        w = point[1] - self.origin_wh
        self.count -= 1
        self.changes += 1
        self.sum_t -= t
        self.sum_w -= w
        self.sum_tt -= t * t
        self.sum_tw -= t * w

    def slope(self) -> float:
        """The least-squares slope (at least two points of distinct times)."""
        mean_t = self.sum_t / self.count
        num = self.sum_tw - mean_t * self.sum_w
        den = self.sum_tt - mean_t * self.sum_t
        return num / den
