"""Mode detection, meter ids, status bits and the tariff tables."""

from __future__ import annotations

import random

from custom_components.linky_tic.tic.detect import detect_mode
from custom_components.linky_tic.tic.meter_id import decode_meter_id
from custom_components.linky_tic.tic.model import (
    Mode,
    TariffOption,
    TariffPeriod,
    TempoColor,
)
from custom_components.linky_tic.tic.registry import (
    ENERGY_INDEX_LABELS,
    LABELS_HISTORIC,
    LABELS_STANDARD,
    index_periods,
    spec,
)
from custom_components.linky_tic.tic.status import parse_status

from .helpers import capture


def test_detect_historic_and_standard() -> None:
    historic = detect_mode(capture("historic_tempo_pyteleinfo.txt"), 1200)
    assert historic.mode is Mode.HISTORIC
    assert historic.confidence == 1.0
    standard = detect_mode(capture("standard_single_base_ticdecodecpp.txt"), 9600)
    assert standard.mode is Mode.STANDARD
    assert standard.confidence > 0.9


def test_detect_garbage_is_not_tic() -> None:
    noise = random.Random(3).randbytes(2000)
    detection = detect_mode(noise, 9600)
    assert detection.mode is None
    assert detection.confidence == 1.0
    assert detect_mode(b"", 1200).confidence == 0.0


def test_detect_flags_a_baud_rate_mismatch() -> None:
    detection = detect_mode(capture("historic_tempo_pyteleinfo.txt"), 9600)
    assert detection.mode is Mode.HISTORIC
    assert detection.confidence == 0.5
    assert "1200 baud" in detection.reason


def test_meter_id() -> None:
    info = decode_meter_id("021861123456")
    assert info is not None
    assert (info.manufacturer, info.year, info.type_code, info.phases) == (
        "Sagem / Sagemcom", 2018, 61, 1,
    )  # fmt: skip
    unknown = decode_meter_id("999999123456")
    assert unknown is not None
    assert unknown.phases is None
    assert unknown.manufacturer == "Unknown (99)"
    assert decode_meter_id("12345") is None


def test_status_bits() -> None:
    status = parse_status("463A0800")
    assert status.tempo_today is TempoColor.WHITE
    assert status.tempo_tomorrow is TempoColor.BLUE
    assert status.mobile_peak_notice == 0
    assert status.mobile_peak_active == 1
    assert status.supplier_index == 2
    breaker = parse_status("0000008E")
    assert breaker.breaker_state == 7
    assert breaker.breaker_open is True
    assert breaker.over_reference_power is True


def test_registry_tables() -> None:
    assert "ADIR3" in LABELS_HISTORIC
    assert "SMAXSN3-1" in LABELS_STANDARD
    assert "CCAIN-1" in LABELS_STANDARD
    assert ENERGY_INDEX_LABELS[Mode.HISTORIC] >= {"BASE", "HCHC", "BBRHPJR", "EJPHPM"}
    assert "ERQ1" not in ENERGY_INDEX_LABELS[Mode.STANDARD]  # varh, not Wh
    papp = spec(Mode.HISTORIC, "PAPP")
    assert papp is not None
    assert papp.pattern.fullmatch("02840") is not None
    assert papp.pattern.fullmatch("2840") is None  # five digits, as sent
    assert spec(Mode.STANDARD, "PAPP") is None
    assert index_periods(Mode.HISTORIC, TariffOption.OFF_PEAK) == {
        "HCHC": TariffPeriod.OFF_PEAK,
        "HCHP": TariffPeriod.PEAK,
    }
    tempo = index_periods(Mode.STANDARD, TariffOption.TEMPO)
    assert tempo["EASF01"] is TariffPeriod.BLUE_OFF_PEAK
    assert tempo["EASF06"] is TariffPeriod.RED_PEAK
    assert index_periods(Mode.STANDARD, TariffOption.EJP) == {
        "EASF01": TariffPeriod.EJP_NORMAL,
        "EASF02": TariffPeriod.EJP_PEAK,
    }
    assert index_periods(Mode.STANDARD, TariffOption.OTHER) == {}
