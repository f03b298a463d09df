"""One total consumed energy through a historic → standard switch, on a real pty.

The historic total (sum of the option's indexes) and EAST are one entity: the
Energy dashboard's statistic goes on, never decreasing, never jumping.
"""

from __future__ import annotations

import contextlib
import itertools
import logging

import pytest
from homeassistant.core import Event, EventStateChangedData, HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.total_sensor import LastTotal, continuation_offset

from .support.helpers import (
    FakeClock,
    Feeder,
    PortWatch,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)

TOTAL = "sensor.linky_total_consumed_energy"
STEP_S = 30.0  # long enough for every frame to move the total
#: What a real line takes to follow a switch (6 s of garbage, then the reopening).
SWITCH_S = 7.0
#: Energy EAST counted under an earlier tariff option: not in the historic indexes.
PAST_OPTION_WH = 4_321_000


def totals_seen(hass: HomeAssistant) -> list[float]:
    """Every numeric state the total writes from now on, in kWh.

    (An entity registered by an older version may show Wh: its display unit
    was chosen when it was created.)
    """
    seen: list[float] = []

    def on_change(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if event.data["entity_id"] == TOTAL and new is not None:
            scale = 1000 if new.attributes.get("unit_of_measurement") == "Wh" else 1
            with contextlib.suppress(ValueError):  # unknown, unavailable: no value
                seen.append(float(new.state) / scale)

    hass.bus.async_listen("state_changed", on_change)
    return seen


def total_entities(hass: HomeAssistant, entry: MockConfigEntry) -> list[str]:
    """The entry's entities named *Total consumed energy*."""
    registry = er.async_get(hass)
    return [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.translation_key == "energy_total"
    ]


def frame_total(frame: bytes) -> int:
    """The meter's total in ``frame``: EAST, or the sum of the HC indexes."""
    (reading,) = Decoder(guard=False).feed(frame)
    if reading.mode is Mode.STANDARD:
        return int(reading.values["EAST"])
    return int(reading.values["HCHC"]) + int(reading.values["HCHP"])


def with_past_option(frame_groups: list[tuple[str, str, str | None]]) -> bytes:
    """A standard frame whose EAST also counts an earlier option's energy."""
    groups = [
        (label, f"{int(data) + PAST_OPTION_WH:09d}", stamp)
        if label == "EAST"
        else (label, data, stamp)
        for label, data, stamp in frame_groups
    ]
    return encode_frame(Mode.STANDARD, groups)


class Meter:
    """The simulated meter on the pty, its clock and the coordinator's together."""

    def __init__(
        self, hass: HomeAssistant, line: PtyLine, clock: FakeClock, seed: int
    ) -> None:
        """A historic meter on the HC option."""
        self.hass, self.line, self.clock = hass, line, clock
        self.sim = SimulatedMeter(Mode.HISTORIC, option="hc", seed=seed)
        self.past_option = False
        self.feeder: Feeder | None = None

    def frame(self) -> bytes:
        """The next frame, as the line carries it."""
        if self.past_option:
            return with_past_option(self.sim.groups())
        return self.sim.frame()

    def advance(self, seconds: float) -> None:
        """Time passes for the meter and for the coordinator."""
        self.sim.advance(seconds)
        self.clock.tick(seconds)

    async def start(self, entry: MockConfigEntry, watch: PortWatch) -> None:
        """Set ``entry`` up while the meter sends two frames (its first total)."""
        frames = [self.frame()]
        self.advance(STEP_S)
        frames.append(self.frame())
        self.advance(STEP_S)
        coordinator = await setup_with_frames(
            self.hass, entry, self.line, frames, watch
        )
        self.feeder = Feeder(self.line, coordinator)

    async def restart(self, entry: MockConfigEntry, watch: PortWatch) -> None:
        """Set the unloaded ``entry`` up again while the meter sends."""
        opened = len(watch.opened)
        setup = self.hass.async_create_task(
            self.hass.config_entries.async_setup(entry.entry_id)
        )
        await watch.wait(opened + 1)
        self.line.write(self.frame())
        self.advance(STEP_S)
        assert await setup
        await self.hass.async_block_till_done()
        self.feeder = Feeder(self.line, entry.runtime_data)

    async def send(self, count: int) -> list[int]:
        """``count`` frames STEP_S apart; the meter's total in each."""
        assert self.feeder is not None
        totals = []
        for _ in range(count):
            frame = self.frame()
            totals.append(frame_total(frame))
            await self.feeder.send(self.hass, frame)
            self.advance(STEP_S)
        await self.hass.async_block_till_done()
        return totals

    def switch(self, *, past_option: bool = False) -> None:
        """Enedis reprograms the meter to standard mode (the line is silent a while)."""
        self.sim.switch_mode()
        self.past_option = past_option
        self.advance(SWITCH_S)


def steps(values: list[float]) -> list[float]:
    """Each written total minus the one before (kWh)."""
    return [b - a for a, b in itertools.pairwise(values)]


#: The most a step may be: 12 kVA (the guard's largest rating) over the switch.
MAX_STEP_KWH = 12 * (SWITCH_S + 2 * STEP_S) / 3600


def assert_one_continuous_total(
    hass: HomeAssistant, entry: MockConfigEntry, seen: list[float]
) -> None:
    """One total entity, no ``_2``; what it wrote never went down nor jumped."""
    assert total_entities(hass, entry) == [TOTAL]
    registry = er.async_get(hass)
    ids = [
        e.entity_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)
    ]
    assert [i for i in ids if i.endswith("_2")] == []
    assert len(seen) > 8
    assert min(steps(seen)) >= 0, "the total went down"
    assert max(steps(seen)) <= MAX_STEP_KWH, "the total jumped"


async def test_the_total_goes_on_with_east_after_a_switch(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """EAST is the sum of the indexes the historic mode sent: the same total."""
    meter = Meter(hass, line, clock, seed=3)
    entry = make_entry(line.link, meter.sim, options={"index_interval": 0})
    seen = totals_seen(hass)
    with watch_port_opens() as watch:
        await meter.start(entry, watch)
        historic = await meter.send(8)
        assert seen[-1] == pytest.approx(historic[-1] / 1000)
        written_in_historic = len(seen)
        meter.switch()
        east = await meter.send(8)
    assert len(seen) > written_in_historic  # EAST came to this very entity
    assert seen[-1] == pytest.approx(east[-1] / 1000)  # as the meter shows it
    assert_one_continuous_total(hass, entry, seen)


async def test_a_total_that_jumps_at_the_switch_goes_on_from_the_last_one(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """EAST also counts an earlier option: written as is, that would be consumption.

    The total goes on from the historic one, shifted by the difference, and
    keeps that shift after Home Assistant restarts (the entry is set up again).
    """
    meter = Meter(hass, line, clock, seed=4)
    entry = make_entry(line.link, meter.sim, options={"index_interval": 0})
    seen = totals_seen(hass)
    with watch_port_opens() as watch:
        await meter.start(entry, watch)
        await meter.send(8)
        at_switch = seen[-1]
        with caplog.at_level(logging.WARNING):
            meter.switch(past_option=True)
            east = await meter.send(8)
        assert "away from the last total in historic mode" in caplog.text
        assert seen[-1] < at_switch + MAX_STEP_KWH  # not the 4 321 kWh of EAST
        # from there it follows EAST one for one
        assert seen[-1] - seen[-5] == pytest.approx((east[-1] - east[-5]) / 1000)

        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        meter.advance(60)
        await meter.restart(entry, watch)
        after = await meter.send(4)
    assert seen[-1] - seen[-4] == pytest.approx((after[-1] - after[-4]) / 1000)
    assert_one_continuous_total(hass, entry, seen)


async def test_a_switch_while_home_assistant_was_stopped(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """The restored last total is what the first EAST must continue."""
    meter = Meter(hass, line, clock, seed=5)
    entry = make_entry(line.link, meter.sim, options={"index_interval": 0})
    seen = totals_seen(hass)
    with watch_port_opens() as watch:
        await meter.start(entry, watch)
        await meter.send(8)
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        meter.switch(past_option=True)
        await meter.restart(entry, watch)
        await meter.send(8)
    assert entry.data["mode"] == Mode.STANDARD.value
    assert_one_continuous_total(hass, entry, seen)


@pytest.mark.parametrize("east_entity_too", [False, True])
async def test_the_historic_total_of_an_older_version_becomes_the_total(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, east_entity_too: bool
) -> None:
    """Its unique_id was ``…_energy_total_historic``; after a switch EAST had a ``_2``."""
    meter = Meter(hass, line, clock, seed=6)
    entry = make_entry(line.link, meter.sim, options={"index_interval": 0})
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    prefix = meter.sim.meter_id
    historic = registry.async_get_or_create(
        "sensor",
        "linky_tic",
        f"{prefix}_energy_total_historic",
        config_entry=entry,
        suggested_object_id="linky_total_consumed_energy",
    )
    assert historic.entity_id == TOTAL
    if east_entity_too:
        east = registry.async_get_or_create(
            "sensor",
            "linky_tic",
            f"{prefix}_energy_total",
            config_entry=entry,
            suggested_object_id="linky_total_consumed_energy",
        )
        assert east.entity_id == f"{TOTAL}_2"
        meter.sim.switch_mode()
    seen = totals_seen(hass)
    with watch_port_opens() as watch:
        await meter.start(entry, watch)
        await meter.send(8)
    moved = registry.async_get(TOTAL)
    assert moved is not None
    assert moved.id == historic.id  # the same registry entry: its history goes on
    assert moved.unique_id == f"{prefix}_energy_total"
    assert_one_continuous_total(hass, entry, seen)


@pytest.mark.parametrize(
    ("total", "bound", "offset"),
    [
        (1_000_050, 60, 0),  # within what the meter could consume: as it is
        (1_000_000, 60, 0),  # nothing consumed meanwhile
        (1_000_061, 60, 61),  # more than it could: goes on from the last total
        (999_990, 60, -10),  # lower: goes on from the last total
        (9_000_000, None, 0),  # no guard: any rise is taken
        (999_990, None, -10),  # ... but never a decrease
    ],
)
def test_the_offset_that_continues_the_last_total(
    total: int, bound: int | None, offset: int
) -> None:
    last = LastTotal(1_000_000, Mode.HISTORIC, 0, 0.0)
    assert continuation_offset(last, total, bound) == offset


def test_a_stored_total_reads_back_and_a_damaged_one_is_ignored() -> None:
    last = LastTotal(1_000_000, Mode.STANDARD, -42, 1_800_000_000.5)
    assert LastTotal.from_dict(last.as_dict()) == last
    assert LastTotal.from_dict({"value": 1}) is None
    assert LastTotal.from_dict({**last.as_dict(), "mode": "neither"}) is None
