"""Hourly energy series and how a past one joins ours (no Home Assistant here).

A series is the recorder's hourly rows of an energy index: ``start`` (UTC, top of
the hour), ``sum`` (energy counted since the series began) and ``state`` (the
index at the end of the hour, when known). The Energy dashboard shows the
difference of two consecutive sums, and the first row's own sum as its hour
(the recorder's convention: no row before means a sum of 0 before).

Carrying a past series (another integration's, or built from an Enedis export)
over onto one of our indexes:

- only the hours before the first hour of our own statistics are taken: an
  hour we have is ours (``overlap="drop"``), or a file that reaches from before
  our first hour into it is refused (``overlap="refuse"``); a file wholly in
  what we have plans nothing (imported before);
- values are converted to our statistics' unit (Wh, kWh, MWh);
- the past hours are re-based to start from their first hour's own energy, and
  our own sums are moved up by the past total (``Plan.adjustment``): every hour
  keeps its energy, the sums never go down, and the first hour of all shows
  its own energy, not a whole index;
- the junction hour (our first) gets the part before our first reading from
  the past series: its whole hour when the past series has it, else the index
  difference between the past series' last state and our first reading when the
  two follow each other and the difference is plausible;
- a past hour whose sum went down counts 0 (never a negative hour).

Everything is computed again from the database each time: once imported, the
past hours are the target's first hours, nothing is left before them, and a
second run plans nothing (idempotent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

HOUR: Final = timedelta(hours=1)
#: Wh in one of each unit the recorder stores energy in.
ENERGY_UNITS: Final[Mapping[str, float]] = {"Wh": 1.0, "kWh": 1_000.0, "MWh": 1e6}
#: The most a Linky meter can count in an hour (36 kVA, the largest subscription).
MAX_HOUR_WH: Final = 36_000.0


class HistoryError(ValueError):
    """A history that cannot be imported; ``key`` names the translated reason."""

    def __init__(self, key: str, message: str, **placeholders: str) -> None:
        """``message`` is for logs; ``placeholders`` fill the translated text."""
        super().__init__(message)
        self.key = key
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True)
class Hour:
    """One hourly statistics row."""

    start: datetime
    sum: float
    state: float | None = None


def unit_factor(unit: str | None) -> float:
    """Wh in one ``unit``; an energy unit we do not know is refused."""
    if unit is None or unit not in ENERGY_UNITS:
        raise HistoryError(
            "not_energy", f"not an energy unit: {unit!r}", unit=str(unit)
        )
    return ENERGY_UNITS[unit]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``."""
    return value * unit_factor(from_unit) / unit_factor(to_unit)


def hourly_energy(rows: Sequence[Hour], unit: str) -> list[tuple[datetime, float]]:
    """Each row's energy in Wh: the difference of sums (0 when it went down).

    The first row counts its own sum when it is a plausible hour (a series the
    recorder compiled), else 0 (a series imported with an arbitrary base).
    """
    factor = unit_factor(unit)
    energies: list[tuple[datetime, float]] = []
    previous: float | None = None
    for row in rows:
        if previous is None:
            first = row.sum * factor
            energy = first if 0.0 <= first <= MAX_HOUR_WH else 0.0
        else:
            energy = (row.sum - previous) * factor
        energies.append((row.start, energy))
        previous = row.sum
    return energies


def rows_from_energy(
    energies: Iterable[tuple[datetime, float]],
    unit: str,
    states: Mapping[datetime, float] | None = None,
) -> list[Hour]:
    """Hourly rows whose sums add up ``energies`` (Wh) from the first hour's own energy."""
    factor = unit_factor(unit)
    total = 0.0
    rows: list[Hour] = []
    for start, energy in energies:
        total += max(energy, 0.0) / factor
        state = None if states is None else states.get(start)
        rows.append(Hour(start, total, state))
    return rows


@dataclass(frozen=True, slots=True)
class Junction:
    """Where the past series meets ours (energies in Wh)."""

    start: datetime  # our first hour
    own: float  # its energy before the import (the Energy panel's figure)
    added: float  # the part before our first reading, from the past series
    last_past_start: datetime | None  # the last past hour imported
    last_past_energy: float | None


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import writes: rows before our first hour, and our sums' shift."""

    unit: str  # the target's statistics unit: rows and adjustment are in it
    rows: tuple[Hour, ...]
    adjustment: float
    junction: Junction
    energy_wh: float  # of the imported hours
    overlapping: int  # past hours left out: we have our own
    negative: int  # past hours that went down, imported as 0

    @property
    def empty(self) -> bool:
        """Nothing to write (already imported, or nothing before our first hour)."""
        return not self.rows

    def summary(self) -> dict[str, object]:
        """What the dry run shows (energies in kWh, times in UTC ISO format)."""
        junction = self.junction
        return {
            "hours": len(self.rows),
            "first": self.rows[0].start.isoformat() if self.rows else None,
            "last": self.rows[-1].start.isoformat() if self.rows else None,
            "energy_kwh": round(self.energy_wh / 1000, 3),
            "overlapping_hours_kept_ours": self.overlapping,
            "negative_hours_set_to_zero": self.negative,
            "junction": {
                "last_imported_hour": (
                    junction.last_past_start.isoformat()
                    if junction.last_past_start
                    else None
                ),
                "last_imported_kwh": (
                    None
                    if junction.last_past_energy is None
                    else round(junction.last_past_energy / 1000, 3)
                ),
                "first_own_hour": junction.start.isoformat(),
                "first_own_kwh_before": round(junction.own / 1000, 3),
                "first_own_kwh_after": round((junction.own + junction.added) / 1000, 3),
            },
            "sum_adjustment": round(self.adjustment, 6),
            "unit": self.unit,
        }


def plan_import(
    past: Sequence[Hour],
    past_unit: str,
    target_first: Hour,
    target_unit: str,
    *,
    overlap: Literal["drop", "refuse"] = "drop",
) -> Plan:
    """Plan carrying ``past`` over before ``target_first``, our first hourly row.

    ``past`` is sorted by start, one row per hour, sums in ``past_unit``.
    """
    to_target = unit_factor(past_unit) / unit_factor(target_unit)
    junction_start = target_first.start
    energies = hourly_energy(past, past_unit)
    paired = [(row, e) for row, (_, e) in zip(past, energies, strict=True)]
    kept = [(row, e) for row, e in paired if row.start < junction_start]
    overlapping = len(paired) - len(kept)
    if overlapping and kept and overlap == "refuse":
        first_overlap = next(row for row, _ in paired if row.start >= junction_start)
        raise HistoryError(
            "overlap",
            f"the file reaches {first_overlap.start.isoformat()}, "
            f"our statistics start at {junction_start.isoformat()}",
            start=junction_start.isoformat(),
        )
    own_wh = target_first.sum * unit_factor(target_unit)
    negative = sum(1 for _, e in kept if e < 0)
    rows = rows_from_energy(
        [(row.start, e) for row, e in kept],
        target_unit,
        {row.start: row.state * to_target for row, _ in kept if row.state is not None},
    )
    if not rows:
        return Plan(
            unit=target_unit,
            rows=(),
            adjustment=0.0,
            junction=Junction(junction_start, own_wh, 0.0, None, None),
            energy_wh=0.0,
            overlapping=overlapping,
            negative=0,
        )
    added = _junction_added(paired, kept[-1][0], past_unit, target_first, target_unit)
    last_row, last_energy = kept[-1]
    total = rows[-1].sum
    return Plan(
        unit=target_unit,
        rows=tuple(rows),
        adjustment=total + added / unit_factor(target_unit),
        junction=Junction(
            junction_start, own_wh, added, last_row.start, max(last_energy, 0.0)
        ),
        energy_wh=total * unit_factor(target_unit),
        overlapping=overlapping,
        negative=negative,
    )


def _junction_added(
    past: list[tuple[Hour, float]],
    last: Hour,
    past_unit: str,
    target_first: Hour,
    target_unit: str,
) -> float:
    """Energy (Wh) of our first hour before our first reading, known from the past."""
    own_wh = target_first.sum * unit_factor(target_unit)
    for row, energy in past:
        if row.start == target_first.start:  # the past series has the whole hour
            return min(max(energy - own_wh, 0.0), MAX_HOUR_WH)
    if (
        last.start + HOUR != target_first.start
        or last.state is None
        or target_first.state is None
    ):
        return 0.0
    # Both are the meter's index: ours when we first read it, the past one an hour before.
    first_reading_wh = (target_first.state - target_first.sum) * unit_factor(
        target_unit
    )
    difference = first_reading_wh - last.state * unit_factor(past_unit)
    return difference if 0.0 <= difference <= MAX_HOUR_WH else 0.0
