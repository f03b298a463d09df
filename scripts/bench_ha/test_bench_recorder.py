# ruff: noqa: S101, PLR0917, ASYNC110, B023  (a pytest benchmark: asserts, fixtures, bounded polling waits)
"""Recorder footprint and hourly Energy statistics over a simulated day (accelerated).

One Home Assistant test instance per variant, with the recorder on a SQLite
file; a ``SimulatedMeter`` (historic, single-phase, BASE, 6 kVA) talks on a
real pty and the clock (freezegun) follows the meter's simulated clock frame by
frame, so rate limits, the recorder's 5-minute and hourly statistics and core's
10 s polls all run on simulated time.

Variants (``BENCH_HOURS`` simulated hours, default 24):

- ``linky_tic-default``: our default write rates;
- ``linky_tic-every-frame``: ``power_interval`` and ``index_interval`` 0;
- ``teleinfo``: HA core's teleinfo, polling every 10 s (its port is opened
  only at its polls, the frame sent after each opening is the one it reads);
- ``linky_tic-corrupted``: our defaults, every byte damaged with probability
  10^-3 (the soak's error model): the hourly statistics must show no spike.

Printed: state rows per entity, database bytes, and per hour the Energy
statistics' change of the BASE index against the simulator's exact energy.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from bench_support import (
    PtyTolerantSerial,
    RawPty,
    core_teleinfo_on_pty,
)
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import (
    SimulatedMeter,
    transmission_seconds,
)
from custom_components.linky_tic.tic.simulator.calendar import PARIS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from soak_corruption import ByteCorrupter

METER_ID = "022275654321"
WAIT_S = 30.0


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A real SQLite file (the harness's default is in memory)."""
    return f"sqlite:///{tmp_path}/home-assistant_v2.db"


def _entry(domain: str, path: str, options: dict[str, Any]) -> MockConfigEntry:
    if domain == "teleinfo":
        return MockConfigEntry(
            domain="teleinfo", unique_id=METER_ID, data={"serial_port": path}
        )
    return MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id=METER_ID,
        data={CONF_DEVICE: path, CONF_MODE: Mode.HISTORIC.value, CONF_TARIFF: "base"},
        options=options,
    )


async def _wait(condition: Any, what: str) -> None:
    try:
        async with asyncio.timeout(WAIT_S):
            while not condition():
                await asyncio.sleep(0)
    except TimeoutError as err:
        raise AssertionError(f"timed out waiting for {what}") from err


@pytest.mark.parametrize(
    ("variant", "domain", "options", "rate"),
    [
        ("linky_tic-default", DOMAIN, {}, 0.0),
        (
            "linky_tic-every-frame",
            DOMAIN,
            {"power_interval": 0, "index_interval": 0},
            0.0,
        ),
        ("teleinfo", "teleinfo", {}, 0.0),
        ("linky_tic-corrupted", DOMAIN, {}, 1e-3),
    ],
)
async def test_recorder_day(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    tmp_path: Path,
    variant: str,
    domain: str,
    options: dict[str, Any],
    rate: float,
) -> None:
    hours = int(os.environ.get("BENCH_HOURS", "24"))
    # Set up on real time (serialx and the setup wait on the loop's clock), then freeze
    # the clock on the meter's, which starts at the next whole hour.
    start = (datetime.now(PARIS) + timedelta(hours=1)).replace(
        minute=0, second=0, microsecond=0
    )
    meter = SimulatedMeter(
        Mode.HISTORIC, 1, "base", seed=4, start=start, meter_id=METER_ID
    )
    line = RawPty()
    corrupter = ByteCorrupter(rate, random.Random(7)) if rate else None
    entry = _entry(domain, line.path, options)
    entry.add_to_hass(hass)
    with core_teleinfo_on_pty():
        await _run_day(
            hass,
            meter,
            line,
            entry,
            domain,
            hours,
            corrupter,
            variant,
            tmp_path,
        )
    line.close()


async def _run_day(
    hass: HomeAssistant,
    meter: SimulatedMeter,
    line: RawPty,
    entry: MockConfigEntry,
    domain: str,
    hours: int,
    corrupter: ByteCorrupter | None,
    variant: str,
    tmp_path: Path,
) -> None:
    ours = domain == DOMAIN
    opened = PtyTolerantSerial.opened
    opened.clear()
    setup = hass.async_create_task(hass.config_entries.async_setup(entry.entry_id))
    for _ in range(4):  # the guard confirms an index on its second value
        if ours:
            # serialx flushes the input when it opens: send once the port is open.
            await _wait(
                lambda: (
                    setup.done()
                    or getattr(getattr(entry, "runtime_data", None), "connected", False)
                ),
                "the port to open",
            )
        else:
            await hass.async_add_executor_job(opened.wait, WAIT_S)
            opened.clear()
        line.write(meter.frame())
        meter.advance(2)
        for _ in range(50):
            await asyncio.sleep(0)
        if setup.done():
            break
    assert await setup
    await hass.async_block_till_done()
    with freeze_time(meter.local_time.astimezone(UTC), tick=False) as freezer:
        true_wh, frames = await _run_frames(
            hass, freezer, meter, line, entry, ours, hours, corrupter
        )
        await async_wait_recording_done(hass)
        assert await hass.config_entries.async_unload(entry.entry_id)
        await async_wait_recording_done(hass)
    _report(variant, domain, tmp_path, true_wh, frames, hours)


async def _run_frames(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    meter: SimulatedMeter,
    line: RawPty,
    entry: MockConfigEntry,
    ours: bool,
    hours: int,
    corrupter: ByteCorrupter | None,
) -> tuple[dict[datetime, Fraction], int]:
    opened = PtyTolerantSerial.opened

    end = meter.local_time + timedelta(
        hours=hours, minutes=15
    )  # the last hour's statistics
    true_wh: dict[datetime, Fraction] = {}
    next_hour = meter.local_time.replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=1
    )
    written = 0
    counters = entry.runtime_data.decoder.counters if ours else None
    frames = 0
    while meter.local_time < end:
        data = meter.frame()
        meter.advance(transmission_seconds(data, meter.mode))
        now = meter.local_time
        if now >= next_hour:
            true_wh[next_hour] = meter.true_energy_wh
            next_hour += timedelta(hours=1)
        freezer.move_to(now.astimezone(UTC))
        frames += 1
        if ours:
            if corrupter is not None:
                data, _ = corrupter.corrupt(data)
            line.write(data)
            written += len(data)
            assert counters is not None
            await _wait(lambda: counters.bytes >= written, "the frame to be read")
        else:
            await asyncio.sleep(0)  # let a due poll start
            if opened.is_set():
                opened.clear()
                line.write(data)
                await hass.async_block_till_done()
        if frames % 240 == 0:
            await async_wait_recording_done(hass)
    return true_wh, frames


def _report(
    variant: str,
    domain: str,
    tmp_path: Path,
    true_wh: dict[datetime, Fraction],
    frames: int,
    hours: int,
) -> None:
    db = tmp_path / "home-assistant_v2.db"
    size = sum(p.stat().st_size for p in tmp_path.glob("home-assistant_v2.db*"))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT m.entity_id, COUNT(*) FROM states s JOIN states_meta m "
        "ON s.metadata_id = m.metadata_id GROUP BY m.entity_id ORDER BY 2 DESC"
    ).fetchall()
    sensors = [(e, n) for e, n in rows if e.startswith(("sensor.", "binary_sensor."))]
    energy_id = (
        "sensor.linky_base_energy"
        if domain == DOMAIN
        else next(e for e, _ in sensors if e.endswith("base_index") or "base" in e)
    )
    meta = con.execute(
        "SELECT id, unit_of_measurement FROM statistics_meta WHERE statistic_id = ?",
        (energy_id,),
    ).fetchone()
    stats = (
        con.execute(
            "SELECT start_ts, sum FROM statistics WHERE metadata_id = ? ORDER BY start_ts",
            (meta[0],),
        ).fetchall()
        if meta
        else []
    )
    con.close()
    scale = 1000 if meta and meta[1] == "kWh" else 1
    print(f"\n== {variant}: {hours} h simulated, {frames} frames")
    print(f"database: {size} bytes (SQLite file + WAL)")
    total_rows = sum(n for _, n in sensors)
    print(f"state rows of the meter's entities: {total_rows} ({len(sensors)} entities)")
    for entity, count in sensors[:8]:
        print(f"  {entity}: {count}")
    print(f"hourly Energy statistics of {energy_id} ({len(stats)} hours) vs exact:")
    previous_sum: float | None = None
    worst = 0.0
    max_hour = 0.0
    compared = 0
    for start_ts, total in stats:
        hour_end = datetime.fromtimestamp(start_ts, UTC) + timedelta(hours=1)
        if previous_sum is not None and total is not None:
            change = (total - previous_sum) * scale
            exact_end = true_wh.get(hour_end.astimezone(PARIS))
            exact_start = true_wh.get((hour_end - timedelta(hours=1)).astimezone(PARIS))
            if exact_end is not None and exact_start is not None:
                exact = float(exact_end - exact_start)
                worst = max(worst, abs(change - exact))
                compared += 1
                print(
                    f"  {hour_end.astimezone(PARIS):%H:%M} change {change:9.0f} Wh, "
                    f"exact {exact:9.1f} Wh, diff {change - exact:+7.1f} Wh"
                )
            max_hour = max(max_hour, change)
        previous_sum = total
    print(
        f"hours compared: {compared}, largest |statistics - exact|: {worst:.1f} Wh, "
        f"largest hourly change: {max_hour:.0f} Wh (6 kVA allows 6000 Wh)"
    )
    assert max_hour <= 6000
