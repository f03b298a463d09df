"""Captures: the ring of recent bytes, and redaction that keeps a capture decodable.

Every shared capture is redacted and read back by the decoder, the decode
command and the simulator's ``--replay``: the readings, rejections and
counters must be those of the original, the identifiers aside.
"""

from __future__ import annotations

import base64
import json
import re
import tracemalloc
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.capture import (
    RING_MAX_BYTES,
    RawRing,
    redact_capture,
    unwrap_capture,
)
from custom_components.linky_tic.tic.cli import main as cli_main
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.groups import checksum
from custom_components.linky_tic.tic.model import Mode, Reading
from custom_components.linky_tic.tic.simulate_cli import main as simulate_main

from .helpers import CAPTURES, capture, decode_all

ALL_CAPTURES = sorted(path.name for path in CAPTURES.glob("*.txt"))
_IDENTIFIERS = ("ADCO", "ADSC", "PRM")


def _identifiers(readings: list[Reading]) -> set[str]:
    found = {reading.meter_id for reading in readings}
    for reading in readings:
        found.update(
            str(reading.values[k]) for k in _IDENTIFIERS if k in reading.values
        )
    return found


def _as_redacted(original: Reading, redacted: Reading) -> Reading:
    """``original`` with the identifiers ``redacted`` carries (the rest compared)."""
    values = dict(original.values)
    for label in _IDENTIFIERS:
        if label in values:
            values[label] = redacted.values[label]
    return original._replace(meter_id=redacted.meter_id, values=values)


def _same_but_identifiers(original: list[Reading], redacted: list[Reading]) -> None:
    assert len(redacted) == len(original)
    for before, after in zip(original, redacted, strict=True):
        assert after == _as_redacted(before, after)
        for label in ("ADCO", "ADSC"):
            if label in before.values:
                kept, serial = (
                    str(after.values[label])[:6],
                    str(after.values[label])[6:],
                )
                assert kept == str(before.values[label])[:6]  # maker, year, type
                assert re.fullmatch(r"0000[0-9][1-9]", serial)
        if "PRM" in before.values:
            assert re.fullmatch(r"0{12}[0-9][1-9]", str(after.values["PRM"]))


@pytest.mark.parametrize("name", ALL_CAPTURES)
def test_a_redacted_capture_decodes_to_the_same_readings(name: str) -> None:
    data = capture(name)
    redacted = redact_capture(data)
    original, decoder = decode_all(data)
    readings, redacted_decoder = decode_all(redacted)
    assert original, "every shared capture has readings"
    _same_but_identifiers(original, readings)
    assert redacted_decoder.counters == decoder.counters
    secrets = _identifiers(original) - _identifiers(readings)
    assert secrets, "the identifiers changed"
    for secret in secrets:
        assert secret.encode() not in redacted
        if len(secret) == 12 and secret[6:] != secret[:6]:
            # the serial alone, anywhere (a group cut at the start)
            assert secret[6:].encode() not in redacted


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_redaction_does_not_depend_on_how_the_decoder_is_fed(chunk: int) -> None:
    redacted = redact_capture(
        capture("historic_threephase_base_rxerrors_ticdecodecpp.txt")
    )
    whole, _ = decode_all(redacted)
    pieces, _ = decode_all(redacted, chunk=chunk)
    assert pieces == whole


def test_the_decode_command_reads_a_redacted_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "standard_single_base_ticdecodecpp.txt"
    path = tmp_path / "redacted.tic"
    path.write_bytes(redact_capture(capture(name)))
    assert cli_main(["decode", str(path)]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli_main(["decode", str(CAPTURES / name)]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(printed) == len(expected) == 12
    for got, want in zip(printed, expected, strict=True):
        assert got["meter"] != want["meter"]
        assert got["values"]["PRM"] != want["values"]["PRM"]
        want["meter"], want["values"]["ADSC"] = got["meter"], got["values"]["ADSC"]
        want["values"]["PRM"] = got["values"]["PRM"]
        assert got == want


@pytest.mark.parametrize(
    "name", ["historic_tempo_pyteleinfo.txt", "standard_single_base_ticdecodecpp.txt"]
)
def test_the_simulator_replays_a_redacted_capture(tmp_path: Path, name: str) -> None:
    redacted = tmp_path / "redacted.tic"
    redacted.write_bytes(redact_capture(capture(name)))
    out = tmp_path / "replayed.tic"
    argv = ["--replay", str(redacted), "--max", "--frames", "99", "-o", str(out)]
    assert simulate_main(argv) == 0
    assert out.read_bytes() == redacted.read_bytes()
    original, _ = decode_all(capture(name))
    replayed, _ = decode_all(out.read_bytes())
    _same_but_identifiers(original, replayed)


def _frame(meter_id: str) -> bytes:
    return encode_frame(
        Mode.HISTORIC,
        [
            ("ADCO", meter_id),
            ("OPTARIF", "BASE"),
            ("ISOUSC", "30"),
            ("BASE", "001234567"),
        ],
    )


def test_a_corrupted_identifier_group_still_fails_its_checksum() -> None:
    good = _frame("021861987654")
    bad = bytearray(good)
    bad[bad.index(b"ADCO ") + 11] ^= 0x01  # 987654 -> 887654, checksum kept
    stream = good + bytes(bad) + good
    redacted = redact_capture(stream)
    assert b"987654" not in redacted
    assert b"887654" not in redacted
    original, decoder = decode_all(stream)
    readings, redacted_decoder = decode_all(redacted)
    assert redacted_decoder.counters == decoder.counters
    assert decoder.counters.checksum_errors == 1
    _same_but_identifiers(original, readings)


def test_a_second_meter_keeps_its_own_identity() -> None:
    stream = _frame("021861123456") * 2 + _frame("021861654321") * 3
    readings, _ = decode_all(redact_capture(stream))
    assert [r.meter_id for r in readings] == ["021861000001"] * 2 + ["021861000002"] * 2


def test_parity_bits_of_an_8n1_port_are_cleared_before_redacting() -> None:
    data = capture("historic_tempo_pyteleinfo.txt")
    with_parity = bytes(b | 0x80 if (b).bit_count() % 2 else b for b in data)
    assert with_parity != data
    redacted = redact_capture(with_parity)
    assert redacted == redact_capture(data)
    assert redacted.isascii()


def test_a_capture_without_identifiers_is_unchanged() -> None:
    data = encode_frame(Mode.HISTORIC, [("BASE", "001234567"), ("PAPP", "00420")])
    assert redact_capture(data) == data


def test_the_ring_keeps_the_newest_bytes_within_its_size() -> None:
    ring = RawRing(seconds=1e9, max_bytes=10)
    for n in range(5):
        ring.add(float(n), bytes([0x30 + n]) * 4)
    assert len(ring) == 10
    assert ring.snapshot() == b"2233334444"
    ring.add(5.0, b"x" * 25)  # one read over the bound: its newest bytes
    assert ring.snapshot() == b"x" * 10


def test_the_ring_memory_does_not_grow_with_the_number_of_reads() -> None:
    # One byte per read, 960 bytes/s (9600 baud) for 10 minutes.
    ring = RawRing()
    tracemalloc.start()
    try:
        for n in range(600 * 960):
            ring.add(n / 960, b"\x55")
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(ring) == RING_MAX_BYTES
    assert ring.footprint <= RING_MAX_BYTES * 5 // 4
    assert held < 450_000  # the buffer and one mark per second, not one per read
    assert ring.span() == pytest.approx(300, abs=1.0)


def test_the_ring_forgets_what_is_older_than_its_age() -> None:
    ring = RawRing(seconds=300.0)
    ring.add(0.0, b"old")
    ring.add(200.0, b"mid")
    assert ring.snapshot() == b"oldmid"
    ring.add(300.5, b"new")
    assert ring.snapshot() == b"midnew"
    assert ring.span() == pytest.approx(100.5)
    ring.clear()
    assert ring.snapshot() == b""
    assert len(ring) == 0
    assert ring.span() == 0.0


def test_the_default_ring_holds_five_minutes_at_the_fastest_rate() -> None:
    ring = RawRing()
    chunk = b"\x55" * 960  # one second at 9600 baud 7E1
    for second in range(600):
        ring.add(float(second), chunk)
    assert len(ring) == RING_MAX_BYTES == 300 * 960


def test_a_wrong_checksum_that_the_redacted_data_would_match_is_changed() -> None:
    good = _frame("021861987654")
    # A group with the known id but a wrong checksum: the one its redaction has.
    zeroed = checksum(b"ADCO 021861000001")
    assert zeroed != checksum(b"ADCO 021861987654")
    start = good.index(b"ADCO ")
    bad = good[: start + 18] + bytes((zeroed,)) + good[start + 19 :]
    stream = good + bad + good
    original, decoder = decode_all(stream)
    readings, redacted_decoder = decode_all(redact_capture(stream))
    assert decoder.counters.checksum_errors == 1
    assert redacted_decoder.counters == decoder.counters
    _same_but_identifiers(original, readings)


def test_a_diagnostics_download_gives_its_capture_and_anything_else_itself() -> None:
    data = capture("historic_tempo_pyteleinfo.txt")
    encoded = base64.b64encode(data).decode()
    nested = {"home_assistant": {}, "data": {"recent_bytes": {"base64": encoded}}}
    assert unwrap_capture(json.dumps(nested).encode()) == data
    assert (
        unwrap_capture(json.dumps({"recent_bytes": {"base64": encoded}}).encode())
        == data
    )
    for other in (
        data,
        b"{not json",
        b'{"data": 3}',
        b'{"recent_bytes": {"base64": "!"}}',
    ):
        assert unwrap_capture(other) == other


def test_an_identifier_inside_a_long_run_of_garbage_is_replaced() -> None:
    frames = _frame("021861987654") * 2
    stream = b"x" * 1500 + b"021861987654" + b"y" * 700 + b"\n" + frames
    redacted = redact_capture(stream)
    assert b"987654" not in redacted
    assert redacted.startswith(b"x" * 1500 + b"021861000001" + b"y" * 700 + b"\n")
    original, decoder = decode_all(stream)
    readings, redacted_decoder = decode_all(redacted)
    assert redacted_decoder.counters == decoder.counters
    _same_but_identifiers(original, readings)
