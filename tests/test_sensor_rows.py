"""What the sensor rows' builders promise, seen in Home Assistant's states (issue #12).

Mutation testing found these free to break: an instant voltage is a measurement
written at the power interval (small moves wait), a 10-minute average voltage is
written as soon as the meter sends a new one, on single and three-phase meters; a
tariff option keeps its state when a frame loses the groups it is read from.
"""

from __future__ import annotations

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

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


def _frame(meter: SimulatedMeter, volts: int, *, drop: tuple[str, ...] = ()) -> bytes:
    """The meter's frame now, every URMS at ``volts`` and every UMOY at ``volts - 1``."""
    sent = {"URMS": f"{volts:03d}", "UMOY": f"{volts - 1:03d}"}
    return encode_frame(
        Mode.STANDARD,
        [
            (label, sent.get(label[:4], data), timestamp)
            for label, data, timestamp in meter.groups()
            if label not in drop
        ],
    )


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@pytest.mark.parametrize(
    ("phases", "suffixes"),
    [(1, ("",)), (3, ("_phase_1", "_phase_2", "_phase_3"))],
    ids=["single-phase", "three-phase"],
)
async def test_an_average_voltage_is_written_at_once_an_instant_one_waits(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    phases: int,
    suffixes: tuple[str, ...],
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, phases=phases, seed=6)
    entry = make_entry(line.link, meter, options={"power_interval": 60})
    with (
        watch_port_opens() as watch,
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR])
        coordinator = await setup_with_frames(
            hass, entry, line, [_frame(meter, 230)], watch
        )
        for suffix in suffixes:
            assert _state(hass, f"sensor.linky_voltage{suffix}") == "230"
            assert _state(hass, f"sensor.linky_average_voltage{suffix}") == "229"
        clock.tick(2)
        await Feeder(line, coordinator).send(hass, _frame(meter, 232))
        await hass.async_block_till_done()
    for suffix in suffixes:
        # 2 V is under the voltage threshold: the instant value waits for its interval
        assert _state(hass, f"sensor.linky_voltage{suffix}") == "230"
        # each average is a new 10-minute figure: written as it comes
        assert _state(hass, f"sensor.linky_average_voltage{suffix}") == "231"


async def test_the_tariff_option_keeps_its_state_when_a_frame_loses_ngtf(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="hc", seed=7)
    entry = make_entry(line.link, meter)
    with (
        watch_port_opens() as watch,
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR])
        coordinator = await setup_with_frames(
            hass, entry, line, [_frame(meter, 230)], watch
        )
        before = _state(hass, "sensor.linky_tariff_option")
        assert before == "off_peak"
        clock.tick(2)
        await Feeder(line, coordinator).send(hass, _frame(meter, 230, drop=("NGTF",)))
        await hass.async_block_till_done()
    assert _state(hass, "sensor.linky_tariff_option") == before
