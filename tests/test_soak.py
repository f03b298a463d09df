"""Reduced reliability soak (issue #7): corrupted frames and fuzzing through the decoder.

The full soak is ``scripts/soak`` (10^6 frames, 10^6 fuzz inputs); these run the
same code (``scripts/soak_corruption.py``, ``scripts/soak_fuzz.py``) on a few
thousand inputs, assert what must always hold and print the figures.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.framer import MAX_FRAME_BYTES, MAX_LINE_BYTES
from custom_components.linky_tic.tic.model import Mode

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


soak_corruption = _load("soak_corruption")
soak_fuzz = _load("soak_fuzz")


def test_corrupted_frames_never_emit_an_implausible_value() -> None:
    """At the issue's byte error rate (10^-3): 0 implausible values, 0 exceptions."""
    reports = soak_corruption.run_soak(4000, 1e-3, seed=11)
    print(f"\nbyte error rate 1e-3\n{soak_corruption.format_table(reports)}")
    merged = soak_corruption.total(reports)

    assert merged.exceptions == 0
    assert merged.implausible_emitted == 0, merged.implausible_examples
    # The soak did exercise the checks behind the checksum...
    assert merged.passed_checksum > 0
    assert 0 < merged.caught_by_format <= merged.passed_checksum
    # ... and the decoder still delivered (almost) every frame.
    assert merged.readings >= 0.9 * merged.frames_sent
    assert merged.values_emitted > 20 * merged.frames_sent


def test_a_very_bad_line_never_makes_an_index_dip_or_spike() -> None:
    """At 10^-2 (ten times the issue's rate) no index dips and none spikes.

    Small excesses over the subscribed power (a corrupted low-order digit that
    the guard's 2x margin lets through) are printed, and reported in
    BENCHMARKS.md, but do not fail this test: they are not visible in the
    Energy dashboard, a dip or a spike is.
    """
    reports = soak_corruption.run_soak(4000, 1e-2, seed=11)
    print(f"\nbyte error rate 1e-2\n{soak_corruption.format_table(reports)}")
    merged = soak_corruption.total(reports)
    for example in merged.implausible_examples:
        print("implausible:", example)

    assert merged.exceptions == 0
    assert merged.dips_emitted == 0, merged.implausible_examples
    assert merged.max_excess_wh < 100, merged.implausible_examples
    assert merged.caught_by_format > 0


def test_the_soak_counts_an_index_dip_and_a_jump_as_implausible() -> None:
    report = soak_corruption.CorruptionReport()
    observer = soak_corruption._Observer(Mode.HISTORIC, 6, report)
    truth = {"BASE": 1_000_000}
    observer.check({"BASE": 1_000_000}, 0.0, truth, truth)
    observer.check({"BASE": 999_000}, 2.0, truth, truth)  # a dip
    observer.check({"BASE": 1_900_000}, 4.0, truth, truth)  # 900 kWh in 2 s
    assert report.implausible_emitted == 2
    assert report.wrong_index_values_emitted == 2
    assert report.max_index_error_wh == 900_000


def test_without_the_guard_the_soak_does_see_implausible_values() -> None:
    """The soak's oracle is able to fail: the decoder without its guard lets spikes out."""
    report = soak_corruption.run_profile(
        "historic-1ph-hc", 3000, 2e-2, seed=1, guard=False
    )
    guarded = soak_corruption.run_profile("historic-1ph-hc", 3000, 2e-2, seed=1)
    print(
        f"\nguard off: {report.implausible_emitted} implausible, guard on: "
        f"{guarded.implausible_emitted} (caught {guarded.caught_by_guard})"
    )
    assert report.implausible_emitted > 0
    assert guarded.implausible_emitted == 0
    assert guarded.caught_by_guard > 0


def test_corrupter_damages_bytes_at_the_requested_rate() -> None:
    corrupter = soak_corruption.ByteCorrupter(1e-2, soak_corruption.random.Random(5))
    damaged = sum(corrupter.corrupt(bytes(1000))[1] for _ in range(200))
    assert 1600 <= damaged <= 2400  # 2000 expected


def test_fuzzed_inputs_raise_nothing_and_buffers_stay_bounded() -> None:
    report = soak_fuzz.run_fuzz(4000, seed=3)
    print(
        f"\nfuzz: {report.inputs} inputs, {report.bytes_fed} bytes, "
        f"{report.readings} readings, {report.exceptions} exceptions, pending max "
        f"{report.max_pending_bytes} B, frame max {report.max_frame_bytes} B, "
        f"{report.seconds:.1f} s"
    )
    assert report.exceptions == 0, report.failures
    assert report.readings > 0
    assert report.max_pending_bytes <= MAX_LINE_BYTES
    assert report.max_frame_bytes <= MAX_FRAME_BYTES
    # The pathological inputs did push the buffers towards their limits.
    assert report.max_frame_bytes > MAX_FRAME_BYTES // 2


_CORPUS = soak_fuzz.simulated_corpus(8)


def _check_decoder(decoder: Decoder, data: bytes, step: int) -> None:
    for start in range(0, len(data), step):
        for reading in decoder.feed(data[start : start + step]):
            assert all(isinstance(v, int | str) for v in reading.values.values())
    decoder.flush()
    framer = decoder._framer
    assert len(framer._pending) <= MAX_LINE_BYTES
    assert framer._size <= MAX_FRAME_BYTES


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.binary(max_size=4000),
    mode=st.sampled_from([None, Mode.HISTORIC, Mode.STANDARD]),
    step=st.integers(1, 4000),
)
def test_random_bytes_never_raise(data: bytes, mode: Mode | None, step: int) -> None:
    _check_decoder(Decoder(mode, clock=FrameClock()), data, step)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    frames=st.lists(st.sampled_from(_CORPUS), min_size=1, max_size=4),
    edits=st.lists(
        st.tuples(st.integers(0, 5000), st.integers(0, 255), st.booleans()),
        max_size=12,
    ),
    step=st.integers(1, 600),
)
def test_mutated_frames_never_raise(
    frames: list[bytes], edits: list[tuple[int, int, bool]], step: int
) -> None:
    data = bytearray(b"".join(frames))
    for position, byte, insert in edits:
        at = position % (len(data) + 1)
        if insert or at == len(data):
            data[at:at] = bytes((byte,))
        else:
            data[at] = byte
    _check_decoder(Decoder(None, clock=FrameClock()), bytes(data), step)
