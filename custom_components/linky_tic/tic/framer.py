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
_CONTROLS_AS_STX = bytes(2 if i in (3, 4) else i for i in range(256))
_NOT_CONTROLS = bytes(i for i in range(256) if i not in (2, 3, 4))
_STX_ETX = b"\x02\x03"


def strip_parity(data: bytes) -> bytes:
    """``data`` with the parity bit (bit 7) of every byte cleared."""
    return data if data.isascii() else data.translate(_STRIP_PARITY)


@dataclass(frozen=True, slots=True)
class RawFrame:
    """The group lines of one frame, as received."""

    lines: list[bytes]
    closed: bool  # True when STX ... ETX delimited it


_new_object = object.__new__
_set_attribute = object.__setattr__


def _raw_frame(lines: list[bytes], closed: bool) -> RawFrame:
    """``RawFrame(lines, closed)``, without the frozen dataclass's keyword binding."""
    frame = _new_object(RawFrame)
    _set_attribute(frame, "lines", lines)
    _set_attribute(frame, "closed", closed)
    return frame


class Framer:
    """Incremental frame splitter; ``feed`` any chunk size, ``flush`` at end of input."""

    #: Shortcuts for whole frames; they change no output (tests compare both ways).
    fast_paths = True

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
        if self.fast_paths and self._whole_frames(text, pieces, out):
            return out
        last = len(pieces) - 1
        offset = 0
        fast = self.fast_paths
        whole_frame = self._whole_frame
        for i, piece in enumerate(pieces):
            if (
                fast
                and not piece
                and i != last
                and text[offset] == STX
                and not self._lines
            ):
                # Between ETX and STX: what _control(STX) does with no frame open.
                self._opened = True
                self._has_id = False
                self._skipping = False
                offset += 1
                continue
            offset += len(piece)
            if (
                fast
                and 0 < i < last
                and text[offset - len(piece) - 1] == STX
                and text[offset] == ETX
                and whole_frame(piece, out)
            ):
                offset += 1  # the ETX, already handled
                continue
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

    def _whole_frames(
        self, text: bytes, pieces: list[bytes], out: list[RawFrame]
    ) -> bool:
        """Fast path for ``(STX body ETX)+`` and nothing else; False: not taken.

        Out of any frame, with nothing pending, such a text gives exactly what
        ``_whole_frame`` gives for each body in turn (the general loop would
        take that path for each); if one body does not qualify, nothing is
        changed and the general loop runs.
        """
        count = len(pieces) // 2
        if (
            count == 0
            or self._lines
            or self._skipping
            or text[:1] != b"\x02"
            or text[-1:] != b"\x03"
            or text.translate(None, _NOT_CONTROLS) != _STX_ETX * count
            or any(pieces[2::2])  # bytes between an ETX and the next STX
        ):
            return False
        frames = []
        max_frame = self._max_frame
        max_line = self._max_line
        for body in pieces[1::2]:
            if (
                not body
                or len(body) >= max_frame
                or body.count(b"ADCO ") + body.count(b"ADSC\t") > 1
            ):
                return False
            lines = body.split(b"\n")
            if len(body) > max_line and max(map(len, lines)) > max_line:
                return False
            frames.append(_raw_frame(lines, True))
        out += frames
        self._opened = False
        self._has_id = False
        return True

    def _whole_frame(self, body: bytes, out: list[RawFrame]) -> bool:
        """Fast path for ``STX body ETX`` seen whole; False to take the slow path.

        With at most one meter id group and nothing over the limits, the slow
        path would emit exactly ``RawFrame(body.split(LF), closed=True)`` and
        leave the framer reset; the STX before ``body`` has already emitted
        the previous frame.
        """
        if (
            not body
            or self._skipping
            or self._lines
            or not self._opened
            or len(body) >= self._max_frame
            or body.count(b"ADCO ") + body.count(b"ADSC\t") > 1
        ):
            return False
        lines = body.split(b"\n")
        if len(body) > self._max_line and max(map(len, lines)) > self._max_line:
            return False
        out.append(_raw_frame(lines, True))
        self._opened = False
        self._has_id = False
        return True

    def _segment(self, text: bytes, out: list[RawFrame]) -> None:
        """Whole lines of one frame or more (LF-split; CR is left to the decoder)."""
        lines = text.split(b"\n")
        ids = text.count(b"ADCO ") + text.count(b"ADSC\t")
        if ids == 0:
            self._add(lines)
            return
        starts = [n for n, line in enumerate(lines) if line[:5] in _METER_ID_PREFIXES]
        if not starts:
            self._add(lines)
            return
        if starts[0] > 0:
            self._add(lines[: starts[0]])
        starts.append(len(lines))
        for n in range(len(starts) - 1):
            self._skipping = False
            if self._lines and (self._has_id or not self._opened):
                self._emit(out, closed=False)
            self._has_id = True
            self._add(lines[starts[n] : starts[n + 1]])

    def _add(self, lines: list[bytes]) -> None:
        if self._skipping:
            return
        self._lines += lines
        self._size += sum(map(len, lines)) + len(lines)
        if self._size > self._max_frame or max(map(len, lines)) > self._max_line:
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
