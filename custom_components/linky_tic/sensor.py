"""Sensors: power, current, voltage, energy indexes, tariff state, link quality.

Declarative tables of descriptions; an entity exists only for what this meter
sends (``has_fn``), and per-phase and diagnostic entities only when the
entry's options ask for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfApparentPower,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfPower,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import TOTAL_KEY
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .cost_sensor import async_setup_cost_entities
from .energy_sensors import ENERGY_SENSORS
from .entity import (
    EntityGroup,
    LinkyTicEntity,
    Sent,
    WritePolicy,
    async_add_dynamic_entities,
)
from .index_names import user_index_name
from .insight_sensor import async_setup_insight_entities
from .sensor_description import (
    HasFn,
    LinkyTicSensorEntityDescription,
    enum_value,
    first_number_value,
    number_value,
    sent_on,
    text_value,
)
from .tic.model import Mode, Reading, TariffOption, TariffPeriod, TempoColor
from .tic.registry import index_periods
from .total_sensor import TotalEnergySensor, migrate_historic_total

PARALLEL_UPDATES = 0

#: A power change larger than this is written at once (VA or W).
POWER_THRESHOLD = 250.0
CURRENT_THRESHOLD = 2.0
VOLTAGE_THRESHOLD = 5.0


def _phase_current_sent(phase: int) -> HasFn:
    labels = (f"IINST{phase}", f"IRMS{phase}")

    def has(sent: Sent) -> bool:
        return sent.phases == 3 and not sent.labels.isdisjoint(labels)

    return has


def _is_tempo(sent: Sent) -> bool:
    return sent.option is TariffOption.TEMPO


def _measurement(
    key: str,
    labels: tuple[str, ...],
    kind: tuple[SensorDeviceClass, str, float],
    *,
    translation_key: str | None = None,
    **kwargs: Any,
) -> LinkyTicSensorEntityDescription:
    """A measured value (the first of ``labels`` sent), written by the POWER policy."""
    device_class, unit, threshold = kind
    fields: dict[str, Any] = {"write_policy": WritePolicy.POWER} | kwargs
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        device_class=device_class,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=unit,
        threshold=threshold,
        labels=labels,
        value_fn=first_number_value(*labels),
        **fields,
    )


_APPARENT_POWER = (
    SensorDeviceClass.APPARENT_POWER,
    UnitOfApparentPower.VOLT_AMPERE,
    POWER_THRESHOLD,
)
_CURRENT = (SensorDeviceClass.CURRENT, UnitOfElectricCurrent.AMPERE, CURRENT_THRESHOLD)
_VOLTAGE = (SensorDeviceClass.VOLTAGE, UnitOfElectricPotential.VOLT, VOLTAGE_THRESHOLD)


def _apparent_power(
    key: str, labels: tuple[str, ...], **kwargs: Any
) -> LinkyTicSensorEntityDescription:
    return _measurement(key, labels, _APPARENT_POWER, **kwargs)


def _current(
    key: str, labels: tuple[str, ...], **kwargs: Any
) -> LinkyTicSensorEntityDescription:
    return _measurement(key, labels, _CURRENT, **kwargs)


def _voltage(
    key: str, label: str, *, average: bool, **kwargs: Any
) -> LinkyTicSensorEntityDescription:
    if average:  # a 10-minute average: each new one is written
        kwargs["write_policy"] = WritePolicy.AT_ONCE_ON_CHANGE
    return _measurement(key, (label,), _VOLTAGE, **kwargs)


def _of_label(key: str, label: str, **kwargs: Any) -> LinkyTicSensorEntityDescription:
    """The number one label carries, as sent."""
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=key,
        labels=(label,),
        value_fn=number_value(label),
        **kwargs,
    )


def _max_power(key: str, label: str, **kwargs: Any) -> LinkyTicSensorEntityDescription:
    return _of_label(
        key,
        label,
        device_class=SensorDeviceClass.APPARENT_POWER,
        native_unit_of_measurement=UnitOfApparentPower.VOLT_AMPERE,
        **kwargs,
    )


def _subscription(
    key: str, label: str, device_class: SensorDeviceClass, unit: str
) -> LinkyTicSensorEntityDescription:
    return _of_label(
        key,
        label,
        device_class=device_class,
        native_unit_of_measurement=unit,
        entity_category=EntityCategory.DIAGNOSTIC,
    )


def _enum(
    key: str,
    options: Iterable[StrEnum],
    labels: tuple[str, ...],
    get: Callable[[Reading], StrEnum | None],
    **kwargs: Any,
) -> LinkyTicSensorEntityDescription:
    """One of ``options``, derived by the decoder (``get`` reads it)."""
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENUM,
        options=[option.value for option in options],
        labels=labels,
        value_fn=enum_value(get),
        **kwargs,
    )


_PHASES = (1, 2, 3)


def _voltages(
    key: str, label: str, *, average: bool = False
) -> tuple[LinkyTicSensorEntityDescription, ...]:
    """A single-phase meter's voltage, then each phase's of a three-phase one."""
    return (
        _voltage(
            key,
            f"{label}1",
            average=average,
            has_fn=sent_on(Mode.STANDARD, 1, f"{label}1"),
        ),
        *(
            _voltage(
                f"{key}_phase_{n}",
                f"{label}{n}",
                translation_key=f"{key}_phase",
                average=average,
                has_fn=sent_on(Mode.STANDARD, 3, f"{label}{n}"),
                group=EntityGroup.PER_PHASE,
                translation_placeholders={"phase": str(n)},
            )
            for n in _PHASES
        ),
    )


SENSORS: tuple[LinkyTicSensorEntityDescription, ...] = (
    # -- power ---------------------------------------------------------------
    _apparent_power("apparent_power", ("PAPP", "SINSTS")),
    *(
        _apparent_power(
            f"apparent_power_phase_{n}",
            (f"SINSTS{n}",),
            translation_key="apparent_power_phase",
            group=EntityGroup.PER_PHASE,
            translation_placeholders={"phase": str(n)},
        )
        for n in _PHASES
    ),
    _apparent_power("injected_apparent_power", ("SINSTI",)),
    # -- current and voltage ---------------------------------------------------
    _current(
        "current",
        ("IINST", "IRMS1"),
        has_fn=lambda s: s.phases == 1 and not s.labels.isdisjoint(("IINST", "IRMS1")),
    ),
    *(
        _current(
            f"current_phase_{n}",
            (f"IINST{n}", f"IRMS{n}"),
            translation_key="current_phase",
            has_fn=_phase_current_sent(n),
            group=EntityGroup.PER_PHASE,
            translation_placeholders={"phase": str(n)},
        )
        for n in _PHASES
    ),
    *_voltages("voltage", "URMS"),
    *_voltages("average_voltage", "UMOY", average=True),
    # -- subscription ------------------------------------------------------------
    _subscription(
        "subscribed_current",
        "ISOUSC",
        SensorDeviceClass.CURRENT,
        UnitOfElectricCurrent.AMPERE,
    ),
    _subscription(
        "reference_power",
        "PREF",
        SensorDeviceClass.APPARENT_POWER,
        UnitOfApparentPower.KILO_VOLT_AMPERE,
    ),
    _subscription(
        "cutoff_power",
        "PCOUP",
        SensorDeviceClass.APPARENT_POWER,
        UnitOfApparentPower.KILO_VOLT_AMPERE,
    ),
    # -- daily maxima ------------------------------------------------------------
    # In the long-term statistics: the subscription advisor reads each day's
    # maximum the meter itself measured (insight_statistics).
    _max_power("max_power_today", "SMAXSN", state_class=SensorStateClass.MEASUREMENT),
    _max_power("max_power_yesterday", "SMAXSN-1"),
    _max_power("max_injected_power_today", "SMAXIN"),
    _max_power("max_injected_power_yesterday", "SMAXIN-1"),
    _of_label(
        "max_active_power_today",
        "PMAX",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
    ),
    *ENERGY_SENSORS,
    # -- tariff ------------------------------------------------------------------------
    _enum(
        "tariff_period",
        TariffPeriod,
        ("PTEC", "NTARF", "STGE"),
        lambda r: r.period,
        has_fn=lambda s: s.period is not None,
    ),
    _enum("tariff_option", TariffOption, ("OPTARIF", "NGTF"), lambda r: r.option),
    _enum(
        "tempo_today",
        TempoColor,
        ("PTEC", "STGE"),
        lambda r: r.tempo_today,
        has_fn=_is_tempo,
    ),
    _enum(
        "tempo_tomorrow",
        TempoColor,
        ("DEMAIN", "STGE"),
        lambda r: r.tempo_tomorrow,
        has_fn=_is_tempo,
    ),
    LinkyTicSensorEntityDescription(
        key="supplier_calendar",
        translation_key="supplier_calendar",
        labels=("NGTF",),
        value_fn=text_value("NGTF"),
    ),
    LinkyTicSensorEntityDescription(
        key="supplier_period",
        translation_key="supplier_period",
        labels=("LTARF",),
        value_fn=text_value("LTARF"),
    ),
)

DERIVED_SENSORS: tuple[LinkyTicSensorEntityDescription, ...] = (
    LinkyTicSensorEntityDescription(
        key="active_power",
        translation_key="active_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        write_policy=WritePolicy.POWER,
        threshold=POWER_THRESHOLD,
        has_fn=lambda s: (
            s.mode is Mode.STANDARD or bool(index_periods(s.mode, s.option))
        ),
        value_fn=lambda _, c: (
            None if c.active_power_w is None else round(c.active_power_w, 1)
        ),
    ),
    LinkyTicSensorEntityDescription(
        key="tic_mode",
        translation_key="tic_mode",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in Mode],
        entity_category=EntityCategory.DIAGNOSTIC,
        group=EntityGroup.DIAGNOSTIC,
        value_fn=lambda r, _: r.mode.value,
    ),
    LinkyTicSensorEntityDescription(
        key="valid_frames",
        translation_key="valid_frames",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        group=EntityGroup.DIAGNOSTIC,
        write_policy=WritePolicy.INDEX,
        value_fn=lambda _, c: c.stats.valid_frames_percent,
    ),
    LinkyTicSensorEntityDescription(
        key="checksum_errors",
        translation_key="checksum_errors",
        native_unit_of_measurement="errors/h",
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        group=EntityGroup.DIAGNOSTIC,
        write_policy=WritePolicy.INDEX,
        value_fn=lambda _, c: c.checksum_errors_per_hour,
    ),
)


class LinkyTicSensor(LinkyTicEntity, SensorEntity):
    """A sensor of the meter."""

    entity_description: LinkyTicSensorEntityDescription

    def __init__(
        self,
        coordinator: LinkyTicCoordinator,
        description: LinkyTicSensorEntityDescription,
    ) -> None:
        """Create the sensor; a supplier index takes the name the user gave it."""
        super().__init__(coordinator, description)
        name = user_index_name(
            coordinator.entry.options, description.key, coordinator.data
        )
        if name is not None:
            self._attr_name = name

    def _value(self, reading: Reading) -> StateType:
        return self.entity_description.value_fn(reading, self.coordinator)


def _sensor(
    coordinator: LinkyTicCoordinator, description: LinkyTicSensorEntityDescription
) -> LinkyTicEntity:
    kind = TotalEnergySensor if description.key == TOTAL_KEY else LinkyTicSensor
    return kind(coordinator, description)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the meter's sensors (and those it starts sending later)."""
    migrate_historic_total(hass, entry)
    async_add_dynamic_entities(
        entry, async_add_entities, (*SENSORS, *DERIVED_SENSORS), _sensor
    )
    async_setup_cost_entities(entry, async_add_entities)
    async_setup_insight_entities(hass, entry, async_add_entities)
