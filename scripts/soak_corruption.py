"""Corruption soak: simulated frames with byte errors through the decoder and its guard.

Each profile is one simulated meter (``SimulatedMeter``) whose frames are
corrupted byte by byte at ``rate`` and fed to a ``Decoder`` in the meter's mode,
its clock being the meter's simulated clock at the frame's last byte.

Error model, per byte with probability ``rate`` (a Bernoulli process drawn with
geometric gaps): flip of one of the 7 data bits (60 %), replacement by a random
8-bit byte (20 %), loss (10 %), an extra random byte after it (10 %).

What is counted, independently of the decoder where possible:

- ``corrupted_groups``: received group lines (split on STX/ETX/EOT/CR/LF, parity
  bit stripped) that are not a line of the clean frame;
- of those, ``passed_checksum`` (valid closing separator and 6-bit checksum,
  computed here with ``groups.checksum``), and of those ``caught_by_format``
  (``parse_group`` rejects the label or the data format);
- from the decoder's rejections: ``caught_by_range`` (OUT_OF_RANGE) and
  ``caught_by_guard`` (INDEX_DECREASED / INDEX_JUMP / IDLE_INDEX_ROSE);
- ``wrong_values_emitted`` (``wrong_numbers_emitted`` for numbers): values of
  a Reading that differ from what the meter sent in that frame or the one
  before (a frame whose ETX was lost is completed by the next one), and
  ``max_index_error_wh`` for energy indexes among them;
- ``implausible_emitted`` (must be 0): an emitted energy index below the
  previous emitted value, or rising more than both the true rise and what the
  subscribed power allows over the elapsed time (+10 Wh), or a number outside
  its label's range (``dips_emitted``, ``fast_rises_emitted`` with the largest
  excess ``max_excess_wh``);
- ``idle_rises_emitted``: an emitted energy index above the previous emitted
  value and above the meter's own index, which did not move (a wrong value
  lifting an index nobody consumes on);
- ``guard_rejections_in_clean_frames``: true values the guard withheld (in a
  frame that was not damaged), e.g. after it accepted a wrong value.
- ``held_unconfirmed``: values withheld until the next frame confirms them
  (``UNCONFIRMED``: an index's first value, a changed free text), and
  ``held_in_clean_frames`` of those in undamaged frames (a genuine LTARF change
  waits one frame).

``--ngtf TEXT`` replaces the standard profiles' NGTF (e.g. a mixed-case
``" HC et Week-End "``), so that free text of mixed case goes through the soak.

Run ``scripts/soak`` (or this file) for the full soak; tests/test_soak.py runs a
reduced version.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.groups import (
    GroupError,
    checksum,
    parse_group,
    separator_mode,
)
from custom_components.linky_tic.tic.model import Mode, Rejection, Value
from custom_components.linky_tic.tic.registry import LABELS, Kind
from custom_components.linky_tic.tic.simulator import (
    SimulatedMeter,
    transmission_seconds,
)

#: (name, mode, phases, tariff option): the profiles the soak cycles through.
PROFILES: tuple[tuple[str, Mode, int, str], ...] = (
    ("historic-1ph-hc", Mode.HISTORIC, 1, "hc"),
    ("historic-3ph-base", Mode.HISTORIC, 3, "base"),
    ("standard-1ph-tempo", Mode.STANDARD, 1, "tempo"),
    ("standard-3ph-hc", Mode.STANDARD, 3, "hc"),
)
ALLOWANCE_WH = 10
_STRIP_PARITY = bytes(i & 0x7F for i in range(256))
_LINE_BREAKS = re.compile(rb"[\x02\x03\x04\r\n]+")
_FORMAT = frozenset(
    {Rejection.MALFORMED, Rejection.UNKNOWN_LABEL, Rejection.BAD_FORMAT}
)
_GUARD = frozenset(
    {Rejection.INDEX_DECREASED, Rejection.INDEX_JUMP, Rejection.IDLE_INDEX_ROSE}
)


@dataclass(slots=True)
class CorruptionReport:
    """Counts of one soak run (sums over profiles when merged)."""

    frames_sent: int = 0
    bytes_sent: int = 0
    bytes_corrupted: int = 0
    frames_corrupted: int = 0
    readings: int = 0
    corrupted_groups: int = 0
    passed_checksum: int = 0
    caught_by_format: int = 0
    caught_by_range: int = 0
    caught_by_guard: int = 0
    values_emitted: int = 0
    wrong_values_emitted: int = 0
    wrong_numbers_emitted: int = 0
    wrong_index_values_emitted: int = 0
    max_index_error_wh: int = 0
    implausible_emitted: int = 0
    dips_emitted: int = 0
    fast_rises_emitted: int = 0
    max_excess_wh: int = 0
    idle_rises_emitted: int = 0
    guard_rejections_in_clean_frames: int = 0
    held_unconfirmed: int = 0
    held_in_clean_frames: int = 0
    exceptions: int = 0
    decoder_counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    max_rss_kib: int = 0
    examples: list[str] = field(default_factory=list)
    implausible_examples: list[str] = field(default_factory=list)

    def merge(self, other: CorruptionReport) -> None:
        """Add ``other``'s counts to this report."""
        for item in fields(self):
            name = item.name
            mine, theirs = getattr(self, name), getattr(other, name)
            if name in {
                "max_index_error_wh",
                "max_excess_wh",
                "max_rss_kib",
                "seconds",
            }:
                setattr(self, name, max(mine, theirs))
            elif name == "decoder_counters":
                for key, count in theirs.items():
                    mine[key] = mine.get(key, 0) + count
            elif name in {"examples", "implausible_examples"}:
                mine.extend(theirs[: max(0, 20 - len(mine))])
            else:
                setattr(self, name, mine + theirs)


class ByteCorrupter:
    """Byte errors at a fixed rate, drawn with geometric gaps (fast for small rates)."""

    def __init__(self, rate: float, rng: random.Random) -> None:
        """``rate`` is the probability that one byte is damaged."""
        self._rng = rng
        self._log_keep = math.log1p(-rate) if 0 < rate < 1 else None
        self._rate = rate
        self._gap = self._next_gap()

    def _next_gap(self) -> int:
        if self._log_keep is None:
            return 0 if self._rate >= 1 else sys.maxsize
        return int(math.log(1.0 - self._rng.random()) / self._log_keep)

    def corrupt(self, data: bytes) -> tuple[bytes, int]:
        """``data`` with errors, and the number of damaged bytes."""
        if self._gap >= len(data):
            self._gap -= len(data)
            return data, 0
        rng = self._rng
        out = bytearray()
        pos = 0
        damaged = 0
        while pos + self._gap < len(data):
            at = pos + self._gap
            out += data[pos:at]
            byte = data[at]
            kind = rng.random()
            if kind < 0.6:
                out.append(byte ^ (1 << rng.randrange(7)))
            elif kind < 0.8:
                out.append(rng.randrange(256))
            elif kind < 0.9:
                pass  # the byte is lost
            else:
                out.append(byte)
                out.append(rng.randrange(256))
            damaged += 1
            pos = at + 1
            self._gap = self._next_gap()
        out += data[pos:]
        self._gap -= len(data) - pos
        return bytes(out), damaged


def group_lines(data: bytes) -> list[bytes]:
    """The group lines a receiver sees in ``data`` (parity stripped, no empty line)."""
    return [line for line in _LINE_BREAKS.split(data.translate(_STRIP_PARITY)) if line]


def typed_values(
    mode: Mode, groups: list[tuple[str, str, str | None]]
) -> dict[str, Value]:
    """What a Reading must hold for the groups the meter sent (the truth)."""
    table = LABELS[mode]
    truth: dict[str, Value] = {}
    for label, data, stamp in groups:
        spec = table[label]
        if spec.kind is Kind.NUMBER:
            truth[label] = int(data)
        elif label == "DATE":
            truth[label] = stamp or ""
        else:
            truth[label] = data.strip()
    return truth


class _Observer:
    """Compares what the decoder emits with the truth and the physical limits."""

    def __init__(self, mode: Mode, kva: int, report: CorruptionReport) -> None:
        self.mode = mode
        self.report = report
        self.max_power_w = kva * 1000
        self.specs = LABELS[mode]
        # label -> (value emitted, when, true value at that time)
        self.last_index: dict[str, tuple[int, float, int]] = {}

    def check(
        self,
        values: dict[str, Value],
        at: float,
        truth: dict[str, Value],
        previous: dict[str, Value],
    ) -> None:
        report = self.report
        for label, value in values.items():
            report.values_emitted += 1
            spec = self.specs.get(label)
            sent = truth.get(label)
            wrong = value != sent and value != previous.get(label)
            if wrong:
                report.wrong_values_emitted += 1
                if isinstance(value, int):
                    report.wrong_numbers_emitted += 1
                if len(report.examples) < 10:
                    report.examples.append(f"{label}: emitted {value!r}, sent {sent!r}")
            if spec is None:
                report.implausible_emitted += 1
                continue
            if spec.kind is Kind.NUMBER and isinstance(value, int):
                if (spec.minimum is not None and value < spec.minimum) or (
                    spec.maximum is not None and value > spec.maximum
                ):
                    report.implausible_emitted += 1
                if spec.energy_index:
                    true_now = sent if isinstance(sent, int) else value
                    self._check_index(label, value, at, true_now, wrong=wrong)

    def _check_index(
        self, label: str, value: int, at: float, true_now: int, *, wrong: bool
    ) -> None:
        report = self.report
        if wrong:
            report.wrong_index_values_emitted += 1
            report.max_index_error_wh = max(
                report.max_index_error_wh, abs(value - true_now)
            )
        last = self.last_index.get(label)
        self.last_index[label] = (value, at, true_now)
        if last is None:
            return
        last_value, last_at, last_true = last
        rise = value - last_value
        if rise > 0 and true_now == last_true and value > true_now:
            report.idle_rises_emitted += 1
        allowed = max(
            true_now - last_true,
            int(self.max_power_w * max(at - last_at, 0.0) / 3600) + ALLOWANCE_WH,
        )
        if rise < 0 or rise > allowed:
            report.implausible_emitted += 1
            if rise < 0:
                report.dips_emitted += 1
            else:
                report.fast_rises_emitted += 1
                report.max_excess_wh = max(report.max_excess_wh, rise - allowed)
            if len(report.implausible_examples) < 20:
                report.implausible_examples.append(
                    f"{label}: {last_value} -> {value} in {at - last_at:.1f} s "
                    f"(sent {last_true} -> {true_now}, {'wrong' if wrong else 'as sent'})"
                )


def _classify_corrupted_lines(
    mode: Mode, clean: bytes, received: bytes, report: CorruptionReport
) -> None:
    clean_lines = set(group_lines(clean))
    for line in group_lines(received):
        if line in clean_lines:
            continue
        report.corrupted_groups += 1
        sep_mode = separator_mode(line)
        if sep_mode is not mode:
            continue
        summed = line[:-2] if mode is Mode.HISTORIC else line[:-1]
        if checksum(summed) != line[-1]:
            continue
        report.passed_checksum += 1
        try:
            parse_group(line, mode)
        except GroupError as error:
            if error.rejection in _FORMAT:
                report.caught_by_format += 1


def run_profile(
    profile: str,
    frames: int,
    rate: float,
    seed: int,
    *,
    guard: bool = True,
    ngtf: str | None = None,
) -> CorruptionReport:
    """Soak one profile: ``frames`` frames at byte error ``rate``.

    ``guard=False`` runs the decoder without its plausibility guard, to show
    what the guard stops; ``ngtf`` replaces a standard meter's NGTF.
    """
    name, mode, phases, option = next(p for p in PROFILES if p[0] == profile)
    report = CorruptionReport()
    meter = SimulatedMeter(mode, phases, option, seed=seed)
    corrupter = ByteCorrupter(rate, random.Random(f"{name}/{seed}"))
    decoder = Decoder(mode, guard=guard, clock=lambda: meter.clock_ms / 1000)
    observer = _Observer(mode, meter.kva, report)
    previous: dict[str, Value] = {}
    started = time.perf_counter()
    for _ in range(frames):
        groups = meter.groups()
        if ngtf is not None:
            groups = [(g[0], ngtf, g[2]) if g[0] == "NGTF" else g for g in groups]
        clean = encode_frame(meter.mode, groups)
        truth = typed_values(mode, groups)
        meter.advance(transmission_seconds(clean, meter.mode))
        received, damaged = corrupter.corrupt(clean)
        report.frames_sent += 1
        report.bytes_sent += len(clean)
        if damaged:
            report.bytes_corrupted += damaged
            report.frames_corrupted += 1
            _classify_corrupted_lines(mode, clean, received, report)
        try:
            readings = decoder.feed(received)
        except Exception as error:  # noqa: BLE001 - counted: the figure must be 0
            report.exceptions += 1
            report.examples.append(f"EXCEPTION {error!r}")
            decoder = Decoder(mode, guard=guard, clock=lambda: meter.clock_ms / 1000)
            continue
        for reading in readings:
            report.readings += 1
            for rejected in reading.rejected:
                if rejected.reason is Rejection.OUT_OF_RANGE:
                    report.caught_by_range += 1
                elif rejected.reason in _GUARD:
                    report.caught_by_guard += 1
                    if not damaged:
                        report.guard_rejections_in_clean_frames += 1
                elif rejected.reason is Rejection.UNCONFIRMED:
                    report.held_unconfirmed += 1
                    if not damaged:
                        report.held_in_clean_frames += 1
            observer.check(dict(reading.values), reading.received_at, truth, previous)
        previous = truth
    report.seconds = time.perf_counter() - started
    report.decoder_counters = decoder.counters.as_dict()
    report.max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


def run_soak(
    frames: int,
    rate: float,
    seed: int = 1,
    jobs: int = 1,
    *,
    guard: bool = True,
    ngtf: str | None = None,
) -> dict[str, CorruptionReport]:
    """Soak every profile with ``frames // len(PROFILES)`` frames each."""
    each = max(1, frames // len(PROFILES))
    names = [profile[0] for profile in PROFILES]
    if jobs <= 1:
        return {
            name: run_profile(name, each, rate, seed, guard=guard, ngtf=ngtf)
            for name in names
        }
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {
            name: pool.submit(
                run_profile, name, each, rate, seed, guard=guard, ngtf=ngtf
            )
            for name in names
        }
        return {name: future.result() for name, future in futures.items()}


def total(reports: dict[str, CorruptionReport]) -> CorruptionReport:
    """The sum of per-profile reports."""
    merged = CorruptionReport()
    for report in reports.values():
        merged.merge(report)
    return merged


def format_table(reports: dict[str, CorruptionReport]) -> str:
    """A markdown table, one column per profile plus the total."""
    columns = {**reports, "total": total(reports)}
    rows = [
        ("frames sent", "frames_sent"),
        ("bytes sent", "bytes_sent"),
        ("bytes damaged", "bytes_corrupted"),
        ("frames damaged", "frames_corrupted"),
        ("readings emitted", "readings"),
        ("corrupted groups received", "corrupted_groups"),
        ("... that passed the checksum", "passed_checksum"),
        ("... caught by the label/format checks", "caught_by_format"),
        ("caught by the range checks", "caught_by_range"),
        ("caught by the plausibility guard", "caught_by_guard"),
        ("values emitted", "values_emitted"),
        ("wrong values emitted (any label)", "wrong_values_emitted"),
        ("... of which numbers", "wrong_numbers_emitted"),
        ("wrong energy index values emitted", "wrong_index_values_emitted"),
        ("max error of an emitted index (Wh)", "max_index_error_wh"),
        ("**implausible values emitted**", "implausible_emitted"),
        ("... index dips", "dips_emitted"),
        ("... index rises faster than the subscribed power", "fast_rises_emitted"),
        ("... largest excess over that bound (Wh)", "max_excess_wh"),
        ("idle index rises emitted (the meter's did not move)", "idle_rises_emitted"),
        ("guard rejections in undamaged frames", "guard_rejections_in_clean_frames"),
        ("held until confirmed (unconfirmed)", "held_unconfirmed"),
        ("... of which in undamaged frames", "held_in_clean_frames"),
        ("exceptions", "exceptions"),
        ("seconds (per worker)", "seconds"),
        ("max RSS (KiB)", "max_rss_kib"),
    ]
    head = "| | " + " | ".join(columns) + " |"
    lines = [head, "|---" * (len(columns) + 1) + "|"]
    for title, name in rows:
        cells = []
        for report in columns.values():
            value = getattr(report, name)
            cells.append(f"{value:.0f}" if isinstance(value, float) else str(value))
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: run the soak, print a table and JSON; exit 1 on a failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--no-guard", action="store_true", help="decoder without its plausibility guard"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--ngtf", help="the NGTF the standard meters send instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    reports = run_soak(
        args.frames,
        args.rate,
        args.seed,
        args.jobs,
        guard=not args.no_guard,
        ngtf=args.ngtf,
    )
    elapsed = time.perf_counter() - started
    print(
        f"corruption soak: {args.frames} frames, byte error rate {args.rate:g}, "
        f"seed {args.seed}, {args.jobs} jobs, guard {'off' if args.no_guard else 'on'}, "
        f"NGTF {args.ngtf!r}, "
        f"{elapsed:.0f} s"
    )
    print(format_table(reports))
    merged = total(reports)
    print("decoder counters (sum):", json.dumps(merged.decoder_counters))
    for example in merged.implausible_examples:
        print("  implausible:", example)
    for example in merged.examples:
        print("  wrong value:", example)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:  # noqa: PTH123
            json.dump({name: asdict(r) for name, r in reports.items()}, out, indent=1)
    failed = merged.exceptions or (merged.implausible_emitted and not args.no_guard)
    if args.no_guard:
        print(
            f"RESULT: guard off, {merged.implausible_emitted} implausible values would "
            f"reach Home Assistant; {merged.exceptions} exceptions"
        )
    else:
        print(
            "RESULT:",
            "FAIL" if failed else "PASS (0 implausible values, 0 exceptions)",
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
