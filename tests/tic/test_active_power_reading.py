"""Active power from whole readings, without Home Assistant (issue #12: mutants no pure test reached).

``total_consumption_wh`` and ``ActivePowerEstimator.update_reading`` were only run
through Home Assistant; here readings come out of the decoder, one frame every 2 s.
"""

from __future__ import annotations

from custom_components.linky_tic.tic.active_power import (
    ActivePowerEstimator,
    total_consumption_wh,
)
from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode, Reading, TariffOption


def _read(mode: Mode, *groups: tuple[str, str]) -> Reading:
    (reading,) = Decoder(mode, guard=False, clock=FrameClock(2.0)).feed(
        encode_frame(mode, groups)
    )
    return reading


def _hc(hchc: str | None, hchp: str | None, optarif: str | None = "HC..") -> Reading:
    groups = [("ADCO", "022276123456")]
    groups += [("OPTARIF", optarif)] if optarif else []
    groups += [("HCHC", hchc)] if hchc else []
    groups += [("HCHP", hchp)] if hchp else []
    return _read(Mode.HISTORIC, *groups, ("PTEC", "HP.."), ("PAPP", "01000"))


def test_the_whole_index_is_the_sum_of_the_options_indexes() -> None:
    assert total_consumption_wh(_hc("000001000", "000002000"), None) == 3000
    assert total_consumption_wh(_hc("000001000", "000000000"), None) == 1000
    # a partial sum would look like a drop: none
    assert total_consumption_wh(_hc("000001000", None), None) is None
    assert total_consumption_wh(_hc(None, "000002000"), None) is None


def test_the_entrys_option_stands_in_for_a_frame_without_optarif() -> None:
    reading = _hc("000001000", "000002000", optarif=None)
    assert total_consumption_wh(reading, TariffOption.OFF_PEAK) == 3000
    assert total_consumption_wh(reading, None) is None  # no option known: no index


def test_a_standard_meters_whole_index_is_east() -> None:
    east = _read(Mode.STANDARD, ("ADSC", "021861123456"), ("EAST", "000012345"))
    assert total_consumption_wh(east, None) == 12345
    without = _read(Mode.STANDARD, ("ADSC", "021861123456"), ("SINSTS", "00500"))
    assert total_consumption_wh(without, TariffOption.BASE) is None


def test_update_reading_clips_and_keeps_the_last_estimate_without_the_index() -> None:
    estimator = ActivePowerEstimator()
    decoder = Decoder(Mode.HISTORIC, guard=False, clock=FrameClock(2.0))
    published: list[float | None] = []
    for frame in range(12):
        hchp = 2000 + frame  # 1 Wh every 2 s: 1800 W
        groups = [("ADCO", "022276123456"), ("OPTARIF", "HC.."), ("HCHC", "000001000")]
        groups += [("HCHP", f"{hchp:09d}"), ("PTEC", "HP..")]
        (reading,) = decoder.feed(encode_frame(Mode.HISTORIC, groups))
        published.append(estimator.update_reading(reading, None, None))
    assert published[0] is None  # one point: no slope yet
    last = published[-1]
    assert last is not None
    assert abs(last - 1800) < 1800 * 0.02
    # a frame without HCHC: the estimate stays as it was
    (partial,) = decoder.feed(
        encode_frame(
            Mode.HISTORIC,
            [("ADCO", "022276123456"), ("HCHP", "000002012"), ("PTEC", "HP..")],
        )
    )
    assert estimator.update_reading(partial, None, None) == last
    # the meter's largest power clips what is published, and stays set
    (reading,) = decoder.feed(
        encode_frame(
            Mode.HISTORIC,
            [("ADCO", "022276123456"), ("HCHC", "000001000"), ("HCHP", "000002013")],
        )
    )
    assert estimator.update_reading(reading, TariffOption.OFF_PEAK, 1000.0) == 1000.0
    assert estimator.max_power_w == 1000.0
