"""A pseudo-terminal pair standing in for a TIC module's serial port."""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def write_until_stopped(fd: int, data: bytes, stop: threading.Event) -> None:
    """Write ``data`` into the non-blocking master ``fd``, unless ``stop`` is set first."""
    view = memoryview(data)
    while view and not stop.is_set():
        # Bounded wait: the pty holds ~4 KB while nobody reads.
        _, writable, _ = select.select([], [fd], [], 0.05)
        if writable:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                continue


@dataclass(slots=True)
class PtyLine:
    """``path`` is the port the code under test opens; bytes go in at ``master``.

    serialx flushes the port's input when it opens it, so bytes written before
    the code under test opens the port are lost, as on a real line: use
    ``streaming`` to play a meter that talks all the time.
    """

    master: int
    slave: int
    path: str

    @contextmanager
    def streaming(self, chunks: Iterable[bytes]) -> Iterator[None]:
        """Write ``chunks`` into the line from a thread until they end or the block exits."""
        stop = threading.Event()

        def run() -> None:
            for chunk in chunks:
                write_until_stopped(self.master, chunk, stop)
                if stop.is_set():
                    return

        os.set_blocking(self.master, False)
        thread = threading.Thread(target=run, name="pty-meter", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(5)


@contextmanager
def pty_line() -> Iterator[PtyLine]:
    """Open a raw pty pair; the slave end stays open so the line never hangs up."""
    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        yield PtyLine(master, slave, os.ttyname(slave))
    finally:
        os.close(slave)
        os.close(master)


class RawLine:
    """A raw pty pair; the slave end stays open so the line never hangs up."""

    def __init__(self) -> None:
        """Open the pair (raw: no echo, no line discipline)."""
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        """Write all of ``data`` into the line."""
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view) :]

    def close(self) -> None:
        """Close both ends."""
        os.close(self.slave)
        os.close(self.master)
