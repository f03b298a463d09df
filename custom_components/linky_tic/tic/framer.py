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

Groups are not checked here: a frame is just the list of its group lines
(LF/CR removed), for ``groups.parse_group``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Counters

STX = 0x02
ETX = 0x03
EOT = 0x04

#: A three-phase standard frame is about 1.4 KB; twice that is not a frame.
MAX_FRAME_BYTES = 3072
#: The longest group (PJOURF+1) is about 110 bytes.
MAX_LINE_BYTES = 256

_STRIP_PARITY = bytes(i & 0x7F for i in range(256))
_CONTROLS = re.compile(rb"([\x02\x03\x04])")
_METER_ID_PREFIXES = (b"ADCO ", b"ADSC\t")


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
        text = self._pending + data.translate(_STRIP_PARITY)
        self._pending = b""
        parts = _CONTROLS.split(text)
        last = len(parts) - 1
        for i, part in enumerate(parts):
            if i & 1:
                self._control(part[0], out)
                continue
            if not part:
                continue
            lines = part.replace(b"\r", b"\n").split(b"\n")
            if i == last:
                tail = lines.pop()
                if len(tail) > self._max_line:
                    self._overflow()
                    tail = b""
                self._pending = tail
            for line in lines:
                if line:
                    self._line(line, out)
        return out

    def flush(self) -> list[RawFrame]:
        """End of input: return the frame in progress (a dump without ETX)."""
        out: list[RawFrame] = []
        if self._pending:
            self._line(self._pending, out)
            self._pending = b""
        self._emit(out, closed=False)
        return out

    def _line(self, line: bytes, out: list[RawFrame]) -> None:
        starts_frame = line[:5] in _METER_ID_PREFIXES
        if starts_frame:
            self._skipping = False
            if self._lines and (self._has_id or not self._opened):
                self._emit(out, closed=False)
            self._has_id = True
        elif self._skipping:
            return
        self._lines.append(line)
        self._size += len(line) + 2
        if self._size > self._max_frame or len(line) > self._max_line:
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
