"""Diagnostics of a meter's entry, with the household's identifiers masked."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .coordinator import LinkyTicConfigEntry
from .recording import async_recent_capture
from .tic.registry import IDENTIFIER_LABELS

#: The meter id (ADCO/ADSC) and the delivery point (PRM) identify a household;
#: the entry's unique id and title may carry the meter id.
TO_REDACT = {*IDENTIFIER_LABELS, "meter_id", "unique_id", "title", "serial_number"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: LinkyTicConfigEntry
) -> dict[str, Any]:
    """What the integration knows about the meter and its line."""
    coordinator = entry.runtime_data
    reading = coordinator.data
    last: dict[str, Any] | None = None
    if reading is not None:
        last = {
            "meter_id": reading.meter_id,
            "mode": reading.mode,
            "phases": reading.phases,
            "option": reading.option,
            "period": reading.period,
            "values": dict(reading.values),
            "timestamps": {k: v.isoformat() for k, v in reading.timestamps.items()},
            "rejected": [asdict(rejected) for rejected in reading.rejected],
            "status": asdict(reading.status) if reading.status else None,
            "meter": asdict(reading.meter) if reading.meter else None,
        }
    diagnostics = async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "runtime": {
                "port_mode": coordinator.port_mode,
                "connected": coordinator.connected,
                "available": coordinator.available,
                "meter_mismatch": coordinator.meter_mismatch,
                "last_error": coordinator.last_error,
                "active_power_w": coordinator.active_power_w,
                "link": asdict(coordinator.stats),
                "valid_frames_percent": coordinator.stats.valid_frames_percent,
                "checksum_errors_per_hour": coordinator.checksum_errors_per_hour,
                "decoder_counters": coordinator.counters.as_dict(),
            },
            "last_reading": last,
        },
        TO_REDACT,
    )
    # The line's last minutes as a capture, redacted (it still decodes): the
    # decode command and the simulator's --replay read this file as it is.
    diagnostics["recent_bytes"] = await async_recent_capture(hass, entry)
    return diagnostics
