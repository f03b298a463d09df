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

4. **An idle index does not rise.** Only the index of the tariff period
   counting now may rise: an index of another period that rises is rejected
   (``IDLE_INDEX_ROSE``), unless the next frame confirms the rise (a
   consistent value, not lower and within the bound). A single corrupted
   group can thus not lift an index nobody consumes on (a corrupted ``EASF07``
   0 -> 20 Wh passed rules 1-2 in a soak, then withheld every true 0), and a
   period we would read wrongly still never freezes an index. The period
   counting now is the frame's, or the previous frame's (a frame sampled just
   after the period changed shows the old index's last rise): historic
   ``PTEC`` names the index (``HC..`` -> ``HCHC``...); standard ``NTARF`` and
   ``STGE`` bits 10-13 name the supplier index ``EASFnn``, ``STGE`` bits
   14-15 the distributor index ``EASDnn``. The rule holds only while frames
   follow each other: an index last seen more than ``IDLE_RULE_MAX_GAP_S``
   ago (line down, adapter unplugged) may have counted in a period the gap
   hid, and rule 2's bound alone judges its rise. A frame that does not tell keeps
   the last known period; before any is known the rule is off. Totals
   (``EAST``, ``EAIT``) and reactive indexes rise in every period and are
   not concerned.

5. **A changed free text is confirmed.** A supplier text (``NGTF``,
   ``LTARF``, ``MSG1``, ``MSG2``) that differs from the last one published is
   withheld until the next frame sends it again (``UNCONFIRMED``). Mixed case
   is real (``HC et Week-End``), so the text format cannot reject a bit-6
   error that swaps a lower-case letter and a digit or punctuation mark (the
   checksum does not see it); the same error twice in a row does not happen.
   A genuine change (a new tariff period's ``LTARF``) is published one frame
   later. The first text after ``reset()`` is published at once: there is
   nothing to compare it with, and a one-frame capture must name its calendar.

Rule 3's candidates are withheld with ``UNCONFIRMED`` too, so that a reader
sees why a frame has no index.

Reactive indexes (ERQ1-4, varh) follow rules 1-3: reactive power never
exceeds apparent power.

There is no automatic re-baselining downwards: only ``reset()`` (the decoder
calls it for a new meter id or a TIC mode change) forgets the baselines.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Mode, Rejected, Rejection, Value
from .registry import HISTORIC_PTEC_INDEX, LABELS

MARGIN = 2.0
ALLOWANCE_WH = 10
#: Rule 4 judges an index last seen at most this long ago (many frame periods).
IDLE_RULE_MAX_GAP_S = 60.0
HISTORIC_MAX_CURRENT_A = 90
HISTORIC_VOLTAGE_V = 250
STANDARD_MAX_KVA = 36

_CUMULATIVE = {
    mode: frozenset(label for label, spec in table.items() if spec.cumulative)
    for mode, table in LABELS.items()
}
#: The order rejections are given in: the registry's (EAST, EASF01.., EASD01..).
_RANK = {
    mode: {label: n for n, label in enumerate(table)} for mode, table in LABELS.items()
}
_FREE_TEXT = {
    mode: frozenset(label for label, spec in table.items() if spec.free_text)
    for mode, table in LABELS.items()
}
_HISTORIC_CURRENT_LABELS = ("ISOUSC", "IMAX", "IMAX1", "IMAX2", "IMAX3")
_STANDARD_POWER_LABELS = ("PREF", "PCOUP")
_RATING_LABELS = {
    Mode.HISTORIC: _HISTORIC_CURRENT_LABELS,
    Mode.STANDARD: _STANDARD_POWER_LABELS,
}


#: The indexes rule 4 watches, by family (each family has one current index).
_HISTORIC_INDEXES = frozenset(HISTORIC_PTEC_INDEX.values())
_SUPPLIER_INDEXES = tuple(f"EASF{n:02d}" for n in range(1, 17))  # STGE: 4 bits
_DISTRIBUTOR_INDEXES = tuple(f"EASD{n:02d}" for n in range(1, 5))
_PERIOD_CACHE_SIZE = 256

#: What a frame says counts now, per family: historic (index,), standard
#: (supplier indexes, distributor indexes); None where the frame does not tell.
type _Current = tuple[frozenset[str] | None, ...]


@dataclass(slots=True)
class _Sample:
    value: int
    at: float
    frame: int = 0  # the guard's frame number when the value was seen


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
        self._frame = 0  # frames checked
        self._rising: dict[str, _Sample] = {}  # idle rises awaiting confirmation
        self._texts: dict[str, str] = {}  # rule 5: the free texts published
        self._new_texts: dict[str, tuple[str, int]] = {}  # (text, frame) to confirm
        self._known: _Current = ()  # per family: the last current index told
        self._idle: frozenset[str] = frozenset()  # what may not rise this frame
        # (what the frame sent, what was known) -> (idle, what is known now)
        self._periods: dict[
            tuple[tuple[Value | None, ...], _Current], tuple[frozenset[str], _Current]
        ] = {}

    def reset(self) -> None:
        """Forget every baseline (a new meter, or the meter changed TIC mode)."""
        self._accepted.clear()
        self._candidates.clear()
        self._rating = None
        self._rating_sent = ()
        self._rising.clear()
        self._texts.clear()
        self._new_texts.clear()
        self._known = ()
        self._idle = frozenset()

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

        Values withheld while they await confirmation (an index's first
        value, a changed free text) are rejected as ``UNCONFIRMED``.
        """
        self._learn_rating(values, mode)
        self._learn_period(values, mode)
        self._frame += 1
        # Wh per second of elapsed time the bound allows (see the module docstring).
        rate = self.max_power_w(mode, phases) * self.margin / 3600
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
                    rejected.append(Rejected(label, reason or Rejection.UNCONFIRMED))
                continue
            reason = self._judge(label, value, last, now, rate)
            if reason is not None:
                del values[label]
                rejected.append(Rejected(label, reason))
        for label in _FREE_TEXT[mode].intersection(values):
            if not self._text_confirmed(label, values[label]):
                del values[label]
                rejected.append(Rejected(label, Rejection.UNCONFIRMED))
        if len(rejected) > 1:
            rejected.sort(key=lambda item: _RANK[mode][item.label])
        return rejected

    def _text_confirmed(self, label: str, text: Value) -> bool:
        """Rule 5: a free text is published when unchanged or sent twice in a row."""
        if not isinstance(text, str):  # pragma: no cover (the registry types it)
            return True
        published = self._texts.get(label)
        if published == text:
            self._new_texts.pop(label, None)
            return True
        pending = self._new_texts.get(label)
        if published is None or (
            pending is not None and pending == (text, self._frame - 1)
        ):
            self._texts[label] = text
            self._new_texts.pop(label, None)
            return True
        self._new_texts[label] = (text, self._frame)
        return False

    def _judge(
        self, label: str, value: int, last: _Sample, now: float, rate: float
    ) -> Rejection | None:
        """Rules 1, 2 and 4 for a confirmed index whose value changed."""
        if value < last.value:
            return Rejection.INDEX_DECREASED
        elapsed = now - last.at
        if value - last.value > rate * (elapsed if elapsed > 0 else 0.0) + (
            self.allowance_wh
        ):
            return Rejection.INDEX_JUMP
        if (
            label in self._idle
            and elapsed <= IDLE_RULE_MAX_GAP_S
            and not self._rise_confirmed(label, value, now, rate)
        ):
            return Rejection.IDLE_INDEX_ROSE
        last.value = value
        last.at = now
        return None

    def _rise_confirmed(self, label: str, value: int, now: float, rate: float) -> bool:
        """Rule 4: an idle rise counts when the last frame showed it already."""
        pending = self._rising.get(label)
        if (
            pending is not None
            and pending.frame == self._frame - 1
            and pending.value
            <= value
            <= pending.value + rate * max(now - pending.at, 0.0) + self.allowance_wh
        ):
            del self._rising[label]
            return True
        self._rising[label] = _Sample(value, now, self._frame)
        return False

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
        if (
            value > candidate.value
            and label in self._idle
            and not self._rise_confirmed(label, value, now, rate)
        ):  # rule 4 for a baseline too; the candidate stays
            self._candidates[label] = candidate
            return False, Rejection.IDLE_INDEX_ROSE
        del self._candidates[label]
        self._accepted[label] = _Sample(value, now)
        return True, None

    def _learn_period(self, values: dict[str, Value], mode: Mode) -> None:
        """Rule 4: which indexes may not rise in this frame (``self._idle``)."""
        if mode is Mode.HISTORIC:
            sent: tuple[Value | None, ...] = (values.get("PTEC"),)
        else:
            sent = (values.get("NTARF"), values.get("STGE"))
        key = (sent, self._known)
        learnt = self._periods.get(key)
        if learnt is None:
            if len(self._periods) >= _PERIOD_CACHE_SIZE:
                self._periods.clear()
            learnt = self._periods[key] = _idle_indexes(mode, sent, self._known)
        self._idle, self._known = learnt

    def _learn_rating(self, values: dict[str, Value], mode: Mode) -> None:
        labels = _RATING_LABELS[mode]
        sent = tuple(map(values.get, labels))
        if sent == self._rating_sent:  # as in the last frame: nothing to learn
            return
        self._rating_sent = sent
        ratings = [v for v in sent if isinstance(v, int)]
        if ratings:
            self._rating = max(ratings)


_FAMILIES: dict[Mode, tuple[frozenset[str], ...]] = {
    Mode.HISTORIC: (_HISTORIC_INDEXES,),
    Mode.STANDARD: (
        frozenset(_SUPPLIER_INDEXES[:10]),
        frozenset(_DISTRIBUTOR_INDEXES),
    ),
}


def _current_indexes(sent: tuple[Value | None, ...]) -> _Current:
    """The indexes counting now, from (PTEC,) or (NTARF, STGE) as sent."""
    if len(sent) == 1:
        ptec = sent[0]
        index = HISTORIC_PTEC_INDEX.get(ptec) if isinstance(ptec, str) else None
        return (frozenset((index,)) if index is not None else None,)
    ntarf, stge = sent
    supplier: set[str] = set()
    distributor: frozenset[str] | None = None
    if isinstance(ntarf, int) and 1 <= ntarf <= len(_SUPPLIER_INDEXES):
        supplier.add(_SUPPLIER_INDEXES[ntarf - 1])
    if isinstance(stge, str):
        raw = int(stge, 16)  # the registry guarantees 8 hex digits
        supplier.add(_SUPPLIER_INDEXES[raw >> 10 & 0xF])
        distributor = frozenset((_DISTRIBUTOR_INDEXES[raw >> 14 & 0x3],))
    return (frozenset(supplier) if supplier else None, distributor)


def _idle_indexes(
    mode: Mode, sent: tuple[Value | None, ...], known: _Current
) -> tuple[frozenset[str], _Current]:
    """(the indexes that may not rise, what is known next) for a frame's ``sent``.

    Per family, the index the frame names and the one last known may rise;
    a frame that names none keeps the last known; nothing known: no rule.
    """
    current = _current_indexes(sent)
    if len(known) != len(current):
        known = (None,) * len(current)
    idle: set[str] = set()
    for told, last, family in zip(current, known, _FAMILIES[mode], strict=True):
        allowed = (
            (told | last) if told is not None and last is not None else told or last
        )
        if allowed is not None:
            idle.update(family.difference(allowed))
    now_known = tuple(
        told if told is not None else last
        for told, last in zip(current, known, strict=True)
    )
    return frozenset(idle), now_known
