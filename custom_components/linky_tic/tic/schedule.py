"""PJOURF+1 / PPOINTE day profiles: up to 11 blocks ``HHMMSSSS`` or ``NONUTILE``.

``HHMM`` is the switch time, ``SSSS`` the action word in hex (bits 0-3: the
1-based supplier index, then relays ...). ``NONUTILE`` marks an unused slot.
"""

from __future__ import annotations

from .model import DaySchedule, SchedulePoint

UNUSED = "NONUTILE"


def parse_schedule(text: str) -> DaySchedule:
    """Decode a day profile; raises ValueError on a malformed block."""
    points: list[SchedulePoint] = []
    for block in text.split():
        if block == UNUSED:
            continue
        if len(block) != 8 or not block[:4].isdigit():
            raise ValueError(f"bad schedule block {block!r}")
        hour, minute = int(block[:2]), int(block[2:4])
        if hour > 23 or minute > 59:
            raise ValueError(f"bad schedule time {block!r}")
        points.append(SchedulePoint(hour, minute, int(block[4:], 16)))
    return DaySchedule(tuple(points))
