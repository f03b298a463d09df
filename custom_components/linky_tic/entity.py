"""The base entity: device, availability, and when a new value is written.

Every reading is published by the coordinator at once; each entity decides
whether it writes a new state (``WritePolicy``):

- ``AT_ONCE_ON_CHANGE``: enums, binary states, settings: written when they change;
- ``POWER``: at most every ``power_interval`` s (option), unless the value moved
  by more than the description's ``threshold`` since the last written one;
- ``INDEX``: at most every ``index_interval`` s (option), and also on the last
  frames before each 5-minute bound of the wall clock (``STATISTICS_PERIOD_S``):
  the recorder compiles its statistics (and the Energy dashboard its hours) from
  the last state before each bound, so the index written there makes every hour
  exact to the frame instead of up to ``index_interval`` s late.

A value whose labels are missing from a frame (a rejected or corrupted group)
keeps the last state: no flapping to unknown. Only validated values reach an
entity: the decoder has already removed what failed its checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import (
    CONF_DIAGNOSTIC,
    CONF_INDEX_INTERVAL,
    CONF_PER_PHASE,
    CONF_POWER_INTERVAL,
    DEFAULT_DIAGNOSTIC,
    DEFAULT_INDEX_INTERVAL,
    DEFAULT_PER_PHASE,
    DEFAULT_POWER_INTERVAL,
    DOMAIN,
)
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .tic.model import Reading

#: The recorder's short-term statistics period: hourly (Energy) figures are built on it.
STATISTICS_PERIOD_S = 300.0
#: A changed index is written when the next statistics bound is this close: longer than
#: the longest gap between two frames (a historic frame takes up to ~2.3 s at 1200 baud),
#: so at least one frame falls in every window.
BEFORE_BOUND_S = 2.5


def wall_time() -> float:
    """Seconds since the epoch: the clock of the recorder's statistics."""
    return time.time()


def near_statistics_bound(wall: float) -> bool:
    """Whether the next statistics bound is at most ``BEFORE_BOUND_S`` after ``wall``."""
    return STATISTICS_PERIOD_S - wall % STATISTICS_PERIOD_S <= BEFORE_BOUND_S


class WritePolicy(StrEnum):
    """When an entity writes a new value."""

    AT_ONCE_ON_CHANGE = "at_once_on_change"
    POWER = "power"
    INDEX = "index"


class EntityGroup(StrEnum):
    """Which option creates an entity."""

    CORE = "core"  # always (when the meter sends it)
    PER_PHASE = "per_phase"  # CONF_PER_PHASE
    DIAGNOSTIC = "diagnostic"  # CONF_DIAGNOSTIC


@dataclass(frozen=True, kw_only=True)
class LinkyTicEntityDescription(EntityDescription):
    """What every Linky TIC entity description says besides Home Assistant's fields."""

    #: The labels the value is made of: a frame with none of them keeps the state.
    labels: tuple[str, ...] = ()
    #: Overrides ``labels``: does this reading carry the value?
    present_fn: Callable[[Reading], bool] | None = None
    #: Is the value sent by this meter (create the entity)? Default: present now.
    #: Like ``present_fn`` when it stands for it, it may only look at what
    #: ``creation_key`` holds (readings with the same key are not checked again).
    has_fn: Callable[[Reading], bool] | None = None
    write_policy: WritePolicy = WritePolicy.AT_ONCE_ON_CHANGE
    #: POWER: a change larger than this is written at once.
    threshold: float = 0.0
    group: EntityGroup = EntityGroup.CORE


def is_present(description: LinkyTicEntityDescription, reading: Reading) -> bool:
    """Whether ``reading`` carries the description's value."""
    if description.present_fn is not None:
        return description.present_fn(reading)
    return any(label in reading.values for label in description.labels)


def is_sent(description: LinkyTicEntityDescription, reading: Reading) -> bool:
    """Whether the meter sends the description's value (create its entity)."""
    if description.has_fn is not None:
        return description.has_fn(reading)
    return is_present(description, reading)


def creation_key(reading: Reading) -> Hashable:
    """What ``is_sent`` may depend on: readings with the same key create the same entities.

    The ``has_fn`` and ``present_fn`` of the platforms' descriptions look at the
    mode, phases, option, period, off-peak flag, status, which labels the frame
    carries, and whether an index has started counting (EASFnn > 0 of an
    unnamed supplier calendar): the labels whose value is zero (or empty) say
    that. A new ``has_fn`` that reads anything else must add it here.
    """
    last_reading, last_key = _last_key[0]
    if last_reading is reading:  # each platform asks for the same reading
        return last_key
    values = reading.values
    key = (
        reading.mode,
        reading.phases,
        reading.option,
        reading.period,
        reading.off_peak,
        reading.status,
        frozenset(values),
        frozenset([label for label, value in values.items() if not value]),
    )
    _last_key[0] = (reading, key)
    return key


#: The last reading given to ``creation_key`` and its key.
_last_key: list[tuple[Reading | None, Hashable]] = [(None, None)]


def group_enabled(entry: ConfigEntry, group: EntityGroup) -> bool:
    """Whether the entry's options create entities of ``group``."""
    if group is EntityGroup.PER_PHASE:
        return bool(entry.options.get(CONF_PER_PHASE, DEFAULT_PER_PHASE))
    if group is EntityGroup.DIAGNOSTIC:
        return bool(entry.options.get(CONF_DIAGNOSTIC, DEFAULT_DIAGNOSTIC))
    return True


def device_info(coordinator: LinkyTicCoordinator) -> DeviceInfo:
    """The meter's device (one per meter; the meter id is not its name)."""
    info = DeviceInfo(
        identifiers={(DOMAIN, coordinator.meter_id or coordinator.entry.entry_id)},
        translation_key="meter",
        manufacturer="Enedis",
        model="Linky",
    )
    reading = coordinator.data
    if reading is not None and reading.meter is not None:
        info["manufacturer"] = reading.meter.manufacturer
        info["model"] = reading.meter.model
        info["model_id"] = f"{reading.meter.type_code:02d}"
    if coordinator.meter_id is not None:
        info["serial_number"] = coordinator.meter_id
    return info


class LinkyTicEntity(Entity):
    """An entity fed by the coordinator's readings, with its write policy."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: LinkyTicEntityDescription

    def __init__(
        self, coordinator: LinkyTicCoordinator, description: LinkyTicEntityDescription
    ) -> None:
        """Create the entity with the coordinator's current reading."""
        self.coordinator = coordinator
        self.entity_description = description
        self._attr_unique_id = (
            f"{coordinator.meter_id or coordinator.entry.entry_id}_{description.key}"
        )
        self._attr_device_info = device_info(coordinator)
        self._written_at: float | None = None
        self._written: Any = None
        self._written_available: bool | None = None
        present, value = self._read()
        if present:
            self._store(value, self.coordinator.now())

    @property
    def available(self) -> bool:
        """Available while valid frames arrive from the configured meter."""
        return self.coordinator.available

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator."""
        await super().async_added_to_hass()
        self._written_available = self.coordinator.available
        self.async_on_remove(
            self.coordinator.async_add_listener(self._handle_coordinator_update)
        )

    def _read(self) -> tuple[bool, Any]:
        """(present in the current reading, value)."""
        reading = self.coordinator.data
        if reading is None or not is_present(self.entity_description, reading):
            return False, None
        return True, self._value(reading)

    def _value(self, reading: Reading) -> Any:
        """The value for ``reading`` (the platforms override it)."""
        raise NotImplementedError

    def _apply(self, value: Any) -> None:
        """Put ``value`` in the entity's state attribute (the platforms override it)."""
        raise NotImplementedError

    def _store(self, value: Any, now: float) -> None:
        self._apply(value)
        self._written = value
        self._written_at = now

    def _due(self, value: Any, now: float) -> bool:
        """Whether ``value`` is to be written now."""
        if self._written_at is None:
            return True
        if value == self._written:
            return False
        policy = self.entity_description.write_policy
        if policy is WritePolicy.AT_ONCE_ON_CHANGE:
            return True
        options = self.coordinator.options
        if policy is WritePolicy.INDEX:
            interval = float(options.get(CONF_INDEX_INTERVAL, DEFAULT_INDEX_INTERVAL))
            return now - self._written_at >= interval or near_statistics_bound(
                wall_time()
            )
        interval = float(options.get(CONF_POWER_INTERVAL, DEFAULT_POWER_INTERVAL))
        if now - self._written_at >= interval:
            return True
        if not isinstance(value, int | float) or not isinstance(
            self._written, int | float
        ):
            return True  # from or to unknown
        return abs(value - self._written) > self.entity_description.threshold

    @callback
    def _handle_coordinator_update(self) -> None:
        available = self.coordinator.available
        changed_availability = available != self._written_available
        present, value = self._read()
        now = self.coordinator.now()
        if present and (changed_availability or self._due(value, now)):
            self._store(value, now)
        elif not changed_availability:
            return
        self._written_available = available
        self.async_write_ha_state()


def async_add_dynamic_entities(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    descriptions: Iterable[LinkyTicEntityDescription],
    factory: Callable[[LinkyTicCoordinator, Any], LinkyTicEntity],
) -> None:
    """Create an entity for each description the meter sends, now and later.

    Values appear when the meter first sends them (a confirmed index, an
    injection that starts, a mode switch): the descriptions that have no entity
    yet are checked against each reading whose ``creation_key`` differs from
    the last one checked (most readings only repeat it).
    """
    coordinator = entry.runtime_data
    candidates = [d for d in descriptions if group_enabled(entry, d.group)]
    created: set[str] = set()
    checked: list[Hashable] = []  # the creation key last checked

    @callback
    def add_new_entities() -> None:
        reading = coordinator.data
        if reading is None or coordinator.meter_mismatch:
            return
        key = creation_key(reading)
        if checked and checked[0] == key:
            return
        checked[:] = [key]
        new = [d for d in candidates if d.key not in created and is_sent(d, reading)]
        if not new:
            return
        created.update(d.key for d in new)
        async_add_entities([factory(coordinator, d) for d in new])

    add_new_entities()
    entry.async_on_unload(coordinator.async_add_listener(add_new_entities))
