"""Where the simulated TIC stream goes: a file, a pseudo-terminal or TCP clients.

Every sink can be "unplugged" (``unplug``/``replug``) like a USB adapter pulled
out: the pty's path disappears and comes back (``--link`` follows it), the TCP
server closes its clients and its port, a file just gets no bytes meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import termios
import tty
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

#: How long a write may wait for a reader before its unread input is discarded.
WRITE_STALL_S = 0.5


class Sink(Protocol):
    """An output of the simulator."""

    def write(self, data: bytes) -> None:
        """Send bytes (dropped silently while unplugged)."""

    def unplug(self) -> None:
        """Make the port disappear."""

    def replug(self) -> None:
        """Make the port come back."""

    def close(self) -> None:
        """Release everything."""


class StreamSink:
    """A binary file or stdout."""

    def __init__(self, stream: BinaryIO, *, owned: bool = False) -> None:
        """Write to ``stream``; ``close`` closes it only if ``owned`` (a file, not stdout)."""
        self._stream = stream
        self._owned = owned
        self._plugged = True

    def write(self, data: bytes) -> None:
        """Write and flush."""
        if self._plugged:
            self._stream.write(data)
            self._stream.flush()

    def unplug(self) -> None:
        """Stop writing."""
        self._plugged = False

    def replug(self) -> None:
        """Write again."""
        self._plugged = True

    def close(self) -> None:
        """Flush the stream (and close it if owned)."""
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()
        if self._owned:
            with contextlib.suppress(OSError):
                self._stream.close()


class PtySink:
    """A pseudo-terminal: readers open ``path`` (or the stable ``link``) like a serial port."""

    def __init__(
        self, link: Path | None = None, on_path: Callable[[str], None] | None = None
    ) -> None:
        """Open the pty (and the symlink); ``on_path`` hears every new slave path."""
        self.link = link
        self._on_path = on_path
        self._master = -1
        self._slave = -1
        self.path = ""
        self.replug()

    def replug(self) -> None:
        """Create a new pty and point the link at it."""
        if self._master >= 0:
            return
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no CR/LF translation, no echo
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        if self.link is not None:
            temporary = self.link.with_name(self.link.name + ".new")
            temporary.unlink(missing_ok=True)
            temporary.symlink_to(self.path)
            temporary.replace(self.link)
        if self._on_path is not None:
            self._on_path(self.path)

    def unplug(self) -> None:
        """Close the pty and remove the link: the port is gone."""
        if self._master < 0:
            return
        if self.link is not None:
            self.link.unlink(missing_ok=True)
        os.close(self._master)
        os.close(self._slave)
        self._master = self._slave = -1

    def write(self, data: bytes) -> None:
        """Write; when nobody reads, discard the stale input like a real line."""
        view = memoryview(data)
        while view and self._master >= 0:
            _, writable, _ = select.select([], [self._master], [], WRITE_STALL_S)
            if not writable:
                termios.tcflush(self._slave, termios.TCIFLUSH)
                continue
            try:
                view = view[os.write(self._master, view) :]
            except BlockingIOError:
                termios.tcflush(self._slave, termios.TCIFLUSH)

    def close(self) -> None:
        """Remove the port."""
        self.unplug()


class TcpSink:
    """A TCP server for ``socket://host:port`` clients; every client gets the stream."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0: any free port, see ``port``)."""
        self.host = host
        self.port = port
        self._server: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self.replug()

    @property
    def url(self) -> str:
        """Where clients connect."""
        return f"socket://{self.host}:{self.port}"

    @property
    def client_count(self) -> int:
        """How many clients are connected (after the last accept)."""
        self._accept()
        return len(self._clients)

    def replug(self) -> None:
        """Listen again on the same port."""
        if self._server is not None:
            return
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((self.host, self.port))
        server.listen(8)
        server.setblocking(False)
        self.port = server.getsockname()[1]
        self._server = server

    def unplug(self) -> None:
        """Close every client and the listening socket."""
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        while self._server is not None:
            try:
                client, _ = self._server.accept()
            except BlockingIOError:
                return
            client.settimeout(WRITE_STALL_S * 4)
            self._clients.append(client)

    def write(self, data: bytes) -> None:
        """Send to every client; a client that went away or stalls is dropped."""
        self._accept()
        for client in list(self._clients):
            try:
                client.sendall(data)
            except OSError:
                client.close()
                self._clients.remove(client)

    def close(self) -> None:
        """Stop serving."""
        self.unplug()
