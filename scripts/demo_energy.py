"""The demo's Energy dashboard, configured the way the README tells a user to do it.

One grid connection per energy index of the tariff ("Energy imported from grid"), each priced
with "Use an entity with current price" = *Current price*; *Active power* as the power sensor
of the first connection; for a producer, *Total injected energy* as "Energy exported to grid"
on the first connection, with a static buy-back rate. Saved through Home Assistant's own
`energy/save_prefs` websocket command, as the Energy configuration page does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from demo_ha import MeterEntity

sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent)
)  # the repository's tic package
from custom_components.linky_tic.const import ENERGY_KEYS

#: Example buy-back rate of a producer's surplus (EUR/kWh), a static export price.
DEMO_EXPORT_PRICE = 0.04
INDEX_KEYS = tuple(ENERGY_KEYS)


def _by_key(entities: Sequence[MeterEntity], key: str) -> MeterEntity | None:
    return next((e for e in entities if e.key == key), None)


def tariff_indexes(entities: Sequence[MeterEntity]) -> list[MeterEntity]:
    """The energy index entities of the tariff's periods, in the periods' order."""
    found = [_by_key(entities, key) for key in INDEX_KEYS]
    return [entity for entity in found if entity is not None]


def grid_connections(
    entities: Sequence[MeterEntity], *, producer: bool
) -> list[dict[str, Any]]:
    """The `energy_sources` of the README's set-up for these entities."""
    indexes = tariff_indexes(entities)
    if not indexes:
        raise ValueError("the meter has no energy index of a tariff period yet")
    price = _by_key(entities, "current_price")
    power = _by_key(entities, "active_power")
    injected = _by_key(entities, "energy_injected") if producer else None
    sources: list[dict[str, Any]] = []
    for position, index in enumerate(indexes):
        first = position == 0
        source: dict[str, Any] = {
            "type": "grid",
            "stat_energy_from": index.entity_id,
            "stat_energy_to": None,
            "stat_cost": None,
            "entity_energy_price": price.entity_id if price else None,
            "number_energy_price": None,
            "stat_compensation": None,
            "entity_energy_price_export": None,
            "number_energy_price_export": None,
            "cost_adjustment_day": 0.0,
        }
        if first and injected is not None:
            source["stat_energy_to"] = injected.entity_id
            source["number_energy_price_export"] = DEMO_EXPORT_PRICE
        if first and power is not None:
            source["power_config"] = {"stat_rate": power.entity_id}
        sources.append(source)
    return sources


def save_prefs_command(
    entities: Sequence[MeterEntity], *, producer: bool
) -> dict[str, Any]:
    """The websocket command the Energy configuration page would send."""
    return {
        "type": "energy/save_prefs",
        "energy_sources": grid_connections(entities, producer=producer),
        "device_consumption": [],
    }
