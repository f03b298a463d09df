"""The line rate: a port at the wrong rate is reopened at the other one, a noisy line never is.

Real pty, real coordinator, the test's clock. A pty has no line rate: what a
UART at the wrong rate reads is written instead (bytes 0x80-0xFE, one per
eight sent at 8x the rate: no STX, ETX, LF or CR can come out of a framing
error), as the runtime benchmark ``test_bench_switch.py`` models it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant

from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import (
    SimulatedMeter,
    transmission_seconds,
)
from custom_components.linky_tic.tic.simulator.faults import FaultInjector, Faults

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    fake_clock,
    make_entry,
    setup_with_frames,
    wait_for,
    watch_port_opens,
)

#: One second of what a 1200-baud port reads from a 9600-baud meter.
WRONG_RATE_SECOND = bytes(range(0x80, 0xFF)) * 8
#: Bytes per read on a noisy line (0.5 s at 1200 baud).
CHUNK = 60


@pytest.fixture
def line(tmp_path: Path) -> Iterator[PtyLine]:
    pty = PtyLine(tmp_path / "ttyTIC")
    yield pty
    pty.unplug()


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    with fake_clock() as fake:
        yield fake


@pytest.fixture(autouse=True)
def quick_backoff() -> Iterator[None]:
    with patch.object(line_module, "BACKOFF_S", (0.01, 0.02)):
        yield


async def send_bytes(
    hass: HomeAssistant, line: PtyLine, coordinator: LinkyTicCoordinator, data: bytes
) -> None:
    """Write ``data`` and wait until the coordinator has read all of it."""
    counters = coordinator.counters
    target = counters.bytes + len(data)
    line.write(data)
    await wait_for(hass, lambda: counters.bytes >= target, "the bytes to be read")


def test_the_bound_is_over_two_slow_frames_and_near_five_seconds() -> None:
    # a three-phase historic frame takes up to 2.3 s at 1200 baud: one of them
    # lost to noise between two readings must not switch the rate
    assert 2 * 2.3 < line_module.GARBAGE_AFTER_S <= 6.0
    assert line_module.GARBAGE_SILENCE_S < line_module.GARBAGE_AFTER_S


async def test_a_line_at_the_wrong_rate_is_reopened_at_the_other_one(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=11)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
        meter.switch_mode()  # reprogrammed: 9600 baud from now on
        start = clock.now
        switched_after = None
        for second in range(10):
            clock.now = start + second
            await send_bytes(hass, line, coordinator, WRONG_RATE_SECOND)
            if coordinator.stats.rate_switches:
                switched_after = second
                break
        assert switched_after == line_module.GARBAGE_AFTER_S
        await watch.wait(2)
        assert watch.opened[-1] == (str(line.link), Mode.STANDARD)
        # at the right rate, the meter's standard frames are published again
        clock.tick(1)
        await Feeder(line, coordinator).send(hass, meter.frame())
        await hass.async_block_till_done()
    assert coordinator.data is not None
    assert coordinator.data.mode is Mode.STANDARD
    assert coordinator.stats.rate_switches == 1
    assert coordinator.available


async def test_a_silence_starts_the_garbage_time_again(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=12)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
        start = clock.now
        for second in (0, 1, 2, 3):  # bytes, then nothing for 10 s
            clock.now = start + second
            await send_bytes(hass, line, coordinator, WRONG_RATE_SECOND)
        resumed = start + 13
        after = line_module.GARBAGE_AFTER_S
        for second in range(int(after)):
            clock.now = resumed + second
            await send_bytes(hass, line, coordinator, WRONG_RATE_SECOND)
        # 16 s since the last reading, but only 5 s of bytes since the silence
        assert coordinator.stats.rate_switches == 0
        clock.now = resumed + after
        await send_bytes(hass, line, coordinator, WRONG_RATE_SECOND)
        assert coordinator.stats.rate_switches == 1
        await watch.wait(2)
    assert watch.opened[-1] == (str(line.link), Mode.STANDARD)


async def test_a_noisy_line_is_never_switched(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """One byte in 100 damaged: frames are lost, the rate is right and kept."""
    meter = SimulatedMeter(Mode.HISTORIC, phases=3, option="hc", seed=24)
    entry = make_entry(line.link, meter)
    damage = FaultInjector(Faults(corrupt=1e-2), seed=24)  # loses a frame
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, list(meter.frames(1)), watch
        )
    published: list[float] = []
    unsub = coordinator.async_add_listener(lambda: published.append(clock.now))
    longest_frame = 0.0
    for frame in meter.frames(400):
        longest_frame = max(longest_frame, transmission_seconds(frame, Mode.HISTORIC))
        sent = damage.apply(frame)
        for at in range(0, len(sent), CHUNK):  # as the bytes come on the wire
            chunk = sent[at : at + CHUNK]
            clock.tick(transmission_seconds(chunk, Mode.HISTORIC))
            await send_bytes(hass, line, coordinator, chunk)
    unsub()
    gaps = [b - a for a, b in itertools.pairwise(published)]
    assert coordinator.counters.resyncs >= 3  # frames lost to the noise
    assert max(gaps) > 1.5 * longest_frame  # ... between two readings
    assert coordinator.stats.rate_switches == 0
    assert coordinator.port_mode is Mode.HISTORIC
    assert len(watch.opened) == 1
    assert len(published) >= 380
