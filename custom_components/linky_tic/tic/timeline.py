"""A capture as a timeline: what the meter said frame by frame, and what happened.

``timeline(data)`` decodes a capture (as the decode command reads a file: one
frame every ``period`` seconds) into one ``Sample`` per reading - apparent
power (total and per phase when sent), the active power the integration
derives from the energy index, currents and voltages - and the ``Event``
list: tariff period changes, overloads, groups or values rejected (with the
reason), mode changes. ``profile`` turns it into a Firefox Profiler file,
``write_csv`` into a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO

from .active_power import ActivePowerEstimator, total_consumption_wh
from .decoder import NOMINAL_FRAME_PERIOD, Decoder, FrameClock
from .model import WITHHELD, Mode, Reading, TariffPeriod

PHASES = (1, 2, 3)
#: Per mode: the labels of the apparent power, of each phase's apparent
#: power, current and voltage (single-phase meters send the unnumbered ones).
_APPARENT = {Mode.HISTORIC: "PAPP", Mode.STANDARD: "SINSTS"}
_PHASE_APPARENT = {Mode.HISTORIC: None, Mode.STANDARD: "SINSTS{}"}
_CURRENT = {Mode.HISTORIC: ("IINST", "IINST{}"), Mode.STANDARD: ("IRMS1", "IRMS{}")}
_VOLTAGE = {Mode.HISTORIC: None, Mode.STANDARD: "URMS{}"}


class EventKind(StrEnum):
    """What an ``Event`` tells."""

    PERIOD = "period"  # the tariff period counting from now on
    OVERLOAD = "overload"  # the meter reports an overload (ADPS/ADIR, STGE bit 7)
    REJECTED = "rejected"  # a group or a value was not let through
    MODE = "mode"  # the meter sends in another mode


@dataclass(frozen=True, slots=True)
class Sample:
    """One reading's values on the timeline (None: not sent in that frame)."""

    time_s: float
    apparent_va: int | None
    apparent_phase_va: tuple[int | None, ...]  # phases 1-3
    active_w: float | None
    current_a: tuple[int | None, ...]  # phases 1-3
    voltage_v: tuple[int | None, ...]  # phases 1-3
    period: TariffPeriod | None
    index_wh: int | None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at ``time_s``; ``end_s`` for what lasts (a period)."""

    kind: EventKind
    time_s: float
    end_s: float | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Timeline:
    """The samples and events of a capture, in time order."""

    period_s: float
    samples: list[Sample] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    start_epoch_ms: float = 0.0  # wall time of time 0 (from DATE when sent)
    meter_model: str | None = None
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def end_s(self) -> float:
        """The time of the last sample (0 without any)."""
        return self.samples[-1].time_s if self.samples else 0.0


def _int(reading: Reading, label: str | None) -> int | None:
    value = reading.values.get(label) if label else None
    return value if isinstance(value, int) else None


def _phases(reading: Reading, pattern: str | None) -> tuple[int | None, ...]:
    if pattern is None:
        return (None, None, None)
    return tuple(_int(reading, pattern.format(phase)) for phase in PHASES)


def _sample(reading: Reading, active_w: float | None, index_wh: int | None) -> Sample:
    mode = reading.mode
    single, numbered = _CURRENT[mode]
    current = _phases(reading, numbered)
    if reading.phases == 1 or current == (None, None, None):
        current = (_int(reading, single), None, None)
    return Sample(
        time_s=reading.received_at,
        apparent_va=_int(reading, _APPARENT[mode]),
        apparent_phase_va=(
            _phases(reading, _PHASE_APPARENT[mode])
            if reading.phases == 3
            else (None, None, None)
        ),
        active_w=active_w,
        current_a=current,
        voltage_v=_phases(reading, _VOLTAGE[mode]),
        period=reading.period,
        index_wh=index_wh,
    )


class _Builder:
    """Turns readings into samples and events, one at a time."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.power = ActivePowerEstimator()
        self.mode: Mode | None = None
        self.period: tuple[float, TariffPeriod | None, str] | None = None
        self.overload_since: float | None = None

    def add(self, reading: Reading, decoder: Decoder) -> None:
        now = reading.received_at
        events = self.timeline.events
        if self.mode is not None and reading.mode is not self.mode:
            events.append(
                Event(
                    EventKind.MODE, now, fields={"from": self.mode, "to": reading.mode}
                )
            )
            self.power.reset()  # as the coordinator does on a mode change
        self.mode = reading.mode
        guard = decoder.guard
        max_power = (
            None if guard is None else guard.max_power_w(reading.mode, reading.phases)
        )
        active = self.power.update_reading(reading, None, max_power)
        sample = _sample(reading, active, total_consumption_wh(reading, None))
        self.timeline.samples.append(sample)
        self._period(reading, now)
        if reading.overload and self.overload_since is None:
            self.overload_since = now
        elif not reading.overload and self.overload_since is not None:
            self._end_overload(now)
        events.extend(
            Event(
                EventKind.REJECTED,
                now,
                fields={"label": item.label, "reason": item.reason.value},
            )
            for item in reading.rejected
            if item.reason not in WITHHELD  # waiting for confirmation: not wrong
        )
        if self.timeline.meter_model is None and reading.meter is not None:
            self.timeline.meter_model = reading.meter.model
        if not self.timeline.start_epoch_ms and reading.date is not None:
            self.timeline.start_epoch_ms = reading.date.timestamp() * 1000 - now * 1000

    def _period(self, reading: Reading, now: float) -> None:
        sent = str(reading.values.get("PTEC") or reading.values.get("LTARF") or "")
        if reading.period is None:
            return  # the frame lacks it (a rejected PTEC, NTARF...): no change
        if (
            self.period is not None
            and self.period[1] is reading.period
            and sent in {"", self.period[2]}
        ):
            return  # the same period (its text missing from this frame)
        self._end_period(now)
        self.period = (now, reading.period, sent)

    def _end_period(self, now: float) -> None:
        if self.period is None:
            return
        start, period, sent = self.period
        name = period.value if period is not None else "unknown"
        self.timeline.events.append(
            Event(EventKind.PERIOD, start, now, {"period": name, "sent": sent})
        )
        self.period = None

    def _end_overload(self, now: float) -> None:
        if self.overload_since is not None:
            self.timeline.events.append(
                Event(EventKind.OVERLOAD, self.overload_since, now)
            )
            self.overload_since = None

    def finish(self) -> None:
        end = self.timeline.end_s
        self._end_period(end)
        self._end_overload(end)
        self.timeline.events.sort(key=lambda event: event.time_s)


def timeline(
    chunks: Iterable[bytes],
    *,
    mode: Mode | None = None,
    period: float = NOMINAL_FRAME_PERIOD,
) -> Timeline:
    """Decode a capture into its timeline (frames ``period`` seconds apart)."""
    decoder = Decoder(mode, clock=FrameClock(period))
    result = Timeline(period_s=period)
    builder = _Builder(result)
    for chunk in chunks:
        for reading in decoder.feed(chunk):
            builder.add(reading, decoder)
    for reading in decoder.flush():
        builder.add(reading, decoder)
    builder.finish()
    result.counters = decoder.counters.as_dict()
    return result


def write_csv(line: Timeline, out: IO[str]) -> None:
    """The samples as CSV, one row per frame; columns a capture never fills are left out.

    ``rejected`` lists the frame's rejections as ``LABEL:reason`` separated by
    spaces.
    """
    rejected: dict[float, list[str]] = {}
    for event in line.events:
        if event.kind is EventKind.REJECTED:
            text = f"{event.fields['label']}:{event.fields['reason']}"
            rejected.setdefault(event.time_s, []).append(text)
    columns: dict[str, list[object]] = {
        "time_s": [round(s.time_s, 3) for s in line.samples],
        "apparent_power_va": [s.apparent_va for s in line.samples],
    }
    for n, phase in enumerate(PHASES):
        columns[f"apparent_power_l{phase}_va"] = [
            s.apparent_phase_va[n] for s in line.samples
        ]
    columns["active_power_w"] = [
        None if s.active_w is None else round(s.active_w, 1) for s in line.samples
    ]
    for n, phase in enumerate(PHASES):
        columns[f"current_l{phase}_a"] = [s.current_a[n] for s in line.samples]
    for n, phase in enumerate(PHASES):
        columns[f"voltage_l{phase}_v"] = [s.voltage_v[n] for s in line.samples]
    columns["index_wh"] = [s.index_wh for s in line.samples]
    columns["tariff_period"] = [s.period for s in line.samples]
    columns["rejected"] = [" ".join(rejected.get(s.time_s, ())) for s in line.samples]
    kept = {
        name: values
        for name, values in columns.items()
        if name in {"time_s", "tariff_period", "rejected"}
        or any(value is not None for value in values)
    }
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(kept)
    for row in zip(*kept.values(), strict=True):
        writer.writerow("" if value is None else value for value in row)
