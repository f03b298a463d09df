"""The demo's month of power maxima: hourly mean/min/max of the household model.

The apparent power is sampled from the household; *Max power today* is the
simulated meter's own SMAXSN register, run on its clock, and read back through
the insights' reader from a real SQLite recorder.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.linky_tic.insight_statistics import DAILY_MAX_KEY, read_history
from custom_components.linky_tic.tic.simulator import Household, Load, SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo_config import dashboard, roles  # noqa: E402
from demo_ha import MeterEntity  # noqa: E402
from demo_insights import (  # noqa: E402
    apparent_power_rows,
    import_command,
    max_power_today_rows,
)


class Steps(Household):
    """1 kW in the first half of each hour, 3 kW in the second, cos phi 1."""

    def load(self, second: int) -> Load:
        """The step of the second."""
        return Load((1000 if second % 3600 < 1800 else 3000,), (0,), 1.0, (230,))


def test_hourly_rows_are_the_models_mean_min_and_max() -> None:
    start = int(datetime(2026, 1, 15, tzinfo=PARIS).timestamp())
    meter = SimulatedMeter("standard", household=Steps(0))
    rows = apparent_power_rows(meter, start, start + 2 * 3600)
    assert [row["start"] for row in rows] == [
        datetime.fromtimestamp(start + h * 3600, UTC).isoformat() for h in (0, 1)
    ]
    assert all((r["mean"], r["min"], r["max"]) == (2000, 1000, 3000) for r in rows)
    command = import_command("sensor.linky_apparent_power", rows)
    assert command["metadata"]["unit_of_measurement"] == "VA"
    assert command["metadata"]["has_sum"] is False
    assert command["stats"] == rows


DAY_1 = datetime(2026, 1, 15, tzinfo=PARIS)
DAY_2 = datetime(2026, 1, 16, tzinfo=PARIS)
#: One-second peaks (W, cos phi 1): between two of the apparent power's samples.
SPIKES = {
    int((DAY_1 + timedelta(hours=10, seconds=35)).timestamp()): 5000,
    int((DAY_2 + timedelta(hours=8, minutes=59, seconds=55)).timestamp()): 2000,
}


class Spikes(Household):
    """500 W, and for one second now and then a peak (``SPIKES``)."""

    def load(self, second: int) -> Load:
        """The second's power."""
        return Load((SPIKES.get(second, 500),), (0,), 1.0, (230,))


def spiky_month() -> tuple[int, int, list[dict[str, Any]]]:
    """*Max power today*'s rows from day 1 06:00 to day 2 12:00 (local)."""
    start = int((DAY_1 + timedelta(hours=6)).timestamp())
    end = int((DAY_2 + timedelta(hours=12)).timestamp())
    meter = SimulatedMeter("standard", household=Spikes(0), start=DAY_1)
    return start, end, max_power_today_rows(meter, start, end)


def test_max_power_today_is_the_meters_register_hour_by_hour() -> None:
    *_, rows = spiky_month()
    by_hour = {
        datetime.fromisoformat(row["start"]).astimezone(PARIS): row for row in rows
    }
    assert list(by_hour) == [
        DAY_1 + timedelta(hours=h) for h in range(6, 24 + 12)
    ]  # Paris has no clock change in January
    tops = {at: (row["min"], row["max"]) for at, row in by_hour.items()}
    # the register counts every second: the spike between two samples is there
    assert tops[DAY_1 + timedelta(hours=9)] == (500, 500)
    assert tops[DAY_1 + timedelta(hours=10)] == (500, 5000)
    assert 500 < by_hour[DAY_1 + timedelta(hours=10)]["mean"] < 5000
    assert tops[DAY_1 + timedelta(hours=23)] == (5000, 5000)
    # the hour from midnight starts with the day before's maximum, as the entity
    # shows it until the meter's first frame of its new day
    assert tops[DAY_2] == (500, 5000)
    assert tops[DAY_2 + timedelta(hours=1)] == (500, 500)
    assert tops[DAY_2 + timedelta(hours=8)] == (500, 2000)
    assert tops[DAY_2 + timedelta(hours=11)] == (2000, 2000)
    # the apparent power's samples miss the spike: why the advisor prefers SMAXSN
    meter = SimulatedMeter("standard", household=Spikes(0))
    hour_10 = int((DAY_1 + timedelta(hours=10)).timestamp())
    assert apparent_power_rows(meter, hour_10, hour_10 + 3600)[0]["max"] == 500


def test_max_power_today_wants_the_meter_clock_before_the_first_hour() -> None:
    meter = SimulatedMeter("standard", household=Spikes(0), start=DAY_1)
    with pytest.raises(ValueError, match="past the first hour"):
        max_power_today_rows(
            meter, int(DAY_1.timestamp()) - 3600, int(DAY_1.timestamp())
        )


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


async def test_the_advisor_reads_each_days_smaxsn_from_the_demos_rows(
    recorder_mock: Recorder, hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """The demo's import command, in a real recorder, read by the insights' reader."""
    await hass.config.async_set_time_zone("Europe/Paris")
    start, end, rows = spiky_month()
    entity_id = "sensor.linky_max_power_today"
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(import_command(entity_id, rows))
    assert (await client.receive_json())["success"]
    await async_wait_recording_done(hass)
    history = await get_instance(hass).async_add_executor_job(
        read_history,
        hass,
        {DAILY_MAX_KEY: entity_id},
        datetime.fromtimestamp(start, UTC),
        datetime.fromtimestamp(end, UTC),
    )
    # day 2's first hour (holding day 1's 5000 VA) is not day 2's maximum
    assert history.meter_daily_max_va == {
        date(2026, 1, 15): 5000,
        date(2026, 1, 16): 2000,
    }


def test_the_dashboard_gives_the_insights_and_the_calendar_their_cards() -> None:
    best = MeterEntity("sensor.linky_best_tariff", "best_tariff", "base", {})
    standby = MeterEntity(
        "sensor.linky_always_on_power",
        "standby_power",
        "150",
        {"unit_of_measurement": "W", "device_class": "power"},
    )
    days = MeterEntity("calendar.linky_tempo_days", "tempo_calendar", "on", {})
    power = MeterEntity(
        "sensor.linky_apparent_power",
        "apparent_power",
        "300",
        {"unit_of_measurement": "VA"},
    )
    by_role = roles([best, standby, days, power])
    assert by_role["insights"] == [best, standby]  # not in the power graph
    assert by_role["calendars"] == [days]
    assert by_role["power"] == []
    cards = dashboard([best, standby, days, power], 6)["views"][0]["cards"]
    assert {
        "type": "calendar",
        "initial_view": "dayGridMonth",
        "entities": [days.entity_id],
    } in cards
