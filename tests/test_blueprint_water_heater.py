"""The water heater blueprint runs the heater in off-peak hours, in a real HA instance."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from .support.blueprint_support import (
    FakeSwitches,
    async_create_automation,
    async_reload_automations,
    async_start_home_assistant,
    async_stop_automations,
)
from .support.helpers import state_of

BLUEPRINT = "water_heater_off_peak.yaml"
OFF_PEAK = "binary_sensor.linky_off_peak_hours"
TEMPO_TODAY = "sensor.linky_tempo_colour_today"
HEATER = "switch.water_heater"
HEATER_2 = "switch.water_heater_2"


def _inputs(**extra: Any) -> dict[str, Any]:
    return {"off_peak_entity": OFF_PEAK, "heater_switches": [HEATER], **extra}


@pytest.fixture
async def switches(hass: HomeAssistant) -> AsyncGenerator[FakeSwitches]:
    hass.states.async_set(HEATER, "off")
    hass.states.async_set(HEATER_2, "off")
    yield FakeSwitches(hass)
    await async_stop_automations(hass)


async def _advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta
) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_on_at_off_peak_start_and_off_at_peak_start(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.states.async_set(OFF_PEAK, "off")
    await async_create_automation(
        hass, BLUEPRINT, _inputs(heater_switches=[HEATER, HEATER_2])
    )
    assert switches.calls == []

    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER, HEATER_2])]

    hass.states.async_set(OFF_PEAK, "off")
    await hass.async_block_till_done()
    assert switches.calls[1:] == [("turn_off", [HEATER, HEATER_2])]
    assert state_of(hass, HEATER).state == "off"


async def test_meter_going_unavailable_changes_nothing(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.states.async_set(OFF_PEAK, "on")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(OFF_PEAK, "unavailable")
    await hass.async_block_till_done()
    assert switches.calls == []
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER])]


async def test_restart_in_off_peak_hours_turns_the_heater_on(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    # The automation is set up while HA starts, the meter already in off-peak hours.
    hass.set_state(CoreState.not_running)
    hass.states.async_set(OFF_PEAK, "on")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    assert switches.calls == []

    await async_start_home_assistant(hass)
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER])]


async def test_restart_in_peak_hours_turns_the_heater_off(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.set_state(CoreState.not_running)
    hass.states.async_set(OFF_PEAK, "off")
    hass.states.async_set(HEATER, "on")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    await async_start_home_assistant(hass)
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", [HEATER])]


async def test_restart_before_the_meter_reports_waits_for_it(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.set_state(CoreState.not_running)
    hass.states.async_set(OFF_PEAK, "unavailable")
    hass.states.async_set(HEATER, "on")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    await async_start_home_assistant(hass)
    await hass.async_block_till_done()
    assert switches.calls == []  # no guess while the meter is silent

    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER])]


async def test_automation_reload_in_off_peak_hours_turns_the_heater_on(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.states.async_set(OFF_PEAK, "on")
    inputs = _inputs()
    await async_create_automation(hass, BLUEPRINT, inputs)
    assert switches.calls == []

    await async_reload_automations(hass)
    assert switches.calls == [("turn_on", [HEATER])]


async def test_red_tempo_day_is_skipped(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    hass.states.async_set(OFF_PEAK, "off")
    hass.states.async_set(TEMPO_TODAY, "red")
    await async_create_automation(hass, BLUEPRINT, _inputs(tempo_entity=TEMPO_TODAY))

    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", [HEATER])]

    hass.states.async_set(TEMPO_TODAY, "white")
    hass.states.async_set(OFF_PEAK, "off")
    await hass.async_block_till_done()
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls[-1] == ("turn_on", [HEATER])


async def test_red_period_sensor_also_skips(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    period = "sensor.linky_tariff_period"
    hass.states.async_set(OFF_PEAK, "off")
    hass.states.async_set(period, "red_off_peak")
    await async_create_automation(hass, BLUEPRINT, _inputs(tempo_entity=period))
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert ("turn_on", [HEATER]) not in switches.calls


async def test_minimum_run_time_delays_the_switch_off(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(OFF_PEAK, "off")
    await async_create_automation(
        hass, BLUEPRINT, _inputs(min_run={"hours": 1, "minutes": 0, "seconds": 0})
    )
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER])]

    await _advance(hass, freezer, timedelta(minutes=20))
    hass.states.async_set(OFF_PEAK, "off")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_on", [HEATER])]  # ran 20 min of 60

    await _advance(hass, freezer, timedelta(minutes=39))
    assert state_of(hass, HEATER).state == "on"
    await _advance(hass, freezer, timedelta(minutes=1, seconds=1))
    assert switches.calls[-1] == ("turn_off", [HEATER])


async def test_off_peak_start_during_the_minimum_run_keeps_it_on(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(OFF_PEAK, "on")
    hass.states.async_set(HEATER, "on")
    await async_create_automation(
        hass, BLUEPRINT, _inputs(min_run={"hours": 1, "minutes": 0, "seconds": 0})
    )
    hass.states.async_set(OFF_PEAK, "off")
    await hass.async_block_till_done()
    await _advance(hass, freezer, timedelta(minutes=10))
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    await _advance(hass, freezer, timedelta(hours=2))
    assert ("turn_off", [HEATER]) not in switches.calls
    assert state_of(hass, HEATER).state == "on"


async def test_maximum_run_time_switches_off(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(OFF_PEAK, "off")
    await async_create_automation(
        hass, BLUEPRINT, _inputs(max_run={"hours": 3, "minutes": 0, "seconds": 0})
    )
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    await _advance(hass, freezer, timedelta(hours=2, minutes=59))
    assert switches.calls == [("turn_on", [HEATER])]
    await _advance(hass, freezer, timedelta(minutes=1, seconds=1))
    assert switches.calls == [("turn_on", [HEATER]), ("turn_off", [HEATER])]


async def test_no_maximum_by_default(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(OFF_PEAK, "off")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    await _advance(hass, freezer, timedelta(hours=9))
    assert switches.calls == [("turn_on", [HEATER])]


def _local(hour: int, minute: int = 0) -> datetime:
    now = dt_util.now()
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0)


async def test_boost_window_runs_the_heater_in_peak_hours(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(_local(12, 0))
    hass.states.async_set(OFF_PEAK, "off")
    await async_create_automation(
        hass,
        BLUEPRINT,
        _inputs(boost_enabled=True, boost_start="13:00:00", boost_end="15:00:00"),
    )
    await _advance(hass, freezer, timedelta(hours=1))  # 13:00
    assert switches.calls == [("turn_on", [HEATER])]

    # Peak hours starting inside the window do not stop the boost.
    hass.states.async_set(OFF_PEAK, "on")
    await hass.async_block_till_done()
    hass.states.async_set(OFF_PEAK, "off")
    await hass.async_block_till_done()
    assert all(service == "turn_on" for service, _ in switches.calls)

    await _advance(hass, freezer, timedelta(hours=2))  # 15:00
    assert switches.calls[-1] == ("turn_off", [HEATER])


async def test_boost_window_across_midnight(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(_local(23, 0))
    hass.states.async_set(OFF_PEAK, "off")
    inputs = _inputs(boost_enabled=True, boost_start="22:00:00", boost_end="02:00:00")
    await async_create_automation(hass, BLUEPRINT, inputs)
    await async_reload_automations(hass)
    assert switches.calls == [("turn_on", [HEATER])]


async def test_boost_triggers_do_nothing_when_disabled(
    hass: HomeAssistant, switches: FakeSwitches, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(_local(12, 0))
    hass.states.async_set(OFF_PEAK, "off")
    hass.states.async_set(HEATER, "on")  # turned on by hand
    await async_create_automation(hass, BLUEPRINT, _inputs())
    await _advance(hass, freezer, timedelta(hours=4))  # past 13:00 and 15:00
    assert switches.calls == []
