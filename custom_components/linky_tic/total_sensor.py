"""Total consumed energy: one entity and one series across a switch of TIC mode.

A historic meter counting on several indexes sends no total: its total is the
sum of the option's indexes. A standard meter sends EAST. Both are the meter's
lifetime consumption, so one entity (``energy_total``) shows whichever the
reading gives, and the Energy dashboard's statistic goes on when Enedis
reprograms the meter from historic to standard mode.

The first total of the new mode must continue the last one. When it lies
between the last total and what the meter could consume since (the guard's
bound for an index), it is written as it is: the usual case, EAST being the sum
of the supplier indexes the historic mode sent. Otherwise (EAST also counts the
energy of an earlier tariff option, or is lower) writing it would make the
Energy dashboard count the difference as consumed in that hour (or, lower, the
whole index again): the total then goes on from its last value, shifted by the
difference (``offset``, kept with the entity's restored state and logged once).
A switch made while Home Assistant was stopped is judged the same way against
the restored last total.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from homeassistant.components.sensor import SensorEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
from homeassistant.helpers.typing import StateType

from .const import DOMAIN, TOTAL_KEY
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .entity import LinkyTicEntity, wall_time
from .sensor_description import LinkyTicSensorEntityDescription
from .tic.model import Mode, Reading

_LOGGER = logging.getLogger(__name__)

#: The unique_id key of the historic total before it became ``energy_total``.
OLD_HISTORIC_TOTAL_KEY = "energy_total_historic"


@dataclass(frozen=True, slots=True)
class LastTotal(ExtraStoredData):
    """The last total read: what the next mode's first total must continue."""

    value: int  # Wh, offset applied (what the entity shows)
    mode: Mode
    offset: int  # Wh subtracted from the meter's own total
    wall: float  # seconds since the epoch when it was read

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the restored state."""
        return asdict(self) | {"mode": self.mode.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LastTotal | None:
        """The stored total, or None if it is not one."""
        try:
            return cls(
                int(data["value"]),
                Mode(data["mode"]),
                int(data["offset"]),
                float(data["wall"]),
            )
        except KeyError, TypeError, ValueError:
            return None


def continuation_offset(last: LastTotal, total: int, bound_wh: int | None) -> int:
    """The offset that makes ``total`` (a new mode's) continue ``last``.

    0 when ``total`` is a plausible next value (no decrease, a rise within
    ``bound_wh``; None: no guard, any rise): the meter's total as it is.
    """
    rise = total - last.value
    if rise >= 0 and (bound_wh is None or rise <= bound_wh):
        return 0
    return rise


class TotalEnergySensor(LinkyTicEntity, SensorEntity, RestoreEntity):
    """The meter's total consumed energy, continuous across a mode switch."""

    entity_description: LinkyTicSensorEntityDescription

    def __init__(
        self,
        coordinator: LinkyTicCoordinator,
        description: LinkyTicSensorEntityDescription,
    ) -> None:
        """Create the sensor (no total read yet)."""
        self._last: LastTotal | None = None
        self._last_at = 0.0  # when it was read, on the coordinator's clock
        super().__init__(coordinator, description)

    async def async_added_to_hass(self) -> None:
        """Take the last total and offset back, then read the current reading."""
        await super().async_added_to_hass()
        stored = await self.async_get_last_extra_data()
        restored = LastTotal.from_dict(stored.as_dict()) if stored else None
        if restored is None:
            return
        self._last = restored
        # its age by the wall clock, on the coordinator's clock
        self._last_at = self.coordinator.now() - (wall_time() - restored.wall)
        present, value = self._read()
        if present:
            self._store(value, self.coordinator.now())

    @property
    def extra_restore_state_data(self) -> LastTotal | None:
        """The last total and its offset, kept across restarts."""
        return self._last

    def _value(self, reading: Reading) -> StateType:
        total = self.entity_description.value_fn(reading, self.coordinator)
        if not isinstance(total, int):
            return None
        last = self._last
        offset = 0 if last is None else last.offset
        if last is not None and last.mode is not reading.mode:
            bound = self.coordinator.index_bound(reading)
            elapsed = reading.received_at - self._last_at
            offset = continuation_offset(
                last, total, None if bound is None else bound(elapsed)
            )
            if offset:
                _LOGGER.warning(
                    "The meter's total in %s mode is %d Wh away from the last "
                    "total in %s mode: the total consumed energy goes on from its "
                    "last value (the meter's own total minus %d Wh)",
                    reading.mode,
                    total - last.value,
                    last.mode,
                    offset,
                )
        self._last = LastTotal(total - offset, reading.mode, offset, wall_time())
        self._last_at = reading.received_at
        return total - offset


def migrate_historic_total(hass: HomeAssistant, entry: LinkyTicConfigEntry) -> None:
    """Give the historic total (``energy_total_historic``) the unique_id of EAST's.

    Its entity_id, history and place in the Energy dashboard stay. If a version
    before this one had already made a second entity for EAST after a switch
    (``…_2``), that one is removed: its history stays in the recorder.
    """
    coordinator = entry.runtime_data
    prefix = coordinator.meter_id or entry.entry_id
    registry = er.async_get(hass)
    old = registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{prefix}_{OLD_HISTORIC_TOTAL_KEY}"
    )
    if old is None:
        return
    east = registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{prefix}_{TOTAL_KEY}"
    )
    if east is not None:
        registry.async_remove(east)
    registry.async_update_entity(old, new_unique_id=f"{prefix}_{TOTAL_KEY}")
