"""The plausibility guard: the last line of defence before a value is published.

A 6-bit checksum lets about one corrupted group in 64 through, and the format
check cannot tell ``016878529`` from ``016878829``. The guard keeps, per meter,
the last accepted value of every cumulative index and applies three rules:

1. **Never down.** An index lower than the last accepted one is rejected
   (``INDEX_DECREASED``). The Energy dashboard would count a dip as the whole
   index consumed again.
2. **Never faster than the meter can count.** The rise since the last accepted
   value must not exceed ``max_power x MARGIN x elapsed + ALLOWANCE_WH``
   (``INDEX_JUMP``), where ``elapsed`` is the time since that value was
   accepted (so a missed frame widens the bound, never narrows it) and
   ``max_power`` is:

   - historic: ``min(max(ISOUSC, IMAX, IMAX1-3), 90 A) x 250 V x phases``
     (90 A is the largest Linky rating; 250 V is 230 V + 8.7 %, above the
     +10 % tolerance's usual values; 90 A when no current is known);
   - standard: ``min(max(PREF, PCOUP), 36 kVA)``, 36 kVA when unknown
     (PREF/PCOUP are the whole delivery point's apparent power).

   ``MARGIN`` is 2 and ``ALLOWANCE_WH`` 10 Wh (index rounding and a frame
   that arrives late): a true value is never rejected, a corrupted high-order
   digit always is.
3. **Confirmed baseline.** The first value of an index is not published: it
   becomes a candidate, and is accepted only when the next frame's value is
   consistent with it (not lower, not beyond the bound). Otherwise the new
   value replaces the candidate (and the discarded pair is counted). A single
   corrupted first value therefore never becomes the baseline every later
   value is judged against.

Reactive indexes (ERQ1-4, varh) follow the same rules: reactive power never
exceeds apparent power.

There is no automatic re-baselining downwards: only ``reset()`` (the decoder
calls it for a new meter id or a TIC mode change) forgets the baselines.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Mode, Rejected, Rejection, Value
from .registry import LABELS

MARGIN = 2.0
ALLOWANCE_WH = 10
HISTORIC_MAX_CURRENT_A = 90
HISTORIC_VOLTAGE_V = 250
STANDARD_MAX_KVA = 36

_CUMULATIVE = {
    mode: frozenset(label for label, spec in table.items() if spec.cumulative)
    for mode, table in LABELS.items()
}
_HISTORIC_CURRENT_LABELS = ("ISOUSC", "IMAX", "IMAX1", "IMAX2", "IMAX3")
_STANDARD_POWER_LABELS = ("PREF", "PCOUP")
_RATING_LABELS = {
    Mode.HISTORIC: _HISTORIC_CURRENT_LABELS,
    Mode.STANDARD: _STANDARD_POWER_LABELS,
}


@dataclass(slots=True)
class _Sample:
    value: int
    at: float


class Guard:
    """Stateful plausibility checks for one meter's stream of frames."""

    def __init__(
        self, *, margin: float = MARGIN, allowance_wh: int = ALLOWANCE_WH
    ) -> None:
        """Start with no baseline."""
        self.margin = margin
        self.allowance_wh = allowance_wh
        self._accepted: dict[str, _Sample] = {}
        self._candidates: dict[str, _Sample] = {}
        self._rating: int | None = None  # A (historic) or kVA (standard)
        self._rating_sent: tuple[Value | None, ...] = ()  # the values it came from

    def reset(self) -> None:
        """Forget every baseline (a new meter, or the meter changed TIC mode)."""
        self._accepted.clear()
        self._candidates.clear()
        self._rating = None
        self._rating_sent = ()

    def max_power_w(self, mode: Mode, phases: int) -> float:
        """The power the bound is built on, in W (VA), from what is known."""
        if mode is Mode.HISTORIC:
            amps = min(self._rating or HISTORIC_MAX_CURRENT_A, HISTORIC_MAX_CURRENT_A)
            return float(amps * HISTORIC_VOLTAGE_V * max(phases, 1))
        kva = min(self._rating or STANDARD_MAX_KVA, STANDARD_MAX_KVA)
        return float(kva * 1000)

    def bound_wh(self, mode: Mode, phases: int, elapsed: float) -> int:
        """The largest rise an index may show after ``elapsed`` seconds."""
        rate = self.max_power_w(mode, phases) * self.margin / 3600
        return int(rate * max(elapsed, 0.0)) + self.allowance_wh

    def check(
        self, values: dict[str, Value], mode: Mode, phases: int, now: float
    ) -> list[Rejected]:
        """Remove from ``values`` what may not be published; return the rejections.

        Indexes withheld while their baseline awaits confirmation are removed
        without a rejection.
        """
        self._learn_rating(values, mode)
        # Wh per second of elapsed time the bound allows (see the module docstring).
        rate = self.max_power_w(mode, phases) * self.margin / 3600
        allowance = self.allowance_wh
        accepted = self._accepted
        rejected: list[Rejected] = []
        for label in _CUMULATIVE[mode].intersection(values):
            value = values[label]
            last = accepted.get(label)
            if last is not None and value == last.value:  # the usual case
                last.at = now
                continue
            if not isinstance(value, int):
                continue
            if last is None:
                confirmed, reason = self._confirm(label, value, now, rate)
                if not confirmed:
                    del values[label]
                    if reason is not None:
                        rejected.append(Rejected(label, reason))
                continue
            if value < last.value:
                reason = Rejection.INDEX_DECREASED
            elif value - last.value > rate * max(now - last.at, 0.0) + allowance:
                reason = Rejection.INDEX_JUMP
            else:
                last.value = value
                last.at = now
                continue
            del values[label]
            rejected.append(Rejected(label, reason))
        return rejected

    def _confirm(
        self, label: str, value: int, now: float, rate: float
    ) -> tuple[bool, Rejection | None]:
        """A first value: (confirmed, why not); (False, None) while it waits."""
        candidate = self._candidates.get(label)
        self._candidates[label] = _Sample(value, now)
        if candidate is None:
            return False, None
        if value < candidate.value:
            return False, Rejection.INDEX_DECREASED
        if (
            value - candidate.value
            > rate * max(now - candidate.at, 0.0) + self.allowance_wh
        ):
            return False, Rejection.INDEX_JUMP
        del self._candidates[label]
        self._accepted[label] = _Sample(value, now)
        return True, None

    def _learn_rating(self, values: dict[str, Value], mode: Mode) -> None:
        labels = _RATING_LABELS[mode]
        sent = tuple(map(values.get, labels))
        if sent == self._rating_sent:  # as in the last frame: nothing to learn
            return
        self._rating_sent = sent
        ratings = [v for v in sent if isinstance(v, int)]
        if ratings:
            self._rating = max(ratings)
