"""The TIC tools run without Home Assistant: ``PYTHONPATH=custom_components/linky_tic python -m tic``.

``python -m custom_components.linky_tic.tic`` imports the integration's package,
hence Home Assistant; the ``tic`` package itself needs only serialx. Here
Home Assistant is made unimportable in the child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .helpers import CAPTURES

REPO = Path(__file__).parents[2]
TEMPO = str(CAPTURES / "historic_tempo_pyteleinfo.txt")
#: Runs ``python -m tic ARGS`` with every ``homeassistant`` import failing.
WITHOUT_HA = (
    "import runpy, sys; sys.modules['homeassistant'] = None; "
    "sys.argv = ['tic', *sys.argv[1:]]; runpy.run_module('tic', run_name='__main__')"
)


def tic(*argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "custom_components" / "linky_tic")}
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_HA, *argv],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=60,
    )


def test_decode_without_home_assistant() -> None:
    done = tic("decode", "--redact", TEMPO)
    assert done.returncode == 0, done.stderr.decode()
    frames = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(frames) == 10
    assert frames[0]["meter"] == "021861******"


def test_simulate_into_decode_without_home_assistant() -> None:
    simulated = tic("simulate", "--mode", "standard", "--max", "--frames", "3")
    assert simulated.returncode == 0, simulated.stderr.decode()
    decoded = tic("decode", "--mode", "standard", "-", stdin=simulated.stdout)
    assert decoded.returncode == 0, decoded.stderr.decode()
    assert len(decoded.stdout.splitlines()) == 3
    summary = json.loads(decoded.stderr.splitlines()[-1])
    assert summary["summary"]["checksum_errors"] == 0
