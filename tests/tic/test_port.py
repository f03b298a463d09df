"""tic.port opens a real tty at 7E1, again and again, at either speed."""

from __future__ import annotations

import os
import termios
from collections.abc import Iterator

import pytest

from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.port import open_tic_port


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    path = os.ttyname(slave)
    yield master, path
    os.close(master)
    os.close(slave)


@pytest.mark.parametrize(
    "modes",
    [
        (Mode.HISTORIC, Mode.HISTORIC, Mode.HISTORIC),
        (Mode.STANDARD, Mode.STANDARD),
        (Mode.HISTORIC, Mode.STANDARD, Mode.STANDARD, Mode.HISTORIC),
    ],
)
async def test_reopening_at_any_speed_works(
    pty_pair: tuple[int, str], modes: tuple[Mode, ...]
) -> None:
    master, path = pty_pair
    for number, mode in enumerate(modes):
        reader, writer = await open_tic_port(path, mode)
        # The line really is 7E1 at the mode's speed.
        attributes = termios.tcgetattr(master)
        expected = termios.B1200 if mode is Mode.HISTORIC else termios.B9600
        assert attributes[4] == attributes[5] == expected
        os.write(master, b"frame %d\r" % number)
        assert await reader.readexactly(8) == b"frame %d\r" % number
        writer.close()
        await writer.wait_closed()


async def test_a_missing_port_raises_file_not_found() -> None:
    with pytest.raises(FileNotFoundError):
        await open_tic_port("/dev/does-not-exist-linky", Mode.HISTORIC)
