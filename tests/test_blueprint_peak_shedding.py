"""The peak alert blueprint warns and sheds loads in order, then restores them in reverse."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .support.blueprint_support import (
    FakeSwitches,
    async_create_automation,
    async_stop_automations,
    async_until,
    async_until_parked,
    automation_parked,
    automation_position,
)
from .support.helpers import state_of

BLUEPRINT = "peak_alert_load_shedding.yaml"
POWER = "sensor.linky_apparent_power"
SUBSCRIBED = "sensor.linky_reference_power"
OVERLOAD = "binary_sensor.linky_overload"
LOADS = ["switch.heat_pump", "switch.ev_charger", "switch.oven"]
NOTIFY = [{"action": "notify.notify", "data": {"message": "{{ alert_message }}"}}]


def _inputs(**extra: Any) -> dict[str, Any]:
    return {
        "power_entity": POWER,
        "subscribed_power_entity": SUBSCRIBED,
        "overload_entity": OVERLOAD,
        "notify_actions": NOTIFY,
        "loads": LOADS,
        **extra,
    }


@pytest.fixture
async def switches(hass: HomeAssistant) -> AsyncGenerator[FakeSwitches]:
    for load in LOADS:
        hass.states.async_set(load, "on")
    hass.states.async_set(SUBSCRIBED, "9")  # 9 kVA: threshold 8 100 VA at 90 %
    hass.states.async_set(POWER, "3000")
    hass.states.async_set(OVERLOAD, "off")
    yield FakeSwitches(hass)
    await async_stop_automations(hass)


@pytest.fixture
def notify(hass: HomeAssistant) -> list[ServiceCall]:
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "notify")
    return calls


async def _advance(hass: HomeAssistant, delta: timedelta) -> None:
    """Fire the timers due within ``delta`` (the ``for:`` of the trigger, the delays).

    The delays of a running script are loop timers, so time is moved by firing them,
    not with the freezer; each step counts from the timers armed just before it.
    """
    position = automation_position(hass)
    async_fire_time_changed(hass, dt_util.utcnow() + delta)
    await async_until_parked(hass, moved_from=position)


async def _set_and_settle(hass: HomeAssistant, entity_id: str, state: str) -> None:
    """Set a state the parked run waits for, and let the run go on to its next wait."""
    position = automation_position(hass)
    hass.states.async_set(entity_id, state)
    await async_until_parked(hass, moved_from=position)


async def test_short_peak_does_nothing(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(POWER, "8500")
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=20))
    hass.states.async_set(POWER, "6000")
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=60))
    await hass.async_block_till_done()
    assert notify == []
    assert switches.calls == []


async def test_sheds_in_order_until_under_threshold_then_restores_in_reverse(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(POWER, "8500")  # above 8 100 VA
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))  # lasted 30 s
    assert len(notify) == 1
    assert "8500 VA" in notify[0].data["message"]
    assert "90 %" in notify[0].data["message"]
    assert switches.calls == [("turn_off", [LOADS[0]])]

    # Still too high after 10 s: the second load goes.
    await _advance(hass, timedelta(seconds=10))
    assert switches.calls[1:] == [("turn_off", [LOADS[1]])]

    # Under the threshold now: the third load is spared.
    hass.states.async_set(POWER, "5000")
    await _advance(hass, timedelta(seconds=10))
    assert len(switches.calls) == 2

    # Restored in reverse order, 5 min of low power apart.
    await _advance(hass, timedelta(minutes=5, seconds=1))
    assert switches.calls[2:] == [("turn_on", [LOADS[1]])]
    await _advance(hass, timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done()
    assert switches.calls == [
        ("turn_off", [LOADS[0]]),
        ("turn_off", [LOADS[1]]),
        ("turn_on", [LOADS[1]]),
        ("turn_on", [LOADS[0]]),
    ]
    assert state_of(hass, LOADS[2]).state == "on"


async def test_restore_waits_while_the_power_is_high_again(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs(loads=LOADS[:1]))
    hass.states.async_set(POWER, "8500")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))
    assert switches.calls == [("turn_off", [LOADS[0]])]
    await _advance(hass, timedelta(seconds=10))  # end of the shedding step
    # Still 8 500 VA: the run waits for the power to drop, no timer is armed.
    assert automation_parked(hass)
    assert switches.calls == [("turn_off", [LOADS[0]])]

    await _set_and_settle(hass, POWER, "4000")  # the wait ends, the 5 min start
    hass.states.async_set(POWER, "8200")  # high again before the 5 min are over
    await _advance(hass, timedelta(minutes=5, seconds=1))
    assert switches.calls == [("turn_off", [LOADS[0]])]

    await _set_and_settle(hass, POWER, "4000")
    await _advance(hass, timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", [LOADS[0]]), ("turn_on", [LOADS[0]])]


async def test_loads_already_off_are_skipped_and_not_turned_on(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    hass.states.async_set(LOADS[0], "off")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(POWER, "8500")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))
    assert switches.calls == [("turn_off", [LOADS[1]])]
    hass.states.async_set(POWER, "3000")
    await _advance(hass, timedelta(seconds=10))
    await _advance(hass, timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", [LOADS[1]]), ("turn_on", [LOADS[1]])]
    assert state_of(hass, LOADS[0]).state == "off"


async def test_overload_signal_alerts_and_sheds_at_once(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs(language="fr"))
    hass.states.async_set(POWER, "7000")  # under the threshold...
    hass.states.async_set(OVERLOAD, "on")  # ...but the meter says overload
    await async_until_parked(hass)
    assert len(notify) == 1
    assert "dépassement" in notify[0].data["message"]
    assert switches.calls == [("turn_off", [LOADS[0]])]

    hass.states.async_set(OVERLOAD, "off")
    await _advance(hass, timedelta(seconds=10))
    assert len(switches.calls) == 1
    await _advance(hass, timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done()
    assert switches.calls[-1] == ("turn_on", [LOADS[0]])


async def test_override_replaces_the_meters_subscribed_power(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    # 6 kVA at 100 %: 6 000 VA; the meter's 9 kVA is ignored.
    await async_create_automation(
        hass,
        BLUEPRINT,
        _inputs(subscribed_power_override=6, threshold_percent=100, loads=[]),
    )
    hass.states.async_set(POWER, "6100")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))
    await hass.async_block_till_done()
    assert len(notify) == 1
    assert switches.calls == []


async def test_unknown_subscribed_power_never_alerts(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
) -> None:
    hass.states.async_set(SUBSCRIBED, "unavailable")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(POWER, "12000")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(minutes=2))
    await hass.async_block_till_done()
    assert notify == []


async def test_default_notification_is_a_persistent_one(
    hass: HomeAssistant, switches: FakeSwitches
) -> None:
    created = async_mock_service(hass, "persistent_notification", "create")
    inputs = _inputs(loads=[])
    del inputs["notify_actions"]
    await async_create_automation(hass, BLUEPRINT, inputs)
    hass.states.async_set(POWER, "8500")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))
    await async_until(hass, lambda: len(created) == 1, "the notification")
    assert "above 90 % of the 9.0 kVA" in created[0].data["message"]


async def test_historic_subscribed_current_is_read_as_kva(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    # Historic mode: ISOUSC 30 A is 6 kVA, so 90 % is 5 400 VA.
    hass.states.async_set(SUBSCRIBED, "30", {"unit_of_measurement": "A"})
    await async_create_automation(hass, BLUEPRINT, _inputs(loads=[]))
    hass.states.async_set(POWER, "5500")
    await hass.async_block_till_done()
    await _advance(hass, timedelta(seconds=31))
    await hass.async_block_till_done()
    assert len(notify) == 1
    assert "6.0 kVA" in notify[0].data["message"]
