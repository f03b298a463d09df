"""Every shared capture decodes to the values its README describes."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.linky_tic.tic.horodate import PARIS
from custom_components.linky_tic.tic.model import (
    Mode,
    Rejection,
    SchedulePoint,
    TariffOption,
    TariffPeriod,
    TempoColor,
)

from .helpers import CAPTURES, capture, decode_all


def test_every_capture_is_decoded() -> None:
    names = sorted(path.name for path in CAPTURES.glob("*.txt"))
    assert len(names) == 8
    for name in names:
        readings, decoder = decode_all(capture(name))
        assert readings, name
        assert decoder.counters.frames == len(readings)


def test_historic_hc_fixture() -> None:
    readings, decoder = decode_all(
        capture("historic_hc_pyteleinfo_fixture.txt"), guard=False
    )
    assert len(readings) == 1
    reading = readings[0]
    assert reading.mode is Mode.HISTORIC
    assert dict(reading.values) == {
        "ADCO": "050022123456",
        "OPTARIF": "HC..",
        "ISOUSC": 45,
        "HCHC": 94939439,
        "HCHP": 127970334,
        "PTEC": "HP..",
        "IINST": 9,
        "IMAX": 49,
        "PAPP": 2160,
        "HHPHC": "E",
        "MOTDETAT": "400000",
    }
    assert reading.option is TariffOption.OFF_PEAK
    assert reading.period is TariffPeriod.PEAK
    assert reading.off_peak is False
    assert reading.phases == 1
    assert reading.meter is not None
    assert (reading.meter.manufacturer_code, reading.meter.year) == (5, 2000)
    assert reading.meter.type_code == 22
    assert decoder.counters.checksum_errors == 0  # both checksums that are a space


def test_historic_hc_fixture_guard_withholds_unconfirmed_indexes() -> None:
    readings, _ = decode_all(capture("historic_hc_pyteleinfo_fixture.txt"))
    assert "HCHC" not in readings[0].values
    assert "HCHP" not in readings[0].values
    assert readings[0].values["PAPP"] == 2160


def test_historic_tempo() -> None:
    readings, decoder = decode_all(capture("historic_tempo_pyteleinfo.txt"))
    assert len(readings) == 10
    assert [r.values.get("BBRHCJB") for r in readings] == [
        None,  # first sample: waits for the next frame to confirm it
        18328857,
        18328860,
        18328862,
        18328865,
        18328867,
        18328869,
        18328871,
        18328873,
        18328876,
    ]
    last = readings[-1]
    assert last.values["BBRHPJR"] == 844115
    assert last.values["OPTARIF"] == "BBR("
    assert last.values["DEMAIN"] == "ROUG"
    assert last.option is TariffOption.TEMPO
    assert last.period is TariffPeriod.BLUE_OFF_PEAK
    assert last.off_peak is True
    assert last.tempo_today is TempoColor.BLUE
    assert last.tempo_tomorrow is TempoColor.RED
    assert [r.values["PAPP"] for r in readings][-5:] == [2850, 2860, 2860, 2850, 2850]
    assert decoder.counters.as_dict() == {
        "bytes": 2750,
        "frames": 10,
        "groups_ok": 154,
        "checksum_errors": 0,
        "malformed_groups": 0,
        "implausible_values": 0,
        "resyncs": 0,
        "eots": 0,
    }


def test_historic_threephase() -> None:
    readings, decoder = decode_all(
        capture("historic_threephase_base_ticdecodecpp.txt"), guard=False
    )
    # 6 whole frames and the cut-off one at the end; the leading "MOTDE" is garbage.
    assert len(readings) == 7
    assert [r.values.get("BASE") for r in readings] == [
        10151175,
        10151175,
        10151176,
        10151176,
        10151177,
        10151184,
        10151184,
    ]
    first = readings[0]
    assert first.phases == 3
    assert first.option is TariffOption.BASE
    assert first.period is TariffPeriod.BASE
    assert first.off_peak is None
    assert [first.values[f"IMAX{n}"] for n in (1, 2, 3)] == [60, 60, 60]
    assert [first.values[f"IINST{n}"] for n in (1, 2, 3)] == [0, 2, 0]
    assert first.values["PMAX"] == 2680
    assert first.values["PPOT"] == "00"
    assert first.short_frame is False
    assert readings[-1].phases == 3  # cut short, but the meter is still three-phase
    assert decoder.counters.malformed_groups == 1


def test_historic_threephase_with_reception_errors() -> None:
    readings, decoder = decode_all(
        capture("historic_threephase_base_rxerrors_ticdecodecpp.txt")
    )
    assert len(readings) == 25
    counters = decoder.counters
    assert counters.checksum_errors == 63
    assert counters.malformed_groups == 76
    # Everything published is a value the clean meter actually sent.
    base = [v for r in readings if isinstance(v := r.values.get("BASE"), int)]
    assert base == sorted(base)
    assert base[0] >= 16878529
    assert base[-1] <= 16878542
    for reading in readings:
        assert reading.meter_id == "056234123456"
        assert reading.values.get("ISOUSC", 20) == 20
        assert reading.values.get("PTEC", "TH..") == "TH.."
        for n in (1, 2, 3):
            assert reading.values.get(f"IMAX{n}", 60) == 60
            assert reading.values.get(f"IINST{n}", 0) in {0, 1}
        assert reading.values.get("PAPP", 720) in {710, 720, 730}
    # The garbled ISOUSC group passes its checksum; only its label gives it away.
    rejected = [item for r in readings for item in r.rejected]
    assert ("}PR`PzSOUSC", Rejection.UNKNOWN_LABEL) in [
        (item.label, item.reason) for item in rejected
    ]


def test_standard_single_base() -> None:
    readings, decoder = decode_all(capture("standard_single_base_ticdecodecpp.txt"))
    assert len(readings) == 12
    assert readings[0].date == datetime(2023, 3, 1, 9, 18, 34, tzinfo=PARIS)
    assert readings[-1].date == datetime(2023, 3, 1, 9, 18, 44, tzinfo=PARIS)
    assert readings[0].date is not None
    assert readings[0].date.utcoffset() is not None
    assert readings[0].date.isoformat() == "2023-03-01T09:18:34+01:00"
    assert [r.values.get("EAST") for r in readings] == [None] + [11887649] * 5 + [
        11887650
    ] * 6
    assert [r.values["SINSTS"] for r in readings] == [
        240, 240, 240, 241, 241, 242, 242, 242, 242, 242, 242, 245,
    ]  # fmt: skip
    reading = readings[1]
    assert reading.values["NGTF"] == "BASE"
    assert reading.values["PREF"] == 4
    assert reading.values["PCOUP"] == 4
    assert reading.values["MSG1"] == "PAS DE          MESSAGE"
    assert reading.values["SMAXSN"] == 1024
    assert reading.timestamps["SMAXSN"] == datetime(2023, 3, 1, 6, 52, 53, tzinfo=PARIS)
    assert reading.option is TariffOption.BASE
    assert reading.period is TariffPeriod.BASE
    assert reading.phases == 1
    assert reading.relays == (False,) * 8
    assert reading.tomorrow_schedule is not None
    assert reading.tomorrow_schedule.points == (SchedulePoint(0, 0, 0x8001),)
    status = reading.status
    assert status is not None
    assert status.raw == 0x003A0001
    assert status.dry_contact_open is True
    assert status.tic_mode_standard is True
    assert status.supplier_index == 0
    assert status.euridis == 3
    assert status.cpl_status == 1
    assert status.tempo_today is None
    # The first (cut) frame has no ADSC and no meter is known yet: dropped.
    assert decoder.counters.resyncs == 2


def test_standard_hphc_bad_checksum() -> None:
    readings, decoder = decode_all(
        capture("standard_single_hphc_badchecksum_tic2websocket.txt"), guard=False
    )
    assert len(readings) == 1
    reading = readings[0]
    assert "PCOUP" not in reading.values
    assert [(r.label, r.reason) for r in reading.rejected] == [
        ("PCOUP", Rejection.CHECKSUM)
    ]
    assert decoder.counters.checksum_errors == 1
    assert decoder.counters.groups_ok == 37
    assert reading.values["NGTF"] == "H PLEINE/CREUSE"
    assert reading.option is TariffOption.OFF_PEAK
    assert reading.values["NTARF"] == 2
    assert reading.period is TariffPeriod.PEAK
    assert reading.off_peak is False
    assert reading.date == datetime(2017, 9, 15, 10, 16, 1, tzinfo=PARIS)
    assert reading.date is not None
    assert reading.date.isoformat() == "2017-09-15T10:16:01+02:00"  # "E": summer
    assert reading.tomorrow_schedule is not None
    assert reading.tomorrow_schedule.points == (
        SchedulePoint(0, 0, 0x8002),
        SchedulePoint(1, 0, 0xC001),
        SchedulePoint(6, 0, 0x8002),
        SchedulePoint(12, 30, 0xC001),
        SchedulePoint(15, 30, 0x8002),
    )
    assert [p.supplier_index for p in reading.tomorrow_schedule.points] == [
        2,
        1,
        2,
        1,
        2,
    ]
    assert reading.meter is not None
    assert reading.meter.type_code == 64
    assert reading.meter.phases == 1


def test_standard_producer() -> None:
    readings, _ = decode_all(
        capture("standard_single_producer_openhab.txt"), guard=False
    )
    whole = readings[0]
    assert whole.values["NGTF"] == "PRODUCTEUR"
    assert whole.values["LTARF"] == "INDEX NON CONSO"
    assert whole.option is TariffOption.PRODUCER
    assert whole.period is TariffPeriod.OTHER
    assert whole.values["EAIT"] == 32781
    assert [whole.values[f"ERQ{n}"] for n in (1, 2, 3, 4)] == [0, 890, 2546, 0]
    assert whole.values["SINSTI"] == 1253
    assert whole.values["SMAXIN-1"] == 1971
    assert whole.status is not None
    assert whole.status.producer is True
    assert whole.status.negative_energy is True
    # The dump ends with the start of the next frame.
    assert dict(readings[1].values) == {
        "ADSC": "123456123456",
        "VTIC": "02",
        "DATE": "E180716103424",
    }


def test_standard_three_phase_tempo() -> None:
    readings, _ = decode_all(
        capture("standard_three_tempo_teleinfo-nom.txt"), guard=False
    )
    assert len(readings) == 1
    reading = readings[0]
    assert reading.phases == 3
    assert reading.option is TariffOption.TEMPO
    assert reading.values["NTARF"] == 3
    assert reading.period is TariffPeriod.WHITE_OFF_PEAK
    assert reading.off_peak is True
    assert reading.tempo_today is TempoColor.WHITE
    assert reading.tempo_tomorrow is TempoColor.BLUE
    assert reading.ejp_active is True  # PM1 running
    assert reading.ejp_notice is False
    assert reading.overload is False
    assert reading.values["EASF02"] == 14090959
    assert [reading.values[f"SINSTS{n}"] for n in (1, 2, 3)] == [664, 1373, 664]
    assert reading.values["SMAXSN2-1"] == 3366
    assert reading.values["UMOY3"] == 236
    assert reading.values["DPM1"] == "00"
    assert reading.timestamps["DPM1"] == datetime(2020, 2, 14, 6, 0, tzinfo=PARIS)
    assert reading.timestamps["FPM1"] == datetime(2020, 2, 15, 6, 0, tzinfo=PARIS)
    assert reading.relays == (True,) + (False,) * 7
    assert reading.tomorrow_schedule is not None
    assert [(p.hour, p.supplier_index) for p in reading.tomorrow_schedule.points] == [
        (0, 1),
        (6, 2),
        (22, 1),
    ]
    assert reading.meter is not None
    assert reading.meter.type_code == 76
    assert reading.meter.phases == 3
    assert reading.meter.manufacturer_code == 4


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
def test_chunking_does_not_change_the_result(chunk: int) -> None:
    for path in sorted(CAPTURES.glob("*.txt")):
        data = path.read_bytes()
        whole, _ = decode_all(data)
        pieces, _ = decode_all(data, chunk=chunk)
        assert [r.values for r in pieces] == [r.values for r in whole], path.name
