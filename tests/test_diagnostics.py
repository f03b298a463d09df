"""Diagnostics: what the integration knows, the household's identifiers masked."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

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
