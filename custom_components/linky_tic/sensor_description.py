"""The sensor description: what every sensor of the meter says and reads.

One description type for the meter's sensors: ``value_fn`` reads the state
from the reading (or from the coordinator, for what it derives), ``has_fn``
says from ``Sent`` whether this meter has the value at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import SensorEntityDescription
from homeassistant.helpers.typing import StateType

from .coordinator import LinkyTicCoordinator
from .entity import LinkyTicEntityDescription, Sent
from .tic.model import Mode, Reading


@dataclass(frozen=True, kw_only=True)
class LinkyTicSensorEntityDescription(
    LinkyTicEntityDescription, SensorEntityDescription
):
    """A sensor of the meter: ``value_fn`` reads it from the coordinator's reading."""

    value_fn: Callable[[Reading, LinkyTicCoordinator], StateType]


type ValueFn = Callable[[Reading, LinkyTicCoordinator], StateType]


def number_value(label: str) -> ValueFn:
    """The label's number."""

    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        number = reading.values.get(label)
        return number if isinstance(number, int) else None

    return value


def text_value(label: str) -> ValueFn:
    """The label's text."""

    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        text = reading.values.get(label)
        return text if isinstance(text, str) else None

    return value


def first_number_value(*labels: str) -> ValueFn:
    """The first of ``labels`` the reading carries, as a number."""

    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        for label in labels:
            number = reading.values.get(label)
            if isinstance(number, int):
                return number
        return None

    return value


def enum_value[T](get: Callable[[Reading], T | None]) -> ValueFn:
    """An enum field of the reading, as its value."""

    def value(reading: Reading, _: LinkyTicCoordinator) -> StateType:
        result = get(reading)
        return None if result is None else str(result)

    return value


type HasFn = Callable[[Sent], bool]


def sent_on(mode: Mode, phases: int, *labels: str) -> HasFn:
    """Sent by a meter of ``mode`` and ``phases`` that sends one of ``labels``."""

    def has(sent: Sent) -> bool:
        return (
            sent.mode is mode
            and sent.phases == phases
            and not sent.labels.isdisjoint(labels)
        )

    return has
