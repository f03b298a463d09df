# ruff: noqa: S101  (a pytest benchmark: asserts and printed figures)
"""Time to carry a year of hourly statistics over (issue #17).

A Home Assistant test instance with the recorder on a SQLite file. The source
is shaped like HA core's ``teleinfo`` BASE index (Wh, state = the meter's
index): ``BENCH_HISTORY_DAYS`` days (default 365) of hourly statistics; ours
(kWh) has a day of its own from the last source hour on. Timed with
``time.perf_counter``, each action called as a user would (``blocking``,
waiting for the recorder to have written):

- the dry run (read both series, plan);
- the migration (the same, then the import and the adjust-sum jobs);
- the second run (read, plan nothing);
- a year of Enedis load curve (30 min steps) parsed and planned (dry run).

The wall time of the migration is mostly the recorder's import job (one
look-up and one insert per row, in its own thread); the process CPU time is
printed beside it, as the machine may be shared. Every hour of the result is then checked against the source (what the Energy
dashboard shows must be exact).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from recorder_fixtures import (  # noqa: F401  (fixtures)
    hass_config_dir,
    quiet_sql,
    recorder_db_url,
)

from custom_components.linky_tic.const import DOMAIN
from tests.support.enedis_files import PARIS, load_curve, steps
from tests.support.statistics import changes, write_hours

DAYS = int(os.environ.get("BENCH_HISTORY_DAYS", "365"))
METER = "022275123456"
S = datetime(2025, 1, 1, tzinfo=UTC)
H = timedelta(hours=1)


def _wh(hour: int) -> float:
    return 300.0 + (hour * 37) % 900


async def _call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )


async def test_bench_migrate_a_year(
    recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path
) -> None:
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    await hass.config.async_set_time_zone("Europe/Paris")
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    assert await async_setup_component(hass, DOMAIN, {})
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=METER,
        data={"device": "/dev/null", "mode": "historic", "tariff": "base"},
    )
    entry.add_to_hass(hass)
    target = "sensor.linky_base_energy"
    er.async_get(hass).async_get_or_create(
        "sensor",
        DOMAIN,
        f"{METER}_energy_base",
        suggested_object_id="linky_base_energy",
        config_entry=entry,
        original_device_class="energy",
    )
    hours = DAYS * 24
    source_rows, total, index = [], 0.0, 12_345_678.0
    for hour in range(hours):
        total += _wh(hour)
        index += _wh(hour)
        source_rows.append((S + hour * H, total, index))
    await write_hours(hass, "sensor.teleinfo_base", "Wh", source_rows)
    own, own_total = [], 0.0
    for hour in range(hours, hours + 24):
        own_total += _wh(hour)
        index += _wh(hour)
        own.append((S + hour * H, own_total / 1000, index / 1000))
    await write_hours(hass, target, "kWh", own)
    data = {"source": "sensor.teleinfo_base", "target": target}

    began = time.perf_counter()
    preview = await _call(hass, "migrate_history", {**data, "dry_run": True})
    dry = time.perf_counter() - began
    began, cpu = time.perf_counter(), time.process_time()
    done = await _call(hass, "migrate_history", {**data, "dry_run": False})
    migrate, migrate_cpu = time.perf_counter() - began, time.process_time() - cpu
    began = time.perf_counter()
    again = await _call(hass, "migrate_history", {**data, "dry_run": False})
    second = time.perf_counter() - began
    assert preview["targets"][target]["hours"] == hours
    assert done["targets"][target]["hours"] == hours
    assert again["targets"][target]["hours"] == 0

    shown = await changes(hass, target, S, S + (hours + 24) * H)
    wrong = [
        start
        for start, wh in shown.items()
        if abs(wh - _wh(int((start - S) / H))) > 1e-6
    ]
    assert len(shown) == hours + 24
    assert not wrong

    year_start = datetime(2024, 1, 1, tzinfo=PARIS)
    curve = tmp_path / "Enedis_Conso_Heure.csv"
    curve.write_bytes(
        load_curve(
            steps(year_start, year_start + timedelta(days=DAYS), 30, lambda _: 750.0)
        )
    )
    began = time.perf_counter()
    parsed = await _call(
        hass,
        "import_enedis_file",
        {"config_entry_id": entry.entry_id, "path": str(curve), "dry_run": True},
    )
    enedis = time.perf_counter() - began
    assert parsed["targets"][target]["hours"] == DAYS * 24

    print(
        f"\nhistory ({DAYS} days = {hours} hourly rows, core-teleinfo-shaped source, Wh -> kWh):\n"
        f"  dry run (read both series, plan):          {dry:7.2f} s\n"
        f"  migration (read, plan, import, adjust):    {migrate:7.2f} s"
        f" (CPU of the whole process: {migrate_cpu:.2f} s)\n"
        f"  second run (read, nothing to write):       {second:7.2f} s\n"
        f"  hours checked exact in the Energy view:    {len(shown)} / {hours + 24}\n"
        f"  Enedis load curve, {DAYS * 48} half-hours, {curve.stat().st_size} bytes, "
        f"parse + plan (dry run): {enedis:.2f} s"
    )
