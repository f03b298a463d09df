"""The options step of the insights: the price table and the saving threshold.

One entry of the options menu (``async_step_insights``); the other steps'
options are kept as they are. The table is edited as YAML (an object selector); an empty one means
the dated default table.
"""

from __future__ import annotations

from typing import Any

import probatio as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    ObjectSelector,
)

from .const import CONF_PRICE_TABLE, CONF_SAVING_THRESHOLD, DEFAULT_SAVING_THRESHOLD
from .insight_prices import PriceTableError, default_price_table, parse_price_table

_THRESHOLD_SELECTOR = NumberSelector(
    NumberSelectorConfig(
        min=0, max=10000, step=1, unit_of_measurement="€", mode=NumberSelectorMode.BOX
    )
)


class InsightsOptionsStep(OptionsFlow):
    """The ``insights`` step of the options menu."""

    async def async_step_insights(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Price table and threshold; then save every step's options."""
        errors: dict[str, str] = {}
        placeholders = {"error": ""}
        if user_input is not None:
            table = user_input.get(CONF_PRICE_TABLE) or None
            try:
                if table is not None:
                    parse_price_table(table)
            except PriceTableError as error:
                errors[CONF_PRICE_TABLE] = CONF_PRICE_TABLE
                placeholders["error"] = str(error)
            else:
                options = dict(self.config_entry.options)
                options[CONF_SAVING_THRESHOLD] = float(
                    user_input[CONF_SAVING_THRESHOLD]
                )
                options.pop(CONF_PRICE_TABLE, None)
                if table is not None and table != default_price_table():
                    options[CONF_PRICE_TABLE] = table
                return self.async_create_entry(data=options)
        current = self.config_entry.options
        schema = vol.Schema(
            {
                vol.Optional(
                    CONF_PRICE_TABLE,
                    default=current.get(CONF_PRICE_TABLE) or default_price_table(),
                ): ObjectSelector(),
                vol.Required(
                    CONF_SAVING_THRESHOLD,
                    default=current.get(
                        CONF_SAVING_THRESHOLD, DEFAULT_SAVING_THRESHOLD
                    ),
                ): _THRESHOLD_SELECTOR,
            }
        )
        return self.async_show_form(
            step_id="insights",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )
