"""The Linky TIC integration: the Linky meter's Télé-Information Client in Home Assistant."""

from __future__ import annotations

import asyncio
import logging

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from . import coordinator as coordinator_module
from .blueprint_installer import async_install_blueprints
from .card import async_register_card
from .const import DOMAIN
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .history_services import async_setup_services as async_setup_history
from .issues import (
    async_delete_better_tariff_issue,
    async_delete_meter_replaced_issue,
)
from .recording import async_setup_services as async_setup_recording

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.CALENDAR, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Once per Home Assistant: the actions (history imports, recordings) and the card."""
    async_setup_history(hass)
    async_setup_recording(hass)
    await async_register_card(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: LinkyTicConfigEntry) -> bool:
    """Set up a meter: open its port, start reading, create its entities.

    The port must open (else ``ConfigEntryNotReady``: Home Assistant retries).
    Setup then waits a few seconds for the first frame so that the entities
    exist at once; when none comes (a loose wire, a meter busy switching
    modes), the entry loads anyway and the entities are created with the
    first frame that arrives.
    """
    await async_install_blueprints(hass)
    coordinator = LinkyTicCoordinator(hass, entry)
    await coordinator.async_start()
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_stop)
    try:
        async with asyncio.timeout(coordinator_module.FIRST_READING_TIMEOUT_S):
            await coordinator.async_wait_first_reading()
    except TimeoutError:
        _LOGGER.warning(
            "No valid TIC frame on %s yet; the entities will appear with the first one",
            coordinator.url,
        )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_options_updated(
    hass: HomeAssistant, entry: LinkyTicConfigEntry
) -> None:
    """Reload when the options changed (not for the mode the runtime records)."""
    if dict(entry.options) != entry.runtime_data.options:
        hass.config_entries.async_schedule_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: LinkyTicConfigEntry) -> bool:
    """Unload a meter: entities first, then the reader and the port."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: LinkyTicConfigEntry) -> None:
    """Drop the entry's repair issues with it."""
    async_delete_meter_replaced_issue(hass, entry)
    async_delete_better_tariff_issue(hass, entry)
