"""The history actions: ``migrate_history`` and ``import_enedis_file``, both with a dry run.

Each answers with what it wrote (or, with ``dry_run``, would write): hours,
first and last hour, energy, and the values around the junction with our own
statistics. A refused import raises a translated error and writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import probatio as vol
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from . import history_import as importer
from .const import DOMAIN
from .history_series import HistoryError

SERVICE_MIGRATE = "migrate_history"
SERVICE_IMPORT_ENEDIS = "import_enedis_file"
ATTR_SOURCE = "source"
ATTR_TARGET = "target"
ATTR_DRY_RUN = "dry_run"
ATTR_ENTRY = "config_entry_id"
ATTR_PATH = "path"
ATTR_OFF_PEAK = "off_peak_hours"

MIGRATE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_SOURCE): cv.string,
        vol.Required(ATTR_TARGET): cv.entity_id,
        vol.Optional(ATTR_DRY_RUN, default=True): cv.boolean,
    }
)
IMPORT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_ENTRY): cv.string,
        vol.Required(ATTR_PATH): cv.string,
        vol.Optional(ATTR_OFF_PEAK): cv.string,
        vol.Optional(ATTR_DRY_RUN, default=True): cv.boolean,
    }
)


def validation_error(error: HistoryError) -> ServiceValidationError:
    """The translated error for a refused import."""
    return ServiceValidationError(
        str(error),
        translation_domain=DOMAIN,
        translation_key=error.key,
        translation_placeholders=error.placeholders,
    )


async def _async_migrate(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    try:
        target = await importer.async_plan_migration(
            hass, call.data[ATTR_SOURCE], call.data[ATTR_TARGET]
        )
    except HistoryError as error:
        raise validation_error(error) from error
    result = await importer.async_run(hass, [target], dry_run=call.data[ATTR_DRY_RUN])
    return {"dry_run": call.data[ATTR_DRY_RUN], "targets": result}


async def _async_read(hass: HomeAssistant, path: str) -> bytes:
    """The file at ``path``, if Home Assistant may read that folder."""
    if not hass.config.is_allowed_path(path):
        raise HistoryError("path_not_allowed", f"{path} is not allowed", path=path)
    try:
        return await hass.async_add_executor_job(Path(path).read_bytes)
    except OSError as err:
        raise HistoryError("unreadable", f"{path}: {err}", path=path) from err


async def async_import_bytes(
    hass: HomeAssistant,
    entry_id: str,
    data: bytes,
    off_peak: str | None,
    *,
    dry_run: bool,
) -> dict[str, Any]:
    """Plan (and unless ``dry_run``, write) an Enedis export onto an entry's indexes."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise HistoryError("no_entry", f"no Linky TIC entry {entry_id}")
    planned = await importer.async_plan_enedis(hass, entry, data, off_peak)
    result = await importer.async_run(hass, planned.plans, dry_run=dry_run)
    return {
        "dry_run": dry_run,
        "file": planned.summary(),
        "targets": result,
        "skipped": planned.skipped,
    }


async def _async_import_enedis(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    path = call.data[ATTR_PATH]
    try:
        data = await _async_read(hass, path)
        return await async_import_bytes(
            hass,
            call.data[ATTR_ENTRY],
            data,
            call.data.get(ATTR_OFF_PEAK),
            dry_run=call.data[ATTR_DRY_RUN],
        )
    except HistoryError as error:
        raise validation_error(error) from error


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the history actions (once, for every meter)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_MIGRATE,
        _async_migrate,
        schema=MIGRATE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_IMPORT_ENEDIS,
        _async_import_enedis,
        schema=IMPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
