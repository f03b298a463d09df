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
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.linky_tic.tic.decoder import _REPLAY_FIXED, Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.framer import Framer, RawFrame
from custom_components.linky_tic.tic.groups import (
    GroupError,
    parse_group,
    quick_number,
)
from custom_components.linky_tic.tic.guard import _RATING_LABELS, Guard
from custom_components.linky_tic.tic.model import (
    Counters,
    Mode,
    Reading,
    Rejected,
    Rejection,
    TariffOption,
    make_reading,
)
from custom_components.linky_tic.tic.reading import (
    build_reading,
    reading_template,
    replay_reading,
)
from custom_components.linky_tic.tic.registry import LABELS, METER_ID_LABEL, Kind
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

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
    """A decoder whose frames all take the general path (no replay, no line map)."""

    def check_frame(
        lines: list[bytes],
        rejected: list[Rejected],
        done: dict[int, tuple[object, ...]] | None = None,
    ) -> tuple[Mode, dict[str, int | str], dict[str, object]] | None:
        assert done is None  # only the replay path gives lines already checked
        return decoder._check_lines(lines, rejected, {})  # type: ignore[return-value]

    decoder.replay = False
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


# The replay path: a frame like the last one but for a few values.


def _guard_state(decoder: Decoder) -> object:
    return None if decoder.guard is None else _guard_state_of(decoder.guard)


def _guard_state_of(guard: Guard) -> object:
    return (
        {k: (s.value, s.at) for k, s in guard._accepted.items()},
        {k: (s.value, s.at) for k, s in guard._candidates.items()},
        {k: (s.value, s.at, s.frame) for k, s in guard._rising.items()},
        guard._known,
        guard._idle,
        guard._frame,
        guard._rating,
    )


def _both_ways(
    chunks: list[bytes], mode: Mode | None, *, guard: bool = True
) -> tuple[list[Reading], Decoder]:
    """Decode with and without the replay path; assert the same everything."""
    clock_fast, clock_slow = FrameClock(), FrameClock()
    fast = Decoder(mode, guard=guard, clock=clock_fast)
    slow = Decoder(mode, guard=guard, clock=clock_slow)
    slow.replay = False
    readings: list[Reading] = []
    for chunk in chunks:
        got, expected = fast.feed(chunk), slow.feed(chunk)
        assert got == expected
        assert [r.rejected for r in got] == [r.rejected for r in expected]
        assert _guard_state(fast) == _guard_state(slow)
        readings += got
    assert fast.flush() == slow.flush()
    assert fast.counters == slow.counters
    assert slow._replays == 0
    return readings, fast


def _corrupt(frame: bytes, rng: random.Random, rate: float) -> bytes:
    out = bytearray()
    for byte in frame:
        roll = rng.random()
        if roll < rate * 0.6:
            out.append(byte ^ 1 << rng.randrange(7))
        elif roll < rate * 0.8:
            continue  # lost
        elif roll < rate:
            out += bytes((byte, rng.randrange(256)))
        else:
            out.append(byte)
    return bytes(out)


@pytest.mark.parametrize("mode", [Mode.HISTORIC, Mode.STANDARD])
@pytest.mark.parametrize("option", ["base", "hc", "tempo", "ejp"])
@pytest.mark.parametrize("rate", [0.0, 1e-3, 1e-2])
def test_replay_equals_the_general_path_on_simulated_streams(
    mode: Mode, option: str, rate: float
) -> None:
    rng = random.Random(f"{mode}{option}{rate}")
    phases = 3 if option in {"base", "hc"} else 1
    # From 21:58 on: the 22:00 switch (off-peak starts) is in the stream.
    start = datetime(2026, 1, 15, 21, 58, tzinfo=PARIS)
    meter = SimulatedMeter(mode, phases, option, seed=2, start=start)
    chunks = [_corrupt(frame, rng, rate) for frame in meter.frames(250)]
    readings, fast = _both_ways(chunks, None if rate else mode)
    assert len(readings) > 200
    print(f"{mode} {option} {rate}: {fast._replays} replays")
    # Only a frame after an undamaged one can be replayed.
    expected = {0.0: 240, 1e-3: 100 if mode is Mode.HISTORIC else 10, 1e-2: 0}
    assert fast._replays >= expected[rate]
    if rate:
        assert fast.counters.checksum_errors > 0


def test_replay_equals_the_general_path_on_captures_and_corrupted_historic() -> None:
    _both_ways([REAL], None)
    _both_ways([REAL], None, guard=False)
    _, fast = _both_ways([_stream(400, seed) for seed in (1, 2, 3)], Mode.HISTORIC)
    assert fast._replays > 150


def _historic_frame(**values: str) -> bytes:
    groups = dict(HISTORIC) | values
    return encode_frame(Mode.HISTORIC, list(groups.items()))


def test_replay_applies_the_guard_like_the_general_path() -> None:
    frames = [_historic_frame(BBRHCJB=f"{18328856 + n:09d}") for n in range(5)]
    frames += [
        _historic_frame(BBRHCJB="018328859"),  # a dip
        _historic_frame(BBRHCJB="019328860"),  # a jump
        # an idle index rises (PTEC HCJB), and the next frame confirms it
        _historic_frame(BBRHCJB="018328860", BBRHPJB="023739546"),
        _historic_frame(BBRHCJB="018328860", BBRHPJB="023739547"),
        # two rejections in one frame: in the order check() reports them
        _historic_frame(BBRHCJB="000000001", BBRHPJB="000000002"),
        _historic_frame(BBRHCJB="018328861", BBRHPJB="023739547"),
        _historic_frame(BBRHCJB="018328861", BBRHPJB="023739547", PAPP="03000"),
    ]
    readings, fast = _both_ways(frames, Mode.HISTORIC)
    reasons = [[(r.label, r.reason) for r in reading.rejected] for reading in readings]
    assert reasons[5] == [("BBRHCJB", Rejection.INDEX_DECREASED)]
    assert reasons[6] == [("BBRHCJB", Rejection.INDEX_JUMP)]
    assert reasons[7] == [("BBRHPJB", Rejection.IDLE_INDEX_ROSE)]
    assert reasons[8] == []
    assert sorted(reasons[9]) == [
        ("BBRHCJB", Rejection.INDEX_DECREASED),
        ("BBRHPJB", Rejection.INDEX_DECREASED),
    ]
    assert readings[11].values["PAPP"] == 3000
    assert fast._replays == 6  # frames 2-5, 9 (two rejections) and 11


def test_replay_after_a_guard_reset_starts_over() -> None:
    frames = [_historic_frame(BBRHCJB=f"{18328856 + n:09d}") for n in range(6)]
    fast = Decoder(Mode.HISTORIC, clock=FrameClock())
    slow = Decoder(Mode.HISTORIC, clock=FrameClock())
    slow.replay = False
    for n, frame in enumerate(frames):
        if n == 3:
            fast.reset_guard()
            slow.reset_guard()
        if n == 4:
            assert fast.guard is not None
            assert slow.guard is not None
            fast.guard.reset()  # directly: the replay must notice it too
            slow.guard.reset()
        assert fast.feed(frame) == slow.feed(frame)
        assert _guard_state(fast) == _guard_state(slow)
    assert fast._replays > 0


def test_replay_follows_the_date_and_timestamps() -> None:
    meter = SimulatedMeter(Mode.STANDARD, 1, "tempo", seed=3)
    readings, fast = _both_ways(list(meter.frames(20)), Mode.STANDARD)
    assert fast._replays >= 15
    dates = [reading.date for reading in readings]
    assert len(set(dates)) > 10  # DATE changes every frame or so
    assert all(r.timestamps["DATE"] == r.date for r in readings)


def _derived(reading: Reading) -> dict[str, object]:
    fields = dict(vars(reading))
    del fields["values"]
    return fields


@pytest.mark.parametrize(
    ("mode", "option", "producer"),
    [
        (Mode.HISTORIC, "tempo", False),
        (Mode.HISTORIC, "ejp", False),
        (Mode.STANDARD, "tempo", False),
        (Mode.STANDARD, "ejp", True),
    ],
)
def test_no_derived_field_reads_a_value_the_replay_path_lets_change(
    mode: Mode, option: str, producer: bool
) -> None:
    """The replay path's list of labels (_REPLAY_FIXED) is complete."""
    # 22:30 the evening before an EJP day: notices, schedules, everything sent.
    meter = SimulatedMeter(
        mode,
        3,
        option,
        producer,
        seed=5,
        start=datetime(2026, 1, 14, 22, 30, tzinfo=PARIS),
    )
    meter.tariff.ejp  # noqa: B018  (the default calendar has EJP days in January)
    values = Decoder(mode, guard=False).feed(meter.frame())[0].values
    assert len(values) > 15
    reference = build_reading(mode, "021861123456", 1.0, dict(values), {}, rejected=[])
    for label, value in values.items():
        if label in _REPLAY_FIXED:
            continue
        changed = dict(values)
        changed[label] = value + 1 if isinstance(value, int) else value + "X"
        other = build_reading(mode, "021861123456", 1.0, changed, {}, rejected=[])
        assert _derived(other) == _derived(reference), label
    guard_reads = {"PTEC", "NTARF", "STGE", *_RATING_LABELS[mode]}
    assert guard_reads <= _REPLAY_FIXED
    assert set(METER_ID_LABEL.values()) <= _REPLAY_FIXED


def test_replay_reading_is_build_reading() -> None:
    meter = SimulatedMeter(Mode.STANDARD, 3, "hc", seed=1)
    (reading,) = Decoder(Mode.STANDARD, guard=False).feed(meter.frame())
    values = dict(reading.values)
    values["EAST"] = 123
    rejected = [Rejected("SINSTS", Rejection.CHECKSUM)]
    expected = build_reading(
        Mode.STANDARD,
        reading.meter_id,
        9.5,
        dict(values),
        dict(reading.timestamps),
        rejected=rejected,
        phases=reading.phases,
    )
    replayed = replay_reading(reading_template(reading), 9.5, values, rejected)
    assert type(replayed) is Reading
    assert replayed == expected
    assert repr(replayed) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        replayed.phases = 1  # type: ignore[misc]


def test_replay_needs_one_group_per_line() -> None:
    """A line with two groups (CR-only dump) and a blank one: never replayed."""
    lines = _historic_frame().split(b"\n")
    two_in_one = [*lines[:3], lines[3] + lines[4], b"", *lines[5:]]
    frame = b"\n".join(two_in_one)
    blank = b"\n".join([*lines[:10], b"", *lines[11:]])  # PAPP blank, twice
    readings, fast = _both_ways(
        [frame] * 4 + [_historic_frame()] * 2 + [blank] * 3, None
    )
    assert len(readings) == 9
    assert readings[3].values["BBRHCJB"] == 18328856
    assert fast._replays == 1  # the second of the whole frames only


def _chunked_frames(
    chunks: list[bytes], *, fast: bool
) -> tuple[list[RawFrame], Counters, bytes]:
    framer = Framer(max_frame_bytes=400)
    framer.fast_paths = fast
    frames: list[RawFrame] = []
    for chunk in chunks:
        frames += framer.feed(chunk)
    pending = framer._pending
    return frames + framer.flush(), framer.counters, pending


def test_framer_whole_frames_path_equals_the_general_path() -> None:
    """Chunks made only of whole STX..ETX frames, and each way they can fail it."""
    good = _historic_frame()
    two_ids = good[:-1] + b"\nADCO 021861123456 >\r\x03"
    long_line = b"\x02\nPAPP " + b"1" * 300 + b" ,\r\x03"
    too_big = b"\x02" + b"\nPAPP 02840 ,\r" * 40 + b"\x03"
    cases = [
        [good * 5],
        [good * 2 + two_ids + good],
        [good + long_line + good],
        [good + b"\x02\x03" + good],  # an empty frame
        [good + too_big + good],
        [good[:30], good[30:] + good * 3],  # a frame in progress first
        [b"garbage" + good * 2],
        [good + b"junk between frames\r\n" + good],
        [good * 2 + b"\n"],  # something after the last ETX
        [good, b"\x04" + good],  # EOT
    ]
    taken = 0
    for chunks in cases:
        fast = _chunked_frames(chunks, fast=True)
        assert fast == _chunked_frames(chunks, fast=False), chunks
        taken += len(fast[0])
    assert taken > 20
    # The fast path did run on the first case (and gives the frames' lines).
    framer = Framer()
    frames = framer.feed(good * 3)
    assert [frame.lines for frame in frames] == [good[1:-1].split(b"\n")] * 3
    assert all(frame.closed for frame in frames)


def test_replay_needs_each_label_on_its_line() -> None:
    lines = _historic_frame().split(b"\n")
    swapped = b"\n".join([*lines[:10], lines[11], lines[10], *lines[12:]])
    readings, fast = _both_ways([_historic_frame()] * 3 + [swapped] * 2, None)
    assert readings[3].values == readings[2].values
    assert fast._replays == 2  # frame 3 takes the general path, frame 4 replays


def test_guard_check_replay_is_check() -> None:
    """Across period switches back and forth, rises, dips and idle rises."""
    plain, replayed = Guard(), Guard()
    fixed = {"ADCO": "021861123456", "ISOUSC": 30}
    samples: list[object] = []
    last_ptec = None
    previous: dict[str, int | str] = {}
    index = {"HCHC": 1000, "HCHP": 5000}
    script = ["HC..", "HC..", "HC..", "HP..", "HP..", "HC..", "HC..", "HP..", "HP.."]
    for n, ptec in enumerate(script * 3):
        counting = "HCHC" if ptec == "HC.." else "HCHP"
        index[counting] += 3
        values: dict[str, int | str] = {**fixed, "PTEC": ptec, **index}
        if n % 7 == 5:
            values["HCHP" if counting == "HCHC" else "HCHC"] += 2  # idle rise
        if n % 11 == 9:
            values[counting] -= 1  # a dip
        expected = dict(values)
        rejected = plain.check(expected, Mode.HISTORIC, 1, 2.0 * n)
        got = dict(values)
        if ptec == last_ptec and n > 1:
            changed = [k for k in ("HCHC", "HCHP") if values[k] != previous[k]]
            result = replayed.check_replay(got, changed, samples, 2.0 * n)  # type: ignore[arg-type]
        else:
            result = replayed.check(got, Mode.HISTORIC, 1, 2.0 * n)
        assert (got, result) == (expected, rejected), n
        assert _guard_state_of(plain) == _guard_state_of(replayed)
        samples = (
            replayed.replay_samples(got, Mode.HISTORIC)
            if len(got) == len(values)
            else []
        )
        previous = values
        last_ptec = ptec if len(got) == len(values) else None


def test_framer_takes_a_bytearray_or_a_memoryview_like_bytes() -> None:
    data = _historic_frame() * 2 + b"\x02\nADCO 02"
    expected = _chunked_frames([data], fast=True)
    assert _chunked_frames([bytearray(data)], fast=True) == expected
    assert _chunked_frames([memoryview(data)], fast=True) == expected  # type: ignore[list-item]
    (reading, _) = Decoder(Mode.HISTORIC, guard=False).feed(bytearray(data))
    assert reading.values["BBRHCJB"] == 18328856
