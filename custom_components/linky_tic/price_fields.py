"""The price fields of the config and options flows: one per period of the tariff.

The prices are entry options (EUR/kWh) keyed by ``cost.price_key``, where the
cost sensors read them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import probatio as vol
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from .cost import price_key
from .tic.model import TariffOption
from .tic.registry import OPTION_PERIODS

MAX_PRICE: Final = 10.0  # EUR/kWh: far above any French tariff, catches typos in Wh
_PRICE_SELECTOR = NumberSelector(
    NumberSelectorConfig(
        min=0,
        max=MAX_PRICE,
        step="any",  # prices have up to 4-5 decimals (0.1696)
        unit_of_measurement="€/kWh",
        mode=NumberSelectorMode.BOX,
    )
)


def prices_schema(tariff: TariffOption) -> vol.Schema:
    """One optional price field per period of ``tariff``."""
    return vol.Schema(
        {
            vol.Optional(price_key(period)): _PRICE_SELECTOR
            for period in OPTION_PERIODS[tariff]
        }
    )


def prices_from(
    user_input: Mapping[str, Any], tariff: TariffOption
) -> dict[str, float]:
    """The prices given for ``tariff``'s periods, as floats (empty fields left out)."""
    return {
        key: float(user_input[key])
        for period in OPTION_PERIODS[tariff]
        if user_input.get(key := price_key(period)) is not None
    }
