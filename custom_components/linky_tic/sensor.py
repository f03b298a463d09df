"""Sensors: power, current, voltage, energy indexes, tariff state, link quality.

Declarative tables of descriptions; an entity exists only for what this meter
sends (``has_fn``), and per-phase and diagnostic entities only when the
entry's options ask for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfApparentPower,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfReactiveEnergy,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .cost_sensor import async_setup_cost_entities
from .entity import (
    EntityGroup,
    LinkyTicEntity,
    LinkyTicEntityDescription,
    Sent,
    WritePolicy,
    async_add_dynamic_entities,
)
from .tic.active_power import total_consumption_wh
from .tic.model import Mode, Reading, TariffOption, TariffPeriod, TempoColor
from .tic.registry import STANDARD_INDEX_PERIODS, index_periods, period_index

PARALLEL_UPDATES = 0

#: A power change larger than this is written at once (VA or W).
POWER_THRESHOLD = 250.0
CURRENT_THRESHOLD = 2.0
VOLTAGE_THRESHOLD = 5.0


@dataclass(frozen=True, kw_only=True)
class LinkyTicSensorEntityDescription(
    LinkyTicEntityDescription, SensorEntityDescription
):
    """A sensor of the meter: ``value_fn`` reads it from the coordinator's reading."""

    value_fn: Callable[[Reading, LinkyTicCoordinator], StateType]


type ValueFn = Callable[[Reading, LinkyTicCoordinator], StateType]


def _number(label: str) -> ValueFn:
    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        number = reading.values.get(label)
        return number if isinstance(number, int) else None

    return value


def _text(label: str) -> ValueFn:
    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        text = reading.values.get(label)
        return text if isinstance(text, str) else None

    return value


def _first_number(*labels: str) -> ValueFn:
    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        for label in labels:
            number = reading.values.get(label)
            if isinstance(number, int):
                return number
        return None

    return value


type HasFn = Callable[[Sent], bool]


def _sent_on(mode: Mode, phases: int, *labels: str) -> HasFn:
    def has(sent: Sent) -> bool:
        return (
            sent.mode is mode
            and sent.phases == phases
            and not sent.labels.isdisjoint(labels)
        )

    return has


def _period_value(period: TariffPeriod) -> ValueFn:
    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        label = period_index(reading.mode, reading.option, period)
        number = reading.values.get(label) if label else None
        return number if isinstance(number, int) else None

    return value


def _period_present(period: TariffPeriod) -> Callable[[Reading], bool]:
    def present(reading: Reading) -> bool:
        label = period_index(reading.mode, reading.option, period)
        return label is not None and label in reading.values

    return present


def _period_sent(period: TariffPeriod) -> HasFn:
    def has(sent: Sent) -> bool:
        return period_index(sent.mode, sent.option, period) is not None

    return has


def _unnamed_supplier_index(number: int) -> HasFn:
    """EASFnn of a calendar we cannot name: created once it counts."""
    label = f"EASF{number:02d}"

    def has(sent: Sent) -> bool:
        if sent.mode is not Mode.STANDARD or sent.option is None:
            return False
        if sent.option in STANDARD_INDEX_PERIODS:
            return False
        return label in sent.counting

    return has


def _enum_value[T](get: Callable[[Reading], T | None]) -> ValueFn:
    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        result = get(reading)
        return None if result is None else str(result)

    return value


def _phase_current_sent(phase: int) -> HasFn:
    labels = (f"IINST{phase}", f"IRMS{phase}")

    def has(sent: Sent) -> bool:
        return sent.phases == 3 and not sent.labels.isdisjoint(labels)

    return has


def _reactive_sent(number: int) -> HasFn:
    """ERQn: sent by producers (and created as soon as a meter sends it)."""
    label = f"ERQ{number}"

    def has(sent: Sent) -> bool:
        return sent.mode is Mode.STANDARD and (
            label in sent.labels or _injection_sent(sent)
        )

    return has


def _is_tempo(sent: Sent) -> bool:
    return sent.option is TariffOption.TEMPO


def _energy_index(key: str, **kwargs: Any) -> LinkyTicSensorEntityDescription:
    """An energy index in Wh (shown in kWh), for the Energy dashboard."""
    kwargs.setdefault("translation_key", key)
    return LinkyTicSensorEntityDescription(
        key=key,
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        suggested_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        write_policy=WritePolicy.INDEX,
        **kwargs,
    )


def _energy(period: TariffPeriod) -> LinkyTicSensorEntityDescription:
    return _energy_index(
        f"energy_{period.value}",
        present_fn=_period_present(period),
        has_fn=_period_sent(period),
        value_fn=_period_value(period),
    )


def _index(
    key: str,
    label: str,
    *,
    has_fn: HasFn | None = None,
    translation_key: str | None = None,
    translation_placeholders: dict[str, str] | None = None,
) -> LinkyTicSensorEntityDescription:
    return _energy_index(
        key,
        translation_key=translation_key or key,
        translation_placeholders=translation_placeholders,
        labels=(label,),
        has_fn=has_fn,
        value_fn=_number(label),
    )


def _historic_total_sent(sent: Sent) -> bool:
    """A historic option counting on several indexes: their sum is the total (EAST)."""
    return sent.mode is Mode.HISTORIC and len(index_periods(sent.mode, sent.option)) > 1


def _historic_total(
    reading: Reading, _: LinkyTicCoordinator | None = None
) -> int | None:
    """The sum of the option's indexes; None unless every one is in the frame."""
    if reading.mode is not Mode.HISTORIC:
        return None
    return total_consumption_wh(reading, None)


def _injection_sent(sent: Sent) -> bool:
    return sent.mode is Mode.STANDARD and (
        "EAIT" in sent.labels
        or "SINSTI" in sent.labels
        or sent.option is TariffOption.PRODUCER
        or bool(sent.status and sent.status.producer)
    )


def _apparent_power(
    key: str,
    labels: tuple[str, ...],
    *,
    translation_key: str | None = None,
    **kwargs: Any,
) -> LinkyTicSensorEntityDescription:
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        device_class=SensorDeviceClass.APPARENT_POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfApparentPower.VOLT_AMPERE,
        write_policy=WritePolicy.POWER,
        threshold=POWER_THRESHOLD,
        labels=labels,
        value_fn=_first_number(*labels),
        **kwargs,
    )


def _current(
    key: str,
    labels: tuple[str, ...],
    *,
    translation_key: str | None = None,
    **kwargs: Any,
) -> LinkyTicSensorEntityDescription:
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        write_policy=WritePolicy.POWER,
        threshold=CURRENT_THRESHOLD,
        labels=labels,
        value_fn=_first_number(*labels),
        **kwargs,
    )


def _voltage(
    key: str,
    label: str,
    *,
    average: bool = False,
    translation_key: str | None = None,
    **kwargs: Any,
) -> LinkyTicSensorEntityDescription:
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=translation_key or key,
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        write_policy=WritePolicy.AT_ONCE_ON_CHANGE if average else WritePolicy.POWER,
        threshold=VOLTAGE_THRESHOLD,
        labels=(label,),
        value_fn=_number(label),
        **kwargs,
    )


def _max_power(key: str, label: str) -> LinkyTicSensorEntityDescription:
    return LinkyTicSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.APPARENT_POWER,
        native_unit_of_measurement=UnitOfApparentPower.VOLT_AMPERE,
        labels=(label,),
        value_fn=_number(label),
    )


_PHASES = (1, 2, 3)

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
    _voltage("voltage", "URMS1", has_fn=_sent_on(Mode.STANDARD, 1, "URMS1")),
    *(
        _voltage(
            f"voltage_phase_{n}",
            f"URMS{n}",
            translation_key="voltage_phase",
            has_fn=_sent_on(Mode.STANDARD, 3, f"URMS{n}"),
            group=EntityGroup.PER_PHASE,
            translation_placeholders={"phase": str(n)},
        )
        for n in _PHASES
    ),
    _voltage(
        "average_voltage",
        "UMOY1",
        average=True,
        has_fn=_sent_on(Mode.STANDARD, 1, "UMOY1"),
    ),
    *(
        _voltage(
            f"average_voltage_phase_{n}",
            f"UMOY{n}",
            translation_key="average_voltage_phase",
            average=True,
            has_fn=_sent_on(Mode.STANDARD, 3, f"UMOY{n}"),
            group=EntityGroup.PER_PHASE,
            translation_placeholders={"phase": str(n)},
        )
        for n in _PHASES
    ),
    # -- subscription ------------------------------------------------------------
    LinkyTicSensorEntityDescription(
        key="subscribed_current",
        translation_key="subscribed_current",
        device_class=SensorDeviceClass.CURRENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        entity_category=EntityCategory.DIAGNOSTIC,
        labels=("ISOUSC",),
        value_fn=_number("ISOUSC"),
    ),
    LinkyTicSensorEntityDescription(
        key="reference_power",
        translation_key="reference_power",
        device_class=SensorDeviceClass.APPARENT_POWER,
        native_unit_of_measurement=UnitOfApparentPower.KILO_VOLT_AMPERE,
        entity_category=EntityCategory.DIAGNOSTIC,
        labels=("PREF",),
        value_fn=_number("PREF"),
    ),
    LinkyTicSensorEntityDescription(
        key="cutoff_power",
        translation_key="cutoff_power",
        device_class=SensorDeviceClass.APPARENT_POWER,
        native_unit_of_measurement=UnitOfApparentPower.KILO_VOLT_AMPERE,
        entity_category=EntityCategory.DIAGNOSTIC,
        labels=("PCOUP",),
        value_fn=_number("PCOUP"),
    ),
    # -- daily maxima ------------------------------------------------------------
    _max_power("max_power_today", "SMAXSN"),
    _max_power("max_power_yesterday", "SMAXSN-1"),
    _max_power("max_injected_power_today", "SMAXIN"),
    _max_power("max_injected_power_yesterday", "SMAXIN-1"),
    LinkyTicSensorEntityDescription(
        key="max_active_power_today",
        translation_key="max_active_power_today",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        labels=("PMAX",),
        value_fn=_number("PMAX"),
    ),
    # -- energy --------------------------------------------------------------------
    *(_energy(period) for period in TariffPeriod if period is not TariffPeriod.OTHER),
    *(
        _index(
            f"energy_supplier_{n:02d}",
            f"EASF{n:02d}",
            has_fn=_unnamed_supplier_index(n),
            translation_placeholders={"index": f"{n:02d}"},
            translation_key="energy_supplier",
        )
        for n in range(1, 11)
    ),
    _index("energy_total", "EAST", has_fn=lambda s: s.mode is Mode.STANDARD),
    _energy_index(
        "energy_total_historic",  # EAST also counts past options: not its entity
        translation_key="energy_total",
        present_fn=lambda r: _historic_total(r) is not None,
        has_fn=_historic_total_sent,
        value_fn=_historic_total,
    ),
    _index("energy_injected", "EAIT", has_fn=_injection_sent),
    *(
        LinkyTicSensorEntityDescription(
            key=f"reactive_energy_q{n}",
            translation_key=f"reactive_energy_q{n}",
            device_class=SensorDeviceClass.REACTIVE_ENERGY,
            state_class=SensorStateClass.TOTAL_INCREASING,
            native_unit_of_measurement=UnitOfReactiveEnergy.VOLT_AMPERE_REACTIVE_HOUR,
            suggested_unit_of_measurement=UnitOfReactiveEnergy.KILO_VOLT_AMPERE_REACTIVE_HOUR,
            suggested_display_precision=3,
            write_policy=WritePolicy.INDEX,
            labels=(f"ERQ{n}",),
            has_fn=_reactive_sent(n),
            value_fn=_number(f"ERQ{n}"),
        )
        for n in range(1, 5)
    ),
    # -- tariff ------------------------------------------------------------------------
    LinkyTicSensorEntityDescription(
        key="tariff_period",
        translation_key="tariff_period",
        device_class=SensorDeviceClass.ENUM,
        options=[period.value for period in TariffPeriod],
        labels=("PTEC", "NTARF", "STGE"),
        has_fn=lambda s: s.period is not None,
        value_fn=_enum_value(lambda r: r.period),
    ),
    LinkyTicSensorEntityDescription(
        key="tariff_option",
        translation_key="tariff_option",
        device_class=SensorDeviceClass.ENUM,
        options=[option.value for option in TariffOption],
        labels=("OPTARIF", "NGTF"),
        value_fn=_enum_value(lambda r: r.option),
    ),
    LinkyTicSensorEntityDescription(
        key="tempo_today",
        translation_key="tempo_today",
        device_class=SensorDeviceClass.ENUM,
        options=[color.value for color in TempoColor],
        labels=("PTEC", "STGE"),
        has_fn=_is_tempo,
        value_fn=_enum_value(lambda r: r.tempo_today),
    ),
    LinkyTicSensorEntityDescription(
        key="tempo_tomorrow",
        translation_key="tempo_tomorrow",
        device_class=SensorDeviceClass.ENUM,
        options=[color.value for color in TempoColor],
        labels=("DEMAIN", "STGE"),
        has_fn=_is_tempo,
        value_fn=_enum_value(lambda r: r.tempo_tomorrow),
    ),
    LinkyTicSensorEntityDescription(
        key="supplier_calendar",
        translation_key="supplier_calendar",
        labels=("NGTF",),
        value_fn=_text("NGTF"),
    ),
    LinkyTicSensorEntityDescription(
        key="supplier_period",
        translation_key="supplier_period",
        labels=("LTARF",),
        value_fn=_text("LTARF"),
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

    def _value(self, reading: Reading) -> StateType:
        return self.entity_description.value_fn(reading, self.coordinator)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the meter's sensors (and those it starts sending later)."""
    async_add_dynamic_entities(
        hass, entry, async_add_entities, (*SENSORS, *DERIVED_SENSORS), LinkyTicSensor
    )
    async_setup_cost_entities(hass, entry, async_add_entities)
