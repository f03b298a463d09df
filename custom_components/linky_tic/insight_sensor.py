"""Insight sensors: best tariff, off-peak share, subscription, always-on power, days left.

Their values come from ``InsightsCoordinator`` (hourly, from the long-term
statistics); each says how much history it has and needs
(``history_days``/``needed_days``) and stays unknown below that.
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
from homeassistant.const import PERCENTAGE, UnitOfApparentPower, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import CONF_TARIFF
from .coordinator import LinkyTicConfigEntry
from .entity import device_info
from .insight_figures import NEEDED_DAYS, InsightsData
from .insight_prices import PRICE_TABLE_DATE, PRICE_TABLE_SOURCE
from .insight_season import DaysLeft
from .insight_tariffs import Comparison
from .insights_coordinator import (
    InsightsCoordinator,
    async_get_insights,
    async_when_meter_heard,
)
from .tic.model import TariffOption

COMPARED = [TariffOption.BASE, TariffOption.OFF_PEAK, TariffOption.TEMPO]


@dataclass(frozen=True, kw_only=True)
class InsightSensorEntityDescription(SensorEntityDescription):
    """An insight: its value and attributes from the insights' data."""

    value_fn: Callable[[InsightsData], StateType]
    attrs_fn: Callable[[InsightsData], dict[str, Any]] = lambda data: {}
    #: Which entries have it (by the entry's tariff).
    tariff_fn: Callable[[TariffOption | None], bool] = lambda tariff: True
    needs_history: bool = True


def _eur(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _comparison(data: InsightsData) -> Comparison | None:
    return data.year or data.month


def _costs(prefix: str, comparison: Comparison | None) -> dict[str, Any]:
    if comparison is None:
        return {}
    return {
        f"{prefix}_{tariff.value}": _eur(cost.total_eur)
        for tariff, cost in comparison.costs.items()
    }


def _best_attrs(data: InsightsData) -> dict[str, Any]:
    month = data.month
    attrs: dict[str, Any] = {
        "current_tariff": data.current.value if data.current else None,
        "subscribed_power_kva": data.kva,
        "yearly_saving": _eur(data.yearly_saving),
        "prices": f"{PRICE_TABLE_SOURCE}, {PRICE_TABLE_DATE}",
    }
    if month is not None:
        attrs["days"] = round(month.days, 1)
        attrs["energy_kwh"] = round(month.energy_kwh, 3)
        attrs.update(_costs("cost_30_days", month))
        tempo = month.costs.get(TariffOption.TEMPO)
        if tempo is not None:
            attrs["tempo_colors"] = tempo.source.value
        attrs["off_peak_hours"] = month.off_peak_source.value
    attrs.update(_costs("cost_365_days", data.year))
    if data.price_table_error:
        attrs["price_table_error"] = data.price_table_error
    return attrs


def _share_attrs(data: InsightsData) -> dict[str, Any]:
    month = data.month
    if month is None:
        return {}
    return {
        "break_even_share": (
            None if month.break_even_share is None else round(month.break_even_share, 1)
        ),
        "off_peak_hours": month.off_peak_source.value,
        "off_peak_hours_list": [f"{h:02d}:00" for h in month.off_peak_hours],
        "days": round(month.days, 1),
    }


def _advice_attrs(data: InsightsData) -> dict[str, Any]:
    advice = data.advice
    if advice is None:
        return {"subscribed_power_kva": data.kva}
    return {
        "subscribed_power_kva": advice.current_kva,
        "max_daily_power_va": round(advice.max_va),
        "days": advice.days,
        "days_over_subscription": advice.over_days,
        "yearly_saving": _eur(advice.yearly_saving),
        "daily_max_source": source.value if (source := data.daily_max_source) else None,
        "days_from_smaxsn": data.advice_meter_days,
    }


def _baseline_attrs(data: InsightsData) -> dict[str, Any]:
    base = data.baseline
    if base is None:
        return {}
    return {
        "yearly_energy_kwh": round(base.yearly_kwh, 1),
        "yearly_cost": _eur(base.yearly_eur),
        "night_hours": base.nights,
    }


def _left_attrs(
    get: Callable[[InsightsData], DaysLeft | None],
) -> Callable[[InsightsData], dict[str, Any]]:
    def attrs(data: InsightsData) -> dict[str, Any]:
        left = get(data)
        if left is None:
            return {}
        return {
            "seen": left.seen,
            "season_total": left.total,
            "season_start": left.season_start.isoformat(),
            "counted_from": (
                left.counted_from.isoformat() if left.counted_from else None
            ),
        }

    return attrs


def _left_value(
    get: Callable[[InsightsData], DaysLeft | None],
) -> Callable[[InsightsData], StateType]:
    def value(data: InsightsData) -> StateType:
        left = get(data)
        return None if left is None else left.left

    return value


def _days_left(
    key: str, get: Callable[[InsightsData], DaysLeft | None], tariff: TariffOption
) -> InsightSensorEntityDescription:
    """Special days left in the season: from the days seen, without a week's wait."""
    return InsightSensorEntityDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement="d",
        value_fn=_left_value(get),
        attrs_fn=_left_attrs(get),
        tariff_fn=lambda entry_tariff: entry_tariff is tariff,
        needs_history=False,
    )


INSIGHT_SENSORS: tuple[InsightSensorEntityDescription, ...] = (
    InsightSensorEntityDescription(
        key="best_tariff",
        translation_key="best_tariff",
        device_class=SensorDeviceClass.ENUM,
        options=[tariff.value for tariff in COMPARED],
        value_fn=lambda d: c.best.value if (c := _comparison(d)) else None,
        attrs_fn=_best_attrs,
    ),
    InsightSensorEntityDescription(
        key="off_peak_share",
        translation_key="off_peak_share",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
        value_fn=lambda d: (
            round(d.month.off_peak_share, 1)
            if d.month and d.month.off_peak_share is not None
            else None
        ),
        attrs_fn=_share_attrs,
    ),
    InsightSensorEntityDescription(
        key="subscription_advice",
        translation_key="subscription_advice",
        device_class=SensorDeviceClass.APPARENT_POWER,
        native_unit_of_measurement=UnitOfApparentPower.KILO_VOLT_AMPERE,
        value_fn=lambda d: d.advice.recommended_kva if d.advice else None,
        attrs_fn=_advice_attrs,
    ),
    InsightSensorEntityDescription(
        key="standby_power",
        translation_key="standby_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda d: round(d.baseline.watts) if d.baseline else None,
        attrs_fn=_baseline_attrs,
    ),
    _days_left("tempo_red_days_left", lambda d: d.red_left, TariffOption.TEMPO),
    _days_left("tempo_white_days_left", lambda d: d.white_left, TariffOption.TEMPO),
    _days_left("ejp_days_left", lambda d: d.ejp_left, TariffOption.EJP),
)


class InsightSensor(CoordinatorEntity[InsightsCoordinator], SensorEntity):
    """One insight of the meter."""

    _attr_has_entity_name = True
    entity_description: InsightSensorEntityDescription

    def __init__(
        self, insights: InsightsCoordinator, description: InsightSensorEntityDescription
    ) -> None:
        """Attach to the meter's device."""
        super().__init__(insights)
        self.entity_description = description
        meter = insights.meter
        self._attr_unique_id = (
            f"{meter.meter_id or insights.config_entry.entry_id}_{description.key}"
        )
        self._attr_device_info = device_info(meter)

    @property
    def native_value(self) -> StateType:
        """The insight, unknown without enough history."""
        data: InsightsData | None = self.coordinator.data
        if data is None:
            return None
        if self.entity_description.needs_history and not data.enough_history:
            return None
        return self.entity_description.value_fn(data)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The figures behind the insight, and the history it has and needs."""
        data: InsightsData | None = self.coordinator.data
        if data is None:
            return {}
        attrs = {
            "history_days": round(data.history_days, 1),
            "needed_days": NEEDED_DAYS if self.entity_description.needs_history else 0,
        }
        if not self.entity_description.needs_history or data.enough_history:
            attrs.update(self.entity_description.attrs_fn(data))
        return attrs


def async_setup_insight_entities(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the insights of the entry's tariff, with the meter's other entities."""
    raw = entry.data.get(CONF_TARIFF)
    tariff = TariffOption(raw) if raw in set(TariffOption) else None

    def add() -> None:
        insights = async_get_insights(hass, entry)
        async_add_entities(
            InsightSensor(insights, description)
            for description in INSIGHT_SENSORS
            if description.tariff_fn(tariff)
        )

    async_when_meter_heard(entry, add)
