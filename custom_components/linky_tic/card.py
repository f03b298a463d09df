"""The Linky TIC card: served by the integration and loaded by every dashboard.

The card's bundle (built from ``frontend/`` at the repository's root) lives in
``frontend/linky-tic-card.js`` inside the integration, so a HACS install needs no
build step. Home Assistant serves it under ``CARD_URL`` and the frontend loads it
as an extra module on every page: the card is in the dashboard's card picker
without adding anything under Resources. The URL carries the integration's
version, so a browser never keeps a bundle older than the installed integration
(the file is served with long cache headers).
"""

from __future__ import annotations

import logging
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

CARD_FILE = Path(__file__).parent / "frontend" / "linky-tic-card.js"
CARD_URL = f"/{DOMAIN}/linky-tic-card.js"
#: The module URL added to the frontend, once per Home Assistant instance.
DATA_CARD_URL: HassKey[str] = HassKey(f"{DOMAIN}_card_url")


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card's bundle and add it to the frontend (once, whatever the meters).

    Nothing happens when the frontend is not loaded (recovery mode, or a test
    instance without it): there is no dashboard to show the card.
    """
    if DATA_CARD_URL in hass.data:
        return
    if "frontend" not in hass.config.components or hass.http is None:
        _LOGGER.debug("No frontend loaded: the Linky TIC card is not registered")
        return
    integration = await async_get_integration(hass, DOMAIN)
    url = f"{CARD_URL}?v={integration.version}"
    hass.data[DATA_CARD_URL] = url
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    add_extra_js_url(hass, url)
