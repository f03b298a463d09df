"""The numbers mean something: indexes integrate the power exactly; overloads are flagged."""

from __future__ import annotations

from datetime import datetime

from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import Household, SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

from .helpers import decode_all, meter_decoder

START = datetime(2026, 1, 15, 0, 0, tzinfo=PARIS)


def test_a_day_of_index_equals_the_integral_of_power() -> None:
    meter = SimulatedMeter(Mode.HISTORIC, 1, "hc", seed=11, start=START)
    decoder = meter_decoder(meter)
    first = decode_all(decoder, meter.frames(2))[-1]
    begin_ms = meter.clock_ms
    meter.advance(86400)
    last = decode_all(decoder, meter.frames(1))[-1]

    # integrate the household again, independently, second by second (W.ms)
    household = Household(11, limit_current_a=meter.isousc)
    first_second = begin_ms // 1000
    wms = (1000 - begin_ms % 1000) * max(household.load(first_second).net_w, 0)
    for second in range(first_second + 1, first_second + 86400):
        wms += 1000 * max(household.load(second).net_w, 0)
    wms += (begin_ms % 1000) * max(household.load(first_second + 86400).net_w, 0)

    increase = sum(int(last.values[k]) - int(first.values[k]) for k in ("HCHC", "HCHP"))
    # the meter carried its own sub-Wh remainder into the day: at most 1 Wh apart
    assert abs(increase - wms / 3_600_000) < 1
    assert increase > 5000  # a real household day, not an idle line
    # both periods counted: the water heater runs off-peak, cooking at peak time
    assert int(last.values["HCHC"]) > int(first.values["HCHC"])
    assert int(last.values["HCHP"]) > int(first.values["HCHP"])


def test_index_is_the_exact_integral_from_the_start() -> None:
    meter = SimulatedMeter(Mode.STANDARD, 3, "tempo", seed=2, start=START)
    east0 = meter.east
    meter.advance(6 * 3600 + 0.5)
    assert meter.east - east0 == meter.imported_wms // 3_600_000
    assert meter.true_energy_wh > 0
    assert sum(meter.easd) == meter.east  # distributor and supplier indexes agree


def test_adps_exactly_when_iinst_exceeds_isousc() -> None:
    meter = SimulatedMeter(
        Mode.HISTORIC,
        1,
        "base",
        seed=4,
        start=START.replace(hour=7),
        overloads_per_day=60,
    )
    decoder = meter_decoder(meter)
    seen = {True: 0, False: 0}
    for _ in range(1500):
        meter.advance(30)
        (reading,) = decoder.feed(meter.frame())
        over = int(reading.values["IINST"]) > int(reading.values["ISOUSC"])
        assert ("ADPS" in reading.values) == over
        assert reading.overload == over
        if over:
            assert reading.values["ADPS"] == reading.values["IINST"]
        seen[over] += 1
    assert seen[True] > 5
    assert seen[False] > 100


def test_three_phase_short_frames_carry_adir_of_the_overloaded_phases() -> None:
    meter = SimulatedMeter(
        Mode.HISTORIC,
        3,
        "base",
        seed=4,
        start=START.replace(hour=7),
        overloads_per_day=60,
    )
    decoder = meter_decoder(meter)
    short = 0
    for _ in range(1500):
        meter.advance(30)
        (reading,) = decoder.feed(meter.frame())
        currents = [int(reading.values[f"IINST{p}"]) for p in (1, 2, 3)]
        over = [p for p in (1, 2, 3) if currents[p - 1] > meter.isousc]
        assert [p for p in (1, 2, 3) if f"ADIR{p}" in reading.values] == over
        assert reading.short_frame == bool(over)
        if over:
            short += 1
            assert "PAPP" not in reading.values
    assert short > 5


def test_papp_and_currents_have_the_meter_resolution() -> None:
    meter = SimulatedMeter(
        Mode.HISTORIC, 1, "base", seed=9, start=START.replace(hour=19)
    )
    decoder = meter_decoder(meter)
    for _ in range(50):
        meter.advance(60)
        (reading,) = decoder.feed(meter.frame())
        assert int(reading.values["PAPP"]) % 10 == 0
        amps = int(reading.values["IINST"])
        assert (
            abs(amps * 230 - int(reading.values["PAPP"]))
            <= 0.05 * int(reading.values["PAPP"]) + 250
        )


def test_standard_voltages_are_around_230() -> None:
    meter = SimulatedMeter(Mode.STANDARD, 3, "base", seed=1, start=START)
    decoder = meter_decoder(meter)
    for _ in range(30):
        meter.advance(600)
        (reading,) = decoder.feed(meter.frame())
        for p in (1, 2, 3):
            assert 220 <= int(reading.values[f"URMS{p}"]) <= 240
            assert 220 <= int(reading.values[f"UMOY{p}"]) <= 240


def test_household_is_a_pure_function_of_time_and_seed() -> None:
    second = int(datetime(2026, 6, 20, 14, 0, tzinfo=PARIS).timestamp())
    assert Household(3).load(second) == Household(3).load(second)
    day = range(second - 14 * 3600, second + 10 * 3600, 60)
    assert [Household(3).load(s) for s in day] != [Household(4).load(s) for s in day]
