"""Each fault option does the damage it claims, as the decoder counts it."""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.model import Counters, Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.faults import FaultInjector, Faults

from .helpers import meter_decoder

FRAMES = 60


def run(
    faults: Faults, mode: Mode = Mode.STANDARD
) -> tuple[int, FaultInjector, Counters]:
    meter = SimulatedMeter(mode, 1, "hc", seed=8)
    decoder = meter_decoder(meter, guard=False)
    injector = FaultInjector(faults, seed=8)
    readings = 0
    for frame in meter.frames(FRAMES):
        readings += len(decoder.feed(injector.apply(frame)))
    return readings, injector, decoder.counters


def test_no_fault_no_damage() -> None:
    readings, injector, counters = run(Faults())
    assert readings == FRAMES
    assert injector.stats.corrupted_bytes == injector.stats.dropped_bytes == 0
    assert counters.checksum_errors == counters.malformed_groups == 0


def test_corrupt_gives_checksum_errors() -> None:
    readings, injector, counters = run(Faults(corrupt=0.002))
    assert injector.stats.corrupted_bytes > 20
    damaged = counters.checksum_errors + counters.malformed_groups + counters.resyncs
    assert damaged >= injector.stats.corrupted_bytes // 2
    assert readings > FRAMES // 2  # most frames still come through


def test_drop_loses_groups() -> None:
    readings, injector, counters = run(Faults(drop=0.002), Mode.HISTORIC)
    assert injector.stats.dropped_bytes > 5
    damaged = counters.checksum_errors + counters.malformed_groups + counters.resyncs
    assert damaged > 0
    assert readings >= FRAMES - injector.stats.dropped_bytes


def test_eot_interrupts_frames() -> None:
    readings, injector, counters = run(Faults(eot=0.2))
    assert injector.stats.interrupted_frames > 3
    assert counters.eots == injector.stats.interrupted_frames
    assert readings == FRAMES - injector.stats.interrupted_frames


def test_garbage_between_frames_loses_nothing() -> None:
    readings, injector, counters = run(Faults(garbage=0.5))
    assert injector.stats.garbage_bursts > 10
    assert readings == FRAMES
    assert counters.checksum_errors == 0


def test_faults_are_seeded() -> None:
    frame = SimulatedMeter(Mode.STANDARD).frame()
    faults = Faults(corrupt=0.01, drop=0.01, eot=0.5, garbage=0.5)
    first = [FaultInjector(faults, seed=1).apply(frame) for _ in range(2)]
    assert first[0] == first[1]
    assert FaultInjector(faults, seed=2).apply(frame) != first[0]


def test_rates_are_checked() -> None:
    with pytest.raises(ValueError, match="corrupt"):
        Faults(corrupt=1.5)
