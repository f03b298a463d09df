"""Our entities in Home Assistant's own Energy dashboard cost computation.

Two grid connections (off-peak and peak index), each priced with "Use an entity
with current price" = our Current price sensor, as the README describes. Home
Assistant's energy cost sensors (the energy integration, on a real recorder)
must agree with the index states priced at their own period, but for the energy
an index writes just after a period switch (rate-limited index writes are
priced at the new period's price). A static price per index has no such error.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from homeassistant.components.energy.data import GridSourceType, async_get_manager
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    state_of,
    watch_port_opens,
)

OFF_PEAK, PEAK = 0.1696, 0.2146
STEP_S = 20.0  # simulated seconds between frames (index states: every 60 s)


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def _grid(energy: str, price: str) -> GridSourceType:
    return {
        "type": "grid",
        "stat_energy_from": energy,
        "stat_energy_to": None,
        "stat_cost": None,
        "stat_compensation": None,
        "entity_energy_price": price,
        "number_energy_price": None,
        "entity_energy_price_export": None,
        "number_energy_price_export": None,
        "cost_adjustment_day": 0.0,
    }


async def test_energy_dashboard_costs_with_our_current_price(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    await hass.config.async_set_time_zone("Europe/Paris")
    meter = SimulatedMeter(
        "historic",
        option="hc",
        seed=1,
        start=datetime(2026, 1, 15, 21, 40, tzinfo=PARIS),
    )
    entry = make_entry(
        line.link, meter, options={"price_off_peak": OFF_PEAK, "price_peak": PEAK}
    )
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
    off_peak, peak = "sensor.linky_off_peak_energy", "sensor.linky_peak_energy"
    price = "sensor.linky_current_price"
    feeder = Feeder(line, coordinator)

    async def step() -> None:
        meter.advance(STEP_S)
        clock.tick(STEP_S)
        await feeder.send(hass, meter.frame())

    for _ in range(4):  # the indexes are confirmed and written
        await step()
    assert await async_setup_component(hass, "energy", {})
    manager = await async_get_manager(hass)
    await manager.async_update(
        # HA means every key of EnergyPreferencesUpdate to be optional, but its
        # total=False does not reach the keys it inherits: only the sources are given.
        {"energy_sources": [_grid(off_peak, price), _grid(peak, price)]}  # type: ignore[typeddict-item]
    )
    await hass.async_block_till_done()
    start = {e: float(state_of(hass, e).state) for e in (off_peak, peak)}
    cost_ids = {off_peak: f"{off_peak}_cost", peak: f"{peak}_cost"}
    assert all(hass.states.get(c) is not None for c in cost_ids.values())

    while meter.local_time < datetime(2026, 1, 15, 22, 20, tzinfo=PARIS):
        await step()
    for _ in range(6):  # two more index writes after the last change
        await step()
    end = {e: float(state_of(hass, e).state) for e in (off_peak, peak)}
    exact = (end[off_peak] - start[off_peak]) * OFF_PEAK + (
        end[peak] - start[peak]
    ) * PEAK
    ha = sum(float(state_of(hass, c).state) for c in cost_ids.values())
    assert end[off_peak] > start[off_peak]
    assert end[peak] > start[peak]
    assert ha > 0.1  # Home Assistant did price both indexes
    # one switch (22:00): at most one index write interval (60 s) of the
    # household's load priced at the other period: at most 6 kVA x 60 s.
    bound = 6.0 * 60 / 3600 * (PEAK - OFF_PEAK)
    print(
        f"HA cost with the current price entity: {ha:.4f} EUR, "
        f"index states at their own price: {exact:.4f} EUR, "
        f"difference {ha - exact:+.4f} EUR (bound {bound:.4f})"
    )
    assert abs(ha - exact) <= bound
