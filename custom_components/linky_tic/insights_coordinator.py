"""The insights' coordinator: every hour, read the statistics and compute.

Every hour (and once at start) the recorder's executor reads the hourly
statistics of the meter's own entities over the last year
(``insight_statistics``), ``insight_figures`` computes the insights from them,
and the "better tariff" repair issue follows the result. Nothing is computed
per frame, and the history already recorded counts from the first start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.recorder import get_instance
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import (
    CONF_SAVING_THRESHOLD,
    CONF_TARIFF,
    DEFAULT_SAVING_THRESHOLD,
    DOMAIN,
)
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .insight_figures import (
    YEAR_DAYS,
    InsightsData,
    compute,
    price_table,
    subscribed_kva,
)
from .insight_prices import SUBSCRIBED_KVA, PriceTableError
from .insight_statistics import History, read_history, statistic_ids
from .issues import (
    async_create_better_tariff_issue,
    async_delete_better_tariff_issue,
)
from .tic.model import TariffOption

_LOGGER = logging.getLogger(__name__)

UPDATE_INTERVAL: Final = timedelta(hours=1)


class InsightsCoordinator(DataUpdateCoordinator[InsightsData]):
    """Compute the insights of one meter every hour from the statistics."""

    config_entry: LinkyTicConfigEntry

    def __init__(self, hass: HomeAssistant, entry: LinkyTicConfigEntry) -> None:
        """Prepare (the first refresh is started by ``async_start``)."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} insights",
            update_interval=UPDATE_INTERVAL,
        )
        self.meter: LinkyTicCoordinator = entry.runtime_data

    def statistic_ids(self) -> dict[str, str]:
        """Our entities' statistic ids, by description key."""
        return statistic_ids(
            self.hass, self.meter.meter_id or self.config_entry.entry_id
        )

    async def _async_update_data(self) -> InsightsData:
        now = dt_util.now()
        end = now.replace(minute=0, second=0, microsecond=0)
        ids = self.statistic_ids() if "recorder" in self.hass.config.components else {}
        history = (
            await get_instance(self.hass).async_add_executor_job(
                read_history, self.hass, ids, end - timedelta(days=YEAR_DAYS), end
            )
            if ids
            else History([], {})
        )
        options = self.config_entry.options
        tariff = self.config_entry.data.get(CONF_TARIFF)
        current = TariffOption(tariff) if tariff in set(TariffOption) else None
        kva = subscribed_kva(self.meter.data)
        if kva is not None and kva not in SUBSCRIBED_KVA:
            kva = None
        try:
            offers = price_table(options)
        except PriceTableError as error:  # the options flow checks it; a stored bad one
            _LOGGER.warning("The price table in the options is not usable: %s", error)
            return InsightsData(
                history.days, kva, current, price_table_error=str(error)
            )
        data = compute(history, end, kva, current, offers)
        await self._async_update_issue(
            data, float(options.get(CONF_SAVING_THRESHOLD, DEFAULT_SAVING_THRESHOLD))
        )
        return data

    async def _async_update_issue(self, data: InsightsData, threshold: float) -> None:
        """Raise the "better tariff" issue when the saving is above the threshold."""
        comparison = data.year or data.month
        saving = data.yearly_saving
        if comparison is None or saving is None or saving <= threshold:
            async_delete_better_tariff_issue(self.hass, self.config_entry)
            return
        await async_create_better_tariff_issue(
            self.hass,
            self.config_entry,
            best=comparison.best.value,
            current=comparison.current.value if comparison.current else None,
            saving=saving,
            days=comparison.days,
        )


@callback
def async_when_meter_heard(
    entry: LinkyTicConfigEntry, action: Callable[[], None]
) -> None:
    """Run ``action`` once the meter has sent a reading (at once if it has).

    The insights' entities appear with the meter's own ones, not before.
    """
    meter = entry.runtime_data
    if meter.data is not None:
        action()
        return
    remove: list[Callable[[], None]] = []

    @callback
    def heard() -> None:
        if meter.data is None or meter.meter_mismatch:
            return
        remove.pop()()
        action()

    remove.append(meter.async_add_listener(heard))
    entry.async_on_unload(lambda: remove.pop()() if remove else None)


_KEY: Final = f"{DOMAIN}_insights"


@callback
def async_get_insights(
    hass: HomeAssistant, entry: LinkyTicConfigEntry
) -> InsightsCoordinator:
    """The entry's insights coordinator (created by the first platform that asks)."""
    store: dict[str, InsightsCoordinator] = hass.data.setdefault(_KEY, {})
    insights = store.get(entry.entry_id)
    if insights is None:
        insights = store[entry.entry_id] = InsightsCoordinator(hass, entry)

        @callback
        def forget() -> None:
            store.pop(entry.entry_id, None)

        entry.async_on_unload(forget)
        # A tracked task: one read of the statistics, done when setup is waited for
        # (a background task would leave the insights' first state to chance).
        entry.async_create_task(
            hass, insights.async_refresh(), f"{DOMAIN} insights first refresh"
        )
    return insights
