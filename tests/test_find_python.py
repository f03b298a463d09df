"""scripts/find-python: setup gets a Python 3.14 itself, in the documented order.

uv and the CI tool are stand-ins here (shell scripts that log their calls), so
the order and the fall-backs are checked without a download; the real run on
this machine (uv from PyPI, its Python download refused, the CI tool used) is
in BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: A real Python >= 3.14.2: the one running the tests.
REAL = sys.executable


def _sandbox(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "find-python", repo / "scripts" / "find-python")
    (tmp_path / "bin").mkdir()
    return repo


def _stub(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _run(tmp_path: Path, repo: Path, **env: str) -> tuple[int, str, str, list[str]]:
    log = tmp_path / "calls.log"
    log.touch()
    environ = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CALLS": str(log),
        **env,
    }
    done = subprocess.run(
        [str(repo / "scripts" / "find-python")],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        timeout=60,
    )
    calls = log.read_text().splitlines()
    return done.returncode, done.stdout.strip(), done.stderr, calls


def _no_system_python314() -> None:
    for directory in ("/usr/bin", "/bin"):
        if (Path(directory) / "python3.14").exists():
            pytest.skip(f"{directory} has a python3.14: cannot hide it")


def test_uv_failing_falls_back_to_the_ci_tool(tmp_path: Path) -> None:
    _no_system_python314()
    repo = _sandbox(tmp_path)
    _stub(tmp_path / "bin" / "uv", 'echo "uv $*" >> "$CALLS"; exit 2')
    tool = tmp_path / "get-python3.14"
    _stub(tool, f'echo tool >> "$CALLS"; echo installing >&2; echo {REAL}')
    code, out, err, calls = _run(tmp_path, repo, LINKY_TIC_GET_PYTHON=str(tool))
    assert code == 0, err
    assert out == REAL
    assert calls == ["uv python find 3.14", "uv python install 3.14", "tool"]
    assert "falling back" in err


def test_uv_installs_it_and_the_tool_is_not_needed(tmp_path: Path) -> None:
    _no_system_python314()
    repo = _sandbox(tmp_path)
    installed = tmp_path / "installed"
    _stub(
        tmp_path / "bin" / "uv",
        f'echo "uv $*" >> "$CALLS"\n'
        f'case "$2" in install) touch {installed}; exit 0;;\n'
        f"  find) [ -e {installed} ] && echo {REAL} && exit 0; exit 1;; esac",
    )
    tool = tmp_path / "get-python3.14"
    _stub(tool, 'echo tool >> "$CALLS"; exit 1')
    code, out, err, calls = _run(tmp_path, repo, LINKY_TIC_GET_PYTHON=str(tool))
    assert code == 0, err
    assert out == REAL
    assert calls == [
        "uv python find 3.14",
        "uv python install 3.14",
        "uv python find 3.14",
    ]


def test_a_python314_on_path_is_used_as_it_is(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    (tmp_path / "bin" / "python3.14").symlink_to(REAL)
    _stub(tmp_path / "bin" / "uv", 'echo "uv $*" >> "$CALLS"; exit 2')
    code, out, _, calls = _run(tmp_path, repo)
    assert code == 0
    assert out == str(tmp_path / "bin" / "python3.14")
    assert calls == []


def test_nothing_works_says_what_to_do(tmp_path: Path) -> None:
    _no_system_python314()
    repo = _sandbox(tmp_path)
    _stub(tmp_path / "bin" / "uv", 'echo "uv $*" >> "$CALLS"; exit 2')
    tool = tmp_path / "get-python3.14"
    _stub(tool, 'echo tool >> "$CALLS"; exit 1')
    code, out, err, calls = _run(tmp_path, repo, LINKY_TIC_GET_PYTHON=str(tool))
    assert code == 1
    assert out == ""
    assert calls[-1] == "tool"
    assert "PYTHON=/path/to/python3.14 scripts/setup" in err


def test_a_wrong_python_given_is_refused(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    old = tmp_path / "bin" / "python3.11"
    _stub(old, "exit 1")  # answers the version check with "too old"
    code, out, err, _ = _run(tmp_path, repo, PYTHON=str(old))
    assert code == 1
    assert out == ""
    assert "not a Python >= 3.14.2" in err


def test_setup_asks_find_python() -> None:
    setup = (REPO / "scripts" / "setup").read_text()
    assert "python=$(scripts/find-python) || exit 1" in setup
