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

Replay: a frame whose lines are the last frame's but for a few values (an
index, a current, a power, the date) is decoded from the last one: only the
changed lines are checked, the guard judges the indexes among them
(``Guard.check_replay``) and the Reading reuses the last one's derived fields.
Anything else (a label a derived field or the guard reads, a line that is not
one valid group of the same label, a rejection) takes the general path; both
give the same readings, counters and guard state (``replay = False`` turns the
shortcut off, for tests).

Time: ``clock`` is called exactly once per frame the framer completes; the
guard measures elapsed time with it. For a file, pass a clock that advances
by the nominal frame period per call (see ``FrameClock``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from itertools import compress
from operator import ne
from types import MappingProxyType
from typing import cast

from .framer import Framer, RawFrame
from .groups import GroupError, parse_group, quick_number
from .guard import Guard, _Sample
from .horodate import parse_horodate
from .meter_id import decode_meter_id
from .model import Counters, Mode, Reading, Rejected, Rejection, Value
from .reading import build_reading, reading_template, replay_reading
from .registry import LABELS, METER_ID_LABEL, Kind

#: Seconds between two frames, for sources without a clock (files). A Linky
#: sends a frame every 1.5 s to 2 s; the longer period only widens the guard.
NOMINAL_FRAME_PERIOD = 2.0

_HISTORIC_THREE_PHASE = frozenset(
    {"IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3", "ADIR1", "ADIR2", "ADIR3"}
)
_STANDARD_THREE_PHASE = frozenset(
    {"IRMS2", "IRMS3", "URMS2", "URMS3", "SINSTS1", "SINSTS2", "SINSTS3"}
)


#: Labels whose value (not only presence) the guard or a derived Reading field
#: reads: a frame where one of them changed never takes the replay path.
_REPLAY_FIXED = frozenset(
    {
        "ADCO", "ADSC",  # meter id
        "ISOUSC", "IMAX", "IMAX1", "IMAX2", "IMAX3", "PREF", "PCOUP",  # rating
        "PTEC", "NTARF", "STGE",  # tariff period
        "OPTARIF", "DEMAIN", "NGTF", "RELAIS", "PJOURF+1", "PPOINTE",
    }
)  # fmt: skip


#: Distinct valid group lines remembered (most groups repeat frame after frame).
_CACHE_SIZE = 4096

#: A group line that passed every stateless check: (mode, label, value, timestamp).
type _Checked = tuple[Mode, str, Value, datetime | None]


class _Kind(Enum):
    """What a new value on a line of the replay base asks for."""

    FIXED = 0  # nothing to replay: a label in _REPLAY_FIXED
    PLAIN = 1  # only the value
    INDEX = 2  # the guard's rules
    STAMPED = 3  # the timestamp too


def _kind(mode: Mode, label: str) -> _Kind:
    spec = LABELS[mode][label]
    if label in _REPLAY_FIXED:
        return _Kind.FIXED
    if spec.cumulative:
        return _Kind.INDEX
    return _Kind.STAMPED if spec.timestamped else _Kind.PLAIN


#: Every label's kind, by mode.
_KINDS = {mode: {label: _kind(mode, label) for label in LABELS[mode]} for mode in Mode}


@dataclass(slots=True)
class _Base:
    """The last frame, for the replay path: what a repeat of it decodes to."""

    mode: Mode
    lines: list[bytes]  # its group lines (one valid group each, the LF after STX cut)
    labels: list[str]  # the label of each line
    kinds: list[_Kind]  # what a new value of each line asks for
    values: dict[str, Value]  # all of them passed every check
    timestamps: dict[str, datetime]
    template: dict[str, object]  # its Reading's fields
    samples: list[_Sample]  # the guard's baselines of its indexes
    resets: int  # the guard's reset count when it was taken


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

    #: The replay path (a frame like the last one but for a few values); it
    #: changes no output (tests compare both ways).
    replay = True

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
        # The cached lines that are one whole group, by mode: line -> (label, value),
        # and line -> (label, timestamp) for those that carry one.
        self._pairs: dict[Mode, dict[bytes, tuple[str, Value]]] = {
            Mode.HISTORIC: {},
            Mode.STANDARD: {},
        }
        self._stamped: dict[bytes, tuple[str, datetime]] = {}
        self._base: _Base | None = None
        self._replays = 0  # frames decoded by the replay path (for tests)

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

    def reset_guard(self) -> None:
        """Forget the guard's baselines (e.g. after the meter was replaced)."""
        self._base = None
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

        Lines whose groups all pass are cached: most groups repeat frame after
        frame, so the checks run once per distinct line. Failures are not cached:
        each occurrence is counted.
        """
        raw = line[:-1] if line.endswith(b"\r") else line
        number = quick_number(raw, self._fixed_mode)
        if number is not None:
            quick: tuple[_Checked, ...] = ((number[0], number[1], number[2], None),)
            self._cache[line] = quick
            self._pairs[number[0]][line] = (number[1], number[2])
            return quick
        groups = [group for group in line.split(b"\r") if group]
        entries: list[_Checked] = []
        for group in groups:
            checked = self._check_line(group, rejected)
            if checked is None:
                return tuple(entries)
            entries.append(checked)
        result = tuple(entries)
        self._cache[line] = result
        if len(result) == 1:
            group_mode, label, value, stamp = result[0]
            self._pairs[group_mode][line] = (label, value)
            if stamp is not None:
                self._stamped[line] = (label, stamp)
        return result

    def _check_frame(
        self,
        lines: list[bytes],
        rejected: list[Rejected],
        done: dict[int, tuple[_Checked, ...]] | None = None,
    ) -> tuple[Mode, dict[str, Value], dict[str, datetime]] | None:
        """The frame's mode, values and timestamps; None when no group passed.

        Fast path: every line is one group of the current mode (the usual
        frame: the lines of the last frames but for a few new values, checked
        here). It gives what the general path gives for such a frame, which
        takes over, without checking a line twice, as soon as one is not.
        """
        if (  # between frames: bounded memory
            len(self._cache) >= _CACHE_SIZE
            or len(self._pairs[Mode.HISTORIC]) >= _CACHE_SIZE
            or len(self._pairs[Mode.STANDARD]) >= _CACHE_SIZE
        ):
            self._cache.clear()
            for cached in self._pairs.values():
                cached.clear()
            self._stamped.clear()
        mode = self._mode
        if done is None:
            done = {}
        if mode is None:
            return self._check_lines(lines, rejected, done)
        pairs = list(map(self._pairs[mode].get, lines))
        if not all(pairs):
            dropped = False
            n = 0
            known = self._pairs[mode]
            fixed = self._fixed_mode
            for _ in range(pairs.count(None)):
                n = pairs.index(None, n)
                line = lines[n]
                number = quick_number(line[:-1], fixed) if line[-1:] == b"\r" else None
                if number is not None and number[0] is mode:
                    # The usual new line: an index, a current, a power.
                    pairs[n] = known[line] = (number[1], number[2])
                    n += 1
                    continue
                entries = done.get(n)
                if entries is None:
                    entries = self._cache.get(line)
                if entries is None:
                    entries = self._check_raw(line, rejected)
                done[n] = entries
                if len(entries) == 1 and entries[0][0] is mode:
                    pairs[n] = (entries[0][1], entries[0][2])
                elif entries:
                    return self._check_lines(lines, rejected, done)
                else:
                    dropped = True  # a rejected or blank line
                n += 1
            if dropped:
                pairs = [pair for pair in pairs if pair is not None]
                if not pairs:
                    return None
        values = dict(cast("list[tuple[str, Value]]", pairs))
        timestamps: dict[str, datetime] = {}
        if self._stamped:
            stamped = map(self._stamped.get, lines)
            timestamps = dict(stamp for stamp in stamped if stamp is not None)
        return mode, values, timestamps

    def _check_lines(
        self,
        lines: list[bytes],
        rejected: list[Rejected],
        done: dict[int, tuple[_Checked, ...]],
    ) -> tuple[Mode, dict[str, Value], dict[str, datetime]] | None:
        """The general path of ``_check_frame``: any lines, any modes.

        ``done`` holds the lines (by index) the fast path already checked.
        """
        values: dict[str, Value] = {}
        timestamps: dict[str, datetime] = {}
        checked_lines: list[_Checked] = []
        cache = self._cache
        mode: Mode | None = None
        mixed = False
        for n, line in enumerate(lines):
            entries = done.get(n) if done else None
            if entries is None:
                entries = cache.get(line)
            if entries is None:
                entries = self._check_raw(line, rejected)
            for checked in entries:
                checked_lines.append(checked)
                if checked[0] is not mode:
                    if mode is None:
                        mode = checked[0]
                    else:
                        mixed = True
                values[checked[1]] = checked[2]
                if checked[3] is not None:
                    timestamps[checked[1]] = checked[3]
        if mode is None:
            return None
        if mixed:
            mode = self._majority_mode(checked_lines, rejected)
            values.clear()
            timestamps.clear()
            for group_mode, label, value, stamp in checked_lines:
                if group_mode is mode:
                    values[label] = value
                    if stamp is not None:
                        timestamps[label] = stamp
        return mode, values, timestamps

    def _decode(self, frame: RawFrame) -> Reading | None:
        now = self._clock()
        rejected: list[Rejected] = []
        lines = frame.lines
        if lines and not lines[0]:
            lines = lines[1:]  # the LF after STX
        done = None
        base = self._base
        if base is not None and self.replay:
            replayed = self._replay(base, lines, now, rejected)
            if isinstance(replayed, Reading):
                return replayed
            done = replayed
        self._base = None
        checked = self._check_frame(lines, rejected, done)
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
        reading_phases = self._phases_of(mode, values)
        if self._guard is not None:
            guard_rejections = self._guard.check(values, mode, reading_phases, now)
            self.counters.implausible_values += len(guard_rejections)
            rejected += guard_rejections
        self.counters.groups_ok += len(values)
        self.counters.frames += 1
        reading = build_reading(
            mode,
            meter_id,
            now,
            values,
            timestamps,
            rejected=rejected,
            phases=reading_phases,
        )
        if not rejected and len(values) == len(lines):
            self._base = self._new_base(mode, lines, values, timestamps, reading)
        return reading

    def _new_base(
        self,
        mode: Mode,
        lines: list[bytes],
        values: dict[str, Value],
        timestamps: dict[str, datetime],
        reading: Reading,
    ) -> _Base | None:
        """The replay base of a frame whose every line is one group that passed."""
        pairs = list(map(self._pairs[mode].get, lines))
        if not all(pairs):  # a line held several groups (and another none)
            return None
        labels = [pair[0] for pair in cast("list[tuple[str, Value]]", pairs)]
        kinds = list(map(_KINDS[mode].__getitem__, labels))
        samples: list[_Sample] = []
        resets = 0
        if self._guard is not None:
            samples = self._guard.replay_samples(values, mode)
            resets = self._guard.resets
        template = reading_template(reading)
        return _Base(
            mode, lines, labels, kinds, values, timestamps, template, samples, resets
        )

    def _replay(
        self, base: _Base, lines: list[bytes], now: float, rejected: list[Rejected]
    ) -> Reading | dict[int, tuple[_Checked, ...]]:
        """The replay path: a frame like the last one but for a few values.

        When every line is the last frame's line, or a valid group of the same
        label whose value no derived field reads (an index, a current, a
        power, the date...), the frame decodes to the last frame's Reading with
        those values: the groups that changed are checked (and the guard's
        rules applied to them) and everything else is taken from the last
        frame. Otherwise it returns the lines it checked (by index), for the
        general path to go on from without checking a line twice.
        """
        done: dict[int, tuple[_Checked, ...]] = {}
        guard = self._guard
        if len(lines) != len(base.lines) or (
            guard is not None and guard.resets != base.resets
        ):
            return done
        mode = base.mode
        known = self._pairs[mode]
        labels = base.labels
        kinds = base.kinds
        values = base.values.copy()
        timestamps: dict[str, datetime] | None = None
        indexes: list[str] = []
        # The lines that differ from the last frame's (same count: checked).
        for n in compress(range(len(lines)), map(ne, lines, base.lines, strict=False)):
            kind = kinds[n]
            if kind is _Kind.FIXED:
                return done
            line = lines[n]
            pair = known.get(line)
            if pair is None:
                number = (
                    quick_number(line[:-1], self._fixed_mode)
                    if line[-1:] == b"\r"
                    else None
                )
                if number is not None and number[0] is mode:
                    pair = (number[1], number[2])
                else:
                    entries = self._cache.get(line)
                    if entries is None:
                        entries = self._check_raw(line, rejected)
                    done[n] = entries
                    if len(entries) != 1 or entries[0][0] is not mode:
                        return done
                    pair = (entries[0][1], entries[0][2])
            label = pair[0]
            if label != labels[n]:
                return done
            values[label] = pair[1]
            if kind is _Kind.INDEX:
                indexes.append(label)
            elif kind is _Kind.STAMPED:
                stamp = self._stamped.get(line)
                if stamp is None:  # pragma: no cover (checked lines are stored)
                    return done
                if timestamps is None:
                    timestamps = base.timestamps.copy()
                timestamps[label] = stamp[1]
        if rejected:  # a line held a valid group and a rejected one
            return done
        if guard is not None:
            guard_rejections = guard.check_replay(values, indexes, base.samples, now)
            if guard_rejections:
                self.counters.implausible_values += len(guard_rejections)
                rejected += guard_rejections
        self._new_meter_id = None  # as _attribute() does for the same meter id
        self.counters.groups_ok += len(values)
        self.counters.frames += 1
        self._replays += 1
        template = base.template
        if timestamps is not None:
            template["timestamps"] = MappingProxyType(timestamps)
            template["date"] = timestamps.get("DATE")
            base.timestamps = timestamps
        reading = replay_reading(template, now, values, rejected)
        if rejected:
            self._base = None
        else:
            base.lines = lines
            base.values = values
        return reading

    def _phases_of(self, mode: Mode, values: dict[str, Value]) -> int:
        """1 or 3, from the frame when it tells, else as last told.

        A frame cut short (dump edges, a lost ETX) lacks the labels that tell
        single from three-phase; it keeps the count the last whole frame gave.
        """
        if mode is Mode.HISTORIC:
            three = not _HISTORIC_THREE_PHASE.isdisjoint(values)
            single = "IINST" in values
        else:
            three = not _STANDARD_THREE_PHASE.isdisjoint(values)
            single = "URMS1" in values and "SINSTS" in values
        if three:
            self._phases = 3
        elif single:
            self._phases = 1
        return self._phases

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
