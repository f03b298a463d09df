"""Open the meter's serial line (a local port or a ``socket://``/``rfc2217://`` URL)."""

from __future__ import annotations

import asyncio

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
    return await serialx.open_serial_connection(
        url,
        baudrate=BAUDRATE[mode],
        parity=serialx.Parity.EVEN,
        stopbits=serialx.StopBits.ONE,
        byte_size=7,
        exclusive=True,
    )
