"""Helpers shared by the blueprint tests: install a shipped blueprint, make an automation of it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation.const import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.trace.const import DATA_TRACE
from homeassistant.core import CoreState, HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import yaml as yaml_util

SHIPPED = (
    Path(__file__).resolve().parents[2]
    / "custom_components"
    / "linky_tic"
    / "blueprints"
)
BLUEPRINT_NAMES = (
    "water_heater_off_peak.yaml",
    "peak_alert_load_shedding.yaml",
    "tempo_red_ejp_peak.yaml",
)


def automation_config(blueprint: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The configuration of one automation made from a shipped blueprint."""
    return {
        AUTOMATION_DOMAIN: {
            "id": "under_test",
            "alias": "under test",
            "use_blueprint": {"path": f"linky_tic/{blueprint}", "input": inputs},
        }
    }


async def async_reload_automations(hass: HomeAssistant) -> None:
    """Reload the automations as the UI does (configuration.yaml is read again)."""
    await hass.services.async_call(AUTOMATION_DOMAIN, "reload", blocking=True)
    await hass.async_block_till_done()


async def async_create_automation(
    hass: HomeAssistant, blueprint: str, inputs: dict[str, Any], *, copy: bool = True
) -> None:
    """Copy ``blueprint`` where HA looks for it and set up one automation using it."""
    folder = Path(hass.config.path("blueprints", "automation", "linky_tic"))

    def copy_blueprint() -> None:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIPPED / blueprint, folder / blueprint)

    config = automation_config(blueprint, inputs)

    def write_configuration() -> None:
        # What a reload reads back.
        Path(hass.config.path("configuration.yaml")).write_text(
            yaml_util.dump(config), encoding="utf-8"
        )

    if copy:
        await hass.async_add_executor_job(copy_blueprint)
    await hass.async_add_executor_job(write_configuration)
    assert await async_setup_component(hass, AUTOMATION_DOMAIN, config)
    await hass.async_block_till_done()
    state = hass.states.get("automation.under_test")
    assert state is not None, "the blueprint did not give a valid automation"
    assert state.state == "on" or hass.state is not CoreState.running


async def async_set_up_relay_switches(
    hass: HomeAssistant, names: tuple[str, ...]
) -> None:
    """switch.<name> for each name: a template switch on the relay input_boolean.<name>.

    The input_booleans must be set up by the caller (with or without an initial state).
    """
    switches = [
        {
            "name": name.replace("_", " "),
            "unique_id": name,
            "state": f"{{{{ is_state('input_boolean.{name}', 'on') }}}}",
            "turn_on": {
                "action": "input_boolean.turn_on",
                "target": {"entity_id": f"input_boolean.{name}"},
            },
            "turn_off": {
                "action": "input_boolean.turn_off",
                "target": {"entity_id": f"input_boolean.{name}"},
            },
        }
        for name in names
    ]
    config = {"template": [{"switch": switches}]}
    assert await async_setup_component(hass, "template", config)
    await hass.async_block_till_done()


async def async_start_home_assistant(hass: HomeAssistant) -> None:
    """Finish a start of ``hass`` (set to ``not_running`` before the automation was made)."""
    assert hass.state is CoreState.not_running
    await hass.async_start()


async def async_stop_automations(hass: HomeAssistant) -> None:
    """Turn every automation off, which detaches their triggers (time listeners too)."""
    if hass.services.has_service(AUTOMATION_DOMAIN, "turn_off"):
        await hass.services.async_call(
            AUTOMATION_DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
        )
        await hass.async_block_till_done()


def calls_summary(calls: list[ServiceCall]) -> list[tuple[str, Any]]:
    """``(service, entity_id)`` of each call, in order (entity ids as lists)."""
    summary: list[tuple[str, Any]] = []
    for call in calls:
        entity_id = call.data.get("entity_id")
        if isinstance(entity_id, str):
            entity_id = [entity_id]
        summary.append((f"{call.domain}.{call.service}", entity_id))
    return summary


class FakeSwitches:
    """``switch.turn_on`` / ``switch.turn_off`` that record each call and flip the states.

    One list for both services, so tests can check the order of a shedding and of its
    restore; the states change like real switches so the blueprints see them.
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Register the two services on ``hass``."""
        self.calls: list[tuple[str, list[str]]] = []
        self._hass = hass
        for service, state in (("turn_on", "on"), ("turn_off", "off")):
            hass.services.async_register(
                "switch", service, self._handler(service, state)
            )

    def _handler(self, service: str, state: str) -> Any:
        async def handle(call: ServiceCall) -> None:
            entity_ids = call.data["entity_id"]
            if isinstance(entity_ids, str):
                entity_ids = [entity_ids]
            self.calls.append((service, list(entity_ids)))
            for entity_id in entity_ids:
                self._hass.states.async_set(entity_id, state)

        return handle


async def async_until(
    hass: HomeAssistant, predicate: Callable[[], bool], what: str
) -> None:
    """Let the event loop run until ``predicate()`` holds (bounded: fail, never hang).

    For automation runs parked in a ``delay`` or a ``wait_template``: their task never
    finishes, so ``hass.async_block_till_done()`` would wait for ever.
    """
    for _ in range(5000):
        if predicate():
            return
        await asyncio.sleep(0)
    pytest.fail(f"still waiting for: {what}")


def _last_trace(hass: HomeAssistant) -> dict[str, Any] | None:
    buckets = hass.data.get(DATA_TRACE, {}).get("automation.under_test")
    traces = [t.as_extended_dict() for t in buckets.all_traces()] if buckets else []
    # A trigger dropped by "mode: single" leaves a trace of its own: prefer the run.
    running = [t for t in traces if t["state"] == "running"]
    return (running or traces)[-1] if (running or traces) else None


def _latest_step(trace: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    """How many steps the run has traced, and the latest one.

    ``last_step`` of a trace names the last *new* path: a step visited again (a loop)
    only gets one more element, so the latest element is found by its timestamp.
    """
    elements = [e for steps in trace["trace"].values() for e in steps]
    if not elements:
        return 0, None
    return len(elements), max(elements, key=lambda e: e["timestamp"])


def automation_runs(hass: HomeAssistant) -> int:
    """How many times ``automation.under_test`` was triggered (its traces)."""
    buckets = hass.data.get(DATA_TRACE, {}).get("automation.under_test")
    return len(list(buckets.all_traces())) if buckets else 0


def automation_position(hass: HomeAssistant) -> tuple[str, int] | None:
    """Where the last run of ``automation.under_test`` is: (run, steps traced)."""
    trace = _last_trace(hass)
    if trace is None:
        return None
    return (trace["run_id"], _latest_step(trace)[0])


def automation_parked(hass: HomeAssistant) -> bool:
    """The last run of ``automation.under_test`` waits in a delay or a wait (or ended)."""
    trace = _last_trace(hass)
    if trace is None or trace["state"] == "stopped":
        return True
    latest = _latest_step(trace)[1]
    result = (latest or {}).get("result") or {}
    if "delay" in result:
        return not result["done"]
    if "wait" in result:
        return not result["wait"]["completed"]
    return False


async def async_until_parked(
    hass: HomeAssistant, moved_from: tuple[str, int] | None = None
) -> None:
    """Let the automation's run go on until it waits (a delay, a wait) or ends.

    With ``moved_from``, first until it has left that position (a timer just fired:
    the run has not resumed yet and still looks parked where it was).
    """
    if moved_from is not None:
        await async_until(
            hass,
            lambda: automation_position(hass) != moved_from,
            "the run to go on",
        )
    await async_until(hass, lambda: automation_parked(hass), "the run to wait or end")
