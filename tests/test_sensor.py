"""Sensors per meter profile (snapshots), values, and what never reaches a state."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from syrupy.assertion import SnapshotAssertion

from custom_components.linky_tic.const import CONF_DIAGNOSTIC, CONF_PER_PHASE
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    entities_summary,
    make_entry,
    setup_with_frames,
    state_of,
    watch_port_opens,
)

PROFILES = [
    ("historic", 1, "base", False),
    ("historic", 1, "hc", False),
    ("historic", 1, "ejp", False),
    ("historic", 1, "tempo", False),
    ("historic", 3, "base", False),
    ("standard", 1, "base", False),
    ("standard", 1, "hc", False),
    ("standard", 1, "ejp", False),
    ("standard", 3, "tempo", False),
    ("standard", 1, "base", True),
]


@pytest.mark.parametrize(
    "profile",
    PROFILES,
    ids=[f"{m}-{p}ph-{o}{'-producer' if prod else ''}" for m, p, o, prod in PROFILES],
)
async def test_sensors_per_profile(
    hass: HomeAssistant,
    line: PtyLine,
    snapshot: SnapshotAssertion,
    clock: FakeClock,
    profile: tuple[str, int, str, bool],
) -> None:
    mode, phases, option, producer = profile
    meter = SimulatedMeter(
        mode, phases=phases, option=option, producer=producer, seed=7
    )
    entry = make_entry(line.link, meter)
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, list(meter.frames(3)), watch)
    assert entities_summary(hass, entry.entry_id) == snapshot


async def test_per_phase_and_diagnostic_entities_follow_the_options(
    hass: HomeAssistant, line: PtyLine, entity_registry: er.EntityRegistry
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, phases=3, option="tempo", seed=7)
    entry = make_entry(
        line.link, meter, options={CONF_PER_PHASE: False, CONF_DIAGNOSTIC: False}
    )
    with watch_port_opens() as watch:
        await setup_with_frames(hass, entry, line, list(meter.frames(3)), watch)
    keys = {
        e.unique_id.removeprefix(f"{meter.meter_id}_")
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    assert "apparent_power" in keys
    assert "energy_blue_peak" in keys
    assert not {k for k in keys if "phase" in k}
    assert not keys & {"tic_mode", "valid_frames", "checksum_errors"}


def _historic_base(index: str, papp: str = "01200") -> bytes:
    return encode_frame(
        Mode.HISTORIC,
        [
            ("ADCO", "022276123456"),
            ("OPTARIF", "BASE"),
            ("ISOUSC", "30"),
            ("BASE", index),
            ("PTEC", "TH.."),
            ("IINST", "005"),
            ("IMAX", "090"),
            ("PAPP", papp),
            ("HHPHC", "A"),
            ("MOTDETAT", "000000"),
        ],
    )


async def test_a_corrupted_index_never_reaches_a_state(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """A high-order digit flipped with a checksum that still passes: not published."""
    meter = SimulatedMeter(Mode.HISTORIC, meter_id="022276123456")
    entry = make_entry(line.link, meter, options={"index_interval": 0})
    frames = [_historic_base("012345000"), _historic_base("012345001")]
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, frames, watch)
    entity_id = "sensor.linky_base_energy"
    assert state_of(hass, entity_id).state == "12345.001"
    seen: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            seen.append(event.data["new_state"].state)
            if event.data["entity_id"] == entity_id
            else None
        ),
    )
    feeder = Feeder(line, coordinator)
    clock.tick(2)
    await feeder.send(hass, _historic_base("092345002"))  # a jump: rejected
    clock.tick(2)
    await feeder.send(hass, _historic_base("002345003"))  # a dip: rejected
    clock.tick(2)
    await feeder.send(hass, _historic_base("012345004"))
    await hass.async_block_till_done()
    assert seen == ["12345.004"]
    assert coordinator.counters.implausible_values == 2


async def test_a_missing_index_keeps_its_state(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, meter_id="022276123456")
    entry = make_entry(line.link, meter, options={"index_interval": 0})
    frames = [_historic_base("012345000"), _historic_base("012345001")]
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, frames, watch)
    without_index = encode_frame(
        Mode.HISTORIC,
        [
            ("ADCO", "022276123456"),
            ("OPTARIF", "BASE"),
            ("PTEC", "TH.."),
            ("PAPP", "00900"),
        ],
    )
    clock.tick(2)
    await Feeder(line, coordinator).send(hass, without_index)
    await hass.async_block_till_done()
    assert state_of(hass, "sensor.linky_base_energy").state == "12345.001"
