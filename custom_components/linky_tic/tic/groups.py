"""One information group: ``label SEP [horodate SEP] data SEP checksum``.

Per Enedis: the checksum is the byte before CR, the closing separator the
byte before it, and the label runs up to the first separator; the data may
itself contain the separator and the checksum may be a space.

- historic (SP): checksum over label..data, the last SP excluded;
- standard (HT): checksum over label..the last HT included.

``parse_group`` takes the group without its LF/CR and with the parity bit
already stripped, and checks the checksum, the label (registry) and the data
format. Anything wrong raises a ``GroupError`` carrying the ``Rejection``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Mode, Rejection
from .registry import LABELS, LabelSpec

SP = 0x20
HT = 0x09

_MODE_OF_SEPARATOR = {SP: Mode.HISTORIC, HT: Mode.STANDARD}


class GroupError(ValueError):
    """A group that must not be used, and why."""

    def __init__(self, rejection: Rejection, label: str = "") -> None:
        """Record the reason and the label (as far as it could be read)."""
        super().__init__(f"{rejection.value}: {label!r}")
        self.rejection = rejection
        self.label = label


@dataclass(frozen=True, slots=True)
class Group:
    """A group that passed its checksum, its label and its format checks."""

    mode: Mode
    label: str
    data: str  # as sent, untrimmed
    horodate: str | None  # standard timestamped labels only
    spec: LabelSpec


def checksum(payload: bytes) -> int:
    """The TIC checksum byte of ``payload``."""
    return (sum(payload) & 0x3F) + 0x20


def expected_checksum(raw: bytes) -> int | None:
    """The checksum byte the group ``raw`` must end with, or None if it has no separator.

    The closing separator (``raw[-2]``) says the mode: historic sums up to the
    data (the separator excluded), standard includes it.
    """
    group_mode = separator_mode(raw)
    if group_mode is None:
        return None
    return checksum(raw[:-2] if group_mode is Mode.HISTORIC else raw[:-1])


def separator_mode(raw: bytes) -> Mode | None:
    """The mode a group's closing separator says, or None."""
    if len(raw) < 4:
        return None
    return _MODE_OF_SEPARATOR.get(raw[-2])


def readable_label(raw: bytes) -> str:
    """A best-effort label for a rejected group (for counters and logs)."""
    end = len(raw)
    for sep in (b" ", b"\t"):
        found = raw.find(sep)
        if 0 <= found < end:
            end = found
    text = raw[: min(end, 16)].decode("ascii", "replace")
    return "".join(c if c.isprintable() else "?" for c in text)


def parse_group(raw: bytes, mode: Mode | None) -> Group:
    """Check and split one group; ``mode=None`` takes it from the separator."""
    if len(raw) < 4:
        raise GroupError(Rejection.MALFORMED, readable_label(raw))
    sep = raw[-2]
    group_mode = _MODE_OF_SEPARATOR.get(sep)
    if group_mode is None or (mode is not None and group_mode is not mode):
        raise GroupError(Rejection.MALFORMED, readable_label(raw))
    if expected_checksum(raw) != raw[-1]:
        raise GroupError(Rejection.CHECKSUM, readable_label(raw))
    cut = raw.find(sep)
    if cut <= 0:
        raise GroupError(Rejection.MALFORMED, readable_label(raw))
    text = raw[:-2].decode("ascii", "replace")
    label = text[:cut]
    label_spec = LABELS[group_mode].get(label)
    if label_spec is None:
        raise GroupError(Rejection.UNKNOWN_LABEL, readable_label(raw))
    rest = text[cut + 1 :]
    horodate: str | None = None
    if label_spec.timestamped:
        split = rest.find("\t")
        if split != 13:
            raise GroupError(Rejection.MALFORMED, label)
        horodate, rest = rest[:13], rest[14:]
    if label_spec.pattern.fullmatch(rest) is None:
        raise GroupError(Rejection.BAD_FORMAT, label)
    return Group(group_mode, label, rest, horodate, label_spec)
