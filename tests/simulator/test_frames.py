"""Every combination decodes cleanly, carries its labels and looks like a real meter."""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest

from custom_components.linky_tic.tic.model import (
    Mode,
    Reading,
    TariffPeriod,
    TempoColor,
)
from custom_components.linky_tic.tic.simulator import (
    EjpCalendar,
    SimulatedMeter,
    TempoCalendar,
)
from custom_components.linky_tic.tic.simulator.calendar import PARIS

from .helpers import decode_all, meter_decoder, raw_groups

COMBINATIONS = list(
    itertools.product(Mode, (1, 3), ("base", "hc", "ejp", "tempo"), (False, True))
)

HISTORIC_INDEXES = {
    "base": {"BASE"},
    "hc": {"HCHC", "HCHP"},
    "ejp": {"EJPHN", "EJPHPM"},
    "tempo": {
        "BBRHCJB",
        "BBRHPJB",
        "BBRHCJW",
        "BBRHPJW",
        "BBRHCJR",
        "BBRHPJR",
        "DEMAIN",
    },
}


def expected_labels(mode: Mode, phases: int, option: str, producer: bool) -> set[str]:
    if mode is Mode.HISTORIC:
        labels = {"ADCO", "OPTARIF", "ISOUSC", "PTEC", "PAPP", "HHPHC", "MOTDETAT"}
        labels |= HISTORIC_INDEXES[option]
        if phases == 1:
            return labels | {"IINST", "IMAX"}
        return labels | {
            "IINST1",
            "IINST2",
            "IINST3",
            "IMAX1",
            "IMAX2",
            "IMAX3",
            "PMAX",
            "PPOT",
        }
    labels = {
        "ADSC",
        "VTIC",
        "DATE",
        "NGTF",
        "LTARF",
        "EAST",
        "PREF",
        "PCOUP",
        "SINSTS",
    }
    labels |= {f"EASF{i:02d}" for i in range(1, 11)} | {
        f"EASD{i:02d}" for i in range(1, 5)
    }
    labels |= {
        "SMAXSN",
        "SMAXSN-1",
        "CCASN",
        "CCASN-1",
        "STGE",
        "MSG1",
        "PRM",
        "RELAIS",
    }
    labels |= {"NTARF", "NJOURF", "NJOURF+1", "PJOURF+1"}
    for p in range(1, phases + 1):
        labels |= {f"IRMS{p}", f"URMS{p}", f"UMOY{p}"}
    if phases == 3:
        labels |= {f"SINSTS{p}" for p in (1, 2, 3)}
        labels |= {f"SMAXSN{p}" for p in (1, 2, 3)} | {
            f"SMAXSN{p}-1" for p in (1, 2, 3)
        }
    if producer:
        labels |= {
            "EAIT",
            "ERQ1",
            "ERQ2",
            "ERQ3",
            "ERQ4",
            "SINSTI",
            "SMAXIN",
            "SMAXIN-1",
        }
        labels |= {"CCAIN", "CCAIN-1"}
    return labels


@pytest.mark.parametrize(("mode", "phases", "option", "producer"), COMBINATIONS)
def test_every_combination_decodes_cleanly(
    mode: Mode, phases: int, option: str, producer: bool
) -> None:
    meter = SimulatedMeter(mode, phases, option, producer, seed=7)
    decoder = meter_decoder(meter)
    frames = list(meter.frames(12))
    readings = decode_all(decoder, frames)

    counters = decoder.counters
    assert counters.checksum_errors == 0
    assert counters.malformed_groups == 0
    assert counters.implausible_values == 0
    assert counters.resyncs == 0
    assert len(readings) == 12
    for reading in readings[1:]:  # the guard withholds the first value of each index
        assert not reading.rejected
        assert reading.mode is mode
        assert reading.phases == phases
        assert expected_labels(mode, phases, option, producer) <= set(reading.values)
    assert readings[-1].meter is not None
    assert readings[-1].meter.phases == phases


def test_standard_frame_matches_the_real_formats() -> None:
    meter = SimulatedMeter(
        Mode.STANDARD,
        1,
        "base",
        seed=1,
        start=datetime(2023, 3, 1, 9, 18, 34, tzinfo=PARIS),
    )
    frame = meter.frame()
    assert b"\nDATE\tH230301091834\t\tC\r" in frame  # byte for byte as in the capture
    groups = raw_groups(frame)
    assert groups["NGTF"] == ["      BASE      "]
    assert groups["LTARF"] == ["      BASE      "]
    assert len(groups["MSG1"][0]) == 32
    assert groups["PJOURF+1"] == ["00008001" + " NONUTILE" * 10]
    assert groups["VTIC"] == ["02"]
    assert len(groups["ADSC"][0]) == 12
    assert groups["ADSC"][0][4:6] == "75"  # a single-phase Linky type
    assert len(groups["PRM"][0]) == 14
    labels = list(groups)
    assert labels[:6] == ["ADSC", "VTIC", "DATE", "NGTF", "LTARF", "EAST"]
    assert labels[-6:] == ["PRM", "RELAIS", "NTARF", "NJOURF", "NJOURF+1", "PJOURF+1"]
    summer = SimulatedMeter(
        Mode.STANDARD, start=datetime(2023, 7, 1, 12, 0, tzinfo=PARIS)
    ).frame()
    assert b"\nDATE\tE230701120000\t\t" in summer


def test_historic_three_phase_order_matches_the_capture() -> None:
    meter = SimulatedMeter(Mode.HISTORIC, 3, "base", seed=2, overloads_per_day=0)
    labels = list(raw_groups(meter.frame()))
    assert labels == [
        "ADCO", "OPTARIF", "ISOUSC", "BASE", "PTEC", "IINST1", "IINST2", "IINST3",
        "IMAX1", "IMAX2", "IMAX3", "PMAX", "PAPP", "HHPHC", "MOTDETAT", "PPOT",
    ]  # fmt: skip


def test_tempo_colours_are_consistent_everywhere() -> None:
    tempo = TempoCalendar(
        0, {date(2026, 1, 15): TempoColor.WHITE, date(2026, 1, 16): TempoColor.RED}
    )

    def at(
        mode: Mode, hour: int, day: int = 15
    ) -> tuple[Reading, dict[str, list[str]]]:
        start = datetime(2026, 1, day, hour, 0, tzinfo=PARIS)
        meter = SimulatedMeter(mode, option="tempo", start=start, tempo=tempo)
        frame = meter.frame()
        return decode_all(meter_decoder(meter), [frame])[0], raw_groups(frame)

    for mode in Mode:
        early, _ = at(mode, 10)
        assert early.tempo_today is TempoColor.WHITE
        assert early.tempo_tomorrow is None  # not announced before 11:00
        assert early.period is TariffPeriod.WHITE_PEAK
        later, groups = at(mode, 23)
        assert later.tempo_tomorrow is TempoColor.RED
        assert later.period is TariffPeriod.WHITE_OFF_PEAK
        if mode is Mode.HISTORIC:
            assert groups["DEMAIN"] == ["ROUG"]
            assert groups["PTEC"] == ["HCJW"]
        else:
            assert groups["PJOURF+1"][0].startswith(
                "00004005 06004006 22004005 NONUTILE"
            )
            assert groups["NTARF"] == ["03"]
            assert groups["LTARF"] == ["   HC  BLANC    "]
            assert later.tomorrow_schedule is not None
            assert {p.supplier_index for p in later.tomorrow_schedule.points} == {5, 6}
        night, _ = at(mode, 5, day=16)  # still the white day until 06:00
        assert night.period is TariffPeriod.WHITE_OFF_PEAK
        red, _ = at(mode, 7, day=16)
        assert red.tempo_today is TempoColor.RED
        assert red.period is TariffPeriod.RED_PEAK


def test_split_off_peak_windows() -> None:
    meter = SimulatedMeter(
        Mode.STANDARD, option="hc", off_peak="02:00-07:00+13:00-16:00",
        start=datetime(2026, 1, 15, 12, 59, tzinfo=PARIS),
    )  # fmt: skip
    decoder = meter_decoder(meter)
    groups = raw_groups(meter.frame())
    assert groups["PJOURF+1"] == [
        "00008002 0200C001 07008002 1300C001 16008002" + " NONUTILE" * 6
    ]
    assert decode_all(decoder, [meter.frame()])[0].off_peak is False
    assert decode_all(
        decoder, [meter.frame(datetime(2026, 1, 15, 13, 0, tzinfo=PARIS))]
    )[0].off_peak
    assert raw_groups(meter.frame())["RELAIS"] == ["001"]
    after = decode_all(
        decoder, [meter.frame(datetime(2026, 1, 15, 16, 0, tzinfo=PARIS))]
    )[0]
    assert after.off_peak is False


def test_ejp_notice_and_peak() -> None:
    ejp = EjpCalendar(0, frozenset({date(2026, 1, 15)}))
    meter = SimulatedMeter(
        Mode.HISTORIC,
        option="ejp",
        ejp=ejp,
        start=datetime(2026, 1, 15, 6, 20, tzinfo=PARIS),
    )
    assert "PEJP" not in raw_groups(meter.frame())
    notice = raw_groups(meter.frame(datetime(2026, 1, 15, 6, 40, tzinfo=PARIS)))
    assert notice["PEJP"] == ["30"]
    assert notice["PTEC"] == ["HN.."]
    peak = raw_groups(meter.frame(datetime(2026, 1, 15, 8, 0, tzinfo=PARIS)))
    assert peak["PTEC"] == ["PM.."]
    assert "PEJP" not in peak
    meter.switch_mode()
    reading = decode_all(meter_decoder(meter), [meter.frame()])[0]
    assert reading.ejp_active
    assert reading.period is TariffPeriod.EJP_PEAK
    assert reading.status is not None
    assert reading.status.mobile_peak_active == 1


def test_producer_injects_at_noon_in_summer() -> None:
    meter = SimulatedMeter(
        Mode.STANDARD, 1, "base", producer=True, seed=5,
        start=datetime(2026, 6, 20, 13, 0, tzinfo=PARIS), overloads_per_day=0,
    )  # fmt: skip
    decoder = meter_decoder(meter, guard=False)
    first = decode_all(decoder, [meter.frame()])[0]
    assert meter.load.net_w < 0  # the panels produce more than the house uses
    assert first.status is not None
    assert first.status.producer
    assert first.status.negative_energy
    sinsti = first.values["SINSTI"]
    assert isinstance(sinsti, int)
    assert sinsti > 0
    assert first.values["SINSTS"] == 0
    meter.advance(3600)
    last = decode_all(decoder, [meter.frame()])[0]
    eait_last, eait_first = last.values["EAIT"], first.values["EAIT"]
    assert isinstance(eait_last, int)
    assert isinstance(eait_first, int)
    assert eait_last > eait_first
    night = SimulatedMeter(
        Mode.STANDARD,
        1,
        "base",
        producer=True,
        start=datetime(2026, 6, 20, 23, 30, tzinfo=PARIS),
    )
    status = decode_all(meter_decoder(night), [night.frame()])[0].status
    assert status is not None
    assert status.producer
    assert not status.negative_energy


def test_same_seed_same_stream_other_seed_other_stream() -> None:
    def stream(seed: int) -> bytes:
        return b"".join(
            SimulatedMeter(Mode.STANDARD, 3, "tempo", True, seed=seed).frames(5)
        )

    assert stream(3) == stream(3)
    assert stream(3) != stream(4)
