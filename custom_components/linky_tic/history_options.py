"""The options flow's history steps: carry a previous index over, or upload an Enedis file.

``history`` is a menu (previous integration / Enedis file); each leads to a
form, then to ``history_confirm``, which shows the dry run (hours, dates,
energy, the junction) before anything is written. The flow then ends without
changing the entry's options (an import is not a setting).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import probatio as vol
from homeassistant.components.file_upload import process_uploaded_file
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    FileSelector,
    FileSelectorConfig,
    StatisticSelector,
    TextSelector,
)
from homeassistant.setup import async_setup_component

from . import history_import as importer
from .const import DOMAIN
from .history_series import HistoryError
from .history_services import ATTR_OFF_PEAK, ATTR_SOURCE, ATTR_TARGET

ATTR_FILE = "file"
#: What a history form plans: the targets, and the off-peak hours a load
#: curve was split by (with where they come from).
type _Planned = tuple[list[importer.TargetPlan], str | None]


def _read_upload(hass: HomeAssistant, file_id: str) -> bytes:
    try:
        with process_uploaded_file(hass, file_id) as path:
            return Path(path).read_bytes()
    except (ValueError, OSError) as err:  # gone (already used) or unreadable
        raise HistoryError("unreadable", str(err), path=file_id) from err


class HistoryOptionsFlow(OptionsFlow):
    """The history steps of the options flow."""

    _history_plans: list[importer.TargetPlan]
    _history_note: str  # the off-peak hours a load curve was split by

    async def async_step_history(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Where the history comes from."""
        return self.async_show_menu(
            step_id="history", menu_options=["history_migrate", "history_enedis"]
        )

    def _our_indexes(self) -> list[str]:
        registry = er.async_get(self.hass)
        return [
            entry.entity_id
            for entry in er.async_entries_for_config_entry(
                registry, self.config_entry.entry_id
            )
            if entry.platform == DOMAIN
            and (entry.device_class or entry.original_device_class) == "energy"
        ]

    async def async_step_history_migrate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A previous integration's index (its statistic) onto one of ours."""

        async def plan(given: dict[str, Any]) -> _Planned:
            target = await importer.async_plan_migration(
                self.hass, given[ATTR_SOURCE], given[ATTR_TARGET]
            )
            return [target], None

        schema = vol.Schema(
            {
                vol.Required(ATTR_SOURCE): StatisticSelector(),
                vol.Required(ATTR_TARGET): EntitySelector(
                    EntitySelectorConfig(include_entities=self._our_indexes())
                ),
            }
        )
        return await self._async_plan_form(
            "history_migrate",
            self.add_suggested_values_to_schema(schema, user_input or {}),
            user_input,
            plan,
        )

    async def async_step_history_enedis(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """An uploaded Enedis export (load curve or daily indexes)."""

        async def plan(given: dict[str, Any]) -> _Planned:
            data = await self.hass.async_add_executor_job(
                _read_upload, self.hass, given[ATTR_FILE]
            )
            planned = await importer.async_plan_enedis(
                self.hass, self.config_entry, data, given.get(ATTR_OFF_PEAK) or None
            )
            return planned.plans, planned.off_peak_hours

        await async_setup_component(self.hass, "file_upload", {})  # the upload's API
        schema = vol.Schema(
            {
                vol.Required(ATTR_FILE): FileSelector(
                    FileSelectorConfig(accept=".csv,text/csv")
                ),
                vol.Optional(ATTR_OFF_PEAK): TextSelector(),
            }
        )
        return await self._async_plan_form("history_enedis", schema, user_input, plan)

    async def _async_plan_form(
        self,
        step_id: str,
        schema: vol.Schema,
        user_input: dict[str, Any] | None,
        plan: Callable[[dict[str, Any]], Awaitable[_Planned]],
    ) -> ConfigFlowResult:
        """The form until ``plan`` takes what was given, then the dry run.

        An import ``plan`` refuses (``HistoryError``) shows its reason on the form.
        """
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                plans, off_peak_hours = await plan(user_input)
            except HistoryError as error:
                errors["base"] = error.key
                placeholders = dict(error.placeholders)
            else:
                return await self._async_confirm(plans, off_peak_hours)
        return self.async_show_form(
            step_id=step_id,
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_confirm(
        self, plans: list[importer.TargetPlan], off_peak_hours: str | None = None
    ) -> ConfigFlowResult:
        self._history_plans = plans
        self._history_note = (
            f"\nOff-peak / heures creuses: {off_peak_hours}" if off_peak_hours else ""
        )
        return await self.async_step_history_confirm()

    async def async_step_history_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The dry run; writing only when confirmed."""
        plans = self._history_plans
        if all(target.plan.empty for target in plans):
            return self.async_abort(reason="history_nothing")
        if user_input is not None:
            await importer.async_run(self.hass, plans, dry_run=False)
            return self.async_abort(
                reason="history_done",
                description_placeholders={"summary": _summary(plans)},
            )
        return self.async_show_form(
            step_id="history_confirm",
            description_placeholders={"summary": _summary(plans) + self._history_note},
        )


def _summary(plans: list[importer.TargetPlan]) -> str:
    """One line per index: hours, dates, energy, the junction (language-neutral)."""
    lines = []
    for target in plans:
        plan = target.plan
        if plan.empty:
            lines.append(f"- {target.entity_id}: 0 h")
            continue
        junction = plan.junction
        lines.append(
            f"- {target.entity_id}: {len(plan.rows)} h, "
            f"{plan.rows[0].start:%Y-%m-%d %H:%M} → {plan.rows[-1].start:%Y-%m-%d %H:%M} UTC, "
            f"{plan.energy_wh / 1000:.3f} kWh; "
            f"{junction.start:%Y-%m-%d %H:%M}: {junction.own / 1000:.3f} → "
            f"{(junction.own + junction.added) / 1000:.3f} kWh"
        )
    return "\n".join(lines)
