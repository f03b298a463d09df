"""Carrying history over on a real SQLite recorder, through the actions.

Our targets' own hours are written as the recorder compiles them (the first
row's sum is that hour's own energy, the state is the index); the sources are
shaped like the integrations users come from: core ``teleinfo`` (Wh, state =
the meter's index) and a ZLinky HC/HP pair (kWh). The checks read the hours
the way the Energy dashboard does (``statistics_during_period`` with
``change``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
)

from custom_components.linky_tic.const import DOMAIN

from .support.statistics import changes, dump, write_hours

METER = "031762120001"
S = datetime(2026, 1, 1, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def energy_wh(hour: int) -> float:
    """A household's hourly energy, varying from hour to hour (Wh)."""
    return 300.0 + (hour * 37) % 900


def compiled(
    first: int,
    last: int,
    energy: Callable[[int], float],
    factor: float,
    *,
    index: float,
    own_first: float | None = None,
) -> list[tuple[datetime, float, float | None]]:
    """Rows as the recorder compiles them for hours first..last (energy in Wh)."""
    rows: list[tuple[datetime, float, float | None]] = []
    total = 0.0
    for hour in range(first, last + 1):
        wh = energy(hour) if own_first is None or hour != first else own_first
        total += wh
        index += energy(hour)  # the meter counts the whole hour, seen or not
        rows.append((S + hour * H, total / factor, index / factor))
    return rows


@pytest.fixture
async def meter(recorder_mock: Recorder, hass: HomeAssistant) -> MockConfigEntry:
    """Our integration loaded (its actions) and a meter entry with its index entities."""
    await hass.config.async_set_time_zone("Europe/Paris")
    assert await async_setup_component(hass, DOMAIN, {})
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=METER,
        data={"device": "/dev/null", "mode": "historic", "tariff": "off_peak"},
    )
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    for key, object_id in (
        ("energy_base", "linky_base_energy"),
        ("energy_off_peak", "linky_off_peak_energy"),
        ("energy_peak", "linky_peak_energy"),
        ("apparent_power", "linky_apparent_power"),
    ):
        registry.async_get_or_create(
            "sensor",
            DOMAIN,
            f"{METER}_{key}",
            suggested_object_id=object_id,
            config_entry=entry,
            original_device_class=(
                SensorDeviceClass.ENERGY if key.startswith("energy") else None
            ),
        )
    return entry


async def _migrate(
    hass: HomeAssistant, source: str, target: str, *, dry_run: bool = False
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "migrate_history",
        {"source": source, "target": target, "dry_run": dry_run},
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    return response


async def test_core_teleinfo_60_days_onto_our_base_index(
    hass: HomeAssistant, meter: MockConfigEntry
) -> None:
    source, target = "sensor.teleinfo_base", "sensor.linky_base_energy"
    days, junction, own_hours, missed = 60, 1400, 72, 120.0
    # Core teleinfo: Wh, state = the meter's index; it ran until the last hour.
    await write_hours(
        hass,
        source,
        "Wh",
        compiled(0, days * 24 - 1, energy_wh, 1.0, index=12_345_678.0),
    )
    # Ours: kWh, from hour 1400, which we saw from its 20th minute only.
    own = compiled(
        junction,
        junction + own_hours - 1,
        energy_wh,
        1000.0,
        index=12_345_678.0 + sum(energy_wh(h) for h in range(junction)),
        own_first=energy_wh(junction) - missed,
    )
    await write_hours(hass, target, "kWh", own)
    before = await dump(hass, target)

    preview = await _migrate(hass, source, target, dry_run=True)
    assert await dump(hass, target) == before  # a dry run writes nothing
    plan = preview["targets"][target]
    assert plan["hours"] == junction
    assert plan["first"] == S.isoformat()
    assert plan["last"] == (S + (junction - 1) * H).isoformat()
    assert plan["energy_kwh"] == pytest.approx(
        sum(energy_wh(h) for h in range(junction)) / 1000, abs=1e-3
    )
    assert plan["overlapping_hours_kept_ours"] == days * 24 - junction
    assert plan["junction"]["first_own_kwh_before"] == pytest.approx(
        (energy_wh(junction) - missed) / 1000
    )
    assert plan["junction"]["first_own_kwh_after"] == pytest.approx(
        energy_wh(junction) / 1000
    )

    await _migrate(hass, source, target)
    end = S + (junction + own_hours) * H
    hours = await changes(hass, target, S, end)
    assert list(hours) == [S + h * H for h in range(junction + own_hours)]
    for start, wh in hours.items():
        hour = int((start - S) / H)
        assert wh == pytest.approx(energy_wh(hour), abs=1e-6), start
    # The Energy panel's day view of the junction day: the same hours, no spike.
    day = datetime(2026, 2, 28, tzinfo=UTC) - timedelta(hours=1)  # Paris midnight
    day_hours = await changes(hass, target, day, day + timedelta(days=1))
    assert max(day_hours.values()) <= 1200.0
    assert min(day_hours.values()) >= 300.0
    # The index states come along, converted to kWh.
    after = await dump(hass, target)
    assert after[target][0]["state"] == pytest.approx(
        (12_345_678.0 + energy_wh(0)) / 1000
    )

    again = await _migrate(hass, source, target)
    assert again["targets"][target]["hours"] == 0
    assert await dump(hass, target) == after  # idempotent


async def test_zlinky_hc_hp_pair_onto_ours_with_the_junction_from_the_index(
    hass: HomeAssistant, meter: MockConfigEntry
) -> None:
    junction, own_hours = 48, 24
    pairs: dict[str, tuple[str, Callable[[int], float], float]] = {
        "sensor.zlinky_hchc": (
            "sensor.linky_off_peak_energy",
            lambda h: energy_wh(h) / 2,
            5_000_000.0,
        ),
        "sensor.zlinky_hchp": (
            "sensor.linky_peak_energy",
            lambda h: energy_wh(h + 7),
            9_000_000.0,
        ),
    }
    for source, (target, energy, index) in pairs.items():
        # ZLinky (kWh) stopped when ours started: nothing overlaps.
        await write_hours(
            hass, source, "kWh", compiled(0, junction - 1, energy, 1000.0, index=index)
        )
        at_junction = index + sum(energy(h) for h in range(junction))
        # We read the meter from 10 minutes into hour 48: a sixth of it was missed.
        own = compiled(
            junction,
            junction + own_hours - 1,
            energy,
            1000.0,
            index=at_junction,
            own_first=energy(junction) * 5 / 6,
        )
        await write_hours(hass, target, "kWh", own)
    for source, (target, energy, _) in pairs.items():
        response = await _migrate(hass, source, target)
        assert response["targets"][target]["hours"] == junction
        hours = await changes(hass, target, S, S + (junction + own_hours) * H)
        assert len(hours) == junction + own_hours
        for start, wh in hours.items():
            assert wh == pytest.approx(energy(int((start - S) / H)), abs=1e-6), start


async def test_refusals_write_nothing(
    hass: HomeAssistant, meter: MockConfigEntry
) -> None:
    target = "sensor.linky_base_energy"
    await write_hours(
        hass, "sensor.old_index", "kWh", compiled(0, 9, energy_wh, 1000.0, index=0.0)
    )
    cases = {
        ("sensor.old_index", "sensor.linky_apparent_power"): "not_our_index",
        ("sensor.old_index", "sensor.somebody_else"): "not_our_index",
        ("sensor.old_index", target): "no_statistics",  # ours has no hour yet
    }
    for (source, to), key in cases.items():
        with pytest.raises(ServiceValidationError) as error:
            await _migrate(hass, source, to)
        assert error.value.translation_key == key
    await write_hours(
        hass, target, "kWh", compiled(10, 12, energy_wh, 1000.0, index=0.0)
    )
    await write_hours(hass, "sensor.gas", "m³", [(S, 1.0, 1.0)])
    power = StatisticMetaData(  # a mean (power), not a counter
        has_sum=False,
        mean_type=StatisticMeanType.ARITHMETIC,
        name=None,
        source="recorder",
        statistic_id="sensor.old_power",
        unit_class="power",
        unit_of_measurement="W",
    )
    async_import_statistics(
        hass, power, [StatisticData(start=S, mean=500.0, min=0.0, max=900.0)]
    )
    before = await dump(hass, target)
    for source, key in (
        ("sensor.old_power", "no_statistics"),
        ("sensor.gas", "not_energy"),
        ("sensor.nothing", "no_statistics"),
        (target, "not_our_index"),
    ):
        with pytest.raises(ServiceValidationError) as error:
            await _migrate(hass, source, target)
        assert error.value.translation_key == key
    assert await dump(hass, target) == before


async def test_hours_the_recorder_compiles_from_our_states_join_and_go_on(
    hass: HomeAssistant, meter: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Our own hours compiled by the recorder from states, not written by the test.

    Our first reading is at 46:20; then, as our index entities do, a state
    just before each 5-minute bound carries the index at that bound. After the
    migration, the recorder compiles the next hour on top of the moved sums.
    """
    source, target = "sensor.teleinfo_base", "sensor.linky_base_energy"
    assert await async_setup_component(hass, "sensor", {})  # its recorder platform
    start_index = 7_000_000.0
    await write_hours(
        hass, source, "Wh", compiled(0, 47, energy_wh, 1.0, index=start_index)
    )

    def index_at(moment: datetime) -> float:  # Wh: each hour's energy spread evenly
        hours = (moment - S) / H
        whole = int(hours)
        return (
            start_index
            + sum(energy_wh(h) for h in range(whole))
            + energy_wh(whole) * (hours - whole)
        )

    attributes = {
        "state_class": "total_increasing",
        "device_class": "energy",
        "unit_of_measurement": "kWh",
    }
    five = timedelta(minutes=5)

    async def read(moment: datetime, value_at: datetime) -> None:
        freezer.move_to(moment)
        hass.states.async_set(target, f"{index_at(value_at) / 1000:.6f}", attributes)
        await hass.async_block_till_done()

    async def compile_hours(first: datetime, last: datetime) -> None:
        period = first
        while period < last:
            do_adhoc_statistics(hass, start=period)
            period += five
        await async_wait_recording_done(hass)

    first_reading = S + 46 * H + timedelta(minutes=20)
    await read(first_reading, first_reading)
    bound = first_reading + five
    while bound <= S + 48 * H:
        await read(bound - timedelta(seconds=1), bound)
        bound += five
    freezer.move_to(S + 48 * H + timedelta(seconds=10))
    await compile_hours(S + 46 * H, S + 48 * H)
    own = await changes(hass, target, S + 46 * H, S + 48 * H)
    assert own[S + 46 * H] == pytest.approx(
        energy_wh(46) * 40 / 60, abs=1e-3
    )  # 46:20-47:00

    await _migrate(hass, source, target)
    while bound <= S + 49 * H:  # the hour after the migration, compiled as usual
        await read(bound - timedelta(seconds=1), bound)
        bound += five
    freezer.move_to(S + 49 * H + timedelta(seconds=10))
    await compile_hours(S + 48 * H, S + 49 * H)
    hours = await changes(hass, target, S, S + 49 * H)
    assert list(hours) == [S + h * H for h in range(49)]
    for start, wh in hours.items():
        assert wh == pytest.approx(energy_wh(int((start - S) / H)), abs=1e-3), start
