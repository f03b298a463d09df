"""The decoder on whole frames: the guard's verdicts per frame, timestamps, input types."""

from __future__ import annotations

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.framer import Framer
from custom_components.linky_tic.tic.model import Mode, Rejection
from custom_components.linky_tic.tic.simulator import SimulatedMeter

HISTORIC = {
    "ADCO": "021861123456",
    "OPTARIF": "BBR(",
    "ISOUSC": "30",
    "BBRHCJB": "018328856",
    "BBRHPJB": "023739545",
    "PTEC": "HCJB",
    "DEMAIN": "ROUG",
    "IINST": "012",
    "IMAX": "090",
    "PAPP": "02840",
    "HHPHC": "A",
    "MOTDETAT": "000000",
}


def _historic_frame(**values: str) -> bytes:
    return encode_frame(Mode.HISTORIC, list((HISTORIC | values).items()))


def test_the_guard_judges_each_frame_of_a_stream() -> None:
    frames = [_historic_frame(BBRHCJB=f"{18328856 + n:09d}") for n in range(5)]
    frames += [
        _historic_frame(BBRHCJB="018328859"),  # a dip
        _historic_frame(BBRHCJB="019328860"),  # a jump
        # an idle index rises (PTEC HCJB), and the next frame confirms it
        _historic_frame(BBRHCJB="018328860", BBRHPJB="023739546"),
        _historic_frame(BBRHCJB="018328860", BBRHPJB="023739547"),
        # two rejections in one frame
        _historic_frame(BBRHCJB="000000001", BBRHPJB="000000002"),
        _historic_frame(BBRHCJB="018328861", BBRHPJB="023739547"),
        _historic_frame(BBRHCJB="018328861", BBRHPJB="023739547", PAPP="03000"),
    ]
    decoder = Decoder(Mode.HISTORIC, clock=FrameClock())
    readings = [reading for frame in frames for reading in decoder.feed(frame)]
    assert len(readings) == len(frames)
    reasons = [[(r.label, r.reason) for r in reading.rejected] for reading in readings]
    # The first value waits for the next frame, and says so.
    assert reasons[0] == [
        ("BBRHCJB", Rejection.UNCONFIRMED),
        ("BBRHPJB", Rejection.UNCONFIRMED),
    ]
    assert reasons[1:5] == [[]] * 4
    assert "BBRHCJB" not in readings[0].values  # the first value awaits confirmation
    assert readings[4].values["BBRHCJB"] == 18328860
    assert reasons[5] == [("BBRHCJB", Rejection.INDEX_DECREASED)]
    assert reasons[6] == [("BBRHCJB", Rejection.INDEX_JUMP)]
    assert reasons[7] == [("BBRHPJB", Rejection.IDLE_INDEX_ROSE)]
    assert reasons[8] == []
    assert readings[8].values["BBRHPJB"] == 23739547
    assert sorted(reasons[9]) == [
        ("BBRHCJB", Rejection.INDEX_DECREASED),
        ("BBRHPJB", Rejection.INDEX_DECREASED),
    ]
    assert "BBRHCJB" not in readings[9].values
    assert readings[11].values["PAPP"] == 3000
    assert decoder.counters.implausible_values == 5


def test_standard_readings_follow_the_date_and_timestamps() -> None:
    meter = SimulatedMeter(Mode.STANDARD, 1, "tempo", seed=3)
    decoder = Decoder(Mode.STANDARD, clock=FrameClock())
    readings = [r for frame in meter.frames(20) for r in decoder.feed(frame)]
    assert len(readings) == 20
    dates = [reading.date for reading in readings]
    assert len(set(dates)) > 10  # DATE changes every frame or so
    assert all(r.timestamps["DATE"] == r.date for r in readings)


def test_framer_takes_a_bytearray_or_a_memoryview_like_bytes() -> None:
    data = _historic_frame() * 2 + b"\x02\nADCO 02"
    expected = Framer().feed(data)
    assert len(expected) == 2
    assert Framer().feed(bytearray(data)) == expected  # type: ignore[arg-type]
    assert Framer().feed(memoryview(data)) == expected  # type: ignore[arg-type]
    (reading, _) = Decoder(Mode.HISTORIC, guard=False).feed(bytearray(data))  # type: ignore[arg-type]
    assert reading.values["BBRHCJB"] == 18328856
