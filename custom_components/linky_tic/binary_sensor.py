"""Binary sensors: overload, breaker, off-peak hours, Tempo and EJP notices, status bits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import LinkyTicConfigEntry
from .entity import (
    LinkyTicEntity,
    LinkyTicEntityDescription,
    Sent,
    async_add_dynamic_entities,
)
from .tic.model import Mode, Reading, TariffOption, TempoColor

PARALLEL_UPDATES = 0

#: Labels of a historic frame that tell "no overload" by the absence of ADPS/ADIRn.
_HISTORIC_LOAD_LABELS = ("IINST", "IINST1", "ADPS", "ADIR1", "ADIR2", "ADIR3")


@dataclass(frozen=True, kw_only=True)
class LinkyTicBinarySensorEntityDescription(
    LinkyTicEntityDescription, BinarySensorEntityDescription
):
    """A binary sensor made of a reading's values."""

    is_on_fn: Callable[[Reading], bool | None]


def _standard(sent: Sent) -> bool:
    return sent.mode is Mode.STANDARD


def _status_bit(
    key: str, device_class: BinarySensorDeviceClass, **kwargs: Any
) -> LinkyTicBinarySensorEntityDescription:
    """A standard meter's STGE status flag of the same name."""
    return LinkyTicBinarySensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        labels=("STGE",),
        has_fn=_standard,
        is_on_fn=lambda r: getattr(r.status, key) if r.status else None,
        **kwargs,
    )


def _mobile_peaks_sent(sent: Sent) -> bool:
    """EJP option, or a standard meter that has announced a mobile peak."""
    status = sent.status
    return sent.option is TariffOption.EJP or bool(
        status and (status.mobile_peak_notice or status.mobile_peak_active)
    )


BINARY_SENSORS: tuple[LinkyTicBinarySensorEntityDescription, ...] = (
    LinkyTicBinarySensorEntityDescription(
        key="overload",
        translation_key="overload",
        device_class=BinarySensorDeviceClass.PROBLEM,
        labels=(*_HISTORIC_LOAD_LABELS, "STGE"),
        is_on_fn=lambda r: r.overload,
    ),
    _status_bit("breaker_open", BinarySensorDeviceClass.PROBLEM),
    LinkyTicBinarySensorEntityDescription(
        key="off_peak",
        translation_key="off_peak",
        labels=("PTEC", "NTARF", "STGE"),
        has_fn=lambda s: s.off_peak is not None,
        is_on_fn=lambda r: r.off_peak,
    ),
    LinkyTicBinarySensorEntityDescription(
        key="tempo_red_tomorrow",
        translation_key="tempo_red_tomorrow",
        labels=("DEMAIN", "STGE"),
        has_fn=lambda s: s.option is TariffOption.TEMPO,
        is_on_fn=lambda r: r.tempo_tomorrow is TempoColor.RED,
    ),
    _status_bit(
        "cover_open",
        BinarySensorDeviceClass.TAMPER,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    _status_bit("overvoltage", BinarySensorDeviceClass.PROBLEM),
    *(
        LinkyTicBinarySensorEntityDescription(
            key=key,
            translation_key=key,
            labels=("PTEC", "STGE"),
            has_fn=_mobile_peaks_sent,
            is_on_fn=is_on,
        )
        for key, is_on in (
            ("mobile_peak_notice", lambda r: r.ejp_notice),
            ("mobile_peak_active", lambda r: r.ejp_active),
        )
    ),
)


class LinkyTicBinarySensor(LinkyTicEntity, BinarySensorEntity):
    """A binary sensor of the meter."""

    entity_description: LinkyTicBinarySensorEntityDescription

    def _value(self, reading: Reading) -> bool | None:
        return self.entity_description.is_on_fn(reading)

    def _apply(self, value: Any) -> None:
        self._attr_is_on = value


async def async_setup_entry(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the meter's binary sensors."""
    async_add_dynamic_entities(
        entry, async_add_entities, BINARY_SENSORS, LinkyTicBinarySensor
    )
