"""``linky_tic.record`` and the diagnostics' recent bytes, in a real Home Assistant.

The simulated meter writes its frames into a real pty; the integration reads
them; the recording is read back by the decoder, the decode command and the
simulator's ``--replay``.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components import persistent_notification
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.linky_tic import recording as recording_module
from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.capture import redact_capture
from custom_components.linky_tic.tic.cli import main as cli_main
from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.model import Mode, Reading
from custom_components.linky_tic.tic.simulate_cli import main as simulate_main
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    wait_for,
    watch_port_opens,
)
from .support.pty_line import write_until_stopped


def _file(path: str | Path) -> bytes:
    return Path(path).read_bytes()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _remove(path: Path) -> None:
    path.unlink()


def _decode(data: bytes) -> list[Reading]:
    decoder = Decoder(clock=FrameClock())
    return decoder.feed(data) + decoder.flush()


async def _set_up(
    hass: HomeAssistant, line: PtyLine, meter: SimulatedMeter
) -> tuple[LinkyTicCoordinator, Feeder]:
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
    return coordinator, Feeder(line, coordinator)


async def _record(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "record", data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


def _done_events(hass: HomeAssistant) -> list[Event]:
    events: list[Event] = []
    hass.bus.async_listen(recording_module.EVENT_RECORDING_DONE, events.append)
    return events


async def test_a_recording_is_a_redacted_capture_that_decodes_and_replays(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, tmp_path: Path
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="hc", producer=True, seed=16)
    _, feeder = await _set_up(hass, line, meter)
    done = _done_events(hass)
    response = await _record(hass, duration=60)
    path = Path(response["path"])
    assert path.parent == Path(hass.config.path("linky_tic", "recordings"))
    assert response == {"path": str(path), "duration": 60, "redacted": True}
    assert meter.meter_id not in path.name

    frames = list(meter.frames(8))
    for frame in frames:
        clock.tick(1.7)
        await feeder.send(hass, frame)
    assert not done  # the duration has not elapsed
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
    await wait_for(hass, lambda: bool(done), "the end of the recording")

    data = _file(path)
    assert done[0].data == {
        "entry_id": hass.config_entries.async_entries(DOMAIN)[0].entry_id,
        "path": str(path),
        "bytes": len(data),
        "seconds": pytest.approx(8 * 1.7, abs=0.01),
        "redacted": True,
        "truncated": False,
    }
    assert meter.meter_id.encode() not in data
    assert meter.prm.encode() not in data
    sent = _decode(b"".join(frames))
    recorded = _decode(data)
    assert len(recorded) == len(sent) == 8
    for before, after in zip(sent, recorded, strict=True):
        assert after.meter_id == meter.meter_id[:6] + "000001"
        assert after.values["PRM"] == "00000000000001"
        values = {**before.values, "ADSC": after.meter_id, "PRM": "00000000000001"}
        assert after.values == values

    notifications = persistent_notification._async_get_or_create_notifications(hass)
    notice = notifications[recording_module.NOTIFICATION_ID]
    assert str(path) in notice["message"]
    assert notice["title"] == "Linky TIC recording saved"
    assert "can be shared" in notice["message"]

    # The file is what the decode command and the simulator read.
    out = tmp_path / "replayed.tic"
    argv = ["--replay", str(path), "--max", "--frames", "99", "-o", str(out)]
    assert simulate_main(argv) == 0
    assert _decode(_file(out)) == recorded


async def test_a_second_call_while_one_runs_gets_a_clear_error(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    await _set_up(hass, line, meter)
    done = _done_events(hass)
    first = await _record(hass, duration=30)
    with pytest.raises(ServiceValidationError) as raised:
        await _record(hass, duration=30)
    assert raised.value.translation_key == "recording_running"
    assert str(raised.value) == (
        f"A recording is already running (to {first['path']}); wait for its "
        "notification before starting another one"
    )
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=31))
    await wait_for(hass, lambda: bool(done), "the end of the first recording")
    second = await _record(hass, duration=10)  # the first one is over
    assert second["path"] != first["path"]


async def test_a_recording_stops_at_its_size_bound(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=16)
    _, feeder = await _set_up(hass, line, meter)
    done = _done_events(hass)
    frames = list(meter.frames(6))
    with patch.object(recording_module, "MAX_RECORDING_BYTES", len(frames[0]) * 3):
        await _record(hass, duration=3600)
    for frame in frames:
        await feeder.send(hass, frame)
        if done:
            break
    await wait_for(hass, lambda: bool(done), "the size bound")
    for frame in frames[-2:]:  # more bytes, then the duration: no second end
        line.write(frame)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=3601))
    await hass.async_block_till_done()
    assert len(done) == 1
    assert done[0].data["truncated"] is True
    assert done[0].data["bytes"] == len(frames[0]) * 3
    assert len(_decode(_file(done[0].data["path"]))) >= 2


async def test_an_unredacted_recording_says_so(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    _, feeder = await _set_up(hass, line, meter)
    done = _done_events(hass)
    response = await _record(hass, duration=10, redact=False)
    assert response["path"].endswith("_not_redacted.tic")
    for frame in meter.frames(2):
        await feeder.send(hass, frame)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
    await wait_for(hass, lambda: bool(done), "the end of the recording")
    assert meter.meter_id.encode() in _file(response["path"])
    notice = persistent_notification._async_get_or_create_notifications(hass)[
        recording_module.NOTIFICATION_ID
    ]
    assert "NOT redacted" in notice["message"]


async def test_unloading_the_meter_ends_the_recording_with_what_it_has(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    coordinator, feeder = await _set_up(hass, line, meter)
    done = _done_events(hass)
    response = await _record(hass, duration=600)
    for frame in meter.frames(2):
        await feeder.send(hass, frame)
    assert await hass.config_entries.async_unload(coordinator.entry.entry_id)
    await wait_for(hass, lambda: bool(done), "the recording written on unload")
    assert len(_decode(_file(response["path"]))) == 2


async def test_calls_that_cannot_be_served_are_refused(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    await _set_up(hass, line, meter)
    with pytest.raises(ServiceValidationError) as raised:
        await _record(hass, config_entry_id="nope")
    assert raised.value.translation_key == "recording_no_meter"
    assert "no loaded Linky TIC meter" in str(raised.value).replace("No", "no", 1)
    with pytest.raises(Exception, match="duration"):
        await _record(hass, duration=5)
    second = make_entry(line.link.with_name("other"), meter)
    second.add_to_hass(hass)  # not loaded: still the only meter to record
    response = await _record(hass, duration=10)
    assert response["redacted"] is True


async def test_diagnostics_hold_the_last_minutes_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    line: PtyLine,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, option="base", seed=16)
    coordinator, feeder = await _set_up(hass, line, meter)
    frames = list(meter.frames(4))
    for frame in frames:
        clock.tick(2.0)
        await feeder.send(hass, frame)
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, coordinator.entry
    )
    recent = diagnostics["recent_bytes"]
    data = base64.b64decode(recent["base64"])
    assert recent["bytes"] == len(data)
    assert recent["seconds"] == pytest.approx(8.0)
    assert recent["redacted"] is True
    assert meter.meter_id not in json.dumps(diagnostics)
    assert meter.meter_id.encode() not in data
    assert len(_decode(data)) == 5  # the frame of the setup and the four sent

    # The download as it is: the decode command reads the capture out of it.
    download = Path(hass.config.path("config_entry-linky_tic.json"))
    _write(download, json.dumps({"home_assistant": {}, "data": diagnostics}))
    assert cli_main(["decode", str(download)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 5
    assert json.loads(printed[-1])["meter"] == meter.meter_id[:6] + "000001"


async def test_with_two_meters_the_call_must_name_one(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, tmp_path: Path
) -> None:
    first = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    await _set_up(hass, line, first)
    other_line = PtyLine(tmp_path / "ttyOTHER")
    try:
        second = SimulatedMeter(Mode.HISTORIC, option="base", seed=61)
        coordinator, _ = await _set_up(hass, other_line, second)
        with pytest.raises(ServiceValidationError) as raised:
            await _record(hass)
        assert raised.value.translation_key == "recording_which_meter"
        assert str(raised.value) == (
            "Choose the meter to record: 2 Linky TIC meters are loaded"
        )
        response = await _record(
            hass, config_entry_id=coordinator.entry.entry_id, duration=10
        )
        assert response["duration"] == 10
        assert await hass.config_entries.async_unload(coordinator.entry.entry_id)
    finally:
        other_line.unplug()


async def test_a_recording_that_cannot_be_written_frees_the_slot(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="base", seed=16)
    _, feeder = await _set_up(hass, line, meter)
    done = _done_events(hass)
    folder = Path(hass.config.path("linky_tic"))
    _write(folder, "a file where the folder should be")
    response = await _record(hass, duration=10)
    for frame in meter.frames(2):
        await feeder.send(hass, frame)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
    await wait_for(
        hass, lambda: "Cannot write the recording" in caplog.text, "the error"
    )
    assert response["path"] in caplog.text
    assert not done  # nothing was written: no event
    notice = persistent_notification._async_get_or_create_notifications(hass)[
        recording_module.NOTIFICATION_ID
    ]
    assert notice["message"].startswith(
        f"The recording could not be written to {response['path']}: "
    )
    _remove(folder)
    assert (await _record(hass, duration=10))["redacted"] is True


def _first_reading_prefix(data: bytes) -> bytes:
    """The shortest start of ``data`` that gives a reading on a line (no flush)."""
    decoder = Decoder(clock=FrameClock())
    for end in range(len(data)):
        if decoder.feed(data[end : end + 1]):
            return data[: end + 1]
    raise AssertionError("no reading in the capture")


@pytest.mark.parametrize(
    "case",
    [
        ("historic_tempo_pyteleinfo.txt", "historic", "tempo"),
        ("standard_single_base_ticdecodecpp.txt", "standard", "base"),
        ("historic_threephase_base_rxerrors_ticdecodecpp.txt", "historic", "base"),
    ],
)
async def test_a_shared_capture_sent_on_the_line_is_recorded_redacted(
    hass: HomeAssistant,
    line: PtyLine,
    captures_dir: Path,
    case: tuple[str, str, str],
) -> None:
    name, mode, tariff = case
    data = _file(captures_dir / name)
    meter_id = _decode(data)[0].meter_id
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id=meter_id,
        data={CONF_DEVICE: str(line.link), CONF_MODE: mode, CONF_TARIFF: tariff},
    )
    first = _first_reading_prefix(data)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [first], watch)
    done = _done_events(hass)
    response = await _record(hass, duration=30)
    counters = coordinator.counters
    expected = counters.frames + len(_decode(data))
    sent = data + b"\x02"  # an STX more: the last frame ends for sure
    assert line.master is not None
    os.set_blocking(line.master, False)
    stop = threading.Event()
    writer = threading.Thread(
        target=write_until_stopped, args=(line.master, sent, stop), daemon=True
    )
    writer.start()  # the capture is larger than what a pty holds unread
    try:
        await wait_for(
            hass, lambda: counters.frames >= expected, "the capture decoded", poll=0.05
        )
    finally:
        stop.set()
        writer.join(5)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=31))
    await wait_for(hass, lambda: bool(done), "the end of the recording")

    recorded = _file(response["path"])
    assert recorded == redact_capture(sent)
    assert meter_id.encode() not in recorded
    original = _decode(data)
    replayed = _decode(recorded)
    assert len(replayed) == len(original)
    identifiers = {"ADCO", "ADSC", "PRM"}
    for before, after in zip(original, replayed, strict=True):
        assert after.meter_id == meter_id[:6] + "000001"
        assert after.rejected == before.rejected
        assert {k: v for k, v in after.values.items() if k not in identifiers} == {
            k: v for k, v in before.values.items() if k not in identifiers
        }
