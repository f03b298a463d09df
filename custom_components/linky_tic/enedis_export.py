"""The Enedis customer area's CSV exports, read into energy intervals (no HA here).

Two exports are read, both ``;``-separated, UTF-8 with or without a BOM:

- the load curve: a block ``Identifiant PRM;Type de donnees;…`` and its line of
  values (the PRM first), then ``Horodate;Valeur``: the average power in W over
  the step that ENDS at the timestamp (ISO 8601 with its UTC offset). The step
  (10, 30 or 60 min) is read from the gaps between timestamps, row by row: the
  smaller of the gaps before and after that is a known step, so a missing row
  never doubles the next one's energy. A value may be empty (its step is
  unknown energy: left out and counted);
- the daily indexes: ``Horodate;Type de releve;EAS F1;…;EAS F10;EAS D1;…;EAS T``,
  cumulative Wh per supplier index (``EAS Fnn``, the TIC's ``EASFnn``) and in
  total (``EAS T``). The energy between two readings is their difference, spread
  evenly over the hours between them (the file says nothing finer).

Working in UTC makes the daylight-saving days plain: October's repeated hour
comes twice with two offsets, March's missing hour never comes. Where the
intervals go (which index of ours, which hour) is ``enedis_energy``'s job.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from .history_series import HistoryError
from .identifiers import mask_identifier

#: The steps a load curve can have (minutes).
STEPS_MIN: Final = (10, 15, 30, 60)
TOTAL: Final = "total"  # the load curve's only column
EAS_TOTAL: Final = "EAS T"
_SUPPLIER = re.compile(r"EAS F(\d{1,2})")


class ExportKind(StrEnum):
    """Which export a file is."""

    LOAD_CURVE = "load_curve"
    DAILY_INDEX = "daily_index"


@dataclass(frozen=True, slots=True)
class Interval:
    """Energy counted between two instants (UTC)."""

    start: datetime
    end: datetime
    wh: float


@dataclass(frozen=True, slots=True)
class Export:
    """What a file holds: energy intervals per column."""

    kind: ExportKind
    prm: str | None
    columns: Mapping[str, tuple[Interval, ...]]
    empty_values: int
    steps_min: tuple[int, ...]  # the load curve's steps (a daily file: ())

    @property
    def first(self) -> datetime:
        """The start of the first interval of any column."""
        return min(c[0].start for c in self.columns.values() if c)

    @property
    def last(self) -> datetime:
        """The end of the last interval of any column."""
        return max(c[-1].end for c in self.columns.values() if c)


def supplier_index(column: str) -> int | None:
    """``EAS F3`` -> 3 (the TIC's EASF03); other columns -> None."""
    match = _SUPPLIER.fullmatch(column)
    return int(match.group(1)) if match else None


def _decode(data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # a file re-saved by a spreadsheet
    return text.splitlines()


def _fields(line: str) -> list[str]:
    return [field.strip().strip('"') for field in line.split(";")]


def _instant(text: str, number: int) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise HistoryError(
            "bad_line",
            f"line {number}: not a timestamp: {text!r}",
            line=str(number),
        ) from None
    if instant.utcoffset() is None:
        raise HistoryError(
            "bad_line",
            f"line {number}: a timestamp without its UTC offset: {text!r}",
            line=str(number),
        )
    return instant.astimezone(UTC)


def _number(text: str, number: int) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise HistoryError(
            "bad_line", f"line {number}: not a number: {text!r}", line=str(number)
        ) from None
    if not math.isfinite(value) or value < 0:
        raise HistoryError(
            "bad_line", f"line {number}: not a valid value: {text!r}", line=str(number)
        )
    return value


def parse(data: bytes) -> Export:
    """Read an export; anything else is refused (``HistoryError``)."""
    lines = _decode(data)
    prms: set[str] = set()
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    index = 0
    while index < len(lines):
        fields = _fields(lines[index])
        first = fields[0].lower()
        if first.startswith("identifiant prm"):
            if index + 1 < len(lines) and (value := _fields(lines[index + 1])[0]):
                prms.add(value)
            index += 2
            continue
        if first == "horodate":
            if header is not None and fields != header:
                raise HistoryError(
                    "not_enedis",
                    f"line {index + 1}: a second, different table",
                    line=str(index + 1),
                )
            header = fields
        elif header is not None and any(fields):
            rows.append((index + 1, fields))
        index += 1
    if len(prms) > 1:
        raise HistoryError("not_enedis", "several PRMs in one file", line="1")
    prm = next(iter(prms), None)
    if header is None or len(header) < 2:
        raise HistoryError(
            "not_enedis", "no 'Horodate;…' table: not an Enedis export", line="1"
        )
    if [h.lower() for h in header[:2]] == ["horodate", "valeur"]:
        return _load_curve(prm, rows)
    if header[1].lower().startswith("type de rel") and EAS_TOTAL in header:
        return _daily_index(prm, header, rows)
    raise HistoryError(
        "not_enedis",
        f"unknown table {';'.join(header)!r}: not an Enedis export",
        line="1",
    )


def _sorted_unique(
    points: list[tuple[datetime, int, list[str]]],
) -> list[tuple[datetime, int, list[str]]]:
    points.sort(key=lambda point: point[0])
    for (a, _, _), (b, number, _) in itertools.pairwise(points):
        if a == b:
            raise HistoryError(
                "bad_line",
                f"line {number}: the same instant twice ({b.isoformat()})",
                line=str(number),
            )
    return points


def _load_curve(prm: str | None, rows: list[tuple[int, list[str]]]) -> Export:
    points = _sorted_unique(
        [(_instant(fields[0], number), number, fields) for number, fields in rows]
    )
    if len(points) < 2:
        raise HistoryError("no_data", "fewer than two timestamps", line="1")
    ends = [end for end, _, _ in points]
    gaps = [int((b - a).total_seconds() // 60) for a, b in itertools.pairwise(ends)]
    known = [gap for gap in gaps if gap in STEPS_MIN]
    if not known:
        raise HistoryError("bad_step", "no gap of 10, 30 or 60 min", line="1")
    usual = Counter(known).most_common(1)[0][0]
    intervals: list[Interval] = []
    empty = 0
    steps: set[int] = set()
    for position, (end, number, fields) in enumerate(points):
        step = _step(gaps, position, usual)
        power = _number(fields[1] if len(fields) > 1 else "", number)
        if power is None:
            empty += 1
            continue
        steps.add(step)
        intervals.append(
            Interval(end - timedelta(minutes=step), end, power * step / 60.0)
        )
    for a, b in itertools.pairwise(intervals):
        if b.start < a.end:
            raise HistoryError(
                "bad_step",
                f"the steps ending at {a.end.isoformat()} and {b.end.isoformat()} overlap",
                line="1",
            )
    if not intervals:
        raise HistoryError("no_data", "every value is empty", line="1")
    return Export(
        ExportKind.LOAD_CURVE,
        prm,
        {TOTAL: tuple(intervals)},
        empty,
        tuple(sorted(steps)),
    )


def _step(gaps: list[int], position: int, usual: int) -> int:
    """The step (min) of the row at ``position``, whose end follows ``gaps[position - 1]``.

    The gap before a row is its step when a neighbouring gap confirms it (a
    change of step lasts); a lone gap is a missing row: the smaller known
    step around it is taken.
    """
    before = gaps[position - 1] if position > 0 else None
    earlier = gaps[position - 2] if position > 1 else None
    after = gaps[position] if position < len(gaps) else None
    if before in STEPS_MIN and before in {earlier, after}:
        return before
    around = [gap for gap in (before, after) if gap in STEPS_MIN]
    return min(around) if around else usual


def _daily_index(
    prm: str | None, header: list[str], rows: list[tuple[int, list[str]]]
) -> Export:
    points = _sorted_unique(
        [(_instant(fields[0], number), number, fields) for number, fields in rows]
    )
    wanted = [
        (position, name)
        for position, name in enumerate(header)
        if name == EAS_TOTAL or supplier_index(name) is not None
    ]
    columns: dict[str, list[Interval]] = {name: [] for _, name in wanted}
    empty = 0
    previous: dict[str, tuple[datetime, float]] = {}
    for instant, number, fields in points:
        for position, name in wanted:
            value = _number(fields[position] if position < len(fields) else "", number)
            if value is None:
                empty += 1
                continue
            if (before := previous.get(name)) is not None:
                if value < before[1]:
                    raise HistoryError(
                        "bad_line",
                        f"line {number}: {name} went down ({before[1]:.0f} -> {value:.0f} Wh)",
                        line=str(number),
                    )
                columns[name].append(Interval(before[0], instant, value - before[1]))
            previous[name] = (instant, value)
    kept = {name: tuple(intervals) for name, intervals in columns.items() if intervals}
    if not kept:
        raise HistoryError("no_data", "fewer than two readings of any index", line="1")
    return Export(ExportKind.DAILY_INDEX, prm, kept, empty, ())


def check_prm(export: Export, prm: str | None) -> None:
    """Refuse a file of another delivery point (when both say theirs)."""
    if prm is not None and export.prm is not None and export.prm != prm:
        raise HistoryError(
            "wrong_prm",
            "the file is for another delivery point",
            file_prm=mask_identifier(export.prm),
            prm=mask_identifier(prm),
        )
