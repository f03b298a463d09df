"""EASF01-10 of a supplier calendar we cannot name: an entity per index that counts, on a real pty."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

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

UNKNOWN_CALENDAR = "  HEURES SAISON "


def frame(
    meter: SimulatedMeter,
    ntarf: int,
    easf: dict[int, int],
    calendar: str = UNKNOWN_CALENDAR,
) -> bytes:
    """The meter's standard frame on ``calendar`` with these EASFnn values (Wh).

    By default a calendar no option names.
    """
    groups: list[tuple[str, str, str | None]] = []
    for label, sent, timestamp in meter.groups():
        data = sent
        if label in {"NGTF", "LTARF"}:
            data = calendar
        elif label == "EAST":
            data = f"{sum(easf.values()):09d}"
        elif label.startswith("EASF"):
            data = f"{easf.get(int(label[4:]), 0):09d}"
        elif label == "NTARF":
            data = f"{ntarf:02d}"
        groups.append((label, data, timestamp))
    return encode_frame(Mode.STANDARD, groups)


def supplier_keys(hass: HomeAssistant, entry_id: str, meter_id: str) -> set[str]:
    registry = er.async_get(hass)
    return {
        e.unique_id.removeprefix(f"{meter_id}_")
        for e in er.async_entries_for_config_entry(registry, entry_id)
        if "energy_supplier" in e.unique_id
    }


async def test_unnamed_indexes_appear_when_they_count(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    entry = make_entry(line.link, meter, tariff="other", options={"index_interval": 0})
    counting = {1: 5_000_000, 2: 3_000_000}
    frames = [frame(meter, 1, counting), frame(meter, 1, {**counting, 1: 5_000_001})]
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        coordinator = await setup_with_frames(hass, entry, line, frames, watch)
    assert supplier_keys(hass, entry.entry_id, meter.meter_id) == {
        "energy_supplier_01",
        "energy_supplier_02",
    }
    first = hass.states.get("sensor.linky_supplier_index_01_energy")
    assert first is not None
    assert first.state == "5000.001"
    assert first.attributes["state_class"] == "total_increasing"
    # no period names for a calendar we do not know
    assert hass.states.get("sensor.linky_base_energy") is None

    # index 03 starts counting: its entity comes with it
    feeder = Feeder(line, coordinator)
    for wh in (1, 2):
        clock.tick(2)
        await feeder.send(hass, frame(meter, 3, {1: 5_000_001, 2: 3_000_000, 3: wh}))
    await hass.async_block_till_done()
    assert "energy_supplier_03" in supplier_keys(hass, entry.entry_id, meter.meter_id)
    third = hass.states.get("sensor.linky_supplier_index_03_energy")
    assert third is not None
    assert third.state == "0.002"
