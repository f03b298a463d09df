"""Price and cost sensors: the current price, the cost today and in total.

They exist only when prices are set in the entry's options:

- **Current price** (EUR/kWh): the price of the tariff period the meter counts
  in now; usable as the Energy dashboard's "entity with current price";
- **Cost today** and **Cost total** (EUR, ``monetary``, ``total``): the
  energy of each index between two accepted values, at the price of the
  index's period (``cost.CostAccumulator``). "Cost today" starts again at
  local midnight (Home Assistant's time zone) and says so in ``last_reset``.

The "every period" price (option ``price_other``) applies to every period
without a price of its own; on a standard meter whose supplier calendar we
cannot name, the costs count the total index (EAST) at that price.

Both costs survive a restart or a reload (an options change): the exact
amount and the last value of each index are stored with the state, so the
energy counted while Home Assistant was stopped is brought by the first
accepted value after the start, once. Only values the decoder accepted
reach them; an index missing from a frame keeps its baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorExtraStoredData,
    SensorStateClass,
)
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .cost import CostAccumulator, prices_from_options
from .entity import (
    LinkyTicEntity,
    LinkyTicEntityDescription,
    Sent,
    WritePolicy,
    async_add_dynamic_entities,
)
from .tic.model import Mode, Reading, TariffOption, TariffPeriod
from .tic.registry import index_periods

#: ISO 4217 code, as the ``monetary`` device class wants it.
CURRENCY = "EUR"
#: The Energy dashboard accepts a price entity whose unit ends with "/kWh".
PRICE_UNIT = f"{CURRENCY}/kWh"
#: Decimals kept in a cost state (a hundredth of a cent).
COST_DECIMALS = 4
#: The price sensor's attribute with every period's price (the card's cost per period).
ATTR_PRICES = "prices"


def local_now() -> datetime:
    """The wall clock in Home Assistant's time zone (tests drive it)."""
    return dt_util.now()


@dataclass(frozen=True, kw_only=True)
class LinkyTicCostSensorEntityDescription(
    LinkyTicEntityDescription, SensorEntityDescription
):
    """A price or a cost sensor; ``daily`` costs start again at midnight."""

    daily: bool = False


def effective_prices(options: Mapping[str, Any]) -> dict[TariffPeriod, float]:
    """The options' prices; the "every period" price (``other``) fills the gaps."""
    prices = prices_from_options(options)
    every = prices.get(TariffPeriod.OTHER)
    if every is not None:
        for period in TariffPeriod:
            prices.setdefault(period, every)
    return prices


def priced_indexes(mode: Mode, option: TariffOption | None) -> dict[str, TariffPeriod]:
    """The indexes a cost counts, with their periods.

    The tariff's own indexes; a standard meter whose calendar we cannot name
    counts its total (EAST) at the "every period" price.
    """
    labels = index_periods(mode, option)
    if not labels and mode is Mode.STANDARD:
        labels = {"EAST": TariffPeriod.OTHER}
    return labels


def _has_priced_indexes(sent: Sent) -> bool:
    return bool(priced_indexes(sent.mode, sent.option))


PRICE_SENSOR = LinkyTicCostSensorEntityDescription(
    key="current_price",
    translation_key="current_price",
    native_unit_of_measurement=PRICE_UNIT,
    suggested_display_precision=4,
    present_fn=lambda r: r.period is not None,
    has_fn=lambda s: s.period is not None,
)


def _cost(key: str, *, daily: bool = False) -> LinkyTicCostSensorEntityDescription:
    return LinkyTicCostSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=CURRENCY,
        suggested_display_precision=2,
        write_policy=WritePolicy.INDEX,
        has_fn=_has_priced_indexes,
        daily=daily,
    )


COST_SENSORS: tuple[LinkyTicCostSensorEntityDescription, ...] = (
    _cost("cost_today", daily=True),
    _cost("cost_total"),
)


class LinkyTicPriceSensor(LinkyTicEntity, SensorEntity):
    """The price of the period the meter counts in now (unknown if it has none)."""

    entity_description: LinkyTicCostSensorEntityDescription

    def __init__(
        self,
        coordinator: LinkyTicCoordinator,
        description: LinkyTicCostSensorEntityDescription,
    ) -> None:
        """Take the prices of the entry's options; publish them all (they never change)."""
        self._prices = effective_prices(coordinator.options)
        self._attr_extra_state_attributes = {
            ATTR_PRICES: {period.value: price for period, price in self._prices.items()}
        }
        super().__init__(coordinator, description)

    def _value(self, reading: Reading) -> float | None:
        period: TariffPeriod | None = reading.period
        return None if period is None else self._prices.get(period)


@dataclass
class CostExtraStoredData(SensorExtraStoredData):
    """What a cost sensor needs after a restart, besides its state."""

    euros: float = 0.0  # exact, not rounded like the state
    baselines: dict[str, int] | None = None  # last accepted value of each index
    saved_at: datetime | None = None  # when (wall clock): bounds the gap
    last_reset: datetime | None = None  # daily sensors: the day it counts

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {
            **super().as_dict(),
            "euros": self.euros,
            "baselines": dict(self.baselines or {}),
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "last_reset": self.last_reset.isoformat() if self.last_reset else None,
        }

    @classmethod
    def from_dict(cls, restored: dict[str, Any]) -> Self | None:
        """Read what ``as_dict`` wrote; None when it is not usable."""
        sensor = SensorExtraStoredData.from_dict(restored)
        if sensor is None:
            return None
        try:
            euros = float(restored["euros"])
            baselines = {
                str(label): int(value)
                for label, value in dict(restored.get("baselines") or {}).items()
            }
            saved_at = _parse_time(restored.get("saved_at"))
            last_reset = _parse_time(restored.get("last_reset"))
        except KeyError, TypeError, ValueError:
            return None
        return cls(
            sensor.native_value,
            sensor.native_unit_of_measurement,
            euros,
            baselines,
            saved_at,
            last_reset,
        )


def _parse_time(text: Any) -> datetime | None:
    if text is None:
        return None
    parsed = dt_util.parse_datetime(str(text))
    if parsed is None:
        raise ValueError(f"not a time: {text!r}")
    return parsed


class LinkyTicCostSensor(LinkyTicEntity, RestoreSensor):
    """Euros spent on the energy the indexes counted (today, or in total)."""

    entity_description: LinkyTicCostSensorEntityDescription

    def __init__(
        self,
        coordinator: LinkyTicCoordinator,
        description: LinkyTicCostSensorEntityDescription,
    ) -> None:
        """Start empty; the stored state is taken when added to Home Assistant."""
        self._cost = CostAccumulator(effective_prices(coordinator.options))
        self._fed: Reading | None = None
        self._started = False  # nothing is counted before the restore
        self._attr_last_reset = (
            dt_util.start_of_local_day(local_now()) if description.daily else None
        )
        super().__init__(coordinator, description)

    async def async_added_to_hass(self) -> None:
        """Restore the stored cost and baselines, then count from the current reading."""
        await super().async_added_to_hass()
        await self._restore()
        if self.entity_description.daily:
            self.async_on_remove(
                async_track_time_change(
                    self.hass, self._on_midnight, hour=0, minute=0, second=0
                )
            )
        self._started = True
        _, value = self._read()
        self._store(value, self.coordinator.now())

    async def _restore(self) -> None:
        extra = await self.async_get_last_extra_data()
        stored = CostExtraStoredData.from_dict(extra.as_dict()) if extra else None
        if stored is None:
            return
        if stored.baselines:
            saved_at = stored.saved_at or local_now()  # unknown: as if just now
            gap = max(0.0, (local_now() - saved_at).total_seconds())
            self._cost.restore_baselines(stored.baselines, self.coordinator.now() - gap)
        if self.entity_description.daily and (
            stored.last_reset is None or stored.last_reset < self._today()
        ):
            return  # counted on another day: today starts at 0
        self._cost.reset(stored.euros)

    @property
    def extra_restore_state_data(self) -> CostExtraStoredData:
        """The exact cost, the baselines and when they were taken."""
        return CostExtraStoredData(
            self.native_value,
            self.native_unit_of_measurement,
            self._cost.euros,
            self._cost.baselines,
            local_now(),
            self._attr_last_reset,
        )

    @staticmethod
    def _today(now: datetime | None = None) -> datetime:
        return dt_util.start_of_local_day(dt_util.as_local(now or local_now()))

    def _read(self) -> tuple[bool, Any]:
        if not self._started:
            return False, None
        self._new_day_check()
        self._feed()
        return True, round(self._cost.euros, COST_DECIMALS)

    def _new_day_check(self, now: datetime | None = None) -> None:
        """Daily sensors: start again from 0 when the day changed."""
        last_reset = self._attr_last_reset
        if last_reset is None:
            return  # not a daily sensor
        today = self._today(now)
        if last_reset < today:
            self._cost.reset()
            self._attr_last_reset = today

    def _feed(self) -> None:
        """Count the indexes of a reading not seen yet."""
        reading = self.coordinator.data
        if reading is None or reading is self._fed:
            return
        self._fed = reading
        bound = self.coordinator.index_bound(reading)
        option = reading.option or self.coordinator.tariff
        for label, period in priced_indexes(reading.mode, option).items():
            value = reading.values.get(label)
            if isinstance(value, int):
                self._cost.add(label, period, value, reading.received_at, bound)

    @callback
    def _on_midnight(self, now: datetime) -> None:
        """Today's cost starts again at 0, written at once."""
        self._new_day_check(now)
        self._store(round(self._cost.euros, COST_DECIMALS), self.coordinator.now())
        self.async_write_ha_state()


def async_setup_cost_entities(
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the price and cost sensors when the options set prices."""
    if not prices_from_options(entry.options):
        return
    async_add_dynamic_entities(
        entry, async_add_entities, (PRICE_SENSOR,), LinkyTicPriceSensor
    )
    async_add_dynamic_entities(
        entry, async_add_entities, COST_SENSORS, LinkyTicCostSensor
    )
