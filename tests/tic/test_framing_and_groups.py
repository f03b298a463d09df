"""Framing and group rules: chunks, parity, EOT, overflow, separators, checksums."""

from __future__ import annotations

from typing import cast

import pytest

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame, encode_group
from custom_components.linky_tic.tic.framer import MAX_FRAME_BYTES, Framer
from custom_components.linky_tic.tic.groups import GroupError, parse_group
from custom_components.linky_tic.tic.model import Mode, Rejection

FRAME = encode_frame(
    Mode.HISTORIC,
    [
        ("ADCO", "021861123456"),
        ("OPTARIF", "BASE"),
        ("ISOUSC", "30"),
        ("PAPP", "01230"),
    ],
)


def decoder() -> Decoder:
    return Decoder(clock=FrameClock())


def test_parity_bit_is_stripped() -> None:
    eight_n_one = bytes(b | 0x80 if b.bit_count() % 2 else b for b in FRAME)
    assert eight_n_one != FRAME
    readings = decoder().feed(eight_n_one)
    assert [r.values["PAPP"] for r in readings] == [1230]


def test_eot_drops_the_partial_frame() -> None:
    dec = decoder()
    cut = FRAME[: len(FRAME) // 2] + b"\x04"
    assert len(dec.feed(cut + FRAME)) == 1
    assert len(dec.feed(FRAME)) == 1
    assert dec.counters.eots == 1
    assert dec.counters.frames == 2


def test_garbage_between_frames_and_missing_stx() -> None:
    dec = decoder()
    readings = dec.feed(b"\xff\x13garbage" + FRAME + b"noise\r\n" + FRAME[1:] + FRAME)
    assert [r.values["PAPP"] for r in readings] == [1230, 1230, 1230]


def test_overlong_frame_is_dropped_with_a_resync() -> None:
    framer = Framer()
    junk = b"\x02" + b"\nX Y Z\r" * (MAX_FRAME_BYTES // 6)
    frames = framer.feed(junk + FRAME)
    assert framer.counters.resyncs == 1
    assert len(frames) == 1  # only the good frame after the junk
    assert frames[0].lines[1].startswith(b"ADCO")


def test_a_line_without_end_is_bounded() -> None:
    framer = Framer()
    framer.feed(b"A" * 10_000)
    assert framer.counters.resyncs == 1
    assert len(framer._pending) == 0


def test_historic_checksum_may_be_a_space() -> None:
    group = parse_group(b"PTEC HP..  ", Mode.HISTORIC)
    assert (group.label, group.data) == ("PTEC", "HP..")


def test_standard_group_with_timestamp_and_spaces_in_data() -> None:
    raw = encode_group(Mode.STANDARD, "SMAXSN", "01024", "H230301065253")[1:-1]
    group = parse_group(raw, None)
    assert group.mode is Mode.STANDARD
    assert group.horodate == "H230301065253"
    message = encode_group(Mode.STANDARD, "MSG1", "PAS DE          MESSAGE         ")
    assert (
        parse_group(message[1:-1], Mode.STANDARD).data.strip()
        == "PAS DE          MESSAGE"
    )


@pytest.mark.parametrize(
    ("raw", "mode", "reason"),
    [
        (b"ADCO 021861123456 ?", Mode.HISTORIC, Rejection.CHECKSUM),
        (b"ADCO\t021861123456\t>", Mode.HISTORIC, Rejection.MALFORMED),
        (b"XYZ", None, Rejection.MALFORMED),
        (
            encode_group(Mode.HISTORIC, "NOPE", "12")[1:-1],
            None,
            Rejection.UNKNOWN_LABEL,
        ),
        (
            encode_group(Mode.HISTORIC, "PAPP", "12a45")[1:-1],
            None,
            Rejection.BAD_FORMAT,
        ),
        (encode_group(Mode.HISTORIC, "PTEC", "XX..")[1:-1], None, Rejection.BAD_FORMAT),
        (
            encode_group(Mode.STANDARD, "SMAXSN", "01024")[1:-1],
            None,
            Rejection.MALFORMED,
        ),
    ],
)
def test_rejections(raw: bytes, mode: Mode | None, reason: Rejection) -> None:
    with pytest.raises(GroupError) as caught:
        parse_group(raw, mode)
    assert caught.value.rejection is reason


def test_out_of_range_value_is_counted_and_not_emitted() -> None:
    dec = decoder()
    frame = encode_frame(Mode.STANDARD, [("ADSC", "041776123456"), ("URMS1", "999")])
    reading = dec.feed(frame)[0]
    assert "URMS1" not in reading.values
    assert reading.rejected[0].reason is Rejection.OUT_OF_RANGE
    assert dec.counters.implausible_values == 1


def test_bad_horodate_is_malformed() -> None:
    frame = encode_frame(
        Mode.STANDARD, [("ADSC", "041776123456"), ("DATE", "", "H231341250000")]
    )
    reading = decoder().feed(frame)[0]
    assert reading.date is None
    assert reading.rejected[0].reason is Rejection.MALFORMED


def test_degraded_clock_and_blank_season() -> None:
    frame = encode_frame(
        Mode.STANDARD,
        [
            ("ADSC", "041776123456"),
            ("DATE", "", "e231001120000"),
            ("DPM1", "00", " 231002060000"),
        ],
    )
    reading = decoder().feed(frame)[0]
    assert reading.date is not None
    assert reading.date.isoformat() == "2023-10-01T12:00:00+02:00"
    assert reading.timestamps["DPM1"].isoformat() == "2023-10-02T06:00:00+02:00"


def test_auto_mode_follows_a_reprogrammed_meter() -> None:
    dec = decoder()
    dec.feed(FRAME)
    assert dec.mode is Mode.HISTORIC
    standard = encode_frame(
        Mode.STANDARD, [("ADSC", "021861123456"), ("SINSTS", "00500")]
    )
    reading = dec.feed(standard)[0]
    assert cast("Mode", dec.mode) is Mode.STANDARD  # it was historic: mypy narrowed it
    assert reading.values["SINSTS"] == 500


def test_fixed_mode_rejects_the_other_separator() -> None:
    dec = Decoder(Mode.STANDARD, clock=FrameClock())
    assert dec.feed(FRAME) == []
    assert dec.counters.malformed_groups == 4


def test_a_new_meter_id_needs_two_frames_and_resets_the_guard() -> None:
    def frame(meter: str, index: int) -> bytes:
        return encode_frame(Mode.HISTORIC, [("ADCO", meter), ("BASE", f"{index:09d}")])

    dec = decoder()
    dec.feed(frame("021861123456", 1000) + frame("021861123456", 1001))
    assert dec.feed(frame("021861654321", 5)) == []  # not confirmed yet
    reading = dec.feed(frame("021861654321", 6))[0]
    assert reading.meter_id == "021861654321"
    assert "BASE" not in reading.values  # the baseline starts over, unconfirmed
    assert dec.feed(frame("021861654321", 7))[0].values["BASE"] == 7
