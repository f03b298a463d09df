"""Tell historic, standard or "not TIC" from a few seconds of bytes.

The config flow reads the port at 1200 baud, then at 9600 baud, and asks
``detect_mode`` each time. Bytes read at the wrong rate are garbage: no group
passes its checksum. Read at the right rate, most groups pass and their
closing separator (SP or HT) names the mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .framer import strip_parity
from .groups import GroupError, parse_group
from .model import BAUDRATE, Mode

#: Groups needed for full confidence (a historic frame holds about 12).
_ENOUGH_GROUPS = 6
_LINE_BREAKS = re.compile(rb"[\r\n\x02\x03\x04]")


@dataclass(frozen=True, slots=True)
class Detection:
    """What the bytes look like, how sure we are (0..1), and why."""

    mode: Mode | None
    confidence: float
    reason: str


def detect_mode(data: bytes, baudrate: int) -> Detection:
    """Classify bytes read at ``baudrate``."""
    lines = [line for line in _LINE_BREAKS.split(strip_parity(data)) if line]
    valid = {Mode.HISTORIC: 0, Mode.STANDARD: 0}
    for line in lines:
        try:
            group = parse_group(line, None)
        except GroupError:
            continue
        valid[group.mode] += 1
    best = max(valid, key=lambda mode: valid[mode])
    count = valid[best]
    if count == 0:
        if not data:
            return Detection(None, 0.0, f"no bytes at {baudrate} baud")
        sure = min(1.0, len(data) / 200)
        return Detection(
            None,
            round(sure, 2),
            f"{len(data)} bytes at {baudrate} baud, no valid TIC group",
        )
    share = count / len(lines)
    confidence = share * min(1.0, count / _ENOUGH_GROUPS)
    reason = f"{count} of {len(lines)} groups valid in {best.value} mode"
    if BAUDRATE[best] != baudrate:
        confidence /= 2
        reason += f" (but {best.value} mode is sent at {BAUDRATE[best]} baud)"
    return Detection(best, round(confidence, 2), reason)
