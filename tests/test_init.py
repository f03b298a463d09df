"""Setup and unload: a reader task on a real pty, cancelled and closed at unload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.linky_tic import coordinator as coordinator_module
from custom_components.linky_tic.const import CONF_POWER_INTERVAL, DOMAIN
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    Feeder,
    PtyLine,
    assert_port_free,
    make_entry,
    setup_with_frames,
    wait_for,
    watch_port_opens,
)


def state_now(entry: ConfigEntry) -> ConfigEntryState:
    """The entry's state read again (mypy keeps what an earlier assert narrowed it to)."""
    return entry.state


@pytest.fixture
def line(tmp_path: Path) -> Iterator[PtyLine]:
    pty = PtyLine(tmp_path / "ttyTIC")
    yield pty
    pty.unplug()


async def test_setup_reads_the_pty_and_unload_closes_it(
    hass: HomeAssistant, line: PtyLine
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=1)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(3)), watch
        )

    assert entry.state is ConfigEntryState.LOADED
    assert coordinator.running
    assert coordinator.connected
    assert coordinator.available
    assert watch.opened == [(str(line.link), Mode.HISTORIC)]
    state = hass.states.get("sensor.linky_apparent_power")
    assert state is not None
    assert state.state not in ("unknown", "unavailable")

    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, meter.meter_id), entry.entry_id
    )
    assert device is not None
    assert device.name == "Linky"
    assert device.serial_number == meter.meter_id
    assert device.manufacturer is not None
    assert device.manufacturer.startswith("Sagem")

    task = coordinator._task
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert state_now(entry) is ConfigEntryState.NOT_LOADED
    assert task is not None
    assert task.cancelled()
    # (one comparison: mypy keeps the True the asserts above narrowed each one to)
    assert (coordinator.running, coordinator.connected) == (False, False)
    assert_port_free(line.link)


async def test_port_missing_raises_not_ready(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC)
    entry = make_entry(tmp_path / "absent", meter)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    # the translated message, with the port and the system's reason
    reason = entry.reason or ""
    prefix = f"Cannot open the TIC port {tmp_path / 'absent'}: "
    assert reason.startswith(prefix), reason
    assert "No such file or directory" in reason.removeprefix(prefix)


async def test_setup_without_frames_loads_and_creates_entities_later(
    hass: HomeAssistant, line: PtyLine
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=2)
    entry = make_entry(line.link, meter)
    entry.add_to_hass(hass)
    with (
        watch_port_opens(),
        patch.object(coordinator_module, "FIRST_READING_TIMEOUT_S", 0.05),
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    registry = er.async_get(hass)
    assert not er.async_entries_for_config_entry(registry, entry.entry_id)

    feeder = Feeder(line, entry.runtime_data)
    for frame in meter.frames(2):
        await feeder.send(hass, frame)
    await hass.async_block_till_done()
    entries = er.async_entries_for_config_entry(registry, entry.entry_id)
    assert {e.unique_id for e in entries} >= {
        f"{meter.meter_id}_apparent_power",
        f"{meter.meter_id}_energy_base",
        f"{meter.meter_id}_energy_total",
    }
    assert hass.states.get("sensor.linky_base_energy") is not None


async def test_home_assistant_stop_closes_the_port(
    hass: HomeAssistant, line: PtyLine
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=3)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    await wait_for(hass, lambda: not coordinator.running, "the reader to stop")
    assert not coordinator.connected


async def test_options_change_reloads(hass: HomeAssistant, line: PtyLine) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=4)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        first = await setup_with_frames(hass, entry, line, list(meter.frames(2)), watch)
        # (A pty cannot be set twice to the same speed: a fresh one for the reload.)
        line.replug()
        hass.config_entries.async_update_entry(entry, options={CONF_POWER_INTERVAL: 30})
        await watch.wait(2)
        line.write(meter.frame())
        await hass.async_block_till_done()
        await wait_for(hass, lambda: entry.state is ConfigEntryState.LOADED)
    assert entry.runtime_data is not first
    assert entry.runtime_data.options == {CONF_POWER_INTERVAL: 30}
