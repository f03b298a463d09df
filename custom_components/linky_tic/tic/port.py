"""Open the meter's serial line (a local port or a ``socket://``/``rfc2217://`` URL)."""

from __future__ import annotations

import asyncio
import errno
import os
import termios

import serialx

from .model import BAUDRATE, Mode


async def open_tic_port(
    url: str, mode: Mode
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open ``url`` at the mode's line rate, 7 data bits, even parity, 1 stop bit.

    The port is opened exclusively: a second reader would steal bytes. Raises
    ``OSError`` (``FileNotFoundError``, ``PermissionError``, ``ConnectionError``...)
    or ``serialx.SerialException`` when it cannot be opened.
    """
    baudrate = BAUDRATE[mode]
    try:
        return await _open(url, baudrate)
    except OSError as err:
        if err.errno != errno.EINVAL or "://" in url:
            raise
    # glibc >= 2.42 with CPython's termios: setting a tty to the speed it already
    # has leaves the speed bits of c_cflag empty and tcsetattr fails with EINVAL.
    # Reopening a port at the speed we left it at (after a probe, a reload or an
    # unplug) hits this, so move the line to another speed first, then retry.
    await asyncio.get_running_loop().run_in_executor(
        None, move_line_speed, url, baudrate
    )
    return await _open(url, baudrate)


async def _open(
    url: str, baudrate: int
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await serialx.open_serial_connection(
        url,
        baudrate=baudrate,
        parity=serialx.Parity.EVEN,
        stopbits=serialx.StopBits.ONE,
        byte_size=7,
        exclusive=True,
    )


def move_line_speed(path: str, baudrate: int) -> None:
    """Set the tty at ``path`` to a speed other than ``baudrate``, keeping the rest.

    What lets a tty left at ``baudrate`` be opened at ``baudrate`` again (EINVAL).
    """
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        attributes = termios.tcgetattr(fd)
        other = termios.B9600 if baudrate != 9600 else termios.B1200
        attributes[4] = attributes[5] = other
        termios.tcsetattr(fd, termios.TCSANOW, attributes)
    finally:
        os.close(fd)
