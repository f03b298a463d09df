"""Load shedding across a Home Assistant restart, end to end (issue #11).

The simulated meter writes into a real pty; the integration publishes its
entities; an automation made from the shipped blueprint sheds real template
switches (their state is an input_boolean: the relay). Then Home Assistant
stops while the power is still high, and a new instance starts over the same
configuration folder with what the first one persisted (its restore-state
dump, read back through storage): the relays and the blueprint's memory helper
come back, the new automation run keeps the loads off while the power stays
high and switches them back on once it is low.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant import loader
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import restore_state
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.blueprint_support import (
    async_create_automation,
    async_set_up_relay_switches,
    async_stop_automations,
    automation_parked,
)
from .support.helpers import (
    FakeClock,
    PortWatch,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)
from .test_blueprints_end_to_end import _on, _send, _with_power, async_until

RELAYS = ("water_heater", "oven", "ev_charger")
SHED = ["switch.oven", "switch.ev_charger"]
MEMORY = "input_text.shed_loads"
INPUTS: dict[str, Any] = {
    "power_entity": "sensor.linky_apparent_power",
    "subscribed_power_entity": "sensor.linky_subscribed_current",
    "overload_entity": "binary_sensor.linky_overload",
    "threshold_percent": 90,  # 30 A: 6 kVA, so 5 400 VA
    "duration": {"seconds": 0},
    "notify_actions": [],
    "loads": SHED,
    "shed_step": {"seconds": 0},
    "restore_delay": {"seconds": 0},
    "memory_entity": MEMORY,
}


async def async_set_up_home(hass: HomeAssistant) -> None:
    """The relays, their switches and the memory helper (all restored at a start)."""
    relays: dict[str, Any] = {name: {} for name in RELAYS}  # no initial: restored
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": relays})
    helper = {"shed_loads": {"max": 255}}
    assert await async_setup_component(hass, "input_text", {"input_text": helper})
    await async_set_up_relay_switches(hass, RELAYS)


def _power_published(hass: HomeAssistant) -> bool:
    """The meter's power is published."""
    state = hass.states.get("sensor.linky_apparent_power")
    return state is not None and state.state == "5800"


def _memory(hass: HomeAssistant) -> str:
    state = hass.states.get(MEMORY)
    assert state is not None
    return state.state


async def test_loads_shed_before_a_restart_come_back_once_the_power_is_low(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=32)  # 30 A: 6 kVA

    async def send(
        home: HomeAssistant, coordinator: LinkyTicCoordinator, va: int
    ) -> None:
        clock.tick(2)
        meter.advance(2)
        await _send(home, line, coordinator, _with_power(meter, va))

    await async_set_up_home(hass)
    for name in RELAYS:
        await hass.services.async_call(
            "input_boolean", "turn_on", {"entity_id": f"input_boolean.{name}"}
        )
    await async_create_automation(hass, "peak_alert_load_shedding.yaml", INPUTS)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, make_entry(line.link, meter), line, [_with_power(meter, 1500)], watch
        )
        assert all(_on(hass, f"switch.{name}") for name in RELAYS)
        await send(hass, coordinator, 5900)
        await async_until(hass, lambda: _memory(hass) == ",".join(SHED), "remembered")
        assert not any(_on(hass, load) for load in SHED)

        # Home Assistant stops while the power is still high: the run waiting to
        # restore the loads ends with it; what it persists is written at the stop.
        await restore_state.async_get(hass).async_dump_states()
        await hass.async_stop()

        async with async_test_home_assistant(
            config_dir=hass.config.config_dir, initial_state=CoreState.not_running
        ) as again:
            try:
                await _run_after_the_restart(again, send, line, meter, watch)
            finally:
                await async_stop_automations(again)
                await again.async_stop(force=True)


async def _run_after_the_restart(
    again: HomeAssistant,
    send: Callable[[HomeAssistant, LinkyTicCoordinator, int], Awaitable[None]],
    line: PtyLine,
    meter: SimulatedMeter,
    watch: PortWatch,
) -> None:
    """The new instance: the loads stay off while the power is unknown or high."""
    again.data.pop(loader.DATA_CUSTOM_COMPONENTS)  # finds ours, as hass does
    await restore_state.async_get(again).async_load()  # what was persisted
    await async_set_up_home(again)
    assert [_on(again, f"switch.{name}") for name in RELAYS] == [True, False, False]
    assert _memory(again) == ",".join(SHED)
    await async_create_automation(again, "peak_alert_load_shedding.yaml", INPUTS)
    await again.async_start()  # the meter has not reported yet: no power known
    await async_until(again, lambda: automation_parked(again), "the run to wait")
    assert not any(_on(again, load) for load in SHED)

    # The meter reports (not setup_with_frames: it waits for every task to end,
    # and the automation's run waits for the power).
    entry = make_entry(line.link, meter)
    entry.add_to_hass(again)
    setup = again.async_create_task(again.config_entries.async_setup(entry.entry_id))
    await watch.wait(len(watch.opened) + 1)
    line.write(_with_power(meter, 5800))
    assert await setup
    coordinator: LinkyTicCoordinator = entry.runtime_data
    await async_until(again, lambda: _power_published(again), "the meter's entities")
    await send(again, coordinator, 5700)  # still too high: they stay off
    await async_until(again, lambda: automation_parked(again), "the run to wait")
    assert not any(_on(again, load) for load in SHED)

    await send(again, coordinator, 1200)
    await async_until(
        again,
        lambda: all(_on(again, load) for load in SHED),
        "the loads shed before the restart back on",
    )
    await async_until(again, lambda: _memory(again) == "", "forgotten")
    assert _on(again, "switch.water_heater")
