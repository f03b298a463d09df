"""Enedis customer-area exports built from their documented layouts (tests and bench).

The load curve: a ``Identifiant PRM;…`` block, then ``Horodate;Valeur`` with the
average power (W) of the step that ENDS at each timestamp, written with its
UTC offset (local time, Europe/Paris). The daily indexes: the same block, then
``Horodate;Type de releve;EAS F1;…;EAS F10;EAS D1;…;EAS D4;EAS T`` in Wh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
PRM = "12345678901234"
_BLOCK = (
    "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
    "Grandeur metier;Etape metier;Unite;Pas en minutes"
)
DAILY_COLUMNS = (
    *(f"EAS F{n}" for n in range(1, 11)),
    *(f"EAS D{n}" for n in range(1, 5)),
    "EAS T",
)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(PARIS).isoformat()


def load_curve(
    points: Sequence[tuple[datetime, float | None]],
    *,
    prm: str = PRM,
    bom: bool = True,
    step_min: int = 30,
) -> bytes:
    """A load-curve file: one ``(end of step, average W or None)`` per line."""
    first, last = points[0][0], points[-1][0]
    lines = [
        _BLOCK,
        (
            f"{prm};Courbe de charge;{first.date()};{last.date()};Energie active;"
            f"Consommation;Comptage Brut;W;{step_min}"
        ),
        "Horodate;Valeur",
        *(
            f"{_stamp(end)};{'' if watts is None else f'{watts:g}'}"
            for end, watts in points
        ),
    ]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def steps(
    start: datetime,
    end: datetime,
    step_min: int,
    watts: Callable[[datetime], float | None],
) -> list[tuple[datetime, float | None]]:
    """Steps ending after ``start`` up to ``end`` (UTC arithmetic: DST-proof)."""
    points = []
    moment = start.astimezone(UTC)  # aware arithmetic in PARIS would be wall-clock
    while moment < end:
        moment += timedelta(minutes=step_min)
        points.append((moment, watts(moment)))
    return points


def daily_index(
    rows: Sequence[tuple[datetime, Mapping[str, int | None]]],
    *,
    prm: str = PRM,
) -> bytes:
    """A daily-index file: ``(instant, {column: Wh})`` per line (others empty)."""
    lines = [
        _BLOCK,
        (
            f"{prm};Index;{rows[0][0].date()};{rows[-1][0].date()};Energie active;"
            "Consommation;Comptage Brut;Wh;"
        ),
        "Horodate;Type de releve;" + ";".join(DAILY_COLUMNS),
        *(
            f"{_stamp(moment)};Arrêté quotidien;"
            + ";".join(
                "" if values.get(c) is None else str(values[c]) for c in DAILY_COLUMNS
            )
            for moment, values in rows
        ),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
