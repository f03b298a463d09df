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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import callback
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
from .tic.model import Mode, Reading, Status, TariffOption, TariffPeriod

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


@dataclass(frozen=True, slots=True)
class Sent:
    """What a reading says the meter sends: all that decides which entities exist.

    ``has_fn`` sees only this, so readings with the same ``Sent`` create the
    same entities (each platform checks a reading only when it differs from
    the last one checked): what a new ``has_fn`` needs is added here, and is
    then part of the comparison by construction.
    """

    mode: Mode
    phases: int
    option: TariffOption | None
    period: TariffPeriod | None
    off_peak: bool | None
    status: Status | None
    labels: frozenset[str]  # the labels the frame carries
    counting: frozenset[str]  # those whose value is not zero (or empty)

    @classmethod
    def of(cls, reading: Reading) -> Sent:
        """What ``reading`` says (computed once per reading for every platform)."""
        last_reading, last_sent = _last_sent
        if last_reading is reading and isinstance(last_sent, Sent):
            return last_sent
        values = reading.values
        sent = cls(
            reading.mode,
            reading.phases,
            reading.option,
            reading.period,
            reading.off_peak,
            reading.status,
            frozenset(values),
            frozenset([label for label, value in values.items() if value]),
        )
        _last_sent[:] = (reading, sent)
        return sent


#: The last reading given to ``Sent.of`` and what it said.
_last_sent: list[Any] = [None, None]


@dataclass(frozen=True, kw_only=True)
class LinkyTicEntityDescription(EntityDescription):
    """What every Linky TIC entity description says besides Home Assistant's fields."""

    #: The labels the value is made of: a frame with none of them keeps the state
    #: (no labels: every reading carries the value).
    labels: tuple[str, ...] = ()
    #: Overrides ``labels``: does this reading carry the value?
    present_fn: Callable[[Reading], bool] | None = None
    #: Does the meter send the value (create the entity)? Default: one of
    #: ``labels`` is sent (or there are none).
    has_fn: Callable[[Sent], bool] | None = None
    write_policy: WritePolicy = WritePolicy.AT_ONCE_ON_CHANGE
    #: POWER: a change larger than this is written at once.
    threshold: float = 0.0
    group: EntityGroup = EntityGroup.CORE


def is_present(description: LinkyTicEntityDescription, reading: Reading) -> bool:
    """Whether ``reading`` carries the description's value."""
    if description.present_fn is not None:
        return description.present_fn(reading)
    labels = description.labels
    return not labels or any(label in reading.values for label in labels)


def is_sent(description: LinkyTicEntityDescription, sent: Sent) -> bool:
    """Whether the meter sends the description's value (create its entity)."""
    if description.has_fn is not None:
        return description.has_fn(sent)
    labels = description.labels
    return not labels or not sent.labels.isdisjoint(labels)


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
        """Put ``value`` in the entity's state attribute (a sensor's native value)."""
        self._attr_native_value = value

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
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    descriptions: Iterable[LinkyTicEntityDescription],
    factory: Callable[[LinkyTicCoordinator, Any], LinkyTicEntity],
) -> None:
    """Create an entity for each description the meter sends, now and later.

    Values appear when the meter first sends them (a confirmed index, an
    injection that starts, a mode switch): the descriptions that have no entity
    yet are checked against each reading whose ``Sent`` differs from the last
    one checked (most readings only repeat it).
    """
    coordinator = entry.runtime_data
    candidates = [d for d in descriptions if group_enabled(entry, d.group)]
    created: set[str] = set()
    checked: list[Sent] = []  # what the last reading checked said

    @callback
    def add_new_entities() -> None:
        reading = coordinator.data
        if reading is None or coordinator.meter_mismatch:
            return
        sent = Sent.of(reading)
        if checked and checked[0] == sent:
            return
        checked[:] = [sent]
        new = [d for d in candidates if d.key not in created and is_sent(d, sent)]
        if not new:
            return
        created.update(d.key for d in new)
        async_add_entities([factory(coordinator, d) for d in new])

    add_new_entities()
    entry.async_on_unload(coordinator.async_add_listener(add_new_entities))
