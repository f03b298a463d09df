"""Text labels: a corrupted character that the 6-bit checksum cannot see is not published.

The checksum is a sum modulo 64, so it misses every single byte error worth 64:
bit 6 flipped (a space becomes a backquote, a digit a lower-case letter, a
letter a control character), or a byte 0x00/0x40 lost or added. Each label's
format (registry.py) rejects all of them for every group a real meter or the
simulator sends, but one kind: free text (NGTF, LTARF, MSG1, MSG2) is mixed
case on real meters (``HC et Week-End``), so a lower-case letter and its twin
64 below (a digit or ``!"#$%&'()*+,-./:``) are both valid there. The guard
holds a changed free text until the next frame confirms it, so through the
decoder no such error is published either. Before the formats were tightened,
free text accepted any printable character and a soak of 10^6 frames emitted
1 453 wrong MSG1, LTARF and NGTF values.
"""

from __future__ import annotations

import re

import pytest

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame, encode_group
from custom_components.linky_tic.tic.groups import GroupError, checksum, parse_group
from custom_components.linky_tic.tic.model import Mode, Rejection
from custom_components.linky_tic.tic.registry import LABELS, METER_ID_LABEL, Kind
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .helpers import CAPTURES

_STRIP_PARITY = bytes(i & 0x7F for i in range(256))
_SEP = {Mode.HISTORIC: 0x20, Mode.STANDARD: 0x09}


def _valid_groups() -> set[bytes]:
    """Every distinct valid group line (no LF/CR) of the captures and the simulator."""
    lines: set[bytes] = set()
    for path in sorted(CAPTURES.glob("*.txt")):
        text = path.read_bytes().translate(_STRIP_PARITY)
        lines.update(re.split(rb"[\x02\x03\x04\r\n]+", text))
    for mode in Mode:
        for phases in (1, 3):
            for option in ("base", "hc", "ejp", "tempo"):
                meter = SimulatedMeter(mode, phases, option, seed=phases)
                for frame in meter.frames(3):
                    lines.update(frame.strip(b"\x02\x03").split(b"\r\n"))
    # Labels neither source sends in a few frames, as the specification shows them.
    schedule = " ".join(["00008001", "07008002"] + ["NONUTILE"] * 9)
    extra: list[tuple[str, str, str | None]] = [
        ("MSG2", "  COUPURE 18H   ", None),
        ("PPOINTE", schedule, None),
    ]
    extra += [
        (f"{name}{phase}", "00", " 200214060000")
        for name in ("DPM", "FPM")
        for phase in (2, 3)
    ]
    lines.update(encode_group(Mode.STANDARD, *g).strip(b"\n\r") for g in extra)
    valid = set()
    for line in lines:
        try:
            parse_group(line.strip(b"\n"), None)
        except GroupError:
            continue
        valid.add(line.strip(b"\n"))
    return valid


VALID = sorted(_valid_groups())


def _invisible_errors(line: bytes) -> list[bytes]:
    """Every single byte error of ``line`` that leaves its checksum right.

    Only the bytes before the checksum character are damaged (a damaged
    checksum character never matches).
    """
    body, tail = line[:-1], line[-1:]
    errors = []
    for n in range(len(body)):
        errors.append(body[:n] + bytes((body[n] ^ 0x40,)) + body[n + 1 :] + tail)
        errors += [body[:n] + extra + body[n:] + tail for extra in (b"\x00", b"@")]
        if body[n] in (0x00, 0x40):  # pragma: no cover (no valid group has them)
            errors.append(body[:n] + body[n + 1 :] + tail)
    return errors


def _checksum_holds(line: bytes) -> bool:
    sep = line[-2]
    summed = line[:-2] if sep == 0x20 else line[:-1]
    return checksum(summed) == line[-1]


def test_the_real_and_simulated_groups_cover_every_text_label_sent() -> None:
    labels = {line.split(bytes((line[-2],)))[0].decode() for line in VALID}
    text = {
        label
        for table in LABELS.values()
        for label, spec in table.items()
        if spec.kind is Kind.TEXT
    }
    assert text <= labels
    assert {"NGTF", "LTARF", "MSG1", "OPTARIF", "PTEC", "HHPHC", "DEMAIN"} <= labels
    assert len(VALID) > 200


def _twin_swap(good: bytes, damaged: bytes) -> bool:
    """``damaged`` is ``good`` with one lower-case letter swapped with its twin."""
    if len(good) != len(damaged):
        return False
    diff = [(a, b) for a, b in zip(good, damaged, strict=True) if a != b]
    return (
        len(diff) == 1
        and diff[0][0] ^ diff[0][1] == 0x40
        and any(chr(c).islower() for c in diff[0])
    )


@pytest.mark.parametrize("line", VALID, ids=lambda line: line[:12].decode())
def test_no_checksum_invisible_error_is_accepted(line: bytes) -> None:
    """Every error the checksum cannot see is held back, with a reason."""
    mode = Mode.HISTORIC if line[-2] == _SEP[Mode.HISTORIC] else Mode.STANDARD
    good = parse_group(line, mode)
    label = good.label
    id_label = METER_ID_LABEL[mode]
    id_group = (
        ("ADCO", "021861123456") if mode is Mode.HISTORIC else ("ADSC", "041776123456")
    )
    head = b"\x02\n"
    if label != id_label:
        head = encode_frame(mode, [id_group])[:-1] + b"\n"
    for damaged in _invisible_errors(line):
        assert _checksum_holds(damaged) or damaged[-2] not in _SEP.values()
        # Through the decoder and its guard, after two clean frames.
        decoder = Decoder(mode, clock=FrameClock())
        for _ in range(2):
            (clean,) = decoder.feed(head + line + b"\r\x03")
        for reading in decoder.feed(head + damaged + b"\r\x03"):
            assert reading.values.items() <= clean.values.items(), damaged
        if label == id_label:
            continue
        # The group alone: the format (or, for a timestamp, the decoder) rejects
        # it; or, for free text only, it is a lower-case letter's twin swap that
        # only the guard's confirmation catches.
        rejection = _rejection(damaged, mode)
        if rejection is None:
            group = parse_group(damaged, mode)
            if group.spec.free_text:
                assert _twin_swap(line, damaged), damaged
            else:
                assert group.horodate is not None
                assert group.horodate != good.horodate
        else:
            assert rejection is not Rejection.CHECKSUM or not _checksum_holds(damaged)


def _rejection(line: bytes, mode: Mode) -> Rejection | None:
    try:
        parse_group(line, mode)
    except GroupError as error:
        return error.rejection
    return None


@pytest.mark.parametrize(
    ("label", "sent", "corrupted", "reason"),
    [
        ("LTARF", "   HC  BLANC    ", "   HC` BLANC    ", Rejection.BAD_FORMAT),
        ("NGTF", "     TEMPO      ", "     TEMPO   `  ", Rejection.BAD_FORMAT),
        (
            "MSG1",
            "PAS DE          MESSAGE         ",
            "PAS DE          MESSAGE   `     ",
            Rejection.BAD_FORMAT,
        ),
        # "/" + 64 and "2" + 64: valid mixed case, held by the guard.
        ("NGTF", "H PLEINE/CREUSE ", "H PLEINEoCREUSE ", Rejection.UNCONFIRMED),
        ("LTARF", "INDEX INACTIF 2 ", "INDEX INACTIF r ", Rejection.UNCONFIRMED),
        # "-" <-> "m" in a real mixed-case calendar name, both ways.
        ("NGTF", " HC et Week-End ", " HC et WeekmEnd ", Rejection.UNCONFIRMED),
        ("NGTF", " HC et Week-End ", " HC et Wee+-End ", Rejection.UNCONFIRMED),
    ],
)
def test_a_corrupted_text_value_that_passes_the_checksum_is_not_published(
    label: str, sent: str, corrupted: str, reason: Rejection
) -> None:
    good = encode_group(Mode.STANDARD, label, sent)
    bad = encode_group(Mode.STANDARD, label, corrupted)
    assert good[-2:] == bad[-2:]  # same checksum character: invisible to it
    decoder = Decoder(Mode.STANDARD, clock=FrameClock())
    head = encode_frame(Mode.STANDARD, [("ADSC", "041776123456")])[:-1]
    (clean,) = decoder.feed(head + good + b"\x03")
    assert clean.values[label] == sent.strip()
    assert clean.rejected == ()
    (damaged,) = decoder.feed(head + bad + b"\x03")
    assert label not in damaged.values
    assert [(r.label, r.reason) for r in damaged.rejected] == [(label, reason)]
    (again,) = decoder.feed(head + good + b"\x03")
    assert again.values[label] == sent.strip()
    assert again.rejected == ()
    assert decoder.counters.implausible_values == 0


def test_a_changed_free_text_is_published_once_the_next_frame_confirms_it() -> None:
    decoder = Decoder(Mode.STANDARD, clock=FrameClock())
    head = encode_frame(Mode.STANDARD, [("ADSC", "041776123456")])[:-1]

    def frame(text: str) -> tuple[str | None, list[tuple[str, Rejection]]]:
        (reading,) = decoder.feed(
            head + encode_group(Mode.STANDARD, "LTARF", text) + b"\x03"
        )
        value = reading.values.get("LTARF")
        return (
            value if isinstance(value, str) else None,
            [(r.label, r.reason) for r in reading.rejected],
        )

    assert frame("  HEURE CREUSE  ") == ("HEURE CREUSE", [])
    assert frame("  HEURE PLEINE  ") == (None, [("LTARF", Rejection.UNCONFIRMED)])
    assert frame("  HEURE PLEINE  ") == ("HEURE PLEINE", [])
    # Confirmation means the very next frame: a value seen, then another, then
    # the first again is held again.
    assert frame("  HEURE CREUSE  ")[0] is None
    assert frame(" HC et Week-End ")[0] is None
    assert frame("  HEURE CREUSE  ")[0] is None
    assert frame("  HEURE CREUSE  ") == ("HEURE CREUSE", [])
    # Back to the published text: nothing to confirm.
    assert frame("  HEURE PLEINE  ")[0] is None
    assert frame("  HEURE CREUSE  ") == ("HEURE CREUSE", [])
    assert decoder.counters.implausible_values == 0


@pytest.mark.parametrize(
    ("label", "data", "accepted"),
    [
        ("NGTF", "      BASE      ", True),
        ("NGTF", "PRODUCTEUR", True),  # unpadded, as one published dump shows it
        ("NGTF", "PRODUCTEUR ", False),  # padded, but not to 16
        ("NGTF", " PRODUCTEUR", False),
        ("NGTF", "     TEMPO       ", False),  # 17 characters
        ("NGTF", "HEURES-CREUSES-WE", False),  # 17 characters, unpadded
        ("NGTF", "tempo", True),  # mixed case is real (the guard confirms it)
        ("NGTF", " HC et Week-End ", True),
        ("NGTF", "HC et Week-End", True),
        ("NGTF", " HC et Week`End ", False),  # a backquote is a space's twin
        ("NGTF", " HC et Week|End ", False),  # nor "{|}~" (twins of ";<=>")
        ("LTARF", "Heures  Creuses ", True),
        ("LTARF", "HC@BLEU", False),  # "@" is invisible to the checksum
        ("LTARF", "   HEURE CREUSE ", True),
        ("LTARF", "HEURE CREUSE", True),  # unpadded, as NGTF may be
        ("MSG1", "PAS DE MESSAGE", False),  # MSG1 is always 32 characters
        ("MSG2", "  COUPURE 18H   ", True),
        ("MSG2", "  COUPURE 18H ", False),
        ("PRM", "1234567890123", False),
        ("ADSC", "04177612345", False),
    ],
)
def test_standard_text_formats(label: str, data: str, *, accepted: bool) -> None:
    line = encode_group(Mode.STANDARD, label, data).strip(b"\n\r")
    if accepted:
        assert parse_group(line, Mode.STANDARD).data == data
    else:
        with pytest.raises(GroupError) as error:
            parse_group(line, Mode.STANDARD)
        assert error.value.rejection is Rejection.BAD_FORMAT


@pytest.mark.parametrize(
    ("label", "data", "accepted"),
    [
        ("OPTARIF", "BBR(", True),
        ("OPTARIF", "BBRh", False),  # "(" + 64
        ("OPTARIF", "HC..", True),
        ("OPTARIF", "HCn.", False),
        ("HHPHC", "A", True),
        ("HHPHC", "E", True),
        ("HHPHC", "Y", True),
        ("HHPHC", "B", False),
        ("PTEC", "HPJW", True),
        ("PTEC", "HPJX", False),
        ("DEMAIN", "----", True),
        ("DEMAIN", "--m-", False),
        ("MOTDETAT", "000000", True),
        ("MOTDETAT", "00p000", False),
        ("ADCO", "02186112345", False),
    ],
)
def test_historic_enum_formats(label: str, data: str, *, accepted: bool) -> None:
    line = encode_group(Mode.HISTORIC, label, data).strip(b"\n\r")
    if accepted:
        assert parse_group(line, Mode.HISTORIC).data == data
    else:
        with pytest.raises(GroupError) as error:
            parse_group(line, Mode.HISTORIC)
        assert error.value.rejection is Rejection.BAD_FORMAT
