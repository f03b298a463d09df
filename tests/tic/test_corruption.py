"""Random byte errors never let a falling or jumping index through.

Prints how many corrupted groups passed their checksum and were then caught
by the format checks or the guard (run with ``-s`` to see the figures).
"""

from __future__ import annotations

import random

import pytest

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.groups import GroupError, parse_group
from custom_components.linky_tic.tic.guard import Guard
from custom_components.linky_tic.tic.model import Mode, Rejection

FRAMES = 3000
_STRIP_PARITY = bytes(i & 0x7F for i in range(256))
WH_PER_FRAME = 3  # about 5.4 kW at one frame every 2 s


def _frames(mode: Mode) -> list[tuple[bytes, int]]:
    frames = []
    for n in range(FRAMES):
        index = 12_345_000 + n * WH_PER_FRAME
        if mode is Mode.HISTORIC:
            groups = [
                ("ADCO", "021861123456"),
                ("OPTARIF", "HC.."),
                ("ISOUSC", "30"),
                ("HCHC", f"{index:09d}"),
                ("HCHP", f"{index // 2:09d}"),
                ("PTEC", "HC.."),
                ("IINST", "024"),
                ("IMAX", "090"),
                ("PAPP", f"{5400 + n % 7 * 10:05d}"),
            ]
        else:
            groups = [
                ("ADSC", "041776123456"),
                ("EAST", f"{index:09d}"),
                ("EASF01", f"{index:09d}"),
                ("PREF", "09"),
                ("PCOUP", "09"),
                ("SINSTS", f"{5400 + n % 7 * 10:05d}"),
            ]
        frames.append((encode_frame(mode, groups), index))
    return frames


def _corrupt(data: bytes, rate: float, rng: random.Random) -> bytes:
    out = bytearray(data)
    for position in range(len(out)):
        if rng.random() < rate:
            out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


@pytest.mark.parametrize("mode", [Mode.HISTORIC, Mode.STANDARD])
@pytest.mark.parametrize("rate", [1e-3, 1e-2])
def test_random_byte_errors(mode: Mode, rate: float) -> None:
    rng = random.Random(f"{mode}-{rate}")
    decoder = Decoder(mode, clock=FrameClock())
    guard_bound = Guard()
    passed_checksum = caught_by_format = passed_format = 0
    last: dict[str, int] = {}
    last_at: dict[str, float] = {}
    published = 0
    for clean, _ in _frames(mode):
        noisy = _corrupt(clean, rate, rng)
        clean_groups = set(clean[2:-2].split(b"\r\n"))
        # A flipped parity bit is stripped by design: only 7-bit damage counts.
        seven_bit = noisy.translate(_STRIP_PARITY)
        for line in seven_bit.replace(b"\r", b"\n").split(b"\n"):
            if len(line) < 4 or line.strip(b"\x02\x03") in clean_groups:
                continue
            try:
                parse_group(line.strip(b"\x02\x03"), mode)
            except GroupError as error:
                # MALFORMED is decided before the checksum (closing separator).
                if error.rejection in {Rejection.UNKNOWN_LABEL, Rejection.BAD_FORMAT}:
                    passed_checksum += 1
                    caught_by_format += 1
            else:
                passed_checksum += 1
                passed_format += 1
        for reading in decoder.feed(noisy):
            for label in ("HCHC", "HCHP", "EAST", "EASF01"):
                value = reading.values.get(label)
                if not isinstance(value, int):
                    continue
                published += 1
                if label in last:
                    assert value >= last[label], (label, value, last[label])
                    elapsed = reading.received_at - last_at[label]
                    bound = guard_bound.bound_wh(mode, reading.phases, elapsed)
                    assert value - last[label] <= bound
                last[label] = value
                last_at[label] = reading.received_at
    counters = decoder.counters
    caught_by_guard = counters.implausible_values
    print(
        f"\n{mode.value} rate {rate:g}: {counters.checksum_errors} checksum errors, "
        f"{passed_checksum} corrupted groups passed the checksum: "
        f"{caught_by_format} caught by label/format, {passed_format} well-formed "
        f"(of which {caught_by_guard} rejected by range/guard, the rest in-bound); "
        f"{published} index values published out of {FRAMES} frames"
    )
    assert published > 0
    assert counters.checksum_errors > 0
