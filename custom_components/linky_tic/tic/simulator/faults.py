"""Byte-level fault injection on the encoded stream (seeded, reproducible).

- ``corrupt``: each byte has this probability of one flipped data bit;
- ``drop``: each byte has this probability of being lost;
- ``eot``: each frame has this probability of being interrupted by EOT;
- ``garbage``: each frame has this probability of being preceded by a burst
  of line noise (random bytes, never STX/ETX/EOT, so no real frame is lost).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..encoder import EOT  # noqa: TID252 (the tic package is imported under two names)

_FRAMING = frozenset(b"\x02\x03\x04")
_NOISE = bytes(b for b in range(1, 128) if b not in _FRAMING)


@dataclass(frozen=True, slots=True)
class Faults:
    """Fault rates (0 = none)."""

    corrupt: float = 0.0
    drop: float = 0.0
    eot: float = 0.0
    garbage: float = 0.0

    def __post_init__(self) -> None:
        """Check the rates are probabilities."""
        for name in ("corrupt", "drop", "eot", "garbage"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} rate must be between 0 and 1")

    @property
    def any(self) -> bool:
        """Whether any fault is enabled."""
        return bool(self.corrupt or self.drop or self.eot or self.garbage)


@dataclass(slots=True)
class FaultStats:
    """What the injector did."""

    corrupted_bytes: int = 0
    dropped_bytes: int = 0
    interrupted_frames: int = 0
    garbage_bursts: int = 0


class FaultInjector:
    """Damage frames the way a bad line or a bad adapter does."""

    def __init__(self, faults: Faults, seed: int = 0) -> None:
        """Seeded: the same frames and seed give the same damage."""
        self.faults = faults
        self.stats = FaultStats()
        self._rng = random.Random(f"faults:{seed}")

    def apply(self, frame: bytes) -> bytes:
        """The frame as the receiver gets it."""
        if not self.faults.any:
            return frame
        rng = self._rng
        faults = self.faults
        if faults.eot and len(frame) > 2 and rng.random() < faults.eot:
            frame = frame[: rng.randrange(1, len(frame) - 1)] + EOT
            self.stats.interrupted_frames += 1
        if faults.corrupt or faults.drop:
            out = bytearray()
            for byte in frame:
                if faults.drop and rng.random() < faults.drop:
                    self.stats.dropped_bytes += 1
                    continue
                flip = 0
                if faults.corrupt and rng.random() < faults.corrupt:
                    flip = 1 << rng.randrange(7)
                    self.stats.corrupted_bytes += 1
                out.append(byte ^ flip)
            frame = bytes(out)
        if faults.garbage and rng.random() < faults.garbage:
            burst = bytes(rng.choice(_NOISE) for _ in range(rng.randrange(3, 40)))
            frame = burst + frame
            self.stats.garbage_bursts += 1
        return frame
