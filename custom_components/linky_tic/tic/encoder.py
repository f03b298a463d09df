"""Build TIC groups and frames: the exact inverse of ``groups`` and ``framer``.

Used by the simulator and by the round-trip tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from .groups import checksum
from .model import Mode

STX = b"\x02"
ETX = b"\x03"
EOT = b"\x04"
LF = b"\n"
CR = b"\r"
SEPARATOR = {Mode.HISTORIC: b" ", Mode.STANDARD: b"\t"}


def encode_group(
    mode: Mode, label: str, data: str, timestamp: str | None = None
) -> bytes:
    """Encode one group, ``LF label SEP [timestamp SEP] data SEP checksum CR``.

    ``timestamp`` is the standard-mode horodate as sent (season letter and
    ``YYMMDDhhmmss``). Historic checksums exclude the last separator, standard
    checksums include it.
    """
    sep = SEPARATOR[mode]
    parts = [label.encode("ascii")]
    if timestamp is not None:
        if mode is Mode.HISTORIC:
            raise ValueError("historic groups carry no timestamp")
        parts.append(timestamp.encode("ascii"))
    parts.append(data.encode("ascii"))
    body = sep.join(parts)
    summed = body + sep if mode is Mode.STANDARD else body
    return LF + body + sep + bytes((checksum(summed),)) + CR


def encode_frame(
    mode: Mode, groups: Iterable[tuple[str, str] | tuple[str, str, str | None]]
) -> bytes:
    """Encode a whole frame ``STX groups ETX`` from (label, data[, timestamp])."""
    encoded = b"".join(encode_group(mode, *group) for group in groups)
    return STX + encoded + ETX
