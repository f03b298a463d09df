"""``simulate``: a virtual Linky meter on stdout, a file, a pty or TCP.

Registered by the ``tic`` command line (``add_simulate_parser``); also runnable
on its own: ``python -m custom_components.linky_tic.tic.simulate_cli --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import date, datetime
from pathlib import Path

from .capture import unwrap_capture
from .model import Mode, TempoColor
from .simulator.calendar import PARIS, EjpCalendar, OffPeakWindows, TempoCalendar
from .simulator.faults import FaultInjector, Faults
from .simulator.meter import DEFAULT_START, SimulatedMeter
from .simulator.outputs import PtySink, Sink, StreamSink, TcpSink
from .simulator.pacing import Pacer
from .simulator.stream import Plan, run_meter, run_replay
from .simulator.tariff import Option

_COLORS = {"blue": TempoColor.BLUE, "white": TempoColor.WHITE, "red": TempoColor.RED}
_MAX_TCP_PORT = 65535
_MAX_KVA = 36


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("a rate is between 0 and 1")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _unplug(text: str) -> tuple[float, float]:
    try:
        every, duration = (float(part) for part in text.split(":"))
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            "want EVERY:FOR in seconds, e.g. 30:5"
        ) from err
    if every <= 0 or duration < 0:
        raise argparse.ArgumentTypeError("EVERY must be > 0 and FOR >= 0")
    return every, duration


def _start(text: str) -> datetime:
    if text == "now":
        return datetime.now(PARIS).replace(microsecond=0)
    try:
        start = datetime.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError("want an ISO date-time or 'now'") from err
    return start if start.tzinfo else start.replace(tzinfo=PARIS)


def _off_peak(text: str) -> OffPeakWindows:
    try:
        return OffPeakWindows.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _tempo_days(text: str) -> dict[date, TempoColor]:
    days: dict[date, TempoColor] = {}
    for item in filter(None, text.split(",")):
        try:
            day, color = item.split("=")
            days[date.fromisoformat(day.strip())] = _COLORS[color.strip().lower()]
        except (ValueError, KeyError) as err:
            raise argparse.ArgumentTypeError(
                "want DAY=COLOR,... e.g. 2026-01-15=red"
            ) from err
    return days


def _days(text: str) -> frozenset[date]:
    try:
        return frozenset(
            date.fromisoformat(d.strip()) for d in filter(None, text.split(","))
        )
    except ValueError as err:
        raise argparse.ArgumentTypeError("want YYYY-MM-DD,...") from err


def _tcp(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    try:
        number = int(port)
    except ValueError as err:
        raise argparse.ArgumentTypeError("want [HOST:]PORT") from err
    if not 0 <= number <= _MAX_TCP_PORT:
        raise argparse.ArgumentTypeError(f"a port is between 0 and {_MAX_TCP_PORT}")
    return host or "127.0.0.1", number


def _kva(text: str) -> int:
    try:
        kva = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError("want a whole number of kVA, e.g. 9") from err
    if not 1 <= kva <= _MAX_KVA:
        # PREF/PCOUP are two digits: a bigger subscription is not a Linky's
        raise argparse.ArgumentTypeError(f"a subscription is 1 to {_MAX_KVA} kVA")
    return kva


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the simulator's options to ``parser``."""
    meter = parser.add_argument_group("meter")
    meter.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help="default historic (replay: detected)",
    )
    meter.add_argument("--phases", type=int, choices=(1, 3), default=1)
    meter.add_argument("--option", choices=[o.value for o in Option], default="base")
    meter.add_argument(
        "--producer",
        action="store_true",
        help="solar panels: injection, EAIT, SINSTI...",
    )
    meter.add_argument(
        "--kva", type=_kva, help="subscribed power (default 6, 12 on three-phase)"
    )
    meter.add_argument(
        "--offpeak",
        type=_off_peak,
        default=OffPeakWindows.parse("22:00-06:00"),
        help="HC windows, e.g. 22:00-06:00 or 02:00-07:00+13:00-16:00",
    )
    meter.add_argument(
        "--tempo-days",
        type=_tempo_days,
        default={},
        help="pin Tempo colours: 2026-01-15=red,2026-01-16=white",
    )
    meter.add_argument(
        "--ejp-days",
        type=_days,
        default=frozenset(),
        help="pin EJP days: 2026-01-15,...",
    )
    meter.add_argument(
        "--overloads",
        type=float,
        default=1.0,
        help="overloads per simulated day (default 1)",
    )
    meter.add_argument("--seed", type=int, help="makes the whole stream reproducible")
    meter.add_argument(
        "--start",
        type=_start,
        help=f"simulated start, ISO or 'now' (default: now, or {DEFAULT_START.isoformat()} with --seed)",
    )
    meter.add_argument(
        "--frames", type=int, help="stop after N frames (default: endless)"
    )

    timing = parser.add_argument_group("timing").add_mutually_exclusive_group()
    timing.add_argument(
        "--speed", type=_positive, default=1.0, help="simulated seconds per real second"
    )
    timing.add_argument(
        "--max",
        action="store_true",
        help="as fast as possible (simulated time still advances at line rate)",
    )

    output = parser.add_argument_group("output").add_mutually_exclusive_group()
    output.add_argument(
        "--output", "-o", type=Path, help="write to a file (default stdout)"
    )
    output.add_argument(
        "--pty", action="store_true", help="serve on a pseudo-terminal; prints its path"
    )
    output.add_argument(
        "--tcp",
        type=_tcp,
        metavar="[HOST:]PORT",
        help="serve socket:// clients; prints the URL",
    )
    parser.add_argument(
        "--link", type=Path, help="with --pty (implied): a stable symlink to the pty"
    )

    faults = parser.add_argument_group("faults")
    faults.add_argument(
        "--corrupt",
        type=_rate,
        default=0.0,
        metavar="RATE",
        help="bit error rate per byte",
    )
    faults.add_argument(
        "--drop", type=_rate, default=0.0, metavar="RATE", help="lost byte rate"
    )
    faults.add_argument(
        "--eot",
        type=_rate,
        default=0.0,
        metavar="RATE",
        help="rate of frames interrupted by EOT",
    )
    faults.add_argument(
        "--garbage",
        type=_rate,
        nargs="?",
        const=0.1,
        default=0.0,
        metavar="RATE",
        help="rate of noise bursts between frames (default 0.1)",
    )
    faults.add_argument(
        "--unplug",
        type=_unplug,
        metavar="EVERY:FOR",
        help="the port disappears every EVERY s for FOR s (real time)",
    )
    faults.add_argument(
        "--mode-switch",
        type=int,
        metavar="AT",
        help="reprogram the meter to the other mode after AT frames",
    )

    replay = parser.add_argument_group("replay")
    replay.add_argument(
        "--replay",
        type=Path,
        metavar="FILE",
        help="send a capture at its line rate instead",
    )
    replay.add_argument("--loop", action="store_true", help="replay again and again")
    parser.set_defaults(func=run)


def add_simulate_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Register ``simulate`` on the ``tic`` command line."""
    parser = subparsers.add_parser(
        "simulate",
        help="a virtual Linky meter (TIC stream)",
        description="Emit a spec-valid TIC stream from a simulated Linky meter.",
    )
    configure_parser(parser)


def _say(message: str) -> None:
    print(message, flush=True)


def _note(message: str) -> None:
    print(f"simulate: {message}", file=sys.stderr, flush=True)


def _open_sink(args: argparse.Namespace) -> Sink:
    if args.pty or args.link is not None:
        return PtySink(args.link, on_path=_say)
    if args.tcp is not None:
        sink = TcpSink(*args.tcp)
        _say(sink.url)
        return sink
    if args.output is not None:
        return StreamSink(args.output.open("wb"), owned=True)
    return StreamSink(sys.stdout.buffer)


def meter_from_args(args: argparse.Namespace) -> SimulatedMeter:
    """The simulated meter the ``simulate`` options describe (its household, its calendars)."""
    seed = args.seed if args.seed is not None else 0
    start = args.start or (DEFAULT_START if args.seed is not None else _start("now"))
    return SimulatedMeter(
        args.mode or Mode.HISTORIC,
        args.phases,
        args.option,
        args.producer,
        seed=seed,
        start=start,
        kva=args.kva,
        off_peak=args.offpeak,
        tempo=TempoCalendar(seed, args.tempo_days),
        ejp=EjpCalendar(seed, args.ejp_days),
        overloads_per_day=args.overloads,
    )


def run(args: argparse.Namespace) -> int:
    """Run the simulator; returns the exit code."""
    if args.frames is not None and args.frames < 0:
        _note("--frames must be >= 0")
        return 2
    seed = args.seed if args.seed is not None else 0
    injector = FaultInjector(
        Faults(args.corrupt, args.drop, args.eot, args.garbage), seed
    )
    plan = Plan(
        frames=args.frames,
        speed=args.speed,
        unplug=args.unplug,
        mode_switch_at=args.mode_switch,
    )
    capture = b""
    if args.replay is not None:
        try:
            capture = unwrap_capture(args.replay.read_bytes())
        except OSError as err:
            _note(f"cannot read {args.replay}: {err.strerror}")
            return 2
    try:
        sink = _open_sink(args)
    except OSError as err:
        _note(f"cannot open the output: {err}")
        return 2
    pacer = Pacer(fast=args.max)
    try:
        if args.replay is not None:
            mode = Mode(args.mode) if args.mode else None
            run_replay(capture, sink, pacer, injector, plan, mode=mode, loop=args.loop)
        else:
            meter = meter_from_args(args)
            run_meter(meter, sink, pacer, injector, plan, on_event=_note)
    except KeyboardInterrupt:
        pass
    except BrokenPipeError:
        # the reader went away: point stdout at /dev/null so the exit flush is quiet
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        sink.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point."""
    parser = argparse.ArgumentParser(
        prog="simulate", description="A virtual Linky meter (TIC stream)."
    )
    configure_parser(parser)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
