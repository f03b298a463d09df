"""The demo's insights at first open: the past month's power maxima, then a refresh.

Demo tooling only. The insights read the long-term statistics of the meter's own
entities; the demo's month of history (``demo_history``) gives the energy indexes.
The subscription advice also needs each day's maximum: in standard mode the
meter's own SMAXSN (*Max power today*), which the simulated meter's register
gives when its clock is run over the month (second by second, from the first
day's midnight, as a real meter counts its day); else the apparent power's
hourly maximum, sampled from the same household model (every ``STEP_S``
seconds). Both are imported for the hours before the recorder's own. Then the
insights are asked to refresh (``homeassistant.update_entity`` on one of them:
their coordinator reads the statistics again), and the demo waits until they
show values.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from demo_ha import DemoError, HomeAssistantClient, MeterEntity
from demo_history import HOUR_S, STEP_S, Joiner, meter_of_simulator

from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.insight_statistics import DAILY_MAX_KEY, POWER_KEY
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

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


def max_power_today_rows(
    meter: SimulatedMeter, start: int, end: int, step: int = STEP_S
) -> list[dict[str, Any]]:
    """Hourly mean, min and max (VA) of *Max power today*, ``start``..``end``.

    The values are the simulated meter's own SMAXSN register on its own clock,
    which must not be after ``start`` (start it at a local midnight: a day's
    maximum counts from there). The state at an hour's start is the register
    just before it: the hour from midnight starts with the previous day's
    maximum, as the entity shows it until the meter's first frame of the day,
    and so its maximum is the larger of the two days' (the recorder compiles
    the same; the advisor leaves that hour out).
    """
    if meter.clock_ms > start * 1000:
        raise ValueError("the meter's clock is past the first hour")
    meter.advance(start - meter.clock_ms / 1000)
    rows = []
    for hour in range(start, end, HOUR_S):
        samples = [_shown_smaxsn(meter)]
        for _ in range(HOUR_S // step - 1):
            meter.advance(step)
            samples.append(meter.smaxsn[0].va)
        meter.advance(HOUR_S - (HOUR_S // step - 1) * step)
        rows.append(
            {
                "start": datetime.fromtimestamp(hour, UTC).isoformat(),
                "mean": round(sum(samples) / len(samples), 1),
                "min": min(samples),
                "max": max(*samples, _shown_smaxsn(meter)),
            }
        )
    return rows


def _shown_smaxsn(meter: SimulatedMeter) -> int:
    """SMAXSN as the entity shows it at the meter's clock (on the hour).

    At midnight the meter has just started its new day: the entity still shows
    the day before's maximum.
    """
    if meter.local_time.hour == 0 and meter.clock_ms % (HOUR_S * 1000) == 0:
        return meter.smaxsn_prev[0].va
    return meter.smaxsn[0].va


def import_command(statistic_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`recorder/import_statistics` of a VA measurement's past hours (mean, min, max)."""
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


async def import_maxima(
    call: Call, simulate_argv: list[str], ids: Mapping[str, str], start: int, end: int
) -> None:
    """Import the month's hourly maxima of the entities ``ids`` (key -> entity id) has.

    *Max power today* from a simulated meter run from the first day's midnight;
    the apparent power from the live simulator's household model.
    """
    if (max_id := ids.get(DAILY_MAX_KEY)) is not None:
        first = datetime.fromtimestamp(start, PARIS)
        midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
        meter = meter_of_simulator([*simulate_argv, "--start", midnight.isoformat()])
        rows = await asyncio.to_thread(max_power_today_rows, meter, start, end)
        if rows:
            await call(import_command(max_id, rows))
    if (power_id := ids.get(POWER_KEY)) is not None:
        meter = meter_of_simulator(simulate_argv)
        rows = await asyncio.to_thread(apparent_power_rows, meter, start, end)
        if rows:
            await call(import_command(power_id, rows))


async def show_insights(
    call: Call,
    states: Callable[[], Awaitable[dict[str, str]]],
    *,
    probe_ids: list[str],
    deadline: float,
) -> dict[str, str]:
    """Refresh the insights and wait for their values.

    ``states()`` returns the current states by entity id. Returns the probes' states
    (the imports are queued: the first refreshes may not see them yet).
    """
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
    await import_maxima(client.command, simulate_argv, by_key, start, junction)

    async def states() -> dict[str, str]:
        return {e.entity_id: e.state for e in await client.meter_entities(DOMAIN)}

    try:
        shown = await show_insights(
            client.command,
            states,
            probe_ids=[by_key[key] for key in PROBE_KEYS],
            deadline=time.monotonic() + INSIGHTS_TIMEOUT_S,
        )
    except TimeoutError as err:
        raise DemoError(f"the insights show no value: {err}") from err
    advice = next(
        e.attributes
        for e in await client.meter_entities(DOMAIN)
        if e.entity_id == by_key["subscription_advice"]
    )
    say(
        "insights from the month of statistics: "
        + ", ".join(
            f"{key.removeprefix('sensor.linky_')} {value}"
            for key, value in shown.items()
        )
        + f" (daily maxima from {advice.get('daily_max_source')}:"
        f" {advice.get('days_from_smaxsn')} of {advice.get('days')} days from SMAXSN,"
        f" the largest {advice.get('max_daily_power_va')} VA)"
    )
