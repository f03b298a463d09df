"""Binary sensors per meter profile, and states that follow the frames."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from syrupy.assertion import SnapshotAssertion

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
    ("historic", 1, "hc"),
    ("historic", 1, "tempo"),
    ("historic", 1, "ejp"),
    ("standard", 1, "base"),
    ("standard", 3, "tempo"),
]


@pytest.mark.parametrize(
    "profile", PROFILES, ids=["-".join(map(str, p)) for p in PROFILES]
)
async def test_binary_sensors_per_profile(
    hass: HomeAssistant,
    line: PtyLine,
    snapshot: SnapshotAssertion,
    clock: FakeClock,
    profile: tuple[str, int, str],
) -> None:
    mode, phases, option = profile
    meter = SimulatedMeter(mode, phases=phases, option=option, seed=7)
    entry = make_entry(line.link, meter)
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.BINARY_SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, list(meter.frames(2)), watch)
    assert entities_summary(hass, entry.entry_id) == snapshot


def _historic(ptec: str, *extra: tuple[str, str]) -> bytes:
    return encode_frame(
        Mode.HISTORIC,
        [
            ("ADCO", "022275123456"),
            ("OPTARIF", "BBR("),
            ("ISOUSC", "30"),
            ("PTEC", ptec),
            ("DEMAIN", "ROUG" if ptec == "HPJW" else "----"),
            ("IINST", "005"),
            *extra,
            ("PAPP", "01200"),
        ],
    )


async def test_states_follow_the_frames(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="tempo", meter_id="022275123456")
    entry = make_entry(line.link, meter)
    frames = [_historic("HCJB"), _historic("HCJB")]
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, frames, watch)
    assert state_of(hass, "binary_sensor.linky_off_peak_hours").state == STATE_ON
    assert state_of(hass, "binary_sensor.linky_overload").state == STATE_OFF
    red = "binary_sensor.linky_tempo_red_day_tomorrow"
    assert state_of(hass, red).state == STATE_OFF

    await Feeder(line, coordinator).send(hass, _historic("HPJW", ("ADPS", "031")))
    await hass.async_block_till_done()
    assert state_of(hass, "binary_sensor.linky_off_peak_hours").state == STATE_OFF
    assert state_of(hass, "binary_sensor.linky_overload").state == STATE_ON
    assert state_of(hass, red).state == STATE_ON
    assert state_of(hass, "sensor.linky_tempo_colour_today").state == "white"
    assert state_of(hass, "sensor.linky_tempo_colour_tomorrow").state == "red"
