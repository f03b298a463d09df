"""Repair issues raised by the runtime (issue registry)."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

ISSUE_METER_REPLACED = "meter_replaced"


def meter_replaced_issue_id(entry: ConfigEntry) -> str:
    """The id of an entry's "another meter on the line" issue."""
    return f"{ISSUE_METER_REPLACED}_{entry.entry_id}"


def async_create_meter_replaced_issue(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Tell the user that another meter is on the line and what to do.

    The meter id is not shown (it identifies the household); the entry's
    title and port are enough to find the entry.
    """
    ir.async_create_issue(
        hass,
        DOMAIN,
        meter_replaced_issue_id(entry),
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=ISSUE_METER_REPLACED,
        translation_placeholders={
            "title": entry.title,
            "device": str(entry.data.get("device", "")),
        },
        data={"entry_id": entry.entry_id},
    )


def async_delete_meter_replaced_issue(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The configured meter is back (or the entry is removed)."""
    ir.async_delete_issue(hass, DOMAIN, meter_replaced_issue_id(entry))
