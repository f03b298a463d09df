"""Standard-mode timestamps ("horodates"): ``SYYMMDDhhmmss`` in Europe/Paris.

``S`` is the season: ``E`` summer (UTC+2), ``H`` winter (UTC+1), in lower
case when the meter's clock is degraded, or a space (DPM/FPM groups). The
datetime is built in the Europe/Paris zone; the season letter only picks the
right side of the repeated hour when clocks go back (``fold``).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

_SEASONS = frozenset("EeHh ")


def parse_horodate(text: str) -> datetime | None:
    """The aware datetime of a horodate, or None when it is not one."""
    if len(text) != 13 or text[0] not in _SEASONS or not text[1:].isdigit():
        return None
    # isdigit() accepts non-ASCII digits; TIC data is 7-bit, so this is safe.
    try:
        return datetime(
            2000 + int(text[1:3]),
            int(text[3:5]),
            int(text[5:7]),
            int(text[7:9]),
            int(text[9:11]),
            int(text[11:13]),
            tzinfo=PARIS,
            fold=1 if text[0] in "Hh" else 0,
        )
    except ValueError:
        return None
