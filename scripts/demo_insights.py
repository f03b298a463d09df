"""The demo's insights at first open: the past month's apparent power, then a refresh.

Demo tooling only. The insights read the long-term statistics of the meter's own
entities; the demo's month of history (``demo_history``) gives the energy indexes.
The subscription advice also needs the apparent power's hourly maximum: it is
sampled here from the same household model (every ``STEP_S`` seconds) and
imported for the hours before the recorder's own. Then the insights are asked to
refresh (``homeassistant.update_entity`` on one of them: their coordinator reads
the statistics again), and the demo waits until they show values.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from demo_ha import DemoError, HomeAssistantClient, MeterEntity
from demo_history import HOUR_S, STEP_S, Joiner, meter_of_simulator

from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.tic.simulator import SimulatedMeter

Call = Callable[[dict[str, Any]], Awaitable[Any]]
#: Refreshing one insight refreshes them all (one coordinator); these must show values.
PROBE_KEYS = ("best_tariff", "subscription_advice", "standby_power")
#: How long the demo waits for the insights to show the month (s).
INSIGHTS_TIMEOUT_S = 120.0


def apparent_power_rows(
    meter: SimulatedMeter, start: int, end: int, step: int = STEP_S
) -> list[dict[str, Any]]:
    """Hourly mean, min and max (VA) of the household's apparent power, ``start``..``end``."""
    household = meter.household
    rows = []
    for hour in range(start, end, HOUR_S):
        samples = [
            sum(
                household.load(second).phase_apparent_va(phase)
                for phase in range(meter.phases)
            )
            for second in range(hour, hour + HOUR_S, step)
        ]
        rows.append(
            {
                "start": datetime.fromtimestamp(hour, UTC).isoformat(),
                "mean": round(sum(samples) / len(samples), 1),
                "min": round(min(samples), 1),
                "max": round(max(samples), 1),
            }
        )
    return rows


def import_command(statistic_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`recorder/import_statistics` of the apparent power's past hours."""
    return {
        "type": "recorder/import_statistics",
        "metadata": {
            "has_mean": True,
            "mean_type": 1,  # arithmetic, as the recorder compiles a measurement
            "has_sum": False,
            "name": None,
            "source": "recorder",
            "statistic_id": statistic_id,
            "unit_class": "apparent_power",
            "unit_of_measurement": "VA",
        },
        "stats": rows,
    }


async def show_insights(
    call: Call,
    states: Callable[[], Awaitable[dict[str, str]]],
    *,
    meter: SimulatedMeter,
    apparent_power_id: str | None,
    probe_ids: list[str],
    start: int,
    end: int,
    deadline: float,
) -> dict[str, str]:
    """Import the apparent power's month, refresh the insights, wait for their values.

    ``states()`` returns the current states by entity id. Returns the probes' states
    (the import is queued: the first refreshes may not see it yet).
    """
    if apparent_power_id is not None:
        rows = await asyncio.to_thread(apparent_power_rows, meter, start, end)
        if rows:
            await call(import_command(apparent_power_id, rows))
    while True:
        await call(
            {
                "type": "call_service",
                "domain": "homeassistant",
                "service": "update_entity",
                "service_data": {"entity_id": probe_ids[0]},
            }
        )
        now = await states()
        shown = {probe: now.get(probe, "unknown") for probe in probe_ids}
        missing = [p for p, s in shown.items() if s in {"unknown", "unavailable"}]
        if not missing:
            return shown
        if time.monotonic() > deadline:
            raise TimeoutError(f"{missing} still without a value")
        await asyncio.sleep(2)  # the recorder's import queue: a bounded wait's poll


async def demo_insights(
    client: HomeAssistantClient,
    entities: list[MeterEntity],
    joiner: Joiner,
    simulate_argv: list[str],
    *,
    say: Callable[[str], None],
) -> None:
    """Make the insights show the demo's month at first open (see the module doc)."""
    by_key = {e.key: e.entity_id for e in await client.meter_entities(DOMAIN)}
    by_key.update((e.key, e.entity_id) for e in entities)
    missing = [key for key in PROBE_KEYS if key not in by_key]
    if missing:
        raise DemoError(f"the insights {missing} are missing")
    junction = min(int(b.junction.timestamp()) for b in joiner.backfills.values())
    start = min(
        int(datetime.fromisoformat(b.rows[0]["start"]).timestamp())
        for b in joiner.backfills.values()
        if b.rows
    )

    async def states() -> dict[str, str]:
        return {e.entity_id: e.state for e in await client.meter_entities(DOMAIN)}

    try:
        shown = await show_insights(
            client.command,
            states,
            meter=meter_of_simulator(simulate_argv),
            apparent_power_id=by_key.get("apparent_power"),
            probe_ids=[by_key[key] for key in PROBE_KEYS],
            start=start,
            end=junction,
            deadline=time.monotonic() + INSIGHTS_TIMEOUT_S,
        )
    except TimeoutError as err:
        raise DemoError(f"the insights show no value: {err}") from err
    say(
        "insights from the month of statistics: "
        + ", ".join(
            f"{key.removeprefix('sensor.linky_')} {value}"
            for key, value in shown.items()
        )
    )
