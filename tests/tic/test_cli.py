"""The decode command line: JSON shape, redaction, errors, subprocess entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.cli import main

from .helpers import CAPTURES

REPO = Path(__file__).parents[2]
TEMPO = str(CAPTURES / "historic_tempo_pyteleinfo.txt")
STANDARD = str(CAPTURES / "standard_single_hphc_badchecksum_tic2websocket.txt")


def test_decode_prints_one_json_object_per_frame(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["decode", TEMPO]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 10
    first = lines[0]
    assert set(first) == {
        "mode", "meter", "date", "tariff", "indexes", "values", "rejected"
    }  # fmt: skip
    assert first["tariff"] == "tempo"
    assert first["indexes"]["BBRHCJB"] == "blue_off_peak"
    assert first["mode"] == "historic"
    assert first["meter"] == "021861123456"
    assert first["date"] is None
    assert first["values"]["PAPP"] == 2840
    assert first["values"]["OPTARIF"] == "BBR("
    assert lines[1]["values"]["BBRHCJB"] == 18328857
    summary = json.loads(err.strip().splitlines()[-1])
    assert summary["summary"]["frames"] == 10
    assert summary["summary"]["checksum_errors"] == 0


def test_standard_date_and_rejections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "--mode", "standard", "--no-guard", STANDARD]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    frame = json.loads(line)
    assert frame["date"] == "2017-09-15T10:16:01+02:00"
    assert frame["rejected"] == [{"label": "PCOUP", "reason": "checksum"}]
    assert frame["values"]["EAST"] == 0
    assert frame["values"]["NGTF"] == "H PLEINE/CREUSE"


def test_redact_masks_meter_ids_and_prm(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "--redact", STANDARD]) == 0
    out = capsys.readouterr().out
    assert "031664123456" not in out
    assert "12345678901234" not in out
    frame = json.loads(out.splitlines()[0])
    assert frame["meter"] == "031664******"
    assert frame["values"]["PRM"] == "*" * 14


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "/nonexistent/capture.bin"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_unopenable_port_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "--mode", "historic", "/dev/ttyDOESNOTEXIST"]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_module_entry_point_reads_stdin() -> None:
    data = Path(TEMPO).read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "custom_components.linky_tic.tic", "decode", "-"],
        input=data,
        capture_output=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 10
    assert json.loads(result.stderr.splitlines()[-1])["summary"]["bytes"] == len(data)


def test_a_one_frame_capture_lists_the_indexes_it_withholds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The guard's first values wait for a second frame: said, not silently absent."""
    assert main(["decode", "--mode", "standard", STANDARD]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    frame = json.loads(line)
    withheld = [r["label"] for r in frame["rejected"] if r["reason"] == "unconfirmed"]
    indexes = ["EAST", *(f"EASF{n:02d}" for n in range(1, 11))]
    indexes += [f"EASD{n:02d}" for n in range(1, 5)]
    assert withheld == indexes
    assert not set(indexes) & set(frame["values"])
    assert {"label": "PCOUP", "reason": "checksum"} in frame["rejected"]
    # Nothing else is missing: every other group the frame sent is there.
    assert frame["values"]["NGTF"] == "H PLEINE/CREUSE"
    assert len(frame["values"]) + len(frame["rejected"]) == 38
