"""The TIC command line: ``decode``, ``profile`` (and ``simulate`` with the simulator).

``decode [--mode auto|historic|standard] [--redact] SOURCE`` prints one JSON
object per frame on stdout and one JSON summary line (the counters) on stderr
at exit. SOURCE is a file (a capture, or a diagnostics download: its recent bytes),
``-`` for stdin, or a serial port / URL
(``/dev/ttyUSB0``, ``socket://host:port``, ``rfc2217://...``) opened 7E1 at
the mode's baud rate through serialx.

Time for the guard: a live port uses the monotonic clock. A file or stdin is
read at once, so each frame is assumed to arrive ``--period`` seconds after
the previous one (2 s, the slow end of a Linky's 1.5-2 s; a longer period only
widens the guard's bound, it never rejects a true value).

``profile CAPTURE -o FILE [--csv CSV]`` writes the capture's timeline as a
Firefox Profiler file (see ``profile``) and as CSV (``FILE`` with a ``.csv``
suffix unless ``--csv`` says otherwise), with the same ``--mode`` and
``--period`` as ``decode``.

Subcommands register themselves with one function: ``add_<name>_parser(subparsers)``
that adds a parser whose ``func`` default takes the parsed arguments and
returns the exit code. ``simulate`` comes from ``simulate_cli`` when present.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .capture import unwrap_capture
from .decoder import NOMINAL_FRAME_PERIOD, Decoder, FrameClock
from .detect import detect_mode
from .model import BAUDRATE, Mode, Reading
from .registry import IDENTIFIER_LABELS, index_periods

if TYPE_CHECKING:
    from serialx import BaseSerial

PROG = "python -m custom_components.linky_tic.tic"
EXIT_USAGE = 2
_CHUNK = 65536
_PROBE_SECONDS = 3.0
_REDACTED_LABELS = frozenset(IDENTIFIER_LABELS)


class SourceError(Exception):
    """A source that cannot be read (missing file, port that does not open)."""


def redact(value: str) -> str:
    """Mask an identifier, keeping the non-personal maker/year/type prefix of an id."""
    if len(value) == 12:
        return value[:6] + "*" * 6
    return "*" * len(value)


def reading_to_json(reading: Reading, *, redacted: bool = False) -> dict[str, Any]:
    """The JSON object the CLI prints for one frame."""
    values: dict[str, int | str] = dict(reading.values)
    meter = reading.meter_id
    if redacted:
        meter = redact(meter)
        for label in _REDACTED_LABELS.intersection(values):
            values[label] = redact(str(values[label]))
    return {
        "mode": reading.mode.value,
        "meter": meter,
        "date": reading.date.isoformat() if reading.date else None,
        "tariff": reading.option.value if reading.option else None,
        # The tariff period each energy index of the tariff counts (named indexes).
        "indexes": {
            label: period.value
            for label, period in index_periods(reading.mode, reading.option).items()
        },
        "values": values,
        "rejected": [
            {"label": item.label, "reason": item.reason.value}
            for item in reading.rejected
        ],
    }


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (an argparse type)."""
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"want seconds, not {text!r}") from error
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"want seconds > 0, not {text!r}")
    return value


def _is_port(source: str) -> bool:
    return (
        source.startswith("/dev/")
        or "://" in source
        or source.upper().startswith("COM")
    )


def _read_stream(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def _open_port(url: str, baudrate: int) -> BaseSerial:
    """Open ``url`` 7E1 at ``baudrate``, like ``tic.port.open_tic_port`` but blocking.

    A tty left at ``baudrate`` (by the probe just before) refuses that very
    speed with EINVAL: it is moved to another speed first, then opened again.
    """
    from serialx import Parity, serial_for_url  # noqa: PLC0415

    from .port import move_line_speed  # noqa: PLC0415

    def attempt() -> BaseSerial:
        port = serial_for_url(
            url, baudrate=baudrate, parity=Parity.EVEN, byte_size=7, read_timeout=0.5
        )
        try:
            port.open()
        except BaseException:
            port.close()
            raise
        return port

    try:
        return attempt()
    except OSError as error:
        if error.errno != errno.EINVAL or "://" in url:
            raise
    move_line_speed(url, baudrate)
    return attempt()


def _read_port(url: str, mode: Mode, duration: float | None) -> Iterator[bytes]:
    from serialx import SerialException  # noqa: PLC0415

    try:
        port = _open_port(url, BAUDRATE[mode])
    except (SerialException, OSError, ValueError) as error:
        raise SourceError(f"cannot open {url}: {error}") from error
    deadline = None if duration is None else time.monotonic() + duration
    buffer = bytearray(4096)
    try:
        while deadline is None or time.monotonic() < deadline:
            try:
                count = port.readinto(buffer)
            except (SerialException, OSError) as error:  # adapter unplugged...
                raise SourceError(f"lost {url}: {error}") from error
            if count:
                yield bytes(buffer[:count])
    finally:
        port.close()


def _probe_port(url: str) -> Mode:
    """Read a few seconds at 1200 then 9600 baud; the first rate that looks like TIC wins."""
    for mode in (Mode.HISTORIC, Mode.STANDARD):
        data = b"".join(_read_port(url, mode, _PROBE_SECONDS))
        detection = detect_mode(data, BAUDRATE[mode])
        print(
            json.dumps(
                {
                    "probe": BAUDRATE[mode],
                    "mode": detection.mode,
                    "confidence": detection.confidence,
                    "reason": detection.reason,
                }
            ),
            file=sys.stderr,
        )
        if detection.mode is not None:
            return detection.mode
    raise SourceError(f"no TIC signal on {url} at 1200 or 9600 baud")


def _open_source(
    args: argparse.Namespace, mode: Mode | None
) -> tuple[Iterator[bytes], Callable[[], float]]:
    source: str = args.source
    if source == "-":
        return _read_stream(sys.stdin.buffer), FrameClock(args.period)
    if _is_port(source):
        port_mode = mode if mode is not None else _probe_port(source)
        return _read_port(source, port_mode, args.duration), time.monotonic
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"no such file: {source}")
    try:
        stream = path.open("rb")
    except OSError as error:
        raise SourceError(f"cannot read {source}: {error}") from error

    def chunks() -> Iterator[bytes]:
        with stream:
            try:
                if stream.peek(1)[:1] == b"{":  # a diagnostics download
                    yield unwrap_capture(stream.read())
                    return
                yield from _read_stream(stream)
            except OSError as error:  # a failing disk, a special file...
                raise SourceError(f"cannot read {source}: {error}") from error

    return chunks(), FrameClock(args.period)


def run_decode(args: argparse.Namespace) -> int:
    """The ``decode`` subcommand."""
    mode = None if args.mode == "auto" else Mode(args.mode)
    try:
        chunks, clock = _open_source(args, mode)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    decoder = Decoder(mode, guard=not args.no_guard, clock=clock)
    status = 0
    try:
        for chunk in chunks:
            _print_readings(decoder.feed(chunk), args.redact)
        _print_readings(decoder.flush(), args.redact)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        status = EXIT_USAGE
    except KeyboardInterrupt:
        pass
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (``| head``): nothing to say
        return 0
    summary = {"summary": decoder.counters.as_dict(), "mode": decoder.mode}
    print(json.dumps(summary), file=sys.stderr)
    return status


def _print_readings(readings: Sequence[Reading], redacted: bool) -> None:
    for reading in readings:
        print(json.dumps(reading_to_json(reading, redacted=redacted)))
    if readings:
        sys.stdout.flush()


def add_decode_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``decode``."""
    parser = subparsers.add_parser(
        "decode",
        help="decode TIC bytes into one JSON object per frame",
        description="Decode TIC frames from a file, stdin or a serial port.",
    )
    parser.add_argument(
        "--mode",
        choices=["auto", "historic", "standard"],
        default="auto",
        help="TIC mode (auto: from the data; on a port: probe 1200 then 9600 baud)",
    )
    parser.add_argument("--redact", action="store_true", help="mask meter ids and PRM")
    parser.add_argument(
        "--no-guard",
        action="store_true",
        help="print indexes without the plausibility guard (first frame included)",
    )
    parser.add_argument(
        "--period",
        type=_seconds,
        default=NOMINAL_FRAME_PERIOD,
        help="seconds assumed between frames of a file or stdin (default: %(default)s)",
    )
    parser.add_argument(
        "--duration",
        type=_seconds,
        default=None,
        help="stop reading a port after this many seconds (default: until Ctrl-C)",
    )
    parser.add_argument(
        "source",
        help="a file, - for stdin, or a port (/dev/ttyUSB0, socket://host:port)",
    )
    parser.set_defaults(func=run_decode)


def run_profile(args: argparse.Namespace) -> int:
    """The ``profile`` subcommand."""
    from .profile import profile  # noqa: PLC0415
    from .timeline import timeline, write_csv  # noqa: PLC0415

    if _is_port(args.source):
        print(
            f"error: {args.source} is a port: record a capture first "
            f"({PROG} decode or the linky_tic.record service)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    mode = None if args.mode == "auto" else Mode(args.mode)
    args.duration = None
    try:
        chunks, _ = _open_source(args, mode)
        line = timeline(chunks, mode=mode, period=args.period)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    output: Path = args.output
    csv_path: Path = args.csv or output.with_suffix(".csv")
    try:
        with output.open("w", encoding="utf-8") as out:
            json.dump(profile(line, name=Path(args.source).name), out)
        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write_csv(line, out)
    except OSError as error:
        print(f"error: cannot write: {error}", file=sys.stderr)
        return EXIT_USAGE
    summary = {
        "profile": str(output),
        "csv": str(csv_path),
        "frames": len(line.samples),
        "events": len(line.events),
        "seconds": line.end_s,
    }
    print(json.dumps(summary), file=sys.stderr)
    return 0 if line.samples else 1


def add_profile_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``profile``."""
    parser = subparsers.add_parser(
        "profile",
        help="write a capture as a Firefox Profiler file and a CSV",
        description=(
            "Convert a capture into a profile that profiler.firefox.com opens "
            "(Load a profile from file) and a CSV of the same timeline."
        ),
    )
    parser.add_argument(
        "--mode", choices=["auto", "historic", "standard"], default="auto"
    )
    parser.add_argument(
        "--period",
        type=_seconds,
        default=NOMINAL_FRAME_PERIOD,
        help="seconds between two frames of the capture (default: %(default)s)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="the profile file (.json)"
    )
    parser.add_argument(
        "--csv", type=Path, default=None, help="the CSV file (default: OUTPUT.csv)"
    )
    parser.add_argument("source", help="a capture file, or - for stdin")
    parser.set_defaults(func=run_profile)


def _add_optional_subcommands(subparsers: argparse._SubParsersAction[Any]) -> None:
    try:
        module = importlib.import_module(f"{__package__}.simulate_cli")
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.simulate_cli":
            raise
        return
    module.add_simulate_parser(subparsers)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog=PROG, description="Linky TIC tools.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_decode_parser(subparsers)
    add_profile_parser(subparsers)
    _add_optional_subcommands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result
