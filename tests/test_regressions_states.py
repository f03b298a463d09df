"""Promises a code-breaking review could break without a failing test (issue #12, items 1-3).

Each test drives the integration through a real pty in a real HA instance and
reads entity states or the diagnostics download, as a user would:

1. each standard-mode status bit lights its own binary sensor and no other;
2. active power reaches its sensor, from the sum of a historic meter's indexes;
3. a historic meter's id (ADCO) is masked in the diagnostics.
"""

from __future__ import annotations

import json

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)

#: STGE bits a test sets one at a time (Enedis-NOI-CPT_54E), cleared otherwise.
STATUS_BITS = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7)
STATUS_BITS |= 0b1111 << 28
STANDARD_BINARY_SENSORS = (
    "binary_sensor.linky_breaker_open",
    "binary_sensor.linky_terminal_cover_open",
    "binary_sensor.linky_overvoltage",
    "binary_sensor.linky_overload",
    "binary_sensor.linky_mobile_peak_notice",
    "binary_sensor.linky_mobile_peak",
)


def _standard_frame(meter: SimulatedMeter, bits: int) -> bytes:
    """The meter's frame now, its status register holding ``bits`` and nothing else of ours."""
    groups = [
        (
            label,
            f"{(int(data, 16) & ~STATUS_BITS) | bits:08X}" if label == "STGE" else data,
            timestamp,
        )
        for label, data, timestamp in meter.groups()
    ]
    return encode_frame(Mode.STANDARD, groups)


@pytest.mark.parametrize(
    ("bits", "lit"),
    [
        (1 << 1, "binary_sensor.linky_breaker_open"),  # cut: overcurrent
        (3 << 1, "binary_sensor.linky_breaker_open"),  # cut: remote order
        (1 << 4, "binary_sensor.linky_terminal_cover_open"),
        (1 << 6, "binary_sensor.linky_overvoltage"),
        (1 << 7, "binary_sensor.linky_overload"),  # over the reference power
        (1 << 28, "binary_sensor.linky_mobile_peak_notice"),  # PM1 announced
        (3 << 28, "binary_sensor.linky_mobile_peak_notice"),  # PM3 announced
        (1 << 30, "binary_sensor.linky_mobile_peak"),  # PM1 running
    ],
    ids=[
        "breaker-overcurrent",
        "breaker-remote",
        "cover",
        "overvoltage",
        "over-reference-power",
        "notice-pm1",
        "notice-pm3",
        "mobile-peak-running",
    ],
)
async def test_each_status_bit_lights_its_own_binary_sensor(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, bits: int, lit: str
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="base", seed=3)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [_standard_frame(meter, 0)], watch
        )
        for entity_id in STANDARD_BINARY_SENSORS:
            state = hass.states.get(entity_id)
            assert state is None or state.state == STATE_OFF, entity_id
        clock.tick(2)
        await Feeder(line, coordinator).send(hass, _standard_frame(meter, bits))
        await hass.async_block_till_done()
    states = {
        entity_id: state.state if (state := hass.states.get(entity_id)) else None
        for entity_id in STANDARD_BINARY_SENSORS
    }
    assert states.pop(lit) == STATE_ON
    # the others are off, or not created (the mobile peak ones exist once announced)
    assert set(states.values()) <= {STATE_OFF, None}, states


def _without_status(meter: SimulatedMeter) -> bytes:
    """The meter's frame now without its STGE group (as when the group fails its checksum)."""
    return encode_frame(
        Mode.STANDARD, [group for group in meter.groups() if group[0] != "STGE"]
    )


async def test_status_sensors_are_a_standard_meters_and_keep_state_without_stge(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """A standard meter has its status sensors from its first frame, even one whose
    STGE was lost; a later frame without STGE keeps what the last STGE said."""
    meter = SimulatedMeter(Mode.STANDARD, option="base", seed=3)
    entry = make_entry(line.link, meter)
    breaker = "binary_sensor.linky_breaker_open"
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [_without_status(meter)], watch
        )
        assert hass.states.get(breaker) is not None
        feeder = Feeder(line, coordinator)
        clock.tick(2)
        await feeder.send(hass, _standard_frame(meter, 1 << 1))
        await hass.async_block_till_done()
        assert (state := hass.states.get(breaker)) is not None
        assert state.state == STATE_ON
        clock.tick(2)
        await feeder.send(hass, _without_status(meter))
        await hass.async_block_till_done()
    assert (state := hass.states.get(breaker)) is not None
    assert state.state == STATE_ON


def _historic_hc(
    hchc: int, hchp: int, *, off_peak: bool, optarif: bool = True, imax: int = 90
) -> bytes:
    groups = [
        ("ADCO", "022276123456"),
        ("OPTARIF", "HC.."),
        ("ISOUSC", "30"),
        ("HCHC", f"{hchc:09d}"),
        ("HCHP", f"{hchp:09d}"),
        ("PTEC", "HC.." if off_peak else "HP.."),
        ("IINST", "008"),
        ("IMAX", f"{imax:03d}"),
        ("PAPP", "01900"),
        ("HHPHC", "A"),
        ("MOTDETAT", "000000"),
    ]
    return encode_frame(
        Mode.HISTORIC, [g for g in groups if optarif or g[0] != "OPTARIF"]
    )


async def _active_powers(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    frames: list[tuple[int, bool]],
    *,
    imax: int = 90,
) -> list[float]:
    """Active power after each frame, 2 s apart: (Wh HCHC rose by, OPTARIF sent)."""
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", meter_id="022276123456")
    entry = make_entry(line.link, meter, options={"power_interval": 0})
    hchc, hchp = 1_000_000, 2_000_000
    powers: list[float] = []
    with watch_port_opens() as watch:
        first = _historic_hc(hchc, hchp, off_peak=True, imax=imax)
        coordinator = await setup_with_frames(hass, entry, line, [first], watch)
        feeder = Feeder(line, coordinator)
        for rise, optarif in frames:
            hchc += rise
            clock.tick(2)
            sent = _historic_hc(hchc, hchp, off_peak=True, optarif=optarif, imax=imax)
            await feeder.send(hass, sent)
            await hass.async_block_till_done()
            state = hass.states.get("sensor.linky_active_power")
            assert state is not None
            if state.state not in {"unknown", "unavailable"}:
                powers.append(float(state.state))
    return powers


async def test_active_power_counts_the_entrys_tariff_when_optarif_is_lost(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """Frames that lost OPTARIF: the configured option says which indexes to add,
    so the power goes on following them (1.8 kW, then 3.6 kW without OPTARIF)."""
    frames = [(1, True)] * 15 + [(2, False)] * 60
    powers = await _active_powers(hass, line, clock, frames)
    assert abs(powers[12] - 1800) <= 1800 * 0.02, powers
    assert abs(powers[-1] - 3600) <= 3600 * 0.02, powers


async def test_active_power_is_clipped_to_what_the_meter_can_deliver(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """30 A at 250 V is 7.5 kW: 6 Wh every 2 s (10.8 kW) is a rise the guard lets
    through (within twice the maximum) but not a power the meter can deliver."""
    powers = await _active_powers(hass, line, clock, [(6, True)] * 30, imax=30)
    assert powers
    assert powers[-1] == 7500.0
    assert max(powers) == 7500.0


async def test_active_power_from_the_sum_of_the_indexes_reaches_its_sensor(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """1 Wh every 2 s is 1800 W, whichever index counts it (the total is their sum)."""
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", meter_id="022276123456")
    entry = make_entry(line.link, meter, options={"power_interval": 0})
    hchc, hchp = 1_000_000, 2_000_000
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [_historic_hc(hchc, hchp, off_peak=True)], watch
        )
        feeder = Feeder(line, coordinator)
        powers: list[float] = []
        for frame in range(40):
            off_peak = frame < 20  # then the peak hours: the other index counts
            if off_peak:
                hchc += 1
            else:
                hchp += 1
            clock.tick(2)
            await feeder.send(hass, _historic_hc(hchc, hchp, off_peak=off_peak))
            await hass.async_block_till_done()
            state = hass.states.get("sensor.linky_active_power")
            assert state is not None
            if frame >= 8:
                powers.append(float(state.state))
    assert all(abs(power - 1800) <= 1800 * 0.02 for power in powers), powers
    state = hass.states.get("sensor.linky_active_power")
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "W"


async def test_active_power_of_a_standard_meter_follows_east(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="base", seed=5)
    entry = make_entry(line.link, meter, options={"power_interval": 0})

    def frame(east: int) -> bytes:
        groups = [
            (label, f"{east:09d}" if label == "EAST" else data, timestamp)
            for label, data, timestamp in meter.groups()
        ]
        return encode_frame(Mode.STANDARD, groups)

    east = meter.east
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [frame(east)], watch)
        feeder = Feeder(line, coordinator)
        for _ in range(20):
            east += 2  # 2 Wh every 2 s: 3600 W
            clock.tick(2)
            await feeder.send(hass, frame(east))
        await hass.async_block_till_done()
    state = hass.states.get("sensor.linky_active_power")
    assert state is not None
    assert abs(float(state.state) - 3600) <= 72


async def test_diagnostics_of_a_historic_meter_mask_adco(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    line: PtyLine,
    clock: FakeClock,
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="tempo", seed=9)
    entry = make_entry(line.link, meter)
    with (
        watch_port_opens() as watch,
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR])
        await setup_with_frames(hass, entry, line, list(meter.frames(2)), watch)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert meter.meter_id not in json.dumps(diagnostics)
    assert diagnostics["last_reading"]["values"]["ADCO"] == "**REDACTED**"
    assert diagnostics["last_reading"]["meter_id"] == "**REDACTED**"
    # the rest is there: masking is not an empty download
    assert diagnostics["last_reading"]["values"]["OPTARIF"] == "BBR("
    assert diagnostics["runtime"]["decoder_counters"]["frames"] == 2
