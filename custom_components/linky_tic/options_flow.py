"""The options flow: a menu of the settings, the insights, the past history, the index names.

Each part but the settings has its module and adds its step as a mixin
(``history_options``, ``insights_options``, ``index_names``); the settings
step is here: the prices, how often states are written, which entities.
"""

from __future__ import annotations

from typing import Any, Final

import probatio as vol
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from .const import (
    CONF_DIAGNOSTIC,
    CONF_INDEX_INTERVAL,
    CONF_PER_PHASE,
    CONF_POWER_INTERVAL,
    CONF_TARIFF,
    DEFAULT_DIAGNOSTIC,
    DEFAULT_INDEX_INTERVAL,
    DEFAULT_PER_PHASE,
    DEFAULT_POWER_INTERVAL,
)
from .cost import price_key
from .history_options import HistoryOptionsFlow
from .index_names import IndexNamesOptionsStep
from .insights_options import InsightsOptionsStep
from .price_fields import prices_from, prices_schema
from .tic.model import TariffOption, TariffPeriod

MAX_INTERVAL: Final = 3600  # s
_INTERVAL_SELECTOR = NumberSelector(
    NumberSelectorConfig(
        min=1,
        max=MAX_INTERVAL,
        step=1,
        unit_of_measurement="s",
        mode=NumberSelectorMode.BOX,
    )
)


class LinkyTicOptionsFlow(
    HistoryOptionsFlow, InsightsOptionsStep, IndexNamesOptionsStep
):
    """A menu: the settings, the insights, the past history, the index names."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """What to change (each part of the options adds its step to the menu)."""
        return self.async_show_menu(
            step_id="init",
            menu_options=["settings", "insights", "history", "index_names"],
        )

    async def async_step_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form: prices, intervals, which entities."""
        tariff = TariffOption(self.config_entry.data[CONF_TARIFF])
        if user_input is not None:
            options: dict[str, Any] = prices_from(user_input, tariff)
            options[CONF_POWER_INTERVAL] = int(user_input[CONF_POWER_INTERVAL])
            options[CONF_INDEX_INTERVAL] = int(user_input[CONF_INDEX_INTERVAL])
            options[CONF_PER_PHASE] = bool(user_input[CONF_PER_PHASE])
            options[CONF_DIAGNOSTIC] = bool(user_input[CONF_DIAGNOSTIC])
            # The other steps' options are kept; a price emptied here is dropped.
            prices = {price_key(period) for period in TariffPeriod}
            kept = {
                key: value
                for key, value in self.config_entry.options.items()
                if key not in prices
            }
            return self.async_create_entry(data={**kept, **options})
        schema = prices_schema(tariff).extend(
            {
                vol.Required(
                    CONF_POWER_INTERVAL, default=DEFAULT_POWER_INTERVAL
                ): _INTERVAL_SELECTOR,
                vol.Required(
                    CONF_INDEX_INTERVAL, default=DEFAULT_INDEX_INTERVAL
                ): _INTERVAL_SELECTOR,
                vol.Required(
                    CONF_PER_PHASE, default=DEFAULT_PER_PHASE
                ): BooleanSelector(),
                vol.Required(
                    CONF_DIAGNOSTIC, default=DEFAULT_DIAGNOSTIC
                ): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="settings",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options
            ),
        )
