"""Helpers shared by the TIC tests."""

from __future__ import annotations

from pathlib import Path

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.model import Reading

CAPTURES = Path(__file__).parents[2] / ".." / "shared" / "captures"


def capture(name: str) -> bytes:
    """The bytes of one shared capture."""
    path = CAPTURES / name
    assert path.is_file(), f"missing shared capture {path}"
    return path.read_bytes()


def decode_all(
    data: bytes, *, guard: bool = True, chunk: int = 0
) -> tuple[list[Reading], Decoder]:
    """Decode ``data`` as a file would be (frame-order clock), in chunks if asked."""
    decoder = Decoder(guard=guard, clock=FrameClock())
    readings: list[Reading] = []
    if chunk:
        for start in range(0, len(data), chunk):
            readings += decoder.feed(data[start : start + chunk])
    else:
        readings += decoder.feed(data)
    readings += decoder.flush()
    return readings, decoder
