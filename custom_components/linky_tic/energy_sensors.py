"""Energy sensors: the tariff's indexes, the totals, injection and reactive energy.

Indexes are ``total_increasing`` in Wh (shown in kWh) for the Energy dashboard,
written with the ``INDEX`` policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import UnitOfEnergy, UnitOfReactiveEnergy
from homeassistant.helpers.typing import StateType

from .const import ENERGY_KEYS, TOTAL_KEY, energy_key
from .coordinator import LinkyTicCoordinator
from .entity import Sent, WritePolicy
from .sensor_description import (
    HasFn,
    LinkyTicSensorEntityDescription,
    ValueFn,
    number_value,
)
from .tic.active_power import total_consumption_wh
from .tic.model import Mode, Reading, TariffOption, TariffPeriod
from .tic.registry import STANDARD_INDEX_PERIODS, index_periods, period_index


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


def _reactive_sent(number: int) -> HasFn:
    """ERQn: sent by producers (and created as soon as a meter sends it)."""
    label = f"ERQ{number}"

    def has(sent: Sent) -> bool:
        return sent.mode is Mode.STANDARD and (
            label in sent.labels or injection_sent(sent)
        )

    return has


def _energy_index(key: str, **kwargs: Any) -> LinkyTicSensorEntityDescription:
    """An energy index in Wh (shown in kWh), for the Energy dashboard (or as given)."""
    fields: dict[str, Any] = {
        "translation_key": key,
        "device_class": SensorDeviceClass.ENERGY,
        "native_unit_of_measurement": UnitOfEnergy.WATT_HOUR,
        "suggested_unit_of_measurement": UnitOfEnergy.KILO_WATT_HOUR,
    }
    return LinkyTicSensorEntityDescription(
        key=key,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=3,
        write_policy=WritePolicy.INDEX,
        **(fields | kwargs),
    )


def _energy(period: TariffPeriod) -> LinkyTicSensorEntityDescription:
    return _energy_index(
        energy_key(period),
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
        value_fn=number_value(label),
    )


def _total_sent(sent: Sent) -> bool:
    """Standard: EAST. Historic on several indexes: their sum.

    (A historic meter on one index has no total entity: that index is the total.)
    """
    return sent.mode is Mode.STANDARD or len(index_periods(sent.mode, sent.option)) > 1


def _total(reading: Reading, _: LinkyTicCoordinator | None = None) -> int | None:
    """EAST, or the sum of the historic option's indexes (None unless all are sent)."""
    return total_consumption_wh(reading, None)


def injection_sent(sent: Sent) -> bool:
    """A producer: the meter sends (or will send) injection."""
    return sent.mode is Mode.STANDARD and (
        "EAIT" in sent.labels
        or "SINSTI" in sent.labels
        or sent.option is TariffOption.PRODUCER
        or bool(sent.status and sent.status.producer)
    )


ENERGY_SENSORS: tuple[LinkyTicSensorEntityDescription, ...] = (
    *(_energy(period) for period in ENERGY_KEYS.values()),
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
    _energy_index(  # one entity in both modes: see total_sensor.py
        TOTAL_KEY,
        present_fn=lambda r: _total(r) is not None,
        has_fn=_total_sent,
        value_fn=_total,
    ),
    _index("energy_injected", "EAIT", has_fn=injection_sent),
    *(
        _energy_index(
            f"reactive_energy_q{n}",
            device_class=SensorDeviceClass.REACTIVE_ENERGY,
            native_unit_of_measurement=UnitOfReactiveEnergy.VOLT_AMPERE_REACTIVE_HOUR,
            suggested_unit_of_measurement=UnitOfReactiveEnergy.KILO_VOLT_AMPERE_REACTIVE_HOUR,
            labels=(f"ERQ{n}",),
            has_fn=_reactive_sent(n),
            value_fn=number_value(f"ERQ{n}"),
        )
        for n in range(1, 5)
    ),
)
