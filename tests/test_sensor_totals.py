"""The historic total (sum of the option's indexes) and the link-quality sensors, on a real pty."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.sensor import SENSORS
from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    state_of,
    watch_port_opens,
)

TOTAL = "sensor.linky_total_consumed_energy"
TOTAL_KEY = "energy_total"  # EAST, or a historic meter's sum of indexes
INDEXES = {
    "hc": ("HCHC", "HCHP"),
    "ejp": ("EJPHN", "EJPHPM"),
    "tempo": ("BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"),
}


def unique_ids(hass: HomeAssistant, entry_id: str, meter_id: str) -> set[str]:
    registry = er.async_get(hass)
    return {
        e.unique_id.removeprefix(f"{meter_id}_")
        for e in er.async_entries_for_config_entry(registry, entry_id)
    }


def sum_of(frame: bytes, labels: tuple[str, ...]) -> int:
    (reading,) = Decoder(guard=False).feed(frame)
    return sum(int(reading.values[label]) for label in labels)


@pytest.mark.parametrize("option", ["hc", "ejp", "tempo"])
async def test_a_historic_meter_gets_the_total_of_its_indexes(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, option: str
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option=option, seed=3)
    entry = make_entry(line.link, meter, options={"index_interval": 0})
    frames = list(meter.frames(3))
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, frames, watch)
    assert TOTAL_KEY in unique_ids(hass, entry.entry_id, meter.meter_id)
    state = state_of(hass, TOTAL)
    assert float(state.state) == sum_of(frames[-1], INDEXES[option]) / 1000
    assert state.attributes["unit_of_measurement"] == "kWh"
    assert state.attributes["device_class"] == "energy"
    assert state.attributes["state_class"] == "total_increasing"


@pytest.mark.parametrize(
    ("mode", "option"), [(Mode.HISTORIC, "base"), (Mode.STANDARD, "hc")]
)
async def test_no_historic_total_where_an_index_already_is_the_total(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, mode: Mode, option: str
) -> None:
    meter = SimulatedMeter(mode, option=option, seed=3)
    entry = make_entry(line.link, meter)
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, list(meter.frames(2)), watch)
    keys = unique_ids(hass, entry.entry_id, meter.meter_id)
    # standard: EAST is the total; historic base: the BASE index is
    assert (TOTAL_KEY in keys) is (mode is Mode.STANDARD)


def _historic_hc(hchc: str, hchp: str | None) -> bytes:
    groups = [("ADCO", "022276123456"), ("OPTARIF", "HC.."), ("ISOUSC", "30")]
    groups.append(("HCHC", hchc))
    if hchp is not None:
        groups.append(("HCHP", hchp))
    groups += [("PTEC", "HC.."), ("IINST", "002"), ("IMAX", "090"), ("PAPP", "00450")]
    return encode_frame(
        Mode.HISTORIC, [*groups, ("HHPHC", "A"), ("MOTDETAT", "000000")]
    )


async def test_a_frame_missing_an_index_keeps_the_total(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """A partial sum would be a dip, counted by the Energy dashboard as a new meter."""
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", meter_id="022276123456")
    entry = make_entry(line.link, meter, options={"index_interval": 0})
    # the guard publishes an index once a second frame confirms it
    frames = [
        _historic_hc("000999999", "002000000"),
        _historic_hc("001000000", "002000000"),
    ]
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, frames, watch)
    assert state_of(hass, TOTAL).state == "3000.0"
    seen: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            seen.append(event.data["new_state"].state)
            if event.data["entity_id"] == TOTAL
            else None
        ),
    )
    feeder = Feeder(line, coordinator)
    clock.tick(2)
    await feeder.send(hass, _historic_hc("001000001", None))  # HCHP lost on the line
    clock.tick(2)
    await feeder.send(hass, _historic_hc("001000002", "002000000"))
    await hass.async_block_till_done()
    assert seen == ["3000.002"]  # off-peak: only HCHC counts


def _corrupt_papp(frame: bytes) -> bytes:
    """The PAPP group with a wrong checksum character (the group is rejected)."""
    start = frame.index(b"\nPAPP ")
    end = frame.index(b"\r", start)
    checksum = frame[end - 1]
    wrong = 0x20 + (checksum - 0x20 + 1) % 0x40
    return frame[: end - 1] + bytes([wrong]) + frame[end:]


async def test_link_quality_counts_valid_frames_and_checksum_errors_per_hour(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=5)
    entry = make_entry(line.link, meter, options={"index_interval": 0})
    frames = list(meter.frames(40))
    # frames 3, 7, 11 ... 39: ten damaged PAPP groups out of 40 frames
    frames = [_corrupt_papp(f) if n % 4 == 3 else f for n, f in enumerate(frames)]
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        coordinator = await setup_with_frames(hass, entry, line, frames[:1], watch)
    feeder = Feeder(line, coordinator)
    for number, frame in enumerate(frames[1:], start=1):
        clock.tick(2)
        await feeder.send(hass, frame)
        if number == 20:  # 40 s of data: too little for a rate per hour
            assert state_of(hass, "sensor.linky_checksum_errors").state == "unknown"
    await hass.async_block_till_done()
    assert coordinator.counters.checksum_errors == 10
    assert state_of(hass, "sensor.linky_valid_frames").state == "75.0"
    # 10 errors between the first frame and the last, 39 x 2 s apart
    errors = state_of(hass, "sensor.linky_checksum_errors")
    assert errors.state == "461.5"
    assert errors.attributes["unit_of_measurement"] == "errors/h"


async def test_the_total_reads_the_sum_in_historic_mode_and_east_in_standard(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """One description for both: the meter's lifetime consumption (see total_sensor)."""
    description = next(d for d in SENSORS if d.key == TOTAL_KEY)
    assert description.present_fn is not None
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=3)
    # A real coordinator, never started (its port is never opened).
    coordinator = LinkyTicCoordinator(hass, make_entry(tmp_path / "ttyTIC", meter))
    (historic,) = Decoder(guard=False).feed(meter.frame())
    assert description.present_fn(historic)
    assert description.value_fn(historic, coordinator) == int(
        historic.values["HCHC"]
    ) + int(historic.values["HCHP"])
    meter.switch_mode()
    (standard,) = Decoder(guard=False).feed(meter.frame())
    assert description.present_fn(standard)
    assert description.value_fn(standard, coordinator) == standard.values["EAST"]
