"""The decoder's fast paths give exactly what its general paths give.

Each fast path (whole STX..ETX frames in the framer, known lines mapped to
values at once, plain number groups checked without the general parser, the
Reading built without keyword binding) is compared with the path it shortcuts,
on valid, corrupted and arbitrary input.
"""

from __future__ import annotations

import dataclasses
import inspect
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.framer import Framer, RawFrame
from custom_components.linky_tic.tic.groups import (
    GroupError,
    parse_group,
    quick_number,
)
from custom_components.linky_tic.tic.model import (
    Counters,
    Mode,
    Reading,
    Rejected,
    Rejection,
    TariffOption,
    make_reading,
)
from custom_components.linky_tic.tic.registry import LABELS, Kind

from .helpers import CAPTURES

REAL = b"".join(path.read_bytes() for path in sorted(CAPTURES.glob("*.txt")))

HISTORIC = [
    ("ADCO", "021861123456"),
    ("OPTARIF", "BBR("),
    ("ISOUSC", "30"),
    ("BBRHCJB", "018328856"),
    ("BBRHPJB", "023739545"),
    ("PTEC", "HCJB"),
    ("DEMAIN", "ROUG"),
    ("IINST", "012"),
    ("IMAX", "090"),
    ("PAPP", "02840"),
    ("HHPHC", "A"),
    ("MOTDETAT", "000000"),
]


def _stream(frames: int, seed: int) -> bytes:
    """Historic frames whose index and power move, corrupted here and there."""
    rng = random.Random(seed)
    index = 18328856
    data = bytearray()
    for _ in range(frames):
        index += rng.randrange(0, 3)
        groups = [
            (label, f"{index:09d}")
            if label == "BBRHCJB"
            else (label, f"{rng.randrange(0, 9000):05d}")
            if label == "PAPP"
            else (label, value)
            for label, value in HISTORIC
        ]
        frame = bytearray(encode_frame(Mode.HISTORIC, groups))
        if rng.random() < 0.3:  # flip a bit, drop or double a byte
            at = rng.randrange(len(frame))
            kind = rng.randrange(3)
            if kind == 0:
                frame[at] ^= 1 << rng.randrange(7)
            elif kind == 1:
                del frame[at]
            else:
                frame.insert(at, frame[at])
        data += frame
    return bytes(data)


def _frames(data: bytes, *, fast: bool) -> tuple[list[RawFrame], Counters]:
    framer = Framer()
    framer.fast_paths = fast
    frames = framer.feed(data)
    return frames + framer.flush(), framer.counters


_FRAMING = st.lists(
    st.sampled_from(
        [
            b"\x02",
            b"\x03",
            b"\x04",
            b"\n",
            b"\r",
            b"\x82",
            b"ADCO 021861123456 C",
            b"ADSC\t041776123456\t?",
            b"PAPP 02840 ,",
            b"x" * 300,
            b"\nBASE 010151175 ,\r",
        ]
    ),
    max_size=40,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(_FRAMING)
def test_framer_fast_path_equals_the_general_path(data: bytes) -> None:
    assert _frames(data, fast=True) == _frames(data, fast=False)


def test_framer_fast_path_on_real_and_corrupted_streams() -> None:
    for data in (REAL, _stream(300, seed=1)):
        whole, counters = _frames(data, fast=True)
        assert len(whole) > 50
        assert (whole, counters) == _frames(data, fast=False)


def _general_only(decoder: Decoder) -> Decoder:
    """A decoder whose frames all take the general path (no line-to-value map)."""

    def check_frame(
        lines: list[bytes], rejected: list[Rejected]
    ) -> tuple[Mode, dict[str, int | str], dict[str, object]] | None:
        return decoder._check_lines(lines, rejected, {})  # type: ignore[return-value]

    decoder._check_frame = check_frame  # type: ignore[method-assign,assignment]
    return decoder


def _decode(decoder: Decoder, data: bytes) -> tuple[list[Reading], Counters]:
    return decoder.feed(data) + decoder.flush(), decoder.counters


@pytest.mark.parametrize("mode", [Mode.HISTORIC, None])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_decoder_fast_path_equals_the_general_path(
    mode: Mode | None, seed: int
) -> None:
    data = _stream(400, seed)
    fast, fast_counters = _decode(Decoder(mode, clock=FrameClock()), data)
    general, general_counters = _decode(
        _general_only(Decoder(mode, clock=FrameClock())), data
    )
    assert len(fast) > 300
    assert fast_counters.checksum_errors > 0  # the corruption did reach the checks
    assert fast == general
    assert fast_counters == general_counters


def test_decoder_fast_path_equals_the_general_path_on_captures() -> None:
    fast, fast_counters = _decode(Decoder(clock=FrameClock()), REAL)
    general, general_counters = _decode(
        _general_only(Decoder(clock=FrameClock())), REAL
    )
    assert fast
    assert fast == general
    assert fast_counters == general_counters


_NUMBER_GROUPS = [
    (mode, label, spec.length)
    for mode, specs in LABELS.items()
    for label, spec in specs.items()
    if spec.kind is Kind.NUMBER and not spec.timestamped
]


def _encoded_group(mode: Mode, label: str, data: str) -> bytes:
    frame = encode_frame(mode, [(label, data)])
    return frame.strip(b"\x02\x03\n\r")


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(_NUMBER_GROUPS),
    st.integers(min_value=0),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 127)), max_size=3),
    st.sampled_from([None, Mode.HISTORIC, Mode.STANDARD]),
)
def test_quick_number_accepts_exactly_what_the_parser_accepts(
    group: tuple[Mode, str, int],
    number: int,
    mutations: list[tuple[int, int]],
    fixed: Mode | None,
) -> None:
    mode, label, length = group
    raw = bytearray(_encoded_group(mode, label, f"{number % 10**length:0{length}d}"))
    for at, byte in mutations:
        raw[at % len(raw)] = byte
    quick = quick_number(bytes(raw), fixed)
    try:
        parsed = parse_group(bytes(raw), fixed)
    except GroupError:
        assert quick is None
        return
    spec = parsed.spec
    if spec.kind is not Kind.NUMBER or spec.timestamped:
        assert quick is None
        return
    value = int(parsed.data)
    in_range = (spec.minimum is None or value >= spec.minimum) and (
        spec.maximum is None or value <= spec.maximum
    )
    if in_range:
        assert quick == (parsed.mode, parsed.label, value)
    else:
        assert quick is None


def test_make_reading_is_the_dataclass_constructor() -> None:
    names = [field.name for field in dataclasses.fields(Reading)]
    assert list(inspect.signature(make_reading).parameters) == names
    arguments = {
        "mode": Mode.HISTORIC,
        "meter_id": "021861123456",
        "received_at": 12.5,
        "values": {"PAPP": 2840},
        "timestamps": {},
        "rejected": (Rejected("BASE", Rejection.INDEX_JUMP),),
        "date": None,
        "phases": 3,
        "option": TariffOption.TEMPO,
        "period": None,
        "off_peak": None,
        "tempo_today": None,
        "tempo_tomorrow": None,
        "ejp_notice": True,
        "ejp_active": False,
        "overload": True,
        "short_frame": False,
        "status": None,
        "relays": (True,) * 8,
        "meter": None,
        "tomorrow_schedule": None,
        "peak_schedule": None,
    }
    fast = make_reading(*arguments.values())  # type: ignore[arg-type]
    slow = Reading(**arguments)  # type: ignore[arg-type]
    assert type(fast) is Reading
    assert fast == slow
    assert repr(fast) == repr(slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert fast != dataclasses.replace(slow, phases=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.phases = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        slow.values = {}  # type: ignore[misc]
