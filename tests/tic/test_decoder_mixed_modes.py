"""A frame whose groups come in both modes, and the guard's bounds the decoder hands on.

Mutation testing (issue #12) found no test of the fast tic suite that reached these:
a frame mixing historic (space) and standard (tab) groups keeps its majority mode
and rejects the others; the coordinator reads the guard's power and index bounds
through the decoder.
"""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import ETX, STX, encode_group
from custom_components.linky_tic.tic.guard import Guard
from custom_components.linky_tic.tic.model import Mode, Reading, Rejected, Rejection

HISTORIC = (("ADCO", "021861123456"), ("IINST", "012"), ("PAPP", "02840"))
STANDARD = (("ADSC", "021861123456"), ("IRMS1", "012"), ("SINSTS", "02840"))


def _decode_mixed(
    historic: tuple[tuple[str, str], ...], standard: tuple[tuple[str, str], ...]
) -> tuple[Reading, Decoder]:
    """One frame of the given groups, historic ones first, decoded without the guard."""
    body = b"".join(encode_group(Mode.HISTORIC, *group) for group in historic)
    body += b"".join(encode_group(Mode.STANDARD, *group) for group in standard)
    decoder = Decoder(guard=False, clock=FrameClock())
    (reading,) = decoder.feed(STX + body + ETX)
    return reading, decoder


def test_a_historic_majority_keeps_the_frame_historic() -> None:
    reading, decoder = _decode_mixed(HISTORIC, STANDARD[2:])
    assert reading.mode is Mode.HISTORIC
    assert dict(reading.values) == dict(HISTORIC) | {"IINST": 12, "PAPP": 2840}
    assert reading.rejected == (Rejected("SINSTS", Rejection.MALFORMED),)
    assert decoder.counters.malformed_groups == 1


def test_a_standard_majority_keeps_the_frame_standard() -> None:
    reading, decoder = _decode_mixed(HISTORIC[2:], STANDARD)
    assert reading.mode is Mode.STANDARD
    assert set(reading.values) == {"ADSC", "IRMS1", "SINSTS"}
    assert reading.rejected == (Rejected("PAPP", Rejection.MALFORMED),)
    assert decoder.counters.malformed_groups == 1


def test_half_and_half_is_read_as_standard() -> None:
    """No majority: the historic groups are not more than half, the frame is standard."""
    reading, decoder = _decode_mixed(HISTORIC[1:], (STANDARD[0], STANDARD[2]))
    assert reading.mode is Mode.STANDARD
    assert set(reading.values) == {"ADSC", "SINSTS"}
    assert reading.rejected == (
        Rejected("IINST", Rejection.MALFORMED),
        Rejected("PAPP", Rejection.MALFORMED),
    )
    assert decoder.counters.malformed_groups == 2


@pytest.mark.parametrize(("mode", "phases"), [(Mode.HISTORIC, 3), (Mode.STANDARD, 1)])
def test_the_decoder_hands_on_the_guards_bounds(mode: Mode, phases: int) -> None:
    decoder = Decoder(mode, clock=FrameClock())
    guard = Guard()
    assert decoder.max_power_w(mode, phases) == guard.max_power_w(mode, phases)
    bound = decoder.index_bound(mode, phases)
    assert bound is not None
    assert [bound(s) for s in (0.0, 2.0, 60.0)] == [
        guard.bound_wh(mode, phases, s) for s in (0.0, 2.0, 60.0)
    ]
    assert bound(60.0) > bound(2.0) > 0


def test_without_a_guard_there_are_no_bounds() -> None:
    decoder = Decoder(Mode.STANDARD, guard=False)
    assert decoder.max_power_w(Mode.STANDARD, 1) is None
    assert decoder.index_bound(Mode.STANDARD, 1) is None
