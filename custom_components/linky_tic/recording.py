"""The ``linky_tic.record`` action: what a meter sends, to a file a user can share.

For ``duration`` seconds (10 s to 1 h, 5 minutes by default) every byte the
meter's line reads is kept; then the capture is redacted (the meter's serial
number and the PRM replaced, checksums computed again: see ``tic.capture``)
unless ``redact`` is false, and written under the configuration folder, in
``linky_tic/recordings/``, as ``linky_tic_<date>_<time>.tic`` (never named
after the meter). A capture is bounded to ``MAX_RECORDING_BYTES`` (an hour
at the fastest rate fits; a recording that reaches it ends there).

The end is announced by the ``linky_tic_recording_done`` event (entry id,
path, bytes, seconds, redacted, truncated) and a persistent notification with
the path (a file that cannot be written: the notification says why, no event). One recording runs at a time: a second call while one runs is
refused with a translated error. The action answers at once; with
``return_response`` it gives the path that will be written.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import probatio as vol
from homeassistant.components import persistent_notification
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    CALLBACK_TYPE,
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .coordinator import LinkyTicConfigEntry, LinkyTicCoordinator
from .tic.capture import RawRing, redact_capture

_LOGGER = logging.getLogger(__name__)

SERVICE_RECORD = "record"
ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_DURATION = "duration"
ATTR_REDACT = "redact"
EVENT_RECORDING_DONE = f"{DOMAIN}_recording_done"
DEFAULT_DURATION_S = 300
MIN_DURATION_S = 10
MAX_DURATION_S = 3600
#: An hour at 960 bytes/s (9600 baud 7E1, the fastest a meter sends) is 3.5 MB.
MAX_RECORDING_BYTES = 4 * 1024 * 1024
RECORDINGS_FOLDER = f"{DOMAIN}/recordings"
NOTIFICATION_ID = f"{DOMAIN}_recording"

RECORD_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_DURATION, default=DEFAULT_DURATION_S): vol.All(
            vol.Coerce(int), vol.Range(min=MIN_DURATION_S, max=MAX_DURATION_S)
        ),
        vol.Optional(ATTR_REDACT, default=True): cv.boolean,
    }
)


@dataclass(slots=True)
class Recording:
    """One recording under way."""

    entry_id: str
    path: Path
    redact: bool
    started: float  # the line's clock
    limit: int = MAX_RECORDING_BYTES
    data: bytearray = field(default_factory=bytearray)  # not one object per read
    truncated: bool = False
    ending: bool = False  # being written: a second end does nothing
    stop_tap: CALLBACK_TYPE | None = None
    stop_timer: CALLBACK_TYPE | None = None

    def take(self, data: bytes) -> bool:
        """Keep ``data``; False once the size bound is reached (the end)."""
        room = self.limit - len(self.data)
        if len(data) >= room:
            data = data[:room]
            self.truncated = True
        self.data += data
        return not self.truncated


def _recordings(hass: HomeAssistant) -> dict[str, Recording]:
    """The recording under way, by domain (one at a time)."""
    running: dict[str, Recording] = hass.data.setdefault(f"{DOMAIN}_recording", {})
    return running


def _entry(hass: HomeAssistant, entry_id: str | None) -> LinkyTicConfigEntry:
    """The loaded meter entry the call names (or the only one)."""
    entries: list[LinkyTicConfigEntry] = [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]
    if entry_id is None:
        if len(entries) != 1:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="recording_which_meter",
                translation_placeholders={"count": str(len(entries))},
            )
        return entries[0]
    for entry in entries:
        if entry.entry_id == entry_id:
            return entry
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="recording_no_meter",
        translation_placeholders={"entry_id": entry_id},
    )


def _file_name(hass: HomeAssistant, redact: bool) -> Path:
    stamp = dt_util.now().strftime("%Y%m%d_%H%M%S")
    suffix = "" if redact else "_not_redacted"
    folder = Path(hass.config.path(RECORDINGS_FOLDER))
    path = folder / f"{DOMAIN}_{stamp}{suffix}.tic"
    n = 1
    while path.exists():  # two recordings in the same second
        n += 1
        path = folder / f"{DOMAIN}_{stamp}_{n}{suffix}.tic"
    return path


async def _async_record(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    running = _recordings(hass)
    if DOMAIN in running:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="recording_running",
            translation_placeholders={"path": str(running[DOMAIN].path)},
        )
    entry = _entry(hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    line = entry.runtime_data.line
    duration: int = call.data[ATTR_DURATION]
    redact: bool = call.data[ATTR_REDACT]
    path = await hass.async_add_executor_job(_file_name, hass, redact)
    recording = Recording(
        entry.entry_id, path, redact, entry.runtime_data.now(), MAX_RECORDING_BYTES
    )
    running[DOMAIN] = recording

    @callback
    def on_bytes(data: bytes) -> None:
        if not recording.take(data):
            hass.async_create_task(_async_finish(hass, recording))

    @callback
    def on_time(_now: datetime) -> None:
        recording.stop_timer = None
        hass.async_create_task(_async_finish(hass, recording))

    recording.stop_tap = line.add_tap(on_bytes)
    recording.stop_timer = async_call_later(hass, duration, on_time)
    entry.async_on_unload(lambda: _async_finish(hass, recording))
    _LOGGER.info("Recording %s s of the TIC line to %s", duration, path)
    return {"path": str(path), "duration": duration, "redacted": redact}


def _write(path: Path, data: bytes, redact: bool) -> bytes:
    if redact:
        data = redact_capture(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


async def _async_finish(hass: HomeAssistant, recording: Recording) -> None:
    """Stop, write the file, announce it (once, whatever ended the recording)."""
    running = _recordings(hass)
    if running.get(DOMAIN) is not recording or recording.ending:
        return
    recording.ending = True
    if recording.stop_tap is not None:
        recording.stop_tap()
    if recording.stop_timer is not None:
        recording.stop_timer()
    raw = bytes(recording.data)
    entry = hass.config_entries.async_get_entry(recording.entry_id)
    seconds = 0.0
    if entry is not None and isinstance(entry.runtime_data, LinkyTicCoordinator):
        seconds = round(entry.runtime_data.now() - recording.started, 1)
    try:
        written = await hass.async_add_executor_job(
            _write, recording.path, raw, recording.redact
        )
    except OSError as err:
        _LOGGER.error(  # noqa: TRY400  (the reason is the message)
            "Cannot write the recording %s: %s", recording.path, err
        )
        await _async_notify(
            hass, "recording_not_written", {"path": recording.path, "error": err}
        )
        return
    finally:
        del running[DOMAIN]
    details = {
        "entry_id": recording.entry_id,
        "path": str(recording.path),
        "bytes": len(written),
        "seconds": seconds,
        "redacted": recording.redact,
        "truncated": recording.truncated,
    }
    hass.bus.async_fire(EVENT_RECORDING_DONE, details)
    key = "recording_done_redacted" if recording.redact else "recording_done_raw"
    await _async_notify(hass, key, details)


async def _async_notify(hass: HomeAssistant, key: str, details: dict[str, Any]) -> None:
    """The persistent notification ``key`` in the user's language."""
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    prefix = f"component.{DOMAIN}.exceptions."
    placeholders = {name: str(value) for name, value in details.items()}
    title = translations.get(f"{prefix}recording_done_title.message", "")
    message = translations.get(f"{prefix}{key}.message", "{path}")
    persistent_notification.async_create(
        hass,
        message.format(**placeholders),
        title=title or None,
        notification_id=NOTIFICATION_ID,
    )


async def async_recent_capture(
    hass: HomeAssistant, entry: LinkyTicConfigEntry
) -> dict[str, Any]:
    """The line's last minutes, redacted, for diagnostics (base64 of the bytes)."""
    ring: RawRing = entry.runtime_data.line.recent
    data = await hass.async_add_executor_job(redact_capture, ring.snapshot())
    return {
        "seconds": round(ring.span(), 1),
        "bytes": len(data),
        "redacted": True,
        "base64": base64.b64encode(data).decode("ascii"),
    }


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register ``linky_tic.record``."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_RECORD,
        _async_record,
        schema=RECORD_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
