"""HA core's teleinfo on a pty: pyserial's ``Serial`` that a pty can reopen.

Only the benchmarks and the core variant of the recorder day use it (pyserial
comes with pyteleinfo, core teleinfo's library).
"""

from __future__ import annotations

import errno
import termios
import threading

import serial


class PtyTolerantSerial(serial.Serial):  # type: ignore[misc]
    """pyserial's ``Serial``, except that it ignores EINVAL when configuring a pty.

    Measured on this machine's Linux pty: the first ``serial.Serial(port, 1200,
    7E1, rtscts)`` on a fresh pty works, every later one fails in
    ``tcsetattr`` with EINVAL (errno 22), and core's teleinfo reopens the port
    at every poll. A pty has no line rate or parity to set, so skipping that
    error leaves everything else of core's path as it is: open, input flush,
    byte-by-byte reads until STX...ETX, close.
    """

    #: Set each time core's reader has opened the port (the benchmarks wait on it).
    opened = threading.Event()

    def open(self) -> None:
        """Open as pyserial does, then signal it."""
        super().open()
        PtyTolerantSerial.opened.set()

    def _reconfigure_port(self, force_update: bool = False) -> None:
        try:
            super()._reconfigure_port(force_update=force_update)
        except termios.error as err:
            if err.args[0] != errno.EINVAL:
                raise
