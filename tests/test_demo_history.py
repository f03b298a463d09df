"""The demo's month of history joins the live statistics on a real SQLite recorder.

The past hours come from the simulator's household model (scripts/demo_history.py), are
imported through the recorder's websocket API, then the recorder compiles the live states
itself (its own 5-minute task) and the demo moves the live sums up once they start. Every
hour the Energy dashboard would show is checked: the first one shows its own energy, none
is negative, and the junction hour holds the model's part before the first live state plus
the live part after it (no spike, nothing counted twice).
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.linky_tic.tic.model import TariffOption, TariffPeriod
from custom_components.linky_tic.tic.simulator import SimulatedMeter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo_history import (  # noqa: E402
    HOUR_S,
    STEP_S,
    Joiner,
    ModelHistory,
    ZeroPoint,
    backfill_start,
    import_backfills,
    meter_of_simulator,
    model_history,
    model_key,
    plan_backfill,
    prices_by_period,
    zero_points,
)
from demo_run import DEMO_PRICES  # noqa: E402

INDEX = "sensor.linky_total_consumed_energy"
FIVE_MINUTES = timedelta(minutes=5)
#: The first live state: mid-hour, in the middle of a 5-minute period.
ZERO_AT = datetime(2026, 1, 15, 17, 43, 20, tzinfo=UTC)
ZERO_VALUE = 12_345.678  # kWh: the live index when Home Assistant first sees it
LIVE_STEP_KWH = 0.05  # what the live index gains in each 5-minute period
INDEX_ATTRIBUTES = {
    "state_class": "total_increasing",
    "device_class": "energy",
    "unit_of_measurement": "kWh",
}


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def _model(days: int) -> ModelHistory:
    meter = SimulatedMeter("standard", 1, "tempo", seed=3)
    return model_history(
        meter,
        TariffOption.TEMPO,
        prices_by_period(DEMO_PRICES),
        backfill_start(ZERO_AT.timestamp(), days),
        int(ZERO_AT.timestamp()) + STEP_S,
    )


def _caller(
    client: Any,
) -> Callable[[dict[str, Any]], Awaitable[Any]]:
    async def call(command: dict[str, Any]) -> Any:
        await client.send_json_auto_id(command)
        reply = await client.receive_json()
        assert reply["success"], reply
        return reply["result"]

    return call


async def _hourly_changes(
    call: Callable[[dict[str, Any]], Awaitable[Any]], since: datetime
) -> list[tuple[datetime, float]]:
    result = await call(
        {
            "type": "recorder/statistics_during_period",
            "start_time": since.isoformat(),
            "statistic_ids": [INDEX],
            "period": "hour",
            "types": ["change"],
        }
    )
    return [
        (datetime.fromtimestamp(row["start"] / 1000, UTC), row["change"])
        for row in result[INDEX]
    ]


async def test_month_joins_the_live_statistics_without_negative_hour_or_spike(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await hass.config.async_set_time_zone("Europe/Paris")
    assert await async_setup_component(hass, "sensor", {})
    assert await async_setup_component(hass, "history", {})
    model = _model(days=2)
    key = "import"
    call = _caller(await hass_ws_client(hass))  # authenticated before the clock moves
    freezer.move_to(ZERO_AT)
    hass.states.async_set(INDEX, str(ZERO_VALUE), INDEX_ATTRIBUTES)
    await async_wait_recording_done(hass)

    zeros = await zero_points(call, [INDEX], ZERO_AT - timedelta(hours=1))
    assert zeros == {INDEX: ZeroPoint(ZERO_AT.timestamp(), ZERO_VALUE)}
    backfill = plan_backfill(
        model, key, INDEX, zeros[INDEX], unit="kWh", unit_class="energy", is_index=True
    )
    junction = datetime(2026, 1, 15, 17, tzinfo=UTC)
    assert backfill.junction == junction
    assert len(backfill.rows) == 48  # from 17:00 two days before, to 17:00
    # The index's past states end where the live index starts, less the model's last part.
    before_zero = model.at(key, ZERO_AT.timestamp()) - model.at(
        key, junction.timestamp()
    )
    assert backfill.rows[-1]["state"] == pytest.approx(ZERO_VALUE - before_zero)
    await import_backfills(call, [backfill])
    await async_wait_recording_done(hass)

    # Live: the recorder compiles each 5-minute period itself; the demo joins the sums as
    # soon as the first one exists.
    joiner = Joiner({INDEX: backfill})
    value = ZERO_VALUE
    period = ZERO_AT.replace(minute=40, second=0)
    end_of_next_hour = junction + timedelta(hours=2)
    live_in_junction_hour = 0.0
    while period < end_of_next_hour:
        freezer.move_to(period + FIVE_MINUTES - timedelta(seconds=1))
        value += LIVE_STEP_KWH
        if period < junction + timedelta(hours=1):
            live_in_junction_hour += LIVE_STEP_KWH
        hass.states.async_set(INDEX, f"{value:.3f}", INDEX_ATTRIBUTES)
        await async_wait_recording_done(hass)
        freezer.move_to(period + FIVE_MINUTES)
        do_adhoc_statistics(hass, start=period)
        await async_wait_recording_done(hass)
        if not joiner.done:
            assert await joiner.join_started(call) == [INDEX]
            await async_wait_recording_done(hass)
        period += FIVE_MINUTES

    changes = await _hourly_changes(call, datetime.fromtimestamp(model.start, UTC))
    assert len(changes) == len(backfill.rows) + 2
    assert min(change for _, change in changes) >= 0.0
    first_hour = model.at(key, model.start + HOUR_S)
    assert changes[0][1] == pytest.approx(first_hour, abs=1e-5)
    assert first_hour > 0.05  # the household draws at least its standby load
    for (start, change), row in zip(changes, backfill.rows, strict=False):
        hour = start.timestamp()
        expected = model.at(key, hour + HOUR_S) - model.at(key, hour)
        assert change == pytest.approx(expected, abs=1e-5), row
    by_start = dict(changes)
    assert by_start[junction] == pytest.approx(
        before_zero + live_in_junction_hour, abs=1e-5
    )
    assert by_start[junction + timedelta(hours=1)] == pytest.approx(
        12 * LIVE_STEP_KWH, abs=1e-5
    )


def test_model_history_adds_up_to_the_simulated_meter() -> None:
    """The sampled model follows the meter's own integration of the same household."""
    start = int(datetime(2026, 1, 15, 0, tzinfo=UTC).timestamp())
    meter = SimulatedMeter(
        "standard", 1, "tempo", seed=3, start=datetime.fromtimestamp(start, UTC)
    )
    before = list(meter.easf[:6])
    model = model_history(
        meter,
        TariffOption.TEMPO,
        prices_by_period(DEMO_PRICES),
        start,
        start + 6 * HOUR_S,
    )
    meter.advance(6 * HOUR_S)
    for number in range(1, 7):
        counted_kwh = (meter.easf[number - 1] - before[number - 1]) / 1000
        sampled = model.at(f"index:{number}", start + 6 * HOUR_S)
        assert sampled == pytest.approx(counted_kwh, abs=0.02 + 0.01 * counted_kwh)
    total = sum(model.at(f"index:{n}", start + 6 * HOUR_S) for n in range(1, 7))
    assert model.at("import", start + 6 * HOUR_S) == pytest.approx(total)
    costs = sum(model.at(f"cost:{n}", start + 6 * HOUR_S) for n in range(1, 7))
    assert model.at("cost", start + 6 * HOUR_S) == pytest.approx(costs)
    assert costs > 0


def test_model_is_the_live_simulators_household() -> None:
    """The demo builds its model from the simulator's own options, with its code."""
    argv = ["simulate", "--mode", "standard", "--option", "hc", "--seed", "5"]
    meter = meter_of_simulator(argv[1:])
    twin = SimulatedMeter("standard", 1, "hc", seed=5)
    second = int(datetime(2026, 1, 15, 19, tzinfo=UTC).timestamp())
    assert meter.household.load(second) == twin.household.load(second)
    assert meter.option == twin.option


def test_model_keys_of_the_integrations_entities() -> None:
    assert model_key("energy_total", TariffOption.TEMPO) == "import"
    assert model_key("energy_injected", TariffOption.TEMPO) == "export"
    assert model_key("cost_total", TariffOption.TEMPO) == "cost"
    assert model_key("energy_white_peak", TariffOption.TEMPO) == "index:4"
    assert model_key("energy_peak", TariffOption.OFF_PEAK) == "index:2"
    assert model_key("energy_peak", TariffOption.TEMPO) is None
    assert model_key("apparent_power", TariffOption.TEMPO) is None
    assert prices_by_period({"price_peak": 0.2, "power_interval": 10}) == {
        TariffPeriod.PEAK: 0.2
    }
