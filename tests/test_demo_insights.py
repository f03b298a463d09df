"""The demo's apparent power month: hourly mean/min/max of the household model."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from custom_components.linky_tic.tic.simulator import Household, Load, SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo_config import dashboard, roles  # noqa: E402
from demo_ha import MeterEntity  # noqa: E402
from demo_insights import apparent_power_rows, import_command  # noqa: E402


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
