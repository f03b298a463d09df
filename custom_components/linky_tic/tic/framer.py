"""Cut a byte stream into frames of raw groups, incrementally and in bounded memory.

The wire format is ``STX (LF group CR)* ETX``, with EOT aborting a frame. Real
adapters and dumps also produce: an 8N1 port (parity bit set), garbage
between frames, CR/LF variants (CR turned into LF, extra LFs), a missing STX
or ETX, no STX/ETX at all, and chunks that cut a group anywhere. So:

- the parity bit is stripped from every byte (``bytes.translate``);
- STX, ETX and EOT are found anywhere; CR and LF both end a group line;
- a frame ends at ETX, at the next STX (ETX lost), or - when STX/ETX are
  missing - when a meter id group (``ADCO``/``ADSC``, the first group of a
  frame) starts the next one; ``flush()`` ends the last frame of a dump;
- EOT drops the partial frame; so does a frame or a line longer than the
  limits, after which groups are skipped until the next frame start (resync).

Groups are not checked here: a frame is just the list of its lines, split
at LF; they may still end with CR, be empty, or hold several CR-separated
groups (CR-only dumps). The decoder strips and splits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from .model import Counters

STX = 0x02
ETX = 0x03
EOT = 0x04

#: A three-phase standard frame is about 1.4 KB; three times that is not a frame.
MAX_FRAME_BYTES = 4096
#: The longest group (PJOURF+1) is about 110 bytes.
MAX_LINE_BYTES = 256

_STRIP_PARITY = bytes(i & 0x7F for i in range(256))
_METER_ID_PREFIXES = (b"ADCO ", b"ADSC\t")
LF = 0x0A
_CONTROLS_AS_STX = bytes(2 if i in (3, 4) else i for i in range(256))


def strip_parity(data: bytes) -> bytes:
    """``data`` with the parity bit (bit 7) of every byte cleared."""
    return data if data.isascii() else data.translate(_STRIP_PARITY)


@dataclass(frozen=True, slots=True)
class RawFrame:
    """The group lines of one frame, as received."""

    lines: list[bytes]
    closed: bool  # True when STX ... ETX delimited it


class Framer:
    """Incremental frame splitter; ``feed`` any chunk size, ``flush`` at end of input."""

    def __init__(
        self,
        counters: Counters | None = None,
        *,
        max_frame_bytes: int = MAX_FRAME_BYTES,
        max_line_bytes: int = MAX_LINE_BYTES,
    ) -> None:
        """Start out of any frame; count into ``counters``."""
        self.counters = counters if counters is not None else Counters()
        self._max_frame = max_frame_bytes
        self._max_line = max_line_bytes
        self._pending = b""  # bytes of a line not yet ended
        self._lines: list[bytes] = []
        self._size = 0
        self._opened = False  # the current frame began with STX
        self._has_id = False  # the current frame holds a meter id group
        self._skipping = False  # after an overflow: wait for a frame start

    def feed(self, data: bytes) -> list[RawFrame]:
        """Take more bytes; return the frames they complete."""
        self.counters.bytes += len(data)
        out: list[RawFrame] = []
        if type(data) is not bytes:  # bytearray, memoryview: lines must be bytes
            data = bytes(data)
        # 7-bit already (the usual 7E1 port): no copy to strip the parity bit.
        text = strip_parity(data)
        if self._pending:
            text = self._pending + text
            self._pending = b""
        # Cut at every control byte: split a copy where they are all STX, and
        # read which control it was from the text at the cut.
        pieces = text.translate(_CONTROLS_AS_STX).split(b"\x02")
        last = len(pieces) - 1
        offset = 0
        for i, piece in enumerate(pieces):
            offset += len(piece)
            if i == last:
                cut = max(piece.rfind(b"\n"), piece.rfind(b"\r")) + 1
                tail = piece[cut:]
                if len(tail) > self._max_line:
                    self._overflow()
                    tail = b""
                self._pending = tail
                whole = piece[:cut]
            else:
                whole = piece
            if whole:
                self._segment(whole, out)
            if i != last:
                self._control(text[offset], out)
                offset += 1
        return out

    def flush(self) -> list[RawFrame]:
        """End of input: return the frame in progress (a dump without ETX)."""
        out: list[RawFrame] = []
        if self._pending:
            self._segment(self._pending, out)
            self._pending = b""
        self._emit(out, closed=False)
        return out

    def _segment(self, text: bytes, out: list[RawFrame]) -> None:
        """Whole lines of one frame or more (LF-split; CR is left to the decoder)."""
        lines = text.split(b"\n")
        starts = _meter_id_lines(text)
        if not starts:
            self._add(lines, len(text) + 1)
            return
        first, at = starts[0]
        if first > 0:
            self._add(lines[:first], at)
        starts.append((len(lines), len(text) + 1))
        for (start, at), (end, end_at) in pairwise(starts):
            self._skipping = False
            if self._lines and (self._has_id or not self._opened):
                self._emit(out, closed=False)
            self._has_id = True
            self._add(lines[start:end], end_at - at)

    def _add(self, lines: list[bytes], size: int) -> None:
        """Append ``lines`` (``size``: their bytes, one LF after each)."""
        if self._skipping:
            return
        self._lines += lines
        self._size += size
        if self._size > self._max_frame or (
            size > self._max_line and max(map(len, lines)) > self._max_line
        ):
            self._overflow()

    def _control(self, byte: int, out: list[RawFrame]) -> None:
        if byte == STX:
            self._emit(out, closed=False)
            self._opened = True
            self._skipping = False
        elif byte == ETX:
            self._emit(out, closed=self._opened)
        else:  # EOT: the meter interrupted the frame
            self.counters.eots += 1
            self._reset()

    def _emit(self, out: list[RawFrame], *, closed: bool) -> None:
        if self._lines:
            out.append(RawFrame(self._lines, closed))
        self._reset()

    def _overflow(self) -> None:
        self.counters.resyncs += 1
        self._reset()
        self._skipping = True

    def _reset(self) -> None:
        self._lines = []
        self._size = 0
        self._opened = False
        self._has_id = False


def _meter_id_lines(text: bytes) -> list[tuple[int, int]]:
    """(line number, offset) of each line of ``text`` a meter id group starts."""
    starts = []
    for prefix in _METER_ID_PREFIXES:
        at = text.find(prefix)
        while at >= 0:
            if at == 0 or text[at - 1] == LF:
                starts.append((text.count(b"\n", 0, at), at))
            at = text.find(prefix, at + 1)
    starts.sort()
    return starts
