"""Repair issues raised by the runtime (issue registry)."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations

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


ISSUE_BETTER_TARIFF = "better_tariff"
#: The tariffs' names in the text: the "Best tariff" sensor's states for the
#: advised one, the "Tariff option" sensor's for the current one (any option).
_BEST_NAME = f"component.{DOMAIN}.entity.sensor.best_tariff.state.{{}}"
_CURRENT_NAME = f"component.{DOMAIN}.entity.sensor.tariff_option.state.{{}}"


def better_tariff_issue_id(entry: ConfigEntry) -> str:
    """The id of an entry's "another tariff would cost less" issue."""
    return f"{ISSUE_BETTER_TARIFF}_{entry.entry_id}"


async def async_create_better_tariff_issue(
    hass: HomeAssistant,
    entry: ConfigEntry,
    *,
    best: str,
    current: str | None,
    saving: float,
    days: float,
) -> None:
    """Tell the user that another tariff would have cost ``saving`` EUR a year less.

    ``best`` and ``current`` are ``TariffOption`` values; the text names them
    in Home Assistant's language (English when it has no translation).
    """
    names = await async_get_translations(hass, hass.config.language, "entity", {DOMAIN})
    ir.async_create_issue(
        hass,
        DOMAIN,
        better_tariff_issue_id(entry),
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_BETTER_TARIFF,
        translation_placeholders={
            "title": entry.title,
            "best": names.get(_BEST_NAME.format(best), best),
            "current": (
                "?"
                if current is None
                else names.get(_CURRENT_NAME.format(current), current)
            ),
            "saving": f"{saving:.0f}",
            "days": f"{days:.0f}",
        },
    )


def async_delete_better_tariff_issue(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """No tariff saves more than the threshold (or the entry is removed)."""
    ir.async_delete_issue(hass, DOMAIN, better_tariff_issue_id(entry))
