"""Promises of the line a code-breaking review could break without a failing test (#12, 4-6).

4. The entities stay available while the meter is switched between historic and
   standard mode: the stale timeout (HA's own timer) outlasts the switch;
5. a lost port is retried after 1, 2, 5, 10, 30, 30... s (the real schedule, not
   a patched one), and the schedule starts again after a good frame;
6. removing an entry removes its repair issue.

Real pty, real HA instance. Time is moved by the test: the coordinator's clock
(the garbage timer) and HA's timers together, or, for the retry schedule, each
wait the integration asks for is recorded and held until the test releases it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Coroutine, Iterator
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed_exact,
)

from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.issues import meter_replaced_issue_id
from custom_components.linky_tic.tic.model import Counters, Mode
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

#: What a 1200-baud port reads in one second from a 9600-baud meter (see test_line_rate).
WRONG_RATE_SECOND = bytes(range(0x80, 0xFF)) * 8
#: The longest a meter takes to start its next frame after the port is reopened
#: mid-frame (the cut frame is lost): one frame period at the slowest pace.
NEXT_FRAME_S = 2.0
POWER = "sensor.linky_apparent_power"


def _read_up_to(counters: Counters, target: int) -> bool:
    return counters.bytes >= target


def _unavailable_log(hass: HomeAssistant, entity_id: str) -> list[float]:
    """Loop times at which ``entity_id`` became unavailable."""
    seen: list[float] = []

    def on_change(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if (
            event.data["entity_id"] == entity_id
            and new
            and new.state == STATE_UNAVAILABLE
        ):
            seen.append(hass.loop.time())

    hass.bus.async_listen("state_changed", on_change)
    return seen


async def test_entities_stay_available_through_a_mode_switch(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=21)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
        reading_at, start = hass.loop.time(), clock.now
        unavailable = _unavailable_log(hass, POWER)

        def advance_to(second: float) -> None:
            """Both clocks ``second`` s after the last historic reading."""
            clock.now = start + second
            late = hass.loop.time() - reading_at  # real time the test already took
            async_fire_time_changed_exact(
                hass, dt_util.utcnow() + timedelta(seconds=second - late)
            )

        meter.switch_mode()  # from now on the port reads 9600-baud bytes at 1200
        counters = coordinator.counters
        second = 0.5
        while not coordinator.stats.rate_switches:
            assert second < 30, "the port was never reopened at the other rate"
            advance_to(second)
            target = counters.bytes + len(WRONG_RATE_SECOND)
            line.write(WRONG_RATE_SECOND)
            await wait_for(
                hass, partial(_read_up_to, counters, target), "the bytes read"
            )
            second += 1
        await watch.wait(2)
        assert watch.opened[-1][1] is Mode.STANDARD
        # the first whole standard frame after the reopening
        switch_s = second - 1 + NEXT_FRAME_S
        advance_to(switch_s)
        await hass.async_block_till_done()
        await Feeder(line, coordinator).send(hass, meter.frame())
        await hass.async_block_till_done()
        assert coordinator.data is not None
        assert coordinator.data.mode is Mode.STANDARD
        assert unavailable == [], f"unavailable during a {switch_s} s mode switch"
        power = hass.states.get(POWER)
        assert power is not None
        assert power.state != STATE_UNAVAILABLE

        # the method can see a loss: a silence longer than the timeout is one
        reading_at, start = hass.loop.time(), clock.now
        advance_to(switch_s)
        await hass.async_block_till_done()
        assert unavailable == []
        advance_to(60)
        await hass.async_block_till_done()
        assert len(unavailable) == 1


class HeldWaits:
    """The waits the integration asks for, each held until the test releases it."""

    def __init__(self) -> None:
        """Nothing asked yet."""
        self.asked: list[float] = []
        self._permits = asyncio.Semaphore(0)

    def count_is(self, count: int) -> bool:
        """Whether ``count`` waits were asked for so far."""
        return len(self.asked) == count

    def release(self) -> None:
        """Let the oldest held wait end."""
        self._permits.release()

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Hold the integration's sleeps of 0.5 s or more; others run as they are."""
        real_sleep = asyncio.sleep

        def sleep(delay: float, result: Any = None) -> Coroutine[Any, Any, Any]:
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith("custom_components.linky_tic") and delay >= 0.5:
                self.asked.append(delay)
                return self._held(result)
            return real_sleep(delay, result)

        with patch("asyncio.sleep", sleep):
            yield

    async def _held(self, result: Any) -> Any:
        await self._permits.acquire()
        return result


def _port_that_fails_to_open(link: Path) -> None:
    """Point the entry's port at a path that exists but is no serial port (ENOTTY)."""
    tmp = link.with_suffix(".null")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(os.devnull)
    tmp.replace(link)


async def test_reconnect_delays_grow_then_start_again_after_a_good_frame(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=22)
    entry = make_entry(line.link, meter)
    waits = HeldWaits()
    with watch_port_opens() as watch, waits.installed():
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
        _port_that_fails_to_open(line.link)
        line.unplug()  # the reader's next read fails, every reopening too
        for count in range(1, 8):
            await wait_for(hass, partial(waits.count_is, count), "a wait")
            if count < 7:
                waits.release()
        assert waits.asked == [1, 2, 5, 10, 30, 30, 30]

        line.replug()  # a working port again: the held wait ends, it opens
        waits.release()
        await watch.wait(2)
        clock.tick(2)
        await Feeder(line, coordinator).send(hass, meter.frame())
        assert coordinator.available

        _port_that_fails_to_open(line.link)
        line.unplug()
        for count in range(8, 11):
            await wait_for(hass, partial(waits.count_is, count), "a wait")
            if count < 10:
                waits.release()
        assert waits.asked[7:] == [1, 2, 5]  # the schedule starts again
        await hass.config_entries.async_unload(entry.entry_id)
        waits.release()


async def test_removing_an_entry_removes_its_repair_issue(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=23)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
    other = SimulatedMeter(Mode.HISTORIC, seed=24, meter_id="021961654321")
    feeder = Feeder(line, coordinator)
    for frame in other.frames(3):  # a meter id is believed once it repeats
        await feeder.send(hass, frame)
    await hass.async_block_till_done()
    issues = ir.async_get(hass)
    issue_id = meter_replaced_issue_id(entry)
    assert issues.async_get_issue(DOMAIN, issue_id) is not None

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert issues.async_get_issue(DOMAIN, issue_id) is None
    assert hass.config_entries.async_get_entry(entry.entry_id) is None
