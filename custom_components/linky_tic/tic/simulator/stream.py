"""The simulator's main loop: frames (or a capture) -> faults -> pacing -> sink."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..encoder import ETX  # noqa: TID252 (the tic package is imported under two names)
from ..model import BAUDRATE, Mode  # noqa: TID252
from .faults import FaultInjector
from .meter import SimulatedMeter, transmission_seconds
from .outputs import Sink
from .pacing import Pacer


@dataclass(frozen=True, slots=True)
class Plan:
    """What to send and when to misbehave.

    ``frames``: stop after that many frames (None: endless). ``speed``: simulated
    seconds per real second. ``unplug``: (every, for) in real seconds.
    ``mode_switch_at``: reprogram the meter to the other mode after that many frames.
    """

    frames: int | None = None
    speed: float = 1.0
    unplug: tuple[float, float] | None = None
    mode_switch_at: int | None = None


class Unplugger:
    """Pulls the port out every ``every`` s for ``duration`` s (real time)."""

    def __init__(
        self,
        sink: Sink,
        pacer: Pacer,
        schedule: tuple[float, float] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Start the schedule now."""
        self._sink = sink
        self._pacer = pacer
        self._schedule = schedule
        self._clock = clock
        self._due = clock() + schedule[0] if schedule else float("inf")

    def tick(self) -> float:
        """Unplug if due; returns the real seconds the port was away."""
        if self._schedule is None or self._clock() < self._due:
            return 0.0
        every, duration = self._schedule
        self._sink.unplug()
        self._pacer.pause(duration)
        self._sink.replug()
        self._due = self._clock() + every
        return duration


def run_meter(
    meter: SimulatedMeter,
    sink: Sink,
    pacer: Pacer,
    injector: FaultInjector,
    plan: Plan,
    *,
    on_event: Callable[[str], None] = lambda _message: None,
) -> int:
    """Send the meter's frames; returns how many were sent."""
    unplugger = Unplugger(sink, pacer, plan.unplug)
    sent = 0
    while plan.frames is None or sent < plan.frames:
        if plan.mode_switch_at is not None and sent == plan.mode_switch_at:
            on_event(f"meter reprogrammed to {meter.switch_mode()} mode")
        data = meter.frame()
        pacer.send(sink, injector.apply(data), BAUDRATE[meter.mode])
        meter.advance(transmission_seconds(data, meter.mode) * plan.speed)
        sent += 1
        away = unplugger.tick()
        if away:
            meter.advance(away * plan.speed)
            on_event("port unplugged and back")
    return sent


def split_frames(data: bytes) -> Iterator[bytes]:
    """Cut a capture after each ETX (the tail, if any, is the last piece)."""
    start = 0
    while start < len(data):
        end = data.find(ETX, start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def capture_mode(data: bytes) -> Mode:
    """Standard if the capture's groups are tab-separated, else historic."""
    return Mode.STANDARD if b"\t" in data else Mode.HISTORIC


def run_replay(
    data: bytes,
    sink: Sink,
    pacer: Pacer,
    injector: FaultInjector,
    plan: Plan,
    *,
    mode: Mode | None = None,
    loop: bool = False,
) -> int:
    """Send a capture at its line rate (``loop``: again and again); returns pieces sent."""
    baud = BAUDRATE[mode or capture_mode(data)]
    unplugger = Unplugger(sink, pacer, plan.unplug)
    pieces = list(split_frames(data))
    sent = 0
    while pieces and (plan.frames is None or sent < plan.frames):
        for piece in pieces:
            if plan.frames is not None and sent >= plan.frames:
                break
            pacer.send(sink, injector.apply(piece), baud)
            sent += 1
            unplugger.tick()
        if not loop:
            break
    return sent
