"""Real-time pacing: bytes leave at the line rate (10 bits a byte in 7E1)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from .meter import FRAME_GAP_S


class Writer(Protocol):
    """Anything bytes can be written to."""

    def write(self, data: bytes) -> None:
        """Send ``data``."""


class Pacer:
    """Write frames at ``baud`` in small chunks, or at once with ``fast``."""

    def __init__(
        self,
        *,
        fast: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """``fast`` writes without waiting (``--max``)."""
        self.fast = fast
        self._clock = clock
        self._sleep = sleep
        self._next = clock()

    def _wait_until(self, when: float) -> None:
        delay = when - self._clock()
        if delay > 0:
            self._sleep(delay)

    def send(self, writer: Writer, data: bytes, baud: int) -> None:
        """Write ``data`` as a line at ``baud`` would carry it, then the frame gap."""
        if self.fast:
            writer.write(data)
            return
        start = max(self._next, self._clock())
        chunk = max(1, baud // 100)  # about 10 writes a second
        for offset in range(0, len(data), chunk):
            self._wait_until(start + offset * 10 / baud)
            writer.write(data[offset : offset + chunk])
        self._next = start + len(data) * 10 / baud + FRAME_GAP_S
        self._wait_until(self._next)

    def pause(self, seconds: float) -> None:
        """Stay silent for ``seconds`` (real time, even with ``fast``)."""
        self._sleep(seconds)
        self._next = self._clock()
