"""Plan and run history imports onto a meter's indexes (the services and options use it).

A migration takes a source statistic (any energy sum: core ``teleinfo``,
linkytic, ZLinky, a cloud import) onto one of our index entities. An Enedis
export goes onto the indexes it can fill (``enedis_energy.by_index``). Every
target is planned before anything is written: a refused target refuses the
whole import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.recorder.models import StatisticMetaData
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from . import enedis_energy, enedis_export
from . import history_store as store
from .const import CONF_TARIFF, DOMAIN, TOTAL_KEY
from .history_series import HistoryError, Plan, plan_import, rows_from_energy
from .off_peak_hours import (
    OffPeakHours,
    format_off_peak,
    off_peak_from_schedule,
    parse_off_peak,
)
from .tic.model import Reading, TariffOption


@dataclass(frozen=True, slots=True)
class TargetPlan:
    """One of our indexes, its statistics' metadata and what will be written."""

    entity_id: str
    metadata: StatisticMetaData
    plan: Plan


def our_index(hass: HomeAssistant, entity_id: str) -> er.RegistryEntry:
    """The registry entry of one of our energy indexes, or refused."""
    entry = er.async_get(hass).async_get(entity_id)
    if (
        entry is None
        or entry.platform != DOMAIN
        or (entry.device_class or entry.original_device_class)
        != SensorDeviceClass.ENERGY
    ):
        raise HistoryError(
            "not_our_index",
            f"{entity_id} is not an energy index of a Linky TIC meter",
            entity_id=entity_id,
        )
    return entry


async def async_plan_migration(
    hass: HomeAssistant, source: str, target: str
) -> TargetPlan:
    """Plan carrying ``source``'s hourly statistics over onto our ``target``."""
    our_index(hass, target)
    if source == target:
        raise HistoryError(
            "not_our_index", "the source is the target", entity_id=source
        )
    target_metadata = await store.async_metadata(hass, target)
    first = await store.async_first_hour(hass, target_metadata)
    source_metadata = await store.async_metadata(hass, source)
    past = await store.async_hours(hass, source_metadata)
    plan = plan_import(
        past,
        str(source_metadata["unit_of_measurement"]),
        first,
        str(target_metadata["unit_of_measurement"]),
    )
    return TargetPlan(target, target_metadata, plan)


def _entity_of(hass: HomeAssistant, entry: ConfigEntry, key: str) -> str | None:
    unique_id = f"{entry.unique_id or entry.entry_id}_{key}"
    return er.async_get(hass).async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)


def _reading(entry: ConfigEntry) -> Reading | None:
    """The meter's last reading, when the entry is running."""
    reading = getattr(getattr(entry, "runtime_data", None), "data", None)
    return reading if isinstance(reading, Reading) else None


def meter_prm(entry: ConfigEntry) -> str | None:
    """The PRM the meter sends (standard mode), when the entry is running."""
    reading = _reading(entry)
    prm = reading.values.get("PRM") if reading is not None else None
    return prm if isinstance(prm, str) and prm else None


def off_peak_hours(
    entry: ConfigEntry, given: str | None, tariff: TariffOption
) -> tuple[OffPeakHours | None, str | None]:
    """The off-peak ranges to split a load curve by, and where they come from.

    Given ones first; else, for an off-peak tariff, the meter's own day
    profile (standard mode's ``PJOURF+1``) when it names off-peak ranges.
    """
    if given:
        ranges = parse_off_peak(given)
        return ranges, f"{format_off_peak(ranges)} (given)"
    reading = _reading(entry)
    if tariff is TariffOption.OFF_PEAK and reading is not None:
        schedule = reading.tomorrow_schedule
        if schedule is not None and (
            ranges := off_peak_from_schedule(schedule, tariff)
        ):
            return ranges, f"{format_off_peak(ranges)} (the meter's PJOURF+1)"
    return None, None


@dataclass(frozen=True, slots=True)
class EnedisPlan:
    """A file and what it will write onto which index."""

    export: enedis_export.Export
    plans: list[TargetPlan]
    skipped: dict[str, str]
    off_peak_hours: str | None  # the ranges used, and where they come from

    def summary(self) -> dict[str, Any]:
        """What the dry run says about the file itself."""
        export = self.export
        return {
            "kind": export.kind.value,
            "first": export.first.isoformat(),
            "last": export.last.isoformat(),
            "steps_min": list(export.steps_min),
            "empty_values": export.empty_values,
            "columns": sorted(export.columns),
            "off_peak_hours": self.off_peak_hours,
        }


async def async_plan_enedis(
    hass: HomeAssistant,
    entry: ConfigEntry,
    data: bytes,
    off_peak: str | None,
) -> EnedisPlan:
    """Read ``data`` and plan it onto the entry's indexes."""
    export = await hass.async_add_executor_job(enedis_export.parse, data)  # ~1 s a year
    enedis_export.check_prm(export, meter_prm(entry))
    tariff = TariffOption(entry.data[CONF_TARIFF])
    ranges, ranges_from = off_peak_hours(entry, off_peak, tariff)
    zone = dt_util.get_time_zone(hass.config.time_zone) or dt_util.UTC
    plans: list[TargetPlan] = []
    skipped: dict[str, str] = {}
    for key, intervals in enedis_energy.by_index(export, tariff, ranges, zone).items():
        target = TOTAL_KEY if key == enedis_export.TOTAL else key
        entity_id = _entity_of(hass, entry, target)
        if entity_id is None:
            skipped[key] = "no such index on this meter"
            continue
        metadata = await store.async_metadata(hass, entity_id)
        first = await store.async_first_hour(hass, metadata)
        past = rows_from_energy(
            await hass.async_add_executor_job(enedis_energy.hourly, intervals), "Wh"
        )
        plan = plan_import(
            past,
            "Wh",
            first,
            str(metadata["unit_of_measurement"]),
            overlap="refuse",
        )
        plans.append(TargetPlan(entity_id, metadata, plan))
    if not plans:
        raise HistoryError(
            "no_target", "none of this meter's indexes can take this file"
        )
    return EnedisPlan(
        export,
        plans,
        skipped,
        ranges_from if export.kind is enedis_export.ExportKind.LOAD_CURVE else None,
    )


async def async_run(
    hass: HomeAssistant, plans: list[TargetPlan], *, dry_run: bool
) -> dict[str, Any]:
    """Write every plan (unless ``dry_run``); what was (or would be) written."""
    if not dry_run:
        for target in plans:
            await store.async_write(hass, target.metadata, target.plan)
    return {target.entity_id: target.plan.summary() for target in plans}
