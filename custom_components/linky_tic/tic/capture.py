"""Captures of the raw TIC stream: the last minutes kept in memory, and redaction.

A capture is the bytes the port delivered, nothing added: the decode command
and the simulator's ``--replay`` read it as they read a port dump.

``RawRing`` keeps the most recent bytes of a line, bounded twice: by age
(``RING_SECONDS``, 5 minutes, to within a second) and by size
(``RING_MAX_BYTES``, 288 000 bytes: 5 minutes at 9600 baud 7E1, 960 bytes/s,
the fastest a meter sends). Its memory is at most about 400 KB per meter
whatever the line does and however small its reads are (a historic meter
fills about 36 KB in 5 minutes).

``redact_capture`` replaces the household's identifiers so that a capture can
be shared: the meter id (ADCO/ADSC: its 6-digit serial number; the maker,
year and type digits stay, they say which meter model it is) and the delivery
point (PRM, all 14 digits). Each distinct identifier gets its own synthetic
number (``000001``, ``000002``...: a capture with two meters still shows two),
every other occurrence of it in the stream (a group cut at the start of the
capture) is replaced too, and the checksum of every changed group is computed
again, so the redacted capture decodes to the same readings but for these
identifiers. A group whose checksum was wrong keeps a wrong one. The result
is 7-bit (parity bits cleared: the decoder clears them anyway).

``unwrap_capture`` reads the capture out of a diagnostics download (JSON, the
capture in ``recent_bytes.base64``), so that such a file can be given as it
is to the decode command or to the simulator's ``--replay``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import deque
from collections.abc import Iterable

from .framer import strip_parity
from .groups import GroupError, expected_checksum, parse_group
from .registry import IDENTIFIER_LABELS

#: The age bound of ``RawRing`` (s).
RING_SECONDS = 300.0
#: The size bound of ``RawRing``: ``RING_SECONDS`` at 960 bytes/s (9600 baud 7E1).
RING_MAX_BYTES = 288_000
#: Reads closer than this share one time mark (the resolution of the age bound, s).
MARK_SECONDS = 1.0

#: Identifier labels with what stays of their value (``IDENTIFIER_LABELS``).
_KEPT_DIGITS = {label.encode("ascii"): n for label, n in IDENTIFIER_LABELS.items()}
_PREFIXES = tuple(label + sep for label in _KEPT_DIGITS for sep in (b" ", b"\t"))
#: Group boundaries: the frame controls (STX, ETX, EOT) and line ends.
_BOUNDARIES = (b"\x02", b"\x03", b"\x04", b"\n", b"\r")
_ANY_BOUNDARY = re.compile(rb"[\x02\x03\x04\n\r]")
#: A group of an identifier label: at the start of the data or after a boundary.
_IDENTIFIER_GROUP = re.compile(
    rb"(?<![^\x02\x03\x04\n\r])(?:"
    + b"|".join(map(re.escape, _PREFIXES))
    + rb")[^\x02\x03\x04\n\r]*"
)
_DIGIT = re.compile(rb"[0-9]")


class RawRing:
    """The last bytes of a line: at most ``seconds`` old and ``max_bytes`` long.

    The bytes go into one bytearray whatever the size of the reads (a port at
    1200 baud may hand them over a few at a time): memory does not grow with
    the number of reads. Time is kept as one mark per second of reading (where
    that second's bytes end), so the age bound holds to within a second. The
    bytes that fell out of the window are cut off once they are a quarter of
    ``max_bytes``: at most 1.25 times ``max_bytes`` of buffer (360 KB by default)
    plus ``seconds`` marks (about 30 KB).
    """

    def __init__(
        self, seconds: float = RING_SECONDS, max_bytes: int = RING_MAX_BYTES
    ) -> None:
        """Start empty."""
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._buffer = bytearray()
        self._base = 0  # stream offset of _buffer[0]
        self._start = 0  # stream offset of the oldest byte kept
        self._marks: deque[tuple[float, int]] = deque()  # (first read, end offset)
        self._last = 0.0  # time of the newest read

    def __len__(self) -> int:
        """The number of bytes held."""
        return self._base + len(self._buffer) - self._start

    @property
    def footprint(self) -> int:
        """The bytes the buffer occupies (those held and those not yet cut off)."""
        return len(self._buffer)

    def add(self, now: float, data: bytes) -> None:
        """Keep ``data``, read at ``now`` (s, monotonic); forget what is too old."""
        self._buffer += data
        self._last = now
        end = self._base + len(self._buffer)
        marks = self._marks
        if marks and now - marks[-1][0] < MARK_SECONDS:
            marks[-1] = (marks[-1][0], end)
        else:
            marks.append((now, end))
        start = self._start
        while marks and now - marks[0][0] > self.seconds:
            start = marks.popleft()[1]
        start = max(start, end - self.max_bytes)
        while marks and marks[0][1] <= start:
            marks.popleft()
        self._start = start
        if start - self._base >= self.max_bytes // 4:
            del self._buffer[: start - self._base]
            self._base = start

    def span(self) -> float:
        """Seconds from the first read of the oldest bytes held to the newest read."""
        if not self._marks:
            return 0.0
        return self._last - self._marks[0][0]

    def snapshot(self) -> bytes:
        """The bytes held, oldest first."""
        return bytes(self._buffer[self._start - self._base :])

    def clear(self) -> None:
        """Forget everything."""
        self._buffer.clear()
        self._base = self._start = 0
        self._marks.clear()


def redact_capture(data: bytes) -> bytes:
    """``data`` with the meter id's serial and the PRM replaced (see the module).

    Only the groups that hold an identifier are rewritten: those of the
    identifier labels and those where a known identifier shows (a group cut
    at the start of the capture); the rest is copied as it is.
    """
    text = strip_parity(data)
    spans = {m.span() for m in _IDENTIFIER_GROUP.finditer(text)}
    replacements = _replacements(text[start:end] for start, end in sorted(spans))
    if replacements:
        values = b"|".join(map(re.escape, sorted(replacements, key=len, reverse=True)))
        spans.update(_group_span(text, m.start()) for m in re.finditer(values, text))
    out: list[bytes] = []
    done = 0
    for start, end in sorted(spans):  # whole groups: they never overlap
        out += (text[done:start], _redact_group(text[start:end], replacements))
        done = end
    out.append(text[done:])
    return b"".join(out)


def _group_span(text: bytes, pos: int) -> tuple[int, int]:
    """The group holding ``pos``: between the boundaries around it."""
    after = _ANY_BOUNDARY.search(text, pos)
    end = after.start() if after is not None else len(text)
    low = pos
    while True:  # back a window at a time: a group is short, the text is not
        low = max(0, low - 512)
        start = max(text.rfind(boundary, low, pos) for boundary in _BOUNDARIES)
        if start >= 0 or low == 0:
            return start + 1, end


def _replacements(groups: Iterable[bytes]) -> dict[bytes, bytes]:
    """Each identifier sent in a valid identifier group -> its replacement."""
    found: dict[bytes, bytes] = {}
    counts = dict.fromkeys(_KEPT_DIGITS.values(), 0)  # meter ids, PRMs
    for raw in groups:
        try:
            group = parse_group(raw, None)
        except GroupError:
            continue
        value = group.data.encode("ascii")
        if value not in found:
            kept = _KEPT_DIGITS[group.label.encode("ascii")]
            counts[kept] += 1
            serial = str(counts[kept]).zfill(len(value) - kept).encode("ascii")
            found[value] = value[:kept] + serial
    return found


def _redact_group(raw: bytes, replacements: dict[bytes, bytes]) -> bytes:
    """One group (or piece of one) with its identifiers replaced."""
    has_checksum = expected_checksum(raw) is not None
    body, tail = (raw[:-2], raw[-2:]) if has_checksum else (raw, b"")
    prefix = next((p for p in _PREFIXES if body.startswith(p)), None)
    if prefix is not None:
        value = body[len(prefix) :]
        body = prefix + replacements.get(value, _DIGIT.sub(b"0", value))
    else:
        # Longest first: an identifier inside another is replaced as part of it.
        for value in sorted(replacements, key=len, reverse=True):
            if value in body:
                body = body.replace(value, replacements[value])
    new = body + tail
    want = expected_checksum(new)  # None without a checksum (a cut group)
    if new == raw or want is None:
        return new
    if raw[-1] == expected_checksum(raw):
        return new[:-1] + bytes((want,))
    if new[-1] == want:  # a wrong checksum must stay wrong
        return new[:-1] + bytes((want ^ 1,))  # still in the checksum range
    return new


def unwrap_capture(data: bytes) -> bytes:
    """The capture a diagnostics download holds, else ``data`` itself.

    A capture never starts with ``{``; a file that does and is a diagnostics
    JSON with ``recent_bytes.base64`` (at the top or under ``data``, as Home
    Assistant's download nests it) gives those bytes.
    """
    if data[:1] != b"{":
        return data
    try:
        document = json.loads(data)
        node = document.get("data", document)
        encoded = node["recent_bytes"]["base64"]
        return base64.b64decode(encoded, validate=True)
    except ValueError, TypeError, KeyError, AttributeError, binascii.Error:
        return data
