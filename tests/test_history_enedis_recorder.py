"""Enedis exports onto a running meter's indexes, on a real SQLite recorder.

The meter is the simulator in standard mode on a real pty: it sends its PRM,
which the import checks against the file's. The files are built from the
documented layouts (``tests/support/enedis_files.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.enedis_files import PARIS, daily_index, load_curve, steps
from .support.helpers import (
    FakeClock,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)
from .support.statistics import changes, dump, write_hours

OWN_START = datetime(2026, 4, 1, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def watts(end: datetime) -> float:
    """The power of the step ending at ``end``: tells its UTC hour and day."""
    start = end - timedelta(minutes=30)
    return 100.0 * (start.hour + 1) + start.day


async def _own_hours(hass: HomeAssistant, statistic_id: str) -> None:
    """A day of our own statistics from OWN_START (kWh), as the recorder compiles them."""
    rows, total = [], 0.0
    for hour in range(24):
        total += 0.5
        rows.append((OWN_START + hour * H, total, 20_000.0 + total))
    await write_hours(hass, statistic_id, "kWh", rows)


@pytest.fixture
async def running(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    tmp_path: Path,
) -> tuple[MockConfigEntry, dict[str, str]]:
    """A standard-mode base meter running, its two indexes with a day of statistics."""
    await hass.config.async_set_time_zone("Europe/Paris")
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    meter = SimulatedMeter("standard", option="base", seed=3)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        await setup_with_frames(hass, entry, line, [meter.frame()], watch)
    registry = er.async_get(hass)
    targets = {}
    for key in ("energy_base", "energy_total"):
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{meter.meter_id}_{key}"
        )
        assert entity_id is not None, key
        await _own_hours(hass, entity_id)
        targets[key] = entity_id
    return entry, targets


async def _import(
    hass: HomeAssistant, entry: MockConfigEntry, path: Path, **extra: Any
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "import_enedis_file",
        {
            "config_entry_id": entry.entry_id,
            "path": str(path),
            "dry_run": False,
            **extra,
        },
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    return response


async def test_load_curve_across_both_dst_changes_imports_each_hour(
    hass: HomeAssistant,
    running: tuple[MockConfigEntry, dict[str, str]],
    tmp_path: Path,
) -> None:
    entry, targets = running
    start = datetime(2025, 10, 25, tzinfo=PARIS)
    end = datetime(2026, 3, 31, tzinfo=PARIS)
    path = tmp_path / "Enedis_Conso_Heure.csv"
    path.write_bytes(load_curve(steps(start, end, 30, watts)))

    preview = await _import(hass, entry, path, dry_run=True)
    assert preview["file"]["kind"] == "load_curve"
    assert preview["file"]["steps_min"] == [30]
    assert set(preview["targets"]) == set(targets.values())
    hours = (end - start).total_seconds() / 3600
    assert preview["targets"][targets["energy_base"]]["hours"] == hours

    await _import(hass, entry, path)
    for entity_id in targets.values():
        for day, expected in (
            (datetime(2025, 10, 26, tzinfo=PARIS), 25),
            (datetime(2026, 3, 29, tzinfo=PARIS), 23),
        ):
            got = await changes(
                hass,
                entity_id,
                day.astimezone(UTC),
                (day + timedelta(days=1)).astimezone(UTC),
            )
            assert len(got) == expected, (entity_id, day)
            for hour_start, wh in got.items():
                assert wh == pytest.approx(
                    100.0 * (hour_start.hour + 1) + hour_start.day
                ), hour_start
        # Our own first hour still shows its own 0.5 kWh: no spike at the junction.
        junction = await changes(hass, entity_id, OWN_START - 2 * H, OWN_START + 2 * H)
        assert junction == {
            OWN_START: pytest.approx(500.0),
            OWN_START + H: pytest.approx(500.0),
        }

    after = await dump(hass, *targets.values())
    again = await _import(hass, entry, path)  # the same file again: nothing to do
    assert all(plan["hours"] == 0 for plan in again["targets"].values())
    assert await dump(hass, *targets.values()) == after


async def test_daily_index_file_fills_its_indexes(
    hass: HomeAssistant,
    running: tuple[MockConfigEntry, dict[str, str]],
    tmp_path: Path,
) -> None:
    entry, targets = running
    first = datetime(2026, 3, 1, tzinfo=PARIS)
    rows = [
        (
            first + timedelta(days=d),
            {"EAS F1": 1_000_000 + 2400 * d, "EAS T": 1_500_000 + 4800 * d},
        )
        for d in range(10)
    ]
    path = tmp_path / "Enedis_Index.csv"
    path.write_bytes(daily_index(rows))
    response = await _import(hass, entry, path)
    assert response["file"]["kind"] == "daily_index"
    day = first.astimezone(UTC)
    base = await changes(hass, targets["energy_base"], day, day + timedelta(days=9))
    total = await changes(hass, targets["energy_total"], day, day + timedelta(days=9))
    assert len(base) == 9 * 24
    assert all(wh == pytest.approx(100.0) for wh in base.values())  # spread evenly
    assert sum(total.values()) == pytest.approx(9 * 4800)


async def test_refused_files_leave_the_statistics_unchanged(
    hass: HomeAssistant,
    running: tuple[MockConfigEntry, dict[str, str]],
    tmp_path: Path,
) -> None:
    entry, targets = running
    before = await dump(hass, *targets.values())
    start = datetime(2026, 3, 30, tzinfo=PARIS)
    cases = {
        "other.csv": (b"Date;Conso\r\n2026-03-01;12\r\n", "not_enedis"),
        "prm.csv": (
            load_curve(steps(start, start + H, 30, watts), prm="98765432109876"),
            "wrong_prm",
        ),
        "late.csv": (load_curve(steps(start, OWN_START + 3 * H, 30, watts)), "overlap"),
        "broken.csv": (
            load_curve(steps(start, start + H, 30, watts)).replace(
                b"+02:00;", b"+02:00;x", 1
            ),
            "bad_line",
        ),
    }
    for name, (data, key) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ServiceValidationError) as error:
            await _import(hass, entry, path)
        assert error.value.translation_key == key, name
    with pytest.raises(ServiceValidationError) as error:
        await _import(hass, entry, Path("/etc/hostname"))
    assert error.value.translation_key == "path_not_allowed"
    with pytest.raises(ServiceValidationError) as error:
        await _import(hass, entry, tmp_path / "missing.csv")
    assert error.value.translation_key == "unreadable"
    with pytest.raises(ServiceValidationError) as error:
        await _import(hass, entry, tmp_path / "late.csv", off_peak_hours="whenever")
    assert error.value.translation_key == "bad_off_peak"
    only_f7 = tmp_path / "f7.csv"  # an index this base meter does not have
    only_f7.write_bytes(
        daily_index(
            [(start, {"EAS F7": 1}), (start + timedelta(days=1), {"EAS F7": 2})]
        )
    )
    with pytest.raises(ServiceValidationError) as error:
        await _import(hass, entry, only_f7)
    assert error.value.translation_key == "no_target"
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(
            DOMAIN,
            "import_enedis_file",
            {"config_entry_id": "nope", "path": str(only_f7)},
            blocking=True,
            return_response=True,
        )
    assert error.value.translation_key == "no_entry"
    assert await dump(hass, *targets.values()) == before


async def test_load_curve_split_by_the_meters_own_off_peak_hours(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    await hass.config.async_set_time_zone("Europe/Paris")
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    meter = SimulatedMeter(
        "standard", option="hc", seed=5, off_peak="01:30-07:30,12:30-14:30"
    )
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        await setup_with_frames(hass, entry, line, [meter.frame()], watch)
    registry = er.async_get(hass)
    targets = {}
    for key in ("energy_off_peak", "energy_peak", "energy_total"):
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{meter.meter_id}_{key}"
        )
        assert entity_id is not None, key
        await _own_hours(hass, entity_id)
        targets[key] = entity_id
    day = datetime(2026, 3, 2, tzinfo=PARIS)
    path = tmp_path / "Enedis_Conso_Heure.csv"
    path.write_bytes(
        load_curve(steps(day, day + timedelta(days=1), 30, lambda _: 1000.0))
    )

    response = await _import(hass, entry, path)  # no off-peak hours given
    assert response["file"]["off_peak_hours"] == (
        "01:30-07:30, 12:30-14:30 (the meter's PJOURF+1)"
    )
    stored = await dump(hass, *targets.values())
    # 1 kW all day: 8 h off-peak (8 kWh), 16 h peak, 24 kWh in total.
    for key, kwh in (
        ("energy_off_peak", 8.0),
        ("energy_peak", 16.0),
        ("energy_total", 24.0),
    ):
        rows = [r for r in stored[targets[key]] if r["start"] < OWN_START.timestamp()]
        assert rows[-1]["sum"] == pytest.approx(kwh), key
    # The hour 01:00-02:00 is half off-peak, half peak.
    one = (day + timedelta(hours=1)).astimezone(UTC)
    got = await changes(hass, targets["energy_off_peak"], one, one + H)
    assert got == {one: pytest.approx(500.0)}
