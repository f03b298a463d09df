"""The demo's Energy dashboard set-up is the README's, accepted by Home Assistant's own API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.linky_tic.tic.model import TariffOption
from custom_components.linky_tic.tic.registry import STANDARD_INDEX_PERIODS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo_energy import (  # noqa: E402
    DEMO_EXPORT_PRICE,
    grid_connections,
    save_prefs_command,
)
from demo_ha import MeterEntity  # noqa: E402

#: The Tempo periods in the order of the meter's supplier indexes (EASF01..06).
TEMPO_INDEXES = [
    period.value for period in STANDARD_INDEX_PERIODS[TariffOption.TEMPO].values()
]


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file (the harness's own fixture wants to run before ``hass``)."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def _entity(key: str) -> MeterEntity:
    return MeterEntity(
        entity_id=f"sensor.linky_{key}", key=key, state="1", attributes={}
    )


def _meter(*extra: str) -> list[MeterEntity]:
    keys = [
        "apparent_power",
        "energy_total",  # the sum of the indexes: never a grid connection
        *(f"energy_{period}" for period in reversed(TEMPO_INDEXES)),
        "current_price",
        "active_power",
        "cost_total",
        *extra,
    ]
    return [_entity(key) for key in keys]


def test_one_grid_connection_per_index_priced_by_the_current_price() -> None:
    sources = grid_connections(_meter(), producer=False)
    assert [s["stat_energy_from"] for s in sources] == [
        f"sensor.linky_energy_{period}" for period in TEMPO_INDEXES
    ]
    assert {s["entity_energy_price"] for s in sources} == {"sensor.linky_current_price"}
    assert {s["number_energy_price"] for s in sources} == {None}
    assert sources[0]["power_config"] == {"stat_rate": "sensor.linky_active_power"}
    assert all("power_config" not in s for s in sources[1:])
    assert {s["stat_energy_to"] for s in sources} == {None}


def test_producer_exports_on_the_first_connection() -> None:
    sources = grid_connections(_meter("energy_injected"), producer=True)
    assert sources[0]["stat_energy_to"] == "sensor.linky_energy_injected"
    assert sources[0]["number_energy_price_export"] == DEMO_EXPORT_PRICE
    assert {s["stat_energy_to"] for s in sources[1:]} == {None}


def test_a_meter_without_index_cannot_be_configured() -> None:
    with pytest.raises(ValueError, match="no energy index"):
        grid_connections([_entity("apparent_power")], producer=False)


async def test_home_assistant_saves_the_demos_preferences(
    recorder_mock: Recorder, hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """`energy/save_prefs` (the Energy page's own command) accepts and keeps them."""
    assert await async_setup_component(hass, "energy", {})
    client = await hass_ws_client(hass)
    command = save_prefs_command(_meter("energy_injected"), producer=True)
    await client.send_json_auto_id(command)
    reply = await client.receive_json()
    assert reply["success"], reply
    await client.send_json_auto_id({"type": "energy/get_prefs"})
    prefs = (await client.receive_json())["result"]
    grids = [s for s in prefs["energy_sources"] if s["type"] == "grid"]
    assert [g["stat_energy_from"] for g in grids] == [
        f"sensor.linky_energy_{period}" for period in TEMPO_INDEXES
    ]
    assert grids[0]["stat_rate"] == "sensor.linky_active_power"
    assert grids[0]["stat_energy_to"] == "sensor.linky_energy_injected"
