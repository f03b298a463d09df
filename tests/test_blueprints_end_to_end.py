"""The three blueprints end to end, on the integration's own entities (issue #12, item 8).

The simulated meter writes its frames into a real pty, the integration publishes
its entities, an automation made from a shipped blueprint reads them, and it
switches real switch entities: template switches whose state is an
input_boolean (the relay), so what is checked is the state Home Assistant holds.
No entity of the meter is set by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from datetime import date, datetime
from functools import partial
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode, TempoColor
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS, TempoCalendar

from .support.blueprint_support import (
    async_create_automation,
    async_set_up_relay_switches,
    async_stop_automations,
)
from .support.helpers import (
    FakeClock,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)

SWITCHES = ("water_heater", "oven", "ev_charger")
#: A boolean the notification actions turn on: what the blueprint's alert did.
WARNED = "input_boolean.warned"
WARN = [{"action": "input_boolean.turn_on", "target": {"entity_id": WARNED}}]


@pytest.fixture
async def switches(hass: HomeAssistant) -> AsyncGenerator[None]:
    """switch.water_heater, switch.oven, switch.ev_charger: template switches on relays."""
    relays: dict[str, Any] = {name: {"initial": True} for name in SWITCHES}
    relays["warned"] = {"initial": False}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": relays})
    await async_set_up_relay_switches(hass, SWITCHES)
    assert all(_on(hass, f"switch.{name}") for name in SWITCHES)
    yield
    await async_stop_automations(hass)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _on(hass: HomeAssistant, entity_id: str) -> bool:
    return _state(hass, entity_id) == "on"


async def async_until(
    hass: HomeAssistant, predicate: Callable[[], bool], what: str
) -> None:
    """Let the loop run until ``predicate()`` holds, 20 s at most.

    Not ``async_block_till_done``: an automation parked in a wait never finishes.
    The bound is in seconds, not loop turns: a loaded machine may take a while to
    run the port's reads and the automation's service calls.
    """
    try:
        async with asyncio.timeout(20):
            while not predicate():  # noqa: ASYNC110 (states of other components: no event to wait on)
                await asyncio.sleep(0.01)
    except TimeoutError:
        pytest.fail(f"still waiting for: {what}")


def _is(hass: HomeAssistant, entity_ids: list[str], on: bool) -> bool:
    return all(_on(hass, entity_id) is on for entity_id in entity_ids)


async def _send(
    hass: HomeAssistant, line: PtyLine, coordinator: LinkyTicCoordinator, frame: bytes
) -> None:
    """Write one frame and let the loop run until its reading is published."""
    published = coordinator.data
    line.write(frame)
    await async_until(hass, lambda: coordinator.data is not published, "the reading")


async def test_water_heater_runs_in_the_meters_off_peak_hours(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, switches: None
) -> None:
    start = datetime(2026, 1, 15, 21, 59, 50, tzinfo=PARIS)  # off-peak from 22:00
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=31, start=start)
    await async_create_automation(
        hass,
        "water_heater_off_peak.yaml",
        {
            "off_peak_entity": "binary_sensor.linky_off_peak_hours",
            "heater_switches": ["switch.water_heater"],
        },
    )
    entry = make_entry(meter=meter, link=line.link)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
        await async_until(hass, lambda: not _on(hass, "switch.water_heater"), "off")
        assert not _on(hass, "binary_sensor.linky_off_peak_hours")

        for at, off_peak in (
            (datetime(2026, 1, 15, 22, 0, 2, tzinfo=PARIS), True),
            (datetime(2026, 1, 16, 6, 0, 2, tzinfo=PARIS), False),
            (datetime(2026, 1, 16, 22, 0, 3, tzinfo=PARIS), True),
        ):
            clock.tick((at - meter.local_time).total_seconds())
            await _send(hass, line, coordinator, meter.frame(at))
            await async_until(
                hass,
                partial(_is, hass, ["switch.water_heater"], off_peak),
                f"the heater {'on' if off_peak else 'off'} at {at:%H:%M}",
            )
            assert _on(hass, "binary_sensor.linky_off_peak_hours") is off_peak
            assert _on(hass, "input_boolean.water_heater") is off_peak
    assert _on(hass, "switch.oven")  # only the heater is the blueprint's


def _with_power(meter: SimulatedMeter, papp_va: int) -> bytes:
    """The meter's frame now, its apparent power (and current) set to ``papp_va``."""
    values = {"PAPP": f"{papp_va:05d}", "IINST": f"{round(papp_va / 230):03d}"}
    return encode_frame(
        Mode.HISTORIC,
        [(label, values.get(label, data)) for label, data, _ in meter.groups()],
    )


async def test_loads_are_shed_on_a_power_peak_and_restored_after_it(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, switches: None
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=32)  # 30 A: 6 kVA
    await async_create_automation(
        hass,
        "peak_alert_load_shedding.yaml",
        {
            "power_entity": "sensor.linky_apparent_power",
            "subscribed_power_entity": "sensor.linky_subscribed_current",
            "overload_entity": "binary_sensor.linky_overload",
            "threshold_percent": 90,  # 5 400 VA
            "duration": {"seconds": 0},
            "notify_actions": WARN,
            "loads": ["switch.oven", "switch.ev_charger"],
            "shed_step": {"seconds": 0},
            "restore_delay": {"seconds": 0},
        },
    )
    entry = make_entry(meter=meter, link=line.link)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [_with_power(meter, 1500)], watch
        )
        assert _state(hass, "sensor.linky_subscribed_current") == "30"
        assert not _on(hass, WARNED)

        clock.tick(2)
        meter.advance(2)
        await _send(hass, line, coordinator, _with_power(meter, 5900))
        await async_until(
            hass,
            lambda: not _on(hass, "switch.oven") and not _on(hass, "switch.ev_charger"),
            "both loads shed",
        )
        assert _on(hass, WARNED)
        assert _on(hass, "switch.water_heater")  # not in the list: left alone

        clock.tick(2)
        meter.advance(2)
        await _send(
            hass, line, coordinator, _with_power(meter, 5600)
        )  # still over 5 400 VA
        assert not _on(hass, "switch.ev_charger")

        clock.tick(2)
        meter.advance(2)
        await _send(hass, line, coordinator, _with_power(meter, 1200))
        await async_until(
            hass,
            lambda: _on(hass, "switch.oven") and _on(hass, "switch.ev_charger"),
            "both loads back on",
        )


async def test_loads_are_off_during_a_red_tempo_day_and_the_day_is_announced(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, switches: None
) -> None:
    red = date(2026, 1, 15)
    tempo = TempoCalendar(
        seed=33,
        overrides={date(2026, 1, 14): TempoColor.BLUE, red: TempoColor.RED},
    )
    start = datetime(2026, 1, 15, 5, 59, 50, tzinfo=PARIS)  # the red day starts at 6:00
    meter = SimulatedMeter(
        Mode.HISTORIC, option="tempo", seed=33, start=start, tempo=tempo
    )
    await async_create_automation(
        hass,
        "tempo_red_ejp_peak.yaml",
        {
            "period_entity": "sensor.linky_tariff_period",
            "tomorrow_entity": "sensor.linky_tempo_colour_tomorrow",
            "notify_time": "00:00:00",  # announce as soon as it is known
            "notify_actions": WARN,
            "loads": ["switch.ev_charger", "switch.oven"],
        },
    )
    entry = make_entry(meter=meter, link=line.link)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
        assert _state(hass, "sensor.linky_tempo_colour_tomorrow") == "red"
        assert _state(hass, "sensor.linky_tariff_period") == "blue_off_peak"
        await async_until(hass, lambda: _on(hass, WARNED), "the red day announced")
        assert _on(hass, "switch.oven")

        for at, period, loads_on in (
            (datetime(2026, 1, 15, 6, 0, 2, tzinfo=PARIS), "red_peak", False),
            (datetime(2026, 1, 15, 22, 0, 2, tzinfo=PARIS), "red_off_peak", True),
        ):
            clock.tick((at - meter.local_time).total_seconds())
            await _send(hass, line, coordinator, meter.frame(at))
            assert _state(hass, "sensor.linky_tariff_period") == period
            await async_until(
                hass,
                partial(_is, hass, ["switch.oven", "switch.ev_charger"], loads_on),
                f"the loads {'on' if loads_on else 'off'} in {period}",
            )
        assert _on(hass, "switch.water_heater")  # not in the list: left alone
