"""The Tempo red / EJP blueprint warns the evening before and sheds loads in peak hours."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import CoreState, HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .support.blueprint_support import (
    FakeSwitches,
    async_create_automation,
    async_start_home_assistant,
    async_stop_automations,
    async_until,
    async_until_parked,
    automation_position,
    automation_runs,
)
from .support.helpers import state_of

BLUEPRINT = "tempo_red_ejp_peak.yaml"
PERIOD = "sensor.linky_tariff_period"
TOMORROW = "sensor.linky_tempo_colour_tomorrow"
EJP_NOTICE = "binary_sensor.linky_ejp_notice"
LOADS = ["switch.heat_pump", "switch.dryer"]
NOTIFY = [{"action": "notify.notify", "data": {"message": "{{ alert_message }}"}}]


def _inputs(**extra: Any) -> dict[str, Any]:
    return {
        "period_entity": PERIOD,
        "tomorrow_entity": TOMORROW,
        "ejp_notice_entity": EJP_NOTICE,
        "notify_actions": NOTIFY,
        "loads": LOADS,
        **extra,
    }


def _local(hour: int, minute: int = 0) -> datetime:
    return dt_util.now().replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture
async def switches(hass: HomeAssistant) -> AsyncGenerator[FakeSwitches]:
    for load in LOADS:
        hass.states.async_set(load, "on")
    hass.states.async_set(PERIOD, "white_off_peak")
    hass.states.async_set(TOMORROW, "blue")
    hass.states.async_set(EJP_NOTICE, "off")
    yield FakeSwitches(hass)
    await async_stop_automations(hass)


@pytest.fixture
def notify(hass: HomeAssistant) -> list[ServiceCall]:
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "notify")
    return calls


async def _set_and_settle(hass: HomeAssistant, entity_id: str, state: str) -> None:
    position = automation_position(hass)
    hass.states.async_set(entity_id, state)
    await async_until_parked(hass, moved_from=position)


async def test_red_tomorrow_is_announced_at_the_evening_time(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(_local(11, 0))
    await async_create_automation(hass, BLUEPRINT, _inputs(language="fr"))
    hass.states.async_set(TOMORROW, "red")  # known at noon...
    await hass.async_block_till_done()
    assert notify == []  # ...told in the evening

    freezer.move_to(_local(19, 0))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert [call.data["message"] for call in notify] == [
        "Demain est un jour rouge Tempo."
    ]


async def test_no_announcement_for_a_white_day(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(_local(18, 0))
    hass.states.async_set(TOMORROW, "white")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    freezer.move_to(_local(19, 0))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert notify == []


async def test_red_known_late_is_announced_at_once(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(_local(20, 30))
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(TOMORROW, "red")
    await hass.async_block_till_done()
    assert [call.data["message"] for call in notify] == ["Tomorrow is a red Tempo day."]


async def test_ejp_notice_is_announced(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs())
    hass.states.async_set(EJP_NOTICE, "on")
    await hass.async_block_till_done()
    assert [call.data["message"] for call in notify] == ["EJP peak day announced."]


async def test_loads_off_during_red_peak_hours_and_back_on_after(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    hass.states.async_set(LOADS[1], "off")  # the dryer was not running
    await async_create_automation(hass, BLUEPRINT, _inputs())
    await _set_and_settle(hass, PERIOD, "red_peak")
    assert switches.calls == [("turn_off", [LOADS[0]])]

    # The meter going silent does not end the peak (each change is one more run,
    # which finds nothing to do).
    for state in ("unavailable", "red_peak"):
        runs = automation_runs(hass)
        hass.states.async_set(PERIOD, state)

        def ran(runs: int = runs) -> bool:
            return automation_runs(hass) > runs

        await async_until(hass, ran, "a run")
        await async_until_parked(hass)
    assert switches.calls == [("turn_off", [LOADS[0]])]

    await _set_and_settle(hass, PERIOD, "red_off_peak")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", [LOADS[0]]), ("turn_on", [LOADS[0]])]
    assert state_of(hass, LOADS[1]).state == "off"


async def test_ejp_peak_period_sheds_too(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    hass.states.async_set(PERIOD, "ejp_normal")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    await _set_and_settle(hass, PERIOD, "ejp_peak")
    assert switches.calls == [("turn_off", LOADS)]
    await _set_and_settle(hass, PERIOD, "ejp_normal")
    await hass.async_block_till_done()
    assert switches.calls == [("turn_off", LOADS), ("turn_on", LOADS)]


async def test_other_periods_leave_the_loads_alone(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    await async_create_automation(hass, BLUEPRINT, _inputs())
    for period in ("blue_peak", "white_peak", "red_off_peak", "blue_off_peak"):
        hass.states.async_set(PERIOD, period)
        await hass.async_block_till_done()
    assert switches.calls == []


async def test_restart_during_red_peak_hours_sheds(
    hass: HomeAssistant, switches: FakeSwitches, notify: list[ServiceCall]
) -> None:
    hass.set_state(CoreState.not_running)
    hass.states.async_set(PERIOD, "red_peak")
    await async_create_automation(hass, BLUEPRINT, _inputs())
    assert switches.calls == []
    position = automation_position(hass)
    await async_start_home_assistant(hass)
    await async_until_parked(hass, moved_from=position)
    assert switches.calls == [("turn_off", LOADS)]


async def test_unused_optional_entities(
    hass: HomeAssistant,
    switches: FakeSwitches,
    notify: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(_local(18, 0))
    await async_create_automation(
        hass, BLUEPRINT, {"period_entity": PERIOD, "notify_actions": NOTIFY}
    )
    hass.states.async_set(TOMORROW, "red")
    freezer.move_to(_local(19, 0) + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert notify == []
    hass.states.async_set(PERIOD, "red_peak")
    await hass.async_block_till_done()
    assert switches.calls == []
