"""The reader's resilience: unplug/replug, silence, another meter, mode and rate."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.linky_tic import entity as entity_module
from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.const import CONF_MODE, CONF_TARIFF, DOMAIN
from custom_components.linky_tic.issues import meter_replaced_issue_id
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    state_of,
    wait_for,
    watch_port_opens,
)

POWER = "sensor.linky_apparent_power"


@pytest.fixture(autouse=True)
def quick_backoff() -> Iterator[None]:
    with patch.object(line_module, "BACKOFF_S", (0.01, 0.02)):
        yield


def assert_no_identifiers_logged(caplog: pytest.LogCaptureFixture, *ids: str) -> None:
    for record in caplog.records:
        if record.levelno >= logging.INFO and record.name.startswith(
            "custom_components.linky_tic"
        ):
            for identifier in ids:
                assert identifier not in record.getMessage()


async def test_unplug_and_replug_recovers_without_reload(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=5)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
        line.unplug()  # the module is pulled out: the read fails
        await wait_for(hass, lambda: not coordinator.connected, "the port to close")
        assert coordinator.running
        line.replug()  # a new pty at the same path
        await watch.wait(2)
        meter.advance(120)
        clock.tick(120)
        await Feeder(line, coordinator).send(hass, meter.frame())
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is coordinator
    assert coordinator.stats.reconnects == 1
    assert coordinator.data is not None
    assert state_of(hass, POWER).state == str(coordinator.data.values["SINSTS"])
    assert_no_identifiers_logged(caplog, meter.meter_id, meter.prm)


async def test_silence_makes_entities_unavailable_and_a_frame_brings_them_back(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=6)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    assert state_of(hass, POWER).state != STATE_UNAVAILABLE

    caplog.clear()
    for seconds in (11, 30, 60):  # silence goes on: one warning only
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
        await hass.async_block_till_done()
    assert state_of(hass, POWER).state == STATE_UNAVAILABLE
    assert state_of(hass, "sensor.linky_base_energy").state == STATE_UNAVAILABLE
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "No valid TIC frame" in warnings[0].getMessage()

    await Feeder(line, coordinator).send(hass, meter.frame())
    await hass.async_block_till_done()
    assert state_of(hass, POWER).state != STATE_UNAVAILABLE
    infos = [r for r in caplog.records if "again" in r.getMessage()]
    assert len(infos) == 1
    assert_no_identifiers_logged(caplog, meter.meter_id)


async def test_another_meter_raises_a_repair_issue_and_is_not_published(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=8)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    before = state_of(hass, POWER).state
    other = SimulatedMeter(Mode.HISTORIC, seed=9, meter_id="021961654321")
    feeder = Feeder(line, coordinator)
    for frame in other.frames(3):
        await feeder.send(hass, frame)
    await hass.async_block_till_done()

    issue_id = meter_replaced_issue_id(entry)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "meter_replaced"
    assert coordinator.meter_mismatch
    assert coordinator.available is False
    said = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name.startswith("custom_components")
    ]
    warning = (
        f"A different meter is sending on {line.link}: its readings are not "
        "published (see the repair issue)"
    )
    assert said == [warning]
    assert coordinator.data is not None
    assert coordinator.data.meter_id == meter.meter_id  # nothing of the other
    assert state_of(hass, POWER).state == STATE_UNAVAILABLE
    assert before != STATE_UNAVAILABLE

    for frame in meter.frames(3):  # the module is put back
        await feeder.send(hass, frame)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert state_of(hass, POWER).state != STATE_UNAVAILABLE
    assert_no_identifiers_logged(caplog, meter.meter_id, "021961654321")


async def test_another_meter_from_the_first_frame_is_not_adopted(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """The entry knows its meter: a different one on the line at start is not taken."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=15)
    other = SimulatedMeter(Mode.HISTORIC, seed=16, meter_id="021961654321")
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(other.frames(2)), watch
        )
    assert coordinator.meter_mismatch
    assert coordinator.data is None
    issue_id = meter_replaced_issue_id(entry)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None


async def test_a_normal_start_says_nothing_came_back(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Nothing was lost or replaced before the first frame: no 'again'/'back' line."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=17)
    entry = make_entry(line.link, meter)
    caplog.set_level(logging.INFO, logger="custom_components.linky_tic")
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    assert coordinator.available
    said = [r.getMessage() for r in caplog.records if r.name.endswith("coordinator")]
    assert not [line for line in said if "again" in line or "back" in line], said


async def test_an_entry_without_a_tariff_still_reads_its_meter(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """An entry saved without a tariff option: the frames' own option is used."""
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=18)
    data = {
        k: v for k, v in make_entry(line.link, meter).data.items() if k != CONF_TARIFF
    }
    entry = MockConfigEntry(
        domain=DOMAIN, title="Linky", unique_id=meter.meter_id, data=data
    )
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    assert coordinator.tariff is None
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.linky_off_peak_energy") is not None


async def test_a_meter_switched_to_standard_is_followed(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=10)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    assert hass.states.get("sensor.linky_voltage") is None
    meter.switch_mode()
    feeder = Feeder(line, coordinator)
    for frame in meter.frames(2):
        await feeder.send(hass, frame)
    await hass.async_block_till_done()
    assert entry.data[CONF_MODE] == Mode.STANDARD.value
    assert coordinator.port_mode is Mode.STANDARD
    switched = f"The meter on {line.link} now sends in standard mode"
    assert [r.getMessage() for r in caplog.records].count(switched) == 1
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is coordinator
    # standard-only values appear; shared ones go on under the same entity
    assert hass.states.get("sensor.linky_voltage") is not None
    assert state_of(hass, "sensor.linky_off_peak_energy").state != STATE_UNAVAILABLE


async def test_valid_frames_count_the_frames_the_decoder_dropped(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """Each frame counts once: 3 good and 2 with no group left give 60 % valid."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=13)
    entry = make_entry(line.link, meter)
    garbled = b"\x02\nADCO 022276123456 X\r\x03"  # its only group fails its checksum
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
        feeder = Feeder(line, coordinator)
        for frame in (garbled, meter.frame(), garbled, meter.frame()):
            clock.tick(2)
            await feeder.send(hass, frame)
    assert coordinator.decoder.counters.resyncs == 2
    assert coordinator.stats.frames_total == 5
    assert coordinator.stats.valid_frames_percent == 60.0


def _damaged(frame: bytes) -> bytes:
    """The frame with its PAPP group's checksum character wrong (that group is lost)."""
    end = frame.index(b"\r", frame.index(b"\nPAPP "))
    wrong = 0x20 + (frame[end - 1] - 0x20 + 1) % 0x40
    return frame[: end - 1] + bytes([wrong]) + frame[end:]


async def test_checksum_errors_per_hour_over_the_last_hour(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """The rate counts from the last frame an hour old or older, no further back."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=14)
    entry = make_entry(line.link, meter)
    at = 0.0
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(hass, entry, line, [meter.frame()], watch)
        feeder = Feeder(line, coordinator)
        rates = []
        # (s since the first frame, PAPP damaged)
        sent = ((60, True), (120, False), (180, True), (3660, False), (3900, False))
        for when, damaged in (*sent, (7500, True)):
            clock.tick(when - at)
            at = when
            frame = meter.frame()
            await feeder.send(hass, _damaged(frame) if damaged else frame)
            rates.append(coordinator.checksum_errors_per_hour)
    assert coordinator.decoder.counters.checksum_errors == 3
    # 1 error in 60 s, in 120 s, 2 in 180 s; at 3660 s the first frame is out of
    # the hour: 1 error from 60 s; at 3900 s none since 180 s; at 7500 s one
    # since 3900 s, the last frame an hour old
    assert rates == [60.0, 30.0, 40.0, 1.0, 0.0, 1.0]


async def test_the_cost_sensors_get_the_guards_bound_for_the_meter(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """A three-phase historic meter's bound: its own mode and phases, as the guard's."""
    meter = SimulatedMeter(Mode.HISTORIC, phases=3, seed=11)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(2)), watch
        )
    reading = coordinator.data
    assert reading is not None
    assert reading.phases == 3
    bound = coordinator.index_bound(reading)
    expected = coordinator.decoder.index_bound(Mode.HISTORIC, 3)
    assert bound is not None
    assert expected is not None
    assert [bound(s) for s in (2.0, 60.0)] == [expected(s) for s in (2.0, 60.0)]
    single = coordinator.decoder.index_bound(Mode.HISTORIC, 1)
    assert single is not None
    assert bound(60.0) > single(60.0)  # three phases carry more than one


async def test_write_policies(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    request: pytest.FixtureRequest,
) -> None:
    """Power: at most every 10 s unless it moves by more than 250 VA; index: 60 s.

    An index is also written on the frames just before each 5-minute bound of the
    wall clock, where the recorder's statistics take it.
    """
    wall = [1_800_000_100.0]  # 200 s before a 5-minute bound (1_800_000_300)
    wall_patch = patch.object(entity_module, "wall_time", lambda: wall[0])
    wall_patch.start()
    request.addfinalizer(wall_patch.stop)
    meter = SimulatedMeter(Mode.HISTORIC, seed=12)
    entry = make_entry(line.link, meter)

    def frame(index: int, papp: int, ptec: str = "TH..") -> bytes:
        return encode_frame(
            Mode.HISTORIC,
            [
                ("ADCO", meter.meter_id),
                ("OPTARIF", "BASE"),
                ("ISOUSC", "30"),
                ("BASE", f"{index:09d}"),
                ("PTEC", ptec),
                ("IINST", "005"),
                ("PAPP", f"{papp:05d}"),
            ],
        )

    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [frame(1000, 1000), frame(1000, 1000)], watch
        )
    feeder = Feeder(line, coordinator)
    index_id = "sensor.linky_base_energy"
    assert state_of(hass, POWER).state == "1000"
    assert state_of(hass, index_id).state == "1.0"

    async def send(index: int, papp: int, after: float) -> tuple[str, str]:
        clock.tick(after)
        await feeder.send(hass, frame(index, papp))
        await hass.async_block_till_done()
        return state_of(hass, POWER).state, state_of(hass, index_id).state

    assert await send(1001, 1100, 2) == ("1000", "1.0")  # small move, too soon
    assert await send(1002, 1200, 2) == ("1000", "1.0")
    assert await send(1003, 1600, 2) == ("1600", "1.0")  # +600 VA: at once
    assert await send(1004, 1650, 9) == ("1600", "1.0")  # 9 s since that write
    assert await send(1005, 1660, 1) == ("1660", "1.0")  # 10 s: written
    assert await send(1010, 1660, 40) == ("1660", "1.0")  # index: 56 s, too soon
    assert await send(1011, 1660, 4) == ("1660", "1.011")  # 60 s: written
    assert await send(1012, 1660, 2) == ("1660", "1.011")  # 2 s: too soon
    wall[0] = 1_800_000_297.0  # 3 s before the bound: not yet
    assert await send(1013, 1660, 2) == ("1660", "1.011")
    wall[0] = 1_800_000_298.0  # 2 s before the bound: the statistics' value
    assert await send(1014, 1660, 1) == ("1660", "1.014")
    wall[0] = 1_800_000_299.5  # still before it, the index unchanged: nothing new
    assert await send(1014, 1660, 1) == ("1660", "1.014")
    wall[0] = 1_800_000_301.0  # past the bound: the interval rules again
    assert await send(1015, 1660, 2) == ("1660", "1.014")
