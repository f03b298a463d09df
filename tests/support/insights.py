"""Test support of the insights: a meter heard on a real pty, hourly energy in the recorder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)
from .statistics import write_hours


async def heard_meter(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    meter: SimulatedMeter,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    """Set ``meter``'s entry up in Paris time; a few frames confirm its indexes."""
    await hass.config.async_set_time_zone("Europe/Paris")
    entry = make_entry(line.link, meter, options=options)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
    feeder = Feeder(line, coordinator)
    for _ in range(4):  # the indexes are confirmed and their entities created
        clock.tick(2)
        await feeder.send(hass, meter.frame())
    return entry


async def write_energy(
    hass: HomeAssistant,
    hours: Sequence[tuple[datetime, Mapping[str, float]]],
    index_kwh: float = 0.0,
) -> None:
    """Hourly energy (Wh, by statistic id) as the recorder's kWh rows of each index."""
    ids = sorted({statistic_id for _, energy in hours for statistic_id in energy})
    for statistic_id in ids:
        total = 0.0
        rows = []
        for start, energy in hours:
            total += energy.get(statistic_id, 0.0)
            rows.append((start, total / 1000, index_kwh + total / 1000))
        await write_hours(hass, statistic_id, "kWh", rows)
