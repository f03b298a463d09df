"""The Linky TIC card is served by the integration and loaded by every dashboard page.

A real frontend component answers here: its index page lists the card's module, and
the module's URL serves the committed bundle (frontend/ at the repository's root
builds it; scripts/test checks that it matches its sources).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.components import onboarding
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.linky_tic.card import CARD_FILE, CARD_URL, async_register_card
from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import make_entry

MANIFEST = Path(CARD_FILE).parents[1] / "manifest.json"


def _version() -> str:
    return str(json.loads(MANIFEST.read_text(encoding="utf-8"))["version"])


def _our_modules(hass: HomeAssistant) -> list[str]:
    return [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if DOMAIN in url]


async def test_every_page_loads_the_card_once_whatever_the_meters(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    """Two meters (one Home Assistant): one module URL, versioned, on the index page."""
    hass_storage[onboarding.STORAGE_KEY] = {
        "version": onboarding.STORAGE_VERSION,
        "data": {"done": list(onboarding.const.STEPS)},
    }
    assert await async_setup_component(hass, "frontend", {})
    for n in (1, 2):
        meter = SimulatedMeter(Mode.STANDARD, meter_id=f"02226{n}123456")
        entry = make_entry(tmp_path / f"absent{n}", meter)
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.SETUP_RETRY  # no port: retried later
    await async_register_card(hass)  # a second call changes nothing

    expected = f"{CARD_URL}?v={_version()}"
    assert _our_modules(hass) == [expected]
    client = await hass_client()
    index = await client.get("/")
    assert index.status == 200
    assert f'import("{expected}")' in await index.text()


async def test_the_module_url_serves_the_committed_bundle(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """The browser gets the bundle itself, as JavaScript, with long cache headers."""
    assert await async_setup_component(hass, "frontend", {})
    assert await async_setup_component(hass, DOMAIN, {})
    [url] = _our_modules(hass)

    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    assert "javascript" in response.headers["Content-Type"]
    assert "max-age" in response.headers.get("Cache-Control", "")
    body = await response.read()
    assert body == CARD_FILE.read_bytes()
    assert b"linky-tic-card" in body
    assert b"customCards" in body


async def test_no_frontend_no_card(hass: HomeAssistant) -> None:
    """Without the frontend (recovery mode), the integration loads and serves no card."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert "frontend" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
