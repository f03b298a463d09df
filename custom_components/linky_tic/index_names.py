"""The user's names for the supplier indexes (EASF01..EASF10), standard mode.

A supplier calendar we cannot name (``OTHER``), or one whose index numbering
differs from ours, has indexes the user knows better: the ``index_names`` step
of the options menu lets them name each ``EASFnn`` ("Weekend", "Heures
super creuses"...). The energy entity of that index then takes the name; an
empty field gives the name back to the integration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import probatio as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import TextSelector

from .tic.model import Mode, Reading, TariffPeriod
from .tic.registry import period_index

INDEX_NAME_PREFIX: Final = "index_name_"
SUPPLIER_INDEXES: Final = tuple(f"EASF{n:02d}" for n in range(1, 11))
MAX_NAME_LENGTH: Final = 40


def option_key(label: str) -> str:
    """The option that holds the user's name of ``label`` (``EASF03``)."""
    return f"{INDEX_NAME_PREFIX}{label}"


def supplier_index_of(key: str, reading: Reading | None) -> str | None:
    """The EASFnn an energy entity (by its description key) shows, if any.

    ``energy_supplier_03`` is EASF03 whatever the calendar; a period's entity
    (``energy_weekend``) is the index the meter's calendar gives that period.
    """
    if key.startswith("energy_supplier_"):
        return f"EASF{key.removeprefix('energy_supplier_')}"
    if reading is None or reading.mode is not Mode.STANDARD:
        return None
    try:
        period = TariffPeriod(key.removeprefix("energy_"))
    except ValueError:
        return None
    return period_index(reading.mode, reading.option, period)


def user_index_name(
    options: Mapping[str, Any], key: str, reading: Reading | None
) -> str | None:
    """The name the user gave the index an energy entity shows, or None."""
    label = supplier_index_of(key, reading)
    if label is None:
        return None
    name = options.get(option_key(label))
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip()


class IndexNamesOptionsStep(OptionsFlow):
    """The ``index_names`` step of the options menu."""

    async def async_step_index_names(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One optional name per supplier index; the other options are kept."""
        errors: dict[str, str] = {}
        if user_input is not None:
            names = {
                option_key(label): str(user_input.get(option_key(label)) or "").strip()
                for label in SUPPLIER_INDEXES
            }
            if any(len(name) > MAX_NAME_LENGTH for name in names.values()):
                errors["base"] = "name_too_long"
            else:
                options = {
                    key: value
                    for key, value in self.config_entry.options.items()
                    if not key.startswith(INDEX_NAME_PREFIX)
                }
                options.update({key: name for key, name in names.items() if name})
                return self.async_create_entry(data=options)
        schema = vol.Schema(
            {
                vol.Optional(option_key(label)): TextSelector()
                for label in SUPPLIER_INDEXES
            }
        )
        return self.async_show_form(
            step_id="index_names",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options
            ),
            errors=errors,
        )
