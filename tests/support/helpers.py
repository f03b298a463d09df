"""A meter on a real pty, and helpers to set up an entry reading it.

``PtyLine`` owns a pty pair and a symlink to its slave (the entry's
``CONF_DEVICE``): the test writes real frame bytes into the master, the
integration reads the slave through serialx. ``unplug`` closes the master (the
reader gets an I/O error), ``replug`` makes a new pty behind the same symlink.

Opening a port flushes its input, so frames are written only once the reader
has opened the port: ``watch_port_opens`` wraps the coordinator's real
``open_tic_port`` to signal each opening.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from unittest.mock import patch

import probatio
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.port import open_tic_port
from custom_components.linky_tic.tic.simulator import SimulatedMeter

WAIT_S = 10.0  # bound of every wait on a real condition


class PtyLine:
    """A pty pair behind a symlink: the serial line between meter and module."""

    def __init__(self, link: Path) -> None:
        """Open a first pty and point ``link`` at its slave."""
        self.link = link
        self.master: int | None = None
        self.slave: int | None = None
        self.replug()

    def replug(self) -> None:
        """A new pty at the same path (the module plugged back)."""
        self.unplug()
        self.master, self.slave = os.openpty()
        tmp = self.link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(self.slave))
        tmp.replace(self.link)

    def unplug(self) -> None:
        """Close the pty (the reader's next read fails)."""
        for fd in (self.master, self.slave):
            if fd is not None:
                os.close(fd)
        self.master = self.slave = None

    def write(self, data: bytes) -> None:
        """Send bytes as the meter would."""
        assert self.master is not None, "the line is unplugged"
        view = memoryview(data)
        while view:
            written = os.write(self.master, view)
            view = view[written:]


class PortWatch:
    """Counts the coordinator's port openings (the real ``open_tic_port``)."""

    def __init__(self) -> None:
        """No opening yet."""
        self.opened: list[tuple[str, Mode]] = []
        self._event = asyncio.Event()

    async def open(self, url: str, mode: Mode) -> Any:
        """Open for real, then tell."""
        result = await open_tic_port(url, mode)
        self.opened.append((url, mode))
        self._event.set()
        return result

    async def wait(self, count: int) -> None:
        """Wait until the port was opened ``count`` times in all."""
        async with asyncio.timeout(WAIT_S):
            while len(self.opened) < count:
                self._event.clear()
                await self._event.wait()


@contextlib.contextmanager
def watch_port_opens() -> Iterator[PortWatch]:
    """Patch the line's opener with a watching (real) one."""
    watch = PortWatch()
    with patch.object(line_module, "open_tic_port", watch.open):
        yield watch


class FakeClock:
    """A monotonic clock the test advances (the coordinator's ``clock``)."""

    def __init__(self, start: float = 1000.0) -> None:
        """Start at ``start`` seconds."""
        self.now = start

    def __call__(self) -> float:
        """The current time."""
        return self.now

    def tick(self, seconds: float) -> None:
        """Advance the clock."""
        self.now += seconds


@contextlib.contextmanager
def fake_clock() -> Iterator[FakeClock]:
    """Give every coordinator created in the block a clock the test drives."""
    clock = FakeClock()
    with patch.object(LinkyTicCoordinator, "clock", staticmethod(clock)):
        yield clock


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state object; fails the test, naming the entity, when it has none."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} has no state"
    return state


def form_schema(result: FlowResult[Any, Any]) -> probatio.Schema:
    """The schema of the form a flow step shows; fails the test when it shows none."""
    schema = result.get("data_schema")
    assert schema is not None, f"step {result.get('step_id')} shows no form"
    return schema


def placeholders(result: FlowResult[Any, Any]) -> Mapping[str, str]:
    """The placeholders a flow step fills its text with; fails the test when none."""
    values = result.get("description_placeholders")
    assert values is not None, f"step {result.get('step_id')} has no placeholders"
    return values


def entities_summary(hass: HomeAssistant, entry_id: str) -> dict[str, Any]:
    """The entry's registry entries and states, without run-specific ids and times.

    (The harness's snapshot extension does not take effect with this syrupy,
    so registry entries would be written with their random ids and dates.)
    """
    registry = er.async_get(hass)
    summary: dict[str, Any] = {}
    for entry in sorted(
        er.async_entries_for_config_entry(registry, entry_id),
        key=lambda e: e.entity_id,
    ):
        state = hass.states.get(entry.entity_id)
        summary[entry.entity_id] = {
            "unique_id": entry.unique_id,
            "translation_key": entry.translation_key,
            "original_name": entry.original_name,
            "device_class": entry.original_device_class,
            "unit": entry.unit_of_measurement,
            "entity_category": entry.entity_category,
            "disabled_by": entry.disabled_by,
            "capabilities": entry.capabilities,
            "options": dict(entry.options),
            "state": state.state if state else None,
            "attributes": dict(state.attributes) if state else None,
        }
    return summary


def assert_port_free(path: Path) -> None:
    """Nobody holds the port: its exclusive lock (flock) can be taken.

    (Reopening through serialx is no proof on a pty: setting a pty to the speed
    it already has fails with EINVAL.)
    """
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
    finally:
        os.close(fd)


def make_entry(
    link: Path,
    meter: SimulatedMeter,
    *,
    tariff: str | None = None,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    """A config entry for ``meter`` on ``link`` (as the config flow makes it)."""
    option = (
        tariff
        or {
            "base": "base",
            "hc": "off_peak",
            "ejp": "ejp",
            "tempo": "tempo",
        }[meter.option.value]
    )
    return MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id=meter.meter_id,
        data={
            CONF_DEVICE: str(link),
            CONF_MODE: meter.mode.value,
            CONF_TARIFF: option,
        },
        options=options or {},
    )


async def wait_for(
    hass: HomeAssistant,
    condition: Callable[[], bool],
    what: str = "condition",
    *,
    bound: float = WAIT_S,
    poll: float = 0.0,
) -> None:
    """Let the loop run until ``condition()`` holds (``bound`` s at most).

    ``poll`` > 0 sleeps that long between checks, for conditions that wait on
    another thread (a pty writer) rather than on the loop.
    """
    try:
        async with asyncio.timeout(bound):
            while not condition():
                await asyncio.sleep(poll)
                await hass.async_block_till_done()
    except TimeoutError as err:
        raise AssertionError(f"timed out waiting for {what}") from err


class Feeder:
    """Writes frames into the line one at a time and waits for their reading."""

    def __init__(self, line: PtyLine, coordinator: LinkyTicCoordinator) -> None:
        """Feed ``coordinator`` through ``line``."""
        self.line = line
        self.coordinator = coordinator

    async def send(self, hass: HomeAssistant, frame: bytes) -> None:
        """Write one frame and wait until the decoder has seen it whole."""
        counters = self.coordinator.counters
        before = counters.frames + counters.resyncs
        self.line.write(frame)
        await wait_for(
            hass,
            lambda: counters.frames + counters.resyncs > before,
            "the frame to be decoded",
        )


async def setup_with_frames(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    line: PtyLine,
    frames: list[bytes],
    watch: PortWatch,
) -> LinkyTicCoordinator:
    """Set the entry up while the meter sends ``frames`` (at least one)."""
    entry.add_to_hass(hass)
    setup = hass.async_create_task(hass.config_entries.async_setup(entry.entry_id))
    await watch.wait(len(watch.opened) + 1)
    line.write(frames[0])
    assert await setup
    await hass.async_block_till_done()
    coordinator: LinkyTicCoordinator = entry.runtime_data
    feeder = Feeder(line, coordinator)
    for frame in frames[1:]:
        await feeder.send(hass, frame)
    await hass.async_block_till_done()
    return coordinator
