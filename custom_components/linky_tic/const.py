"""Constants of the Linky TIC integration (names shared by the flow and the runtime)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from .tic.model import TariffPeriod

DOMAIN: Final = "linky_tic"

# Config entry data.
CONF_DEVICE: Final = (
    "device"  # port path or socket:// / rfc2217:// URL (HA's usb panel reads "device")
)
CONF_MODE: Final = "mode"  # tic.model.Mode value
CONF_TARIFF: Final = "tariff"  # tic.model.TariffOption value confirmed by the user


def energy_key(period: TariffPeriod) -> str:
    """The key of the energy index counting ``period`` (its description, unique id)."""
    return f"energy_{period.value}"


#: Every named period's energy index key (an index we cannot name, OTHER, is
#: one of the ``energy_supplier_NN`` of its number instead).
ENERGY_KEYS: Final[Mapping[str, TariffPeriod]] = MappingProxyType(
    {
        energy_key(period): period
        for period in TariffPeriod
        if period is not TariffPeriod.OTHER
    }
)

#: The total consumed energy's key: EAST, or a historic meter's sum of indexes
#: (one entity in both modes, see total_sensor.py).
TOTAL_KEY: Final = "energy_total"

# Options.
PRICE_PREFIX: Final = (
    "price_"  # f"{PRICE_PREFIX}{TariffPeriod value}" -> EUR/kWh (float)
)
CONF_POWER_INTERVAL: Final = "power_interval"  # min seconds between power state writes
CONF_INDEX_INTERVAL: Final = "index_interval"  # min seconds between index state writes
CONF_PER_PHASE: Final = "per_phase_entities"
CONF_DIAGNOSTIC: Final = "diagnostic_entities"

# Options of the insights (``insights_options`` edits them).
CONF_PRICE_TABLE: Final = "price_table"  # insight_prices' table, as JSON
CONF_SAVING_THRESHOLD: Final = "saving_threshold"  # EUR per year
DEFAULT_SAVING_THRESHOLD: Final = 50.0

DEFAULT_POWER_INTERVAL: Final = 10
DEFAULT_INDEX_INTERVAL: Final = 60
DEFAULT_PER_PHASE: Final = True
DEFAULT_DIAGNOSTIC: Final = True
