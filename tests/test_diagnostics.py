"""Diagnostics: what the integration knows, the household's identifiers masked."""

from __future__ import annotations

import json
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.linky_tic import coordinator as coordinator_module
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)


async def test_diagnostics_are_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    line: PtyLine,
    clock: FakeClock,
    snapshot: SnapshotAssertion,
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="hc", producer=True, seed=13)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        await setup_with_frames(hass, entry, line, list(meter.frames(3)), watch)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    text = json.dumps(diagnostics)
    assert meter.meter_id not in text
    assert meter.prm not in text
    assert diagnostics["last_reading"]["values"]["ADSC"] == "**REDACTED**"
    assert diagnostics["last_reading"]["values"]["PRM"] == "**REDACTED**"
    assert diagnostics["entry"]["unique_id"] == "**REDACTED**"
    assert diagnostics["runtime"]["decoder_counters"]["frames"] == 3
    # The recent bytes (a redacted capture) are checked in test_recording.py.
    assert diagnostics.pop("recent_bytes")["redacted"] is True
    diagnostics["entry"]["data"]["device"] = "<pty>"
    assert diagnostics == snapshot


async def test_diagnostics_before_the_first_frame_have_no_reading(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    line: PtyLine,
) -> None:
    """A meter that has not spoken yet: the download says so (no reading), it does not fail."""
    meter = SimulatedMeter(Mode.STANDARD, seed=4)
    entry = make_entry(line.link, meter)
    entry.add_to_hass(hass)
    with (
        watch_port_opens(),
        patch.object(coordinator_module, "FIRST_READING_TIMEOUT_S", 0.05),
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["last_reading"] is None
    runtime = diagnostics["runtime"]
    assert runtime["decoder_counters"]["frames"] == 0
    assert runtime["available"] is False
    assert runtime["meter_mismatch"] is False
    assert runtime["active_power_w"] is None


async def test_diagnostics_list_the_values_the_last_frame_lost(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    line: PtyLine,
    clock: FakeClock,
) -> None:
    """A value out of its range is dropped from the reading and named in the download."""
    meter = SimulatedMeter(Mode.STANDARD, seed=5)
    entry = make_entry(line.link, meter)
    impossible = encode_frame(
        Mode.STANDARD,
        [
            (label, "99999" if label == "SINSTS" else data, timestamp)
            for label, data, timestamp in meter.groups()
        ],
    )
    with watch_port_opens() as watch:
        await setup_with_frames(
            hass, entry, line, [*meter.frames(1), impossible], watch
        )

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    last = diagnostics["last_reading"]
    assert last["rejected"] == [{"label": "SINSTS", "reason": "out_of_range"}]
    assert "SINSTS" not in last["values"]
