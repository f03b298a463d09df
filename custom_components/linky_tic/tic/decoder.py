"""The decoder: bytes in, validated ``Reading`` objects out.

``framer`` -> ``groups`` (checksum, label, format) -> typed values (range)
-> ``guard`` (plausibility) -> ``reading`` (derived fields). Nothing that
failed a check is published; every rejection is counted in ``counters`` and
listed in the Reading's ``rejected``.

Meter id rules (one meter per wire):

- a frame whose meter id group is missing or corrupted is attributed to the
  current meter; before any meter id is known it is dropped (``resyncs``);
- a *different* meter id is adopted only when two consecutive frames carry it
  (a corrupted id that passes its checksum must not reset anything); frames
  with the not-yet-confirmed id are dropped (``resyncs``). Adopting a new id
  resets the guard explicitly.

Mode: fixed, or (``mode=None``) taken from each frame's groups (SP or HT
closing separator, majority of the groups that pass their checksum); when the
meter is reprogrammed the decoder follows and resets the guard.

Time: ``clock`` is called exactly once per frame the framer completes; the
guard measures elapsed time with it. For a file, pass a clock that advances
by the nominal frame period per call (see ``FrameClock``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import cast

from .framer import Framer, RawFrame
from .groups import GroupError, parse_group
from .guard import Guard
from .horodate import parse_horodate
from .meter_id import decode_meter_id
from .model import WITHHELD, Counters, Mode, Reading, Rejected, Rejection, Value
from .reading import build_reading, phases_told
from .registry import METER_ID_LABEL, Kind

#: Seconds between two frames, for sources without a clock (files). A Linky
#: sends a frame every 1.5 s to 2 s; the longer period only widens the guard.
NOMINAL_FRAME_PERIOD = 2.0

#: Distinct valid group lines remembered (most groups repeat frame after frame).
_CACHE_SIZE = 4096

#: A group line that passed every stateless check: (mode, label, value, timestamp).
type _Checked = tuple[Mode, str, Value, datetime | None]

_mode_of = itemgetter(0)
_label_value = itemgetter(1, 2)


class FrameClock:
    """A clock for recorded data: advances ``period`` seconds per frame."""

    def __init__(self, period: float = NOMINAL_FRAME_PERIOD) -> None:
        """Start at 0."""
        self.period = period
        self._now = -period

    def __call__(self) -> float:
        """The time of the next frame."""
        self._now += self.period
        return self._now


class Decoder:
    """Incremental TIC decoder for one serial line."""

    def __init__(
        self,
        mode: Mode | None = None,
        *,
        guard: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``mode=None`` auto-detects; ``guard=False`` skips the plausibility guard."""
        self.counters = Counters()
        self._fixed_mode = mode
        self._mode = mode
        self._clock = clock
        self._framer = Framer(self.counters)
        self._guard = Guard() if guard else None
        self._meter_id: str | None = None
        self._new_meter_id: str | None = None
        self._phases = 1
        self._cache: dict[bytes, tuple[_Checked, ...]] = {}

    @property
    def mode(self) -> Mode | None:
        """The fixed mode, or the one the last frame was sent in."""
        return self._mode

    @property
    def meter_id(self) -> str | None:
        """The meter id currently decoded."""
        return self._meter_id

    @property
    def guard(self) -> Guard | None:
        """The plausibility guard (None when disabled)."""
        return self._guard

    def max_power_w(self, mode: Mode, phases: int) -> float | None:
        """The power the guard's index bound is built on (W), None without guard."""
        if self._guard is None:
            return None
        return self._guard.max_power_w(mode, phases)

    def index_bound(self, mode: Mode, phases: int) -> Callable[[float], int] | None:
        """The guard's largest index rise after ``elapsed`` s, None without guard."""
        if self._guard is None:
            return None
        return partial(self._guard.bound_wh, mode, phases)

    def reset_guard(self) -> None:
        """Forget the guard's baselines (e.g. after the meter was replaced)."""
        if self._guard is not None:
            self._guard.reset()

    def feed(self, data: bytes) -> list[Reading]:
        """Take bytes (any chunk size); return the readings of completed frames."""
        readings = []
        for frame in self._framer.feed(data):
            reading = self._decode(frame)
            if reading is not None:
                readings.append(reading)
        return readings

    def flush(self) -> list[Reading]:
        """End of input: decode the frame in progress (dumps without ETX)."""
        readings = []
        for frame in self._framer.flush():
            reading = self._decode(frame)
            if reading is not None:
                readings.append(reading)
        return readings

    def _check_line(self, line: bytes, rejected: list[Rejected]) -> _Checked | None:
        """Parse, type and range-check one group; count and record a rejection."""
        try:
            group = parse_group(line, self._fixed_mode)
        except GroupError as error:
            if error.rejection is Rejection.CHECKSUM:
                self.counters.checksum_errors += 1
            else:
                self.counters.malformed_groups += 1
            rejected.append(Rejected(error.label, error.rejection))
            return None
        spec = group.spec
        label = group.label
        stamp: datetime | None = None
        if group.horodate is not None:
            stamp = parse_horodate(group.horodate)
            if stamp is None:
                self.counters.malformed_groups += 1
                rejected.append(Rejected(label, Rejection.MALFORMED))
                return None
        value: Value
        if spec.kind is Kind.NUMBER:
            value = int(group.data)
            if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum
            ):
                self.counters.implausible_values += 1
                rejected.append(Rejected(label, Rejection.OUT_OF_RANGE))
                return None
        elif label == "DATE":
            value = group.horodate or ""
        else:
            value = group.data.strip()
        return (group.mode, label, value, stamp)

    def _check_raw(self, line: bytes, rejected: list[Rejected]) -> tuple[_Checked, ...]:
        """Check a framer line (may end with CR, be blank, or hold CR-split groups).

        Lines whose groups all pass are remembered (``_check_frame`` looks
        them up): most groups repeat frame after frame, so the checks run once
        per distinct line. Failures are not: each occurrence is counted.
        """
        entries: list[_Checked] = []
        for group in line.split(b"\r"):
            if not group:
                continue
            checked = self._check_line(group, rejected)
            if checked is None:
                return tuple(entries)
            entries.append(checked)
        result = tuple(entries)
        if len(self._cache) >= _CACHE_SIZE:  # bounded memory
            self._cache.clear()
        self._cache[line] = result
        return result

    def _check_frame(
        self, lines: list[bytes], rejected: list[Rejected]
    ) -> tuple[Mode, dict[str, Value], dict[str, datetime]] | None:
        """The frame's mode, values and timestamps; None when no group passed."""
        found = list(map(self._cache.get, lines))
        if None in found:
            for n, entries in enumerate(found):
                if entries is None:
                    found[n] = self._check_raw(lines[n], rejected)
        checked = list(chain.from_iterable(cast("list[tuple[_Checked, ...]]", found)))
        if not checked:
            return None
        modes = set(map(_mode_of, checked))
        if len(modes) == 1:
            mode = modes.pop()
        else:
            mode = self._majority_mode(checked, rejected)
            checked = [entry for entry in checked if entry[0] is mode]
        values = dict(map(_label_value, checked))
        timestamps: dict[str, datetime] = {}
        if mode is Mode.STANDARD:
            timestamps = {
                label: stamp for _, label, _, stamp in checked if stamp is not None
            }
        return mode, values, timestamps

    def _decode(self, frame: RawFrame) -> Reading | None:
        now = self._clock()
        rejected: list[Rejected] = []
        checked = self._check_frame(frame.lines, rejected)
        if checked is None:
            self.counters.resyncs += 1
            return None
        mode, values, timestamps = checked
        meter_id = self._attribute(values.get(METER_ID_LABEL[mode]))
        if meter_id is None:
            self.counters.resyncs += 1
            return None
        if mode is not self._mode:
            if self._mode is not None:
                self.reset_guard()
            self._mode = mode
        # A frame cut short (dump edges, a lost ETX) lacks the labels that tell
        # single from three-phase: it keeps the count the last whole frame gave.
        told = phases_told(mode, values)
        if told is not None:
            self._phases = told
        if self._guard is not None:
            guard_rejections = self._guard.check(values, mode, self._phases, now)
            self.counters.implausible_values += sum(
                1 for item in guard_rejections if item.reason not in WITHHELD
            )
            rejected += guard_rejections
        self.counters.groups_ok += len(values)
        self.counters.frames += 1
        return build_reading(
            mode, meter_id, now, values, timestamps, rejected, self._phases
        )

    def _majority_mode(
        self, checked_lines: list[_Checked], rejected: list[Rejected]
    ) -> Mode:
        """A frame mixing SP and HT groups: keep the majority, reject the rest."""
        historic = sum(1 for checked in checked_lines if checked[0] is Mode.HISTORIC)
        keep = Mode.HISTORIC if 2 * historic > len(checked_lines) else Mode.STANDARD
        for checked in checked_lines:
            if checked[0] is not keep:
                self.counters.malformed_groups += 1
                rejected.append(Rejected(checked[1], Rejection.MALFORMED))
        return keep

    def _attribute(self, sent: Value | None) -> str | None:
        """The meter id a frame belongs to, or None to drop the frame."""
        if not isinstance(sent, str) or sent == self._meter_id:
            self._new_meter_id = None
            return self._meter_id
        if self._meter_id is not None and sent != self._new_meter_id:
            self._new_meter_id = sent  # wait for a second frame to confirm
            return None
        self._meter_id = sent
        self._new_meter_id = None
        info = decode_meter_id(sent)
        self._phases = info.phases if info is not None and info.phases else 1
        self.reset_guard()
        return sent
