"""Unplug/replug cycles on the simulator's pty (the reduced version of the benchmark).

``scripts/bench_ha/test_bench_unplug.py`` runs 100 cycles and measures; these
tests assert what each cycle must show: the entities unavailable while the port
is away, back with the first frame after it returns, one warning and one info
line per cycle, and no file descriptor or task left behind. The port is the
simulator's ``PtySink``: unplugging closes the pty and removes its path.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    get_scheduled_timer_handles,
)

from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.outputs import PtySink

from .support.helpers import (
    FakeClock,
    PortWatch,
    PtyLine,
    make_entry,
    setup_with_frames,
    state_of,
    wait_for,
    watch_port_opens,
)

POWER = "sensor.linky_apparent_power"
LOGGER = "custom_components.linky_tic"


def connected_now(coordinator: LinkyTicCoordinator) -> bool:
    """Read again (mypy keeps what an earlier assert narrowed the property to)."""
    return coordinator.connected


def open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def our_records(
    caplog: pytest.LogCaptureFixture, level: int
) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.levelno == level and r.name.startswith(LOGGER)
    ]


async def set_up_on_sink(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sink: PtySink,
    meter: SimulatedMeter,
    watch: PortWatch,
) -> LinkyTicCoordinator:
    """Set the entry up; the meter sends a frame once the port is open."""
    entry.add_to_hass(hass)
    setup = hass.async_create_task(hass.config_entries.async_setup(entry.entry_id))
    await watch.wait(1)
    sink.write(meter.frame())
    assert await setup
    await hass.async_block_till_done()
    coordinator: LinkyTicCoordinator = entry.runtime_data
    return coordinator


async def send_frame(
    hass: HomeAssistant,
    sink: PtySink,
    coordinator: LinkyTicCoordinator,
    meter: SimulatedMeter,
    clock: FakeClock,
) -> None:
    """Write the meter's next frame and wait until it was decoded."""
    counters = coordinator.counters
    before = counters.frames
    meter.advance(1.5)
    clock.tick(1.5)
    sink.write(meter.frame())
    await wait_for(hass, lambda: counters.frames > before, "the frame to be decoded")


async def test_five_unplug_cycles_recover_with_one_warning_and_one_info(
    hass: HomeAssistant,
    tmp_path: Path,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 60 s backoff step does not delay the recovery: the path is watched."""
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    meter = SimulatedMeter(Mode.HISTORIC, seed=21)
    sink = PtySink(tmp_path / "ttyTIC")
    assert sink.link is not None
    entry = make_entry(sink.link, meter)
    try:
        with (
            patch.object(line_module, "BACKOFF_S", (60.0,)),
            patch.object(line_module, "PATH_POLL_S", 0.01),
            watch_port_opens() as watch,
        ):
            coordinator = await set_up_on_sink(hass, entry, sink, meter, watch)
            fds, tasks = open_fds(), len(asyncio.all_tasks())
            # Seen from outside: how often the reader looked for the port's path.
            looks = patch.object(
                coordinator.line, "_path_exists", wraps=coordinator.line._path_exists
            )
            path_exists = looks.start()
            for cycle in range(5):
                caplog.clear()
                looked = path_exists.await_count
                sink.unplug()
                # Twice: once when the pause starts, once polling (it is watching).

                def watching(looked: int = looked) -> bool:
                    return path_exists.await_count >= looked + 2

                await wait_for(hass, watching, "the reader to watch for the path")
                assert not coordinator.connected
                assert not sink.link.exists()
                meter.advance(11)
                clock.tick(11)
                async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
                await hass.async_block_till_done()
                assert state_of(hass, POWER).state == STATE_UNAVAILABLE

                sink.replug()
                try:
                    await watch.wait(cycle + 2)  # reopened well before 60 s
                except TimeoutError as err:
                    lines = [r.getMessage() for r in caplog.records]
                    raise AssertionError(
                        f"cycle {cycle}: not reopened ({coordinator.last_error}); {lines}"
                    ) from err
                await send_frame(hass, sink, coordinator, meter, clock)
                await hass.async_block_till_done()
                assert state_of(hass, POWER).state != STATE_UNAVAILABLE
                assert [r.getMessage()[:17] for r in our_records(caplog, 30)] == [
                    "No valid TIC fram"
                ]
                assert [r.getMessage()[:17] for r in our_records(caplog, 20)] == [
                    "Valid TIC frames "
                ]
            looks.stop()
            await hass.async_block_till_done()
            assert coordinator.stats.reconnects == 5
            assert open_fds() == fds
            assert len(asyncio.all_tasks()) == tasks
    finally:
        sink.close()


async def test_a_port_whose_path_is_back_at_once_still_waits_the_backoff(
    hass: HomeAssistant, tmp_path: Path, clock: FakeClock
) -> None:
    """Only a missing path is watched: a present one that fails is not hammered."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=22)
    line = PtyLine(tmp_path / "ttyTIC")
    entry = make_entry(line.link, meter)
    try:
        with (
            patch.object(line_module, "BACKOFF_S", (30.0,)),
            patch.object(line_module, "PATH_POLL_S", 0.01),
            watch_port_opens() as watch,
        ):
            coordinator = await setup_with_frames(
                hass, entry, line, list(meter.frames(2)), watch
            )
            line.replug()  # old pty closed, a new one already behind the path
            await wait_for(hass, lambda: not coordinator.connected, "the loss")
            await wait_for(hass, lambda: _timer_due_in(hass, 25, 30), "the backoff")
            await _let_time_pass(hass, 5)
            assert len(watch.opened) == 1  # still in its 30 s backoff
            await _let_time_pass(hass, 31)
            await watch.wait(2)
            assert coordinator.connected
    finally:
        line.unplug()


def _timer_due_in(hass: HomeAssistant, low: float, high: float) -> bool:
    """Whether a timer is due in ``low`` to ``high`` s (the 30 s backoff step)."""
    now = hass.loop.time()
    return any(
        low < handle.when() - now <= high
        for handle in get_scheduled_timer_handles(hass.loop)
    )


async def _let_time_pass(hass: HomeAssistant, seconds: float) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done()


async def test_a_port_missing_for_several_backoff_steps_is_reopened_when_back(
    hass: HomeAssistant, tmp_path: Path, clock: FakeClock
) -> None:
    """Each backoff step ends with an attempt, the path found or not."""
    meter = SimulatedMeter(Mode.HISTORIC, seed=23)
    sink = PtySink(tmp_path / "ttyTIC")
    assert sink.link is not None
    entry = make_entry(sink.link, meter)
    attempts: list[str] = []
    try:
        with (
            patch.object(line_module, "BACKOFF_S", (0.03,)),
            patch.object(line_module, "PATH_POLL_S", 0.01),
            watch_port_opens() as watch,
        ):
            real_open = watch.open  # the line's opener while watched

            async def counting_open(url: str, mode: Mode) -> Any:
                attempts.append(url)
                return await real_open(url, mode)

            with patch.object(line_module, "open_tic_port", counting_open):
                coordinator = await set_up_on_sink(hass, entry, sink, meter, watch)
                sink.unplug()
                await wait_for(hass, lambda: len(attempts) >= 4, "several attempts")
                assert not coordinator.connected
                assert len(watch.opened) == 1  # every attempt failed
                sink.replug()
                await watch.wait(2)
            await send_frame(hass, sink, coordinator, meter, clock)
            assert connected_now(coordinator)
            assert coordinator.available
    finally:
        sink.close()
