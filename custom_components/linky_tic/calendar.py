"""A local Tempo (or EJP) calendar: the days' colours, without any cloud account.

Today and tomorrow come from the meter (its Tempo colours, its EJP notice and
peak); past days from the long-term statistics of its indexes (the colour
whose indexes counted that day), through ``InsightsCoordinator``. Each day is
an all-day event named by its colour; a Tempo day really runs 06:00 to 06:00
and an EJP peak 07:00 to 01:00, as the description says.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.translation import async_get_translations
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import CONF_TARIFF, DOMAIN
from .coordinator import LinkyTicConfigEntry
from .entity import device_info
from .insight_figures import InsightsData
from .insight_tariffs import tempo_day
from .insights_coordinator import (
    InsightsCoordinator,
    async_get_insights,
    async_when_meter_heard,
)
from .tic.model import TariffOption, TempoColor

PARALLEL_UPDATES = 0

#: Event names: the meter's own colour names (sensor ``tempo_today``'s states).
_COLOR_KEY = "component.linky_tic.entity.sensor.tempo_today.state.{}"
_EJP_KEY = "component.linky_tic.entity.calendar.ejp_calendar.state_attributes.day.name"


class LinkyTicDayCalendar(CoordinatorEntity[InsightsCoordinator], CalendarEntity):
    """Tempo colours or EJP days, past and announced."""

    _attr_has_entity_name = True

    def __init__(self, insights: InsightsCoordinator, tariff: TariffOption) -> None:
        """A Tempo or an EJP calendar for the meter."""
        super().__init__(insights)
        self.tariff = tariff
        key = "tempo_calendar" if tariff is TariffOption.TEMPO else "ejp_calendar"
        self._attr_translation_key = key
        meter = insights.meter
        self._attr_unique_id = (
            f"{meter.meter_id or insights.config_entry.entry_id}_{key}"
        )
        self._attr_device_info = device_info(meter)
        self._names: dict[str, str] = {}
        self._live: tuple[object, ...] = ()

    async def async_added_to_hass(self) -> None:
        """Load the day names; follow the meter's announcements."""
        await super().async_added_to_hass()
        self._names = await async_get_translations(
            self.hass, self.hass.config.language, "entity", {DOMAIN}
        )
        meter = self.coordinator.meter
        self.async_on_remove(meter.async_add_listener(self._meter_update))

    @callback
    def _meter_update(self) -> None:
        """Write the state when the meter's colours or EJP flags change."""
        reading = self.coordinator.meter.data
        live = (
            ()
            if reading is None
            else (
                reading.tempo_today,
                reading.tempo_tomorrow,
                reading.ejp_active,
                reading.ejp_notice,
            )
        )
        if live != self._live:
            self._live = live
            self.async_write_ha_state()

    def _name(self, color: TempoColor | None) -> str:
        if color is None:
            return self._names.get(_EJP_KEY, "EJP")
        return self._names.get(_COLOR_KEY.format(color.value), color.value)

    def days(self) -> dict[date, TempoColor | None]:
        """Every known day: its Tempo colour, or None for an EJP day."""
        now = dt_util.now()
        data: InsightsData | None = self.coordinator.data
        reading = self.coordinator.meter.data
        if self.tariff is TariffOption.TEMPO:
            days: dict[date, TempoColor | None] = dict(data.tempo_days) if data else {}
            today = tempo_day(now).date()
            if reading is not None and reading.tempo_today is not None:
                days[today] = reading.tempo_today
            if reading is not None and reading.tempo_tomorrow is not None:
                days[today + timedelta(days=1)] = reading.tempo_tomorrow
            return days
        ejp = dict.fromkeys(data.ejp_days, None) if data else {}
        if reading is not None and reading.ejp_active:
            ejp[(now - timedelta(hours=7)).date()] = None
        if reading is not None and reading.ejp_notice:
            ejp[now.date() + timedelta(days=1)] = None
        return ejp

    def _event(self, day: date, color: TempoColor | None) -> CalendarEvent:
        hours = (
            "06:00 → 06:00" if self.tariff is TariffOption.TEMPO else "07:00 → 01:00"
        )
        return CalendarEvent(
            start=day,
            end=day + timedelta(days=1),
            summary=self._name(color),
            description=hours,
            uid=f"{self.unique_id}_{day.isoformat()}",
        )

    @property
    def event(self) -> CalendarEvent | None:
        """Today's day (from the meter) or the next known one."""
        today = dt_util.now().date()
        upcoming = sorted((d, c) for d, c in self.days().items() if d >= today)
        return self._event(*upcoming[0]) if upcoming else None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """The known days between ``start_date`` and ``end_date``."""
        first, last = start_date.date(), end_date.date()
        return [
            self._event(day, color)
            for day, color in sorted(self.days().items())
            if first <= day <= last
        ]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: LinkyTicConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A calendar for a Tempo or EJP meter."""
    raw = entry.data.get(CONF_TARIFF)
    if raw not in (TariffOption.TEMPO.value, TariffOption.EJP.value):
        return
    async_when_meter_heard(
        entry,
        lambda: async_add_entities(
            [LinkyTicDayCalendar(async_get_insights(hass, entry), TariffOption(raw))]
        ),
    )
