"""The options flow's history steps, on a real recorder and HA's real file upload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import FormData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .support.enedis_files import PARIS, load_curve, steps
from .support.helpers import placeholders
from .support.statistics import dump, write_hours
from .test_history_recorder import (  # noqa: F401  (fixtures)
    compiled,
    energy_wh,
    meter,
    recorder_db_url,
)


async def _history_step(hass: HomeAssistant, entry_id: str, step: str) -> Any:
    result = await hass.config_entries.options.async_init(entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "history"}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["history_migrate", "history_enedis"]
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def test_migrate_from_the_options_shows_the_dry_run_then_writes(
    hass: HomeAssistant,
    meter: MockConfigEntry,  # noqa: F811
) -> None:
    source, target = "sensor.teleinfo_base", "sensor.linky_base_energy"
    await write_hours(hass, source, "Wh", compiled(0, 47, energy_wh, 1.0, index=1e6))
    result = await _history_step(hass, meter.entry_id, "history_migrate")
    assert result["step_id"] == "history_migrate"
    # Ours has no statistics yet: said in the form, nothing written.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"source": source, "target": target}
    )
    assert result["errors"] == {"base": "no_statistics"}

    await write_hours(
        hass, target, "kWh", compiled(40, 60, energy_wh, 1000.0, index=1e6)
    )
    before = await dump(hass, target)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"source": source, "target": target}
    )
    assert result["step_id"] == "history_confirm"
    summary = placeholders(result)["summary"]
    assert f"{target}: 40 h" in summary
    assert await dump(hass, target) == before  # shown, not written
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "history_done"
    assert len((await dump(hass, target))[target]) == 61
    assert meter.options == {}  # an import is not a setting

    result = await _history_step(hass, meter.entry_id, "history_migrate")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"source": source, "target": target}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "history_nothing"


async def test_enedis_file_uploaded_in_the_options(
    hass: HomeAssistant,
    meter: MockConfigEntry,  # noqa: F811
    hass_client: ClientSessionGenerator,
) -> None:
    off_peak, peak = "sensor.linky_off_peak_energy", "sensor.linky_peak_energy"
    for target in (off_peak, peak):
        await write_hours(
            hass,
            target,
            "kWh",
            compiled(24 * 40, 24 * 41, energy_wh, 1000.0, index=0.0),
        )
    assert await async_setup_component(hass, "file_upload", {})
    client = await hass_client()
    start = datetime(2026, 1, 2, tzinfo=PARIS)
    data = load_curve(
        steps(start, datetime(2026, 1, 3, tzinfo=PARIS), 30, lambda _: 1000.0)
    )

    async def upload(content: bytes) -> str:
        form = FormData()
        form.add_field(
            "file", content, filename="Enedis_Conso_Heure.csv", content_type="text/csv"
        )
        response = await client.post("/api/file_upload", data=form)
        assert response.status == 200
        return str((await response.json())["file_id"])

    result = await _history_step(hass, meter.entry_id, "history_enedis")
    assert result["step_id"] == "history_enedis"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"file": await upload(b"Date;Conso\r\n")}
    )
    assert result["errors"] == {"base": "not_enedis"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"file": "0b8e5f7c-2d53-4c1e-9f1a-6d2b9c3e4a51"},  # never uploaded
    )
    assert result["errors"] == {"base": "unreadable"}
    # An off-peak meter (the fixture's): the load curve splits by the hours given.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"file": await upload(data), "off_peak_hours": "22:00-06:00"}
    )
    assert result["step_id"] == "history_confirm"
    summary = placeholders(result)["summary"]
    assert f"{off_peak}: 8 h" in summary
    assert f"{peak}: 16 h" in summary
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["reason"] == "history_done"
    stored = await dump(hass, off_peak, peak)
    # 1 kW all day: 22:00-06:00 is 8 kWh off-peak, the 16 other hours peak.
    assert stored[off_peak][7]["sum"] == 8.0
    assert stored[peak][15]["sum"] == 16.0
