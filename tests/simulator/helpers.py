"""Shared helpers for the simulator's tests."""

from __future__ import annotations

from collections.abc import Iterable

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Reading
from custom_components.linky_tic.tic.simulator import SimulatedMeter


def meter_decoder(meter: SimulatedMeter, *, guard: bool = True) -> Decoder:
    """A decoder whose clock is the meter's simulated clock (the guard sees real rates)."""
    return Decoder(guard=guard, clock=lambda: meter.clock_ms / 1000)


def decode_all(decoder: Decoder, chunks: Iterable[bytes]) -> list[Reading]:
    readings: list[Reading] = []
    for chunk in chunks:
        readings += decoder.feed(chunk)
    return readings


def raw_groups(frame: bytes) -> dict[str, list[str]]:
    """label -> fields (timestamp, data) of a clean encoded frame, by plain splitting."""
    body = frame.strip(b"\x02\x03")
    groups: dict[str, list[str]] = {}
    for raw in body.split(b"\r"):
        line = raw.lstrip(b"\n")
        if not line:
            continue
        sep = b"\t" if b"\t" in line else b" "
        parts = line.decode("ascii").split(sep.decode())
        groups[parts[0]] = parts[1:-1]
    return groups
