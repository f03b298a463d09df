"""Fuzz the framer and decoder: random and mutated inputs, 0 exceptions, bounded memory.

A seeded mutation fuzzer (the same idea as atheris' byte mutators, without the
coverage feedback): every input is one of

- random bytes (any value), or random text over the TIC alphabet (STX, ETX,
  EOT, CR, LF, SP, HT, digits, capitals);
- a frame of the corpus (simulated meters in every mode/phase/option, plus the
  real captures when their folder is given) with 1-8 mutations: bit flip, byte
  replacement, insertion, deletion, a slice duplicated or removed, a control
  character inserted, SP and HT swapped, a digit run rewritten, the checksum
  byte recomputed after a mutation (so the label/format checks are exercised);
- a splice of 2-4 corpus fragments cut anywhere;
- a pathological input: a long line without CR, thousands of STX, a frame of
  hundreds of groups.

Each input is fed in random chunks to one of six long-lived decoders (mode
auto/historic/standard, guard on/off), which sometimes ``flush()``. After every
input the framer's buffers are checked against their limits.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.framer import MAX_FRAME_BYTES, MAX_LINE_BYTES
from custom_components.linky_tic.tic.groups import checksum
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

_ALPHABET = b"\x02\x03\x04\r\n \t0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+-."
#: A winter morning (peak hours) and a winter night (off-peak hours).
_STARTS = (
    datetime(2026, 1, 15, 8, 0, tzinfo=PARIS),
    datetime(2026, 1, 16, 1, 30, tzinfo=PARIS),
)
_SUMMER_NOON = datetime(2026, 6, 21, 13, 0, tzinfo=PARIS)
_CONTROLS = b"\x02\x03\x04\r\n\x00\x7f\x82\x83\x8a\x8d"


@dataclass(slots=True)
class FuzzReport:
    """What a fuzz run saw."""

    inputs: int = 0
    bytes_fed: int = 0
    readings: int = 0
    exceptions: int = 0
    max_pending_bytes: int = 0
    max_frame_bytes: int = 0
    max_frame_lines: int = 0
    rss_kib_at_10pct: int = 0
    rss_kib_at_end: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def simulated_corpus(frames_per_profile: int = 40) -> list[bytes]:
    """Frames of simulated meters in every mode, phase count and option."""
    corpus: list[bytes] = []
    for mode in (Mode.HISTORIC, Mode.STANDARD):
        for phases in (1, 3):
            for option in ("base", "hc", "ejp", "tempo"):
                for start in _STARTS:
                    meter = SimulatedMeter(
                        mode,
                        phases,
                        option,
                        seed=len(corpus),
                        start=start,
                        overloads_per_day=50,
                    )
                    corpus.extend(meter.frames(frames_per_profile // len(_STARTS)))
    producer = SimulatedMeter(
        Mode.STANDARD, 1, "base", producer=True, seed=7, start=_SUMMER_NOON
    )
    corpus.extend(producer.frames(frames_per_profile))
    return corpus


def capture_corpus(folder: Path) -> list[bytes]:
    """The real captures of ``folder`` cut into frame-sized pieces."""
    pieces: list[bytes] = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        pieces.extend(data[i : i + 1500] for i in range(0, len(data), 700))
    return pieces


class Mutator:
    """Draws fuzz inputs from a corpus with a seeded random generator."""

    def __init__(self, corpus: list[bytes], rng: random.Random) -> None:
        """Keep the corpus and the generator."""
        self.corpus = corpus
        self.rng = rng

    def next_input(self) -> bytes:
        """One input of a randomly chosen kind."""
        kind = self.rng.random()
        if kind < 0.08:
            return self.rng.randbytes(self.rng.randrange(0, 2048))
        if kind < 0.20:
            return bytes(
                self.rng.choice(_ALPHABET) for _ in range(self.rng.randrange(0, 1024))
            )
        if kind < 0.80:
            return self.mutate(self.rng.choice(self.corpus))
        if kind < 0.95:
            return self.splice()
        return self.pathological()

    def mutate(self, frame: bytes) -> bytes:
        """``frame`` with 1 to 8 random mutations."""
        rng = self.rng
        data = bytearray(frame)
        for _ in range(rng.randrange(1, 9)):
            if not data:
                data += rng.randbytes(rng.randrange(1, 16))
            at = rng.randrange(len(data))
            op = rng.randrange(10)
            if op == 0:
                data[at] ^= 1 << rng.randrange(8)
            elif op == 1:
                data[at] = rng.randrange(256)
            elif op == 2:
                data[at:at] = rng.randbytes(rng.randrange(1, 8))
            elif op == 3:
                del data[at : at + rng.randrange(1, 8)]
            elif op == 4:
                end = min(len(data), at + rng.randrange(1, 200))
                data[end:end] = data[at:end] * rng.randrange(1, 4)
            elif op == 5:
                del data[at : at + rng.randrange(1, 300)]
            elif op == 6:
                data[at:at] = bytes((rng.choice(_CONTROLS),))
            elif op == 7:
                data = bytearray(
                    data.translate(bytes.maketrans(b" \t", b"\t "))
                    if rng.random() < 0.5
                    else data
                )
                data[at] = rng.choice(b" \t")
            elif op == 8:
                end = at
                while end < len(data) and 0x30 <= data[end] <= 0x39:
                    data[end] = rng.choice(b"0123456789")
                    end += 1
                if end == at:
                    data[at] = rng.choice(b"0123456789")
            else:
                self._fix_checksum(data, at)
        return bytes(data)

    @staticmethod
    def _fix_checksum(data: bytearray, at: int) -> None:
        """Recompute the checksum of the group around ``at`` (historic or standard rule)."""
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\r", at)
        if end - start < 4:
            return
        sep = data[end - 2]
        if sep == 0x20:
            data[end - 1] = checksum(bytes(data[start : end - 2]))
        elif sep == 0x09:
            data[end - 1] = checksum(bytes(data[start : end - 1]))

    def splice(self) -> bytes:
        """2 to 4 corpus fragments cut anywhere, glued."""
        rng = self.rng
        parts = []
        for _ in range(rng.randrange(2, 5)):
            frame = rng.choice(self.corpus)
            start = rng.randrange(len(frame) + 1)
            parts.append(frame[start : start + rng.randrange(1, len(frame) + 1)])
        return b"".join(parts)

    def pathological(self) -> bytes:
        """Inputs that try to make buffers grow."""
        rng = self.rng
        kind = rng.randrange(5)
        if kind == 0:
            return b"\nADCO " + b"9" * rng.randrange(200, 10_000)
        if kind == 1:
            return b"\x02" * rng.randrange(1, 5000)
        if kind == 2:
            group = rng.choice(self.corpus)[1:40]
            return b"\x02" + group * rng.randrange(50, 400) + b"\x03"
        if kind == 3:
            return b"\r\n" * rng.randrange(1, 5000)
        return bytes(rng.choice(b"ADSC\t0123") for _ in range(rng.randrange(300, 8000)))


def _decoders() -> list[Decoder]:
    return [
        Decoder(mode, guard=guard, clock=FrameClock())
        for mode in (None, Mode.HISTORIC, Mode.STANDARD)
        for guard in (True, False)
    ]


def run_fuzz(inputs: int, seed: int = 1, captures: Path | None = None) -> FuzzReport:
    """Fuzz ``inputs`` inputs; never raises for a decoder exception (counted)."""
    rng = random.Random(seed)
    corpus = simulated_corpus()
    if captures is not None and captures.is_dir():
        corpus += capture_corpus(captures)
    mutator = Mutator(corpus, rng)
    decoders = _decoders()
    report = FuzzReport()
    started = time.perf_counter()
    for count in range(inputs):
        data = mutator.next_input()
        index = rng.randrange(len(decoders))
        decoder = decoders[index]
        report.inputs += 1
        report.bytes_fed += len(data)
        try:
            pos = 0
            while pos < len(data):
                step = rng.choice((1, 7, 64, 512, len(data)))
                report.readings += len(decoder.feed(data[pos : pos + step]))
                pos += step
            if rng.random() < 0.1:
                report.readings += len(decoder.flush())
        except Exception as error:  # noqa: BLE001 - counted: the figure must be 0
            report.exceptions += 1
            if len(report.failures) < 10:
                report.failures.append(f"{error!r} on input {data.hex()}")
            decoders[index] = _decoders()[index]
        _check_buffers(decoders[index], report)
        if count == inputs // 10:
            report.rss_kib_at_10pct = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report.seconds = time.perf_counter() - started
    report.rss_kib_at_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


def _check_buffers(decoder: Decoder, report: FuzzReport) -> None:
    """Record the framer's buffer sizes; a size above its limit is a failure."""
    framer = decoder._framer  # noqa: SLF001 - the measurement is of its buffers
    pending = len(framer._pending)  # noqa: SLF001
    size = framer._size  # noqa: SLF001
    lines = len(framer._lines)  # noqa: SLF001
    report.max_pending_bytes = max(report.max_pending_bytes, pending)
    report.max_frame_bytes = max(report.max_frame_bytes, size)
    report.max_frame_lines = max(report.max_frame_lines, lines)
    if pending > MAX_LINE_BYTES or size > MAX_FRAME_BYTES:
        report.exceptions += 1
        report.failures.append(
            f"buffer above its limit: pending {pending}, frame {size}"
        )


def main(argv: list[str] | None = None) -> int:
    """Command line: fuzz, print the figures; exit 1 on any exception."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--captures",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "captures",
        help="folder of real captures added to the corpus when it exists",
    )
    args = parser.parse_args(argv)
    report = run_fuzz(args.inputs, args.seed, args.captures)
    used = args.captures.is_dir()
    print(
        f"fuzz: {report.inputs} inputs ({report.bytes_fed} bytes), seed {args.seed}, "
        f"captures {'included' if used else 'absent'}, {report.seconds:.0f} s"
    )
    print(f"  readings produced:         {report.readings}")
    print(f"  exceptions:                {report.exceptions}")
    print(
        f"  framer pending line max:   {report.max_pending_bytes} B (limit {MAX_LINE_BYTES})"
    )
    print(
        f"  framer frame size max:     {report.max_frame_bytes} B (limit {MAX_FRAME_BYTES}), "
        f"{report.max_frame_lines} lines"
    )
    print(
        f"  max RSS at 10 % / at end:  {report.rss_kib_at_10pct} / {report.rss_kib_at_end} KiB"
    )
    for failure in report.failures:
        print("  FAILURE:", failure[:500])
    print(
        "RESULT:",
        "FAIL" if report.exceptions else "PASS (0 exceptions, bounded buffers)",
    )
    return 1 if report.exceptions else 0


if __name__ == "__main__":
    sys.exit(main())
