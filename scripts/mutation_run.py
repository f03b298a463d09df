"""Mutation testing of the modules that carry the promises (issue #12), with mutmut 3.x.

Run through ``scripts/mutation`` (it sets the priority). For each module asked, the
working tree's tracked and new files are copied to a scratch folder, mutmut is given a
configuration that mutates that module only and runs only the fast tests that cover it
(mutmut then picks, per mutated function, the tests that reach it; a function run at
import is re-imported with its mutant, see ``mutation_imports.py``), and the figures are
printed: killed / total, the score, the time. Survivors are listed (read one with
``mutmut show NAME`` in the scratch folder); ``--keep`` leaves it whole for ``mutmut browse``.

Not a test and too slow for CI: the figures go to BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "custom_components/linky_tic"
SHARED = REPO.parent / "shared"
MAIN_SHARED = Path("/work/shared")

# The fast tests that exercise each module (mutmut then runs, for each mutant, those of
# them that reach the mutated function, fastest first, up to the first failure). The
# tests/tic/test_cli*.py run the decoder in a subprocess, which would import the
# unmutated copy: they are left out.
T = "tests/tic/"
MODULES: dict[str, list[str]] = {
    "tic/guard.py": [
        f"{T}test_guard.py",
        f"{T}test_guard_bounds.py",
        f"{T}test_guard_periods.py",
        f"{T}test_decoder_stream.py",
        f"{T}test_corruption.py",
    ],
    "tic/decoder.py": [
        f"{T}test_decoder_stream.py",
        f"{T}test_framing_and_groups.py",
        f"{T}test_text_formats.py",
        f"{T}test_corruption.py",
        f"{T}test_detect_and_tables.py",
        f"{T}test_guard.py",
        f"{T}test_captures.py",
        f"{T}test_decoder_mixed_modes.py",
    ],
    "tic/registry.py": [
        f"{T}test_detect_and_tables.py",
        f"{T}test_framing_and_groups.py",
        f"{T}test_text_formats.py",
        f"{T}test_decoder_stream.py",
        f"{T}test_status_schedule.py",
        f"{T}test_guard.py",
        f"{T}test_captures.py",
        f"{T}test_registry_rows.py",
    ],
    # Its pure tests only: the HA ones overran their setup bounds under mutmut's tracing
    # on the loaded machine (the stats run failed), as they did for diagnostics.py.
    "tic/active_power.py": [
        "tests/test_active_power.py",
        "tests/tic/test_active_power_reading.py",
        "tests/tic/test_active_power_edges.py",
    ],
    "coordinator.py": [
        "tests/test_coordinator.py",
        "tests/test_init.py",
        "tests/test_regressions_line.py",
        "tests/test_regressions_states.py",
        "tests/test_diagnostics.py",  # what the coordinator says before any frame
    ],
    "binary_sensor.py": [
        "tests/test_binary_sensor.py",
        "tests/test_regressions_states.py",
    ],
    "sensor.py": [
        "tests/test_sensor.py",
        "tests/test_sensor_totals.py",
        "tests/test_sensor_supplier_indexes.py",
        "tests/test_entity_creation.py",
        "tests/test_regressions_states.py",
        "tests/test_sensor_rows.py",
        "tests/test_index_names.py",  # the user's names of supplier indexes
        "tests/test_cost_sensor.py",  # the cost sensors sensor.py sets up
        "tests/test_sensor_total_switch.py",  # the one total across a mode switch
    ],
    "cost.py": [
        "tests/test_cost.py",
        "tests/test_cost_tariff_state.py",
        "tests/test_cost_edges.py",  # price 0 kept, every value not counted counted
    ],
    "config_flow.py": ["tests/test_config_flow.py"],
    "options_flow.py": ["tests/test_config_flow.py"],  # split from config_flow.py
    "diagnostics.py": ["tests/test_diagnostics.py", "tests/test_regressions_states.py"],
}


@dataclass
class Score:
    """One module's figures."""

    module: str
    killed: int
    total: int
    survived: int
    timeout: int
    no_tests: int
    seconds: float
    survivors: list[str]

    @property
    def percent(self) -> float:
        """Killed (a timeout counts as killed, as mutmut counts it) over total."""
        return 100.0 * (self.killed + self.timeout) / self.total if self.total else 0.0


def tracked_files() -> list[str]:
    """The working tree's files that git knows or would add (tests being written count)."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    return [
        name for name in out.decode().split("\0") if name and (REPO / name).is_file()
    ]


def prepare(scratch: Path, module: str, tests: list[str]) -> None:
    """A copy of the repository whose pyproject tells mutmut what to mutate and run."""
    if scratch.exists():
        shutil.rmtree(scratch)
    for name in tracked_files():
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    # The tests find the shared captures at ../shared of the repository (and of mutants/).
    shared = SHARED if (SHARED / "captures").is_dir() else MAIN_SHARED
    for link in (scratch.parent / "shared", scratch / "shared"):
        if not (link / "captures").is_dir():
            link.unlink(missing_ok=True)
            link.symlink_to(shared)
    present = [t for t in tests if (scratch / t).exists()]
    config = {
        "source_paths": ["custom_components"],
        "only_mutate": [f"custom_components/linky_tic/{module}"],
        "pytest_add_cli_args_test_selection": present,
        # -p mutation_imports: scripts/mutation_imports.py, for code run at import
        "pytest_add_cli_args": [
            *("-p", "no:cacheprovider", "-q", "-p", "no:randomly"),
            *("-p", "mutation_imports"),
        ],
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    pyproject = scratch / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n".join(lines) + "\n")


def run_module(module: str, workdir: Path, jobs: int, *, keep: bool) -> Score:
    """Mutate one module, run its tests against every mutant, read mutmut's verdicts."""
    scratch = workdir / module.replace("/", "_").removesuffix(".py")
    prepare(scratch, module, MODULES[module])
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(scratch / "scripts"),  # for -p mutation_imports
    }
    started = time.monotonic()
    log = scratch.with_suffix(".log")
    with log.open("w") as out:
        subprocess.run(
            [str(mutmut), "run", "--max-children", str(jobs)],
            cwd=scratch,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - started
    subprocess.run(
        [str(mutmut), "export-cicd-stats"],
        cwd=scratch,
        env=env,
        check=True,
        capture_output=True,
    )
    stats = json.loads((scratch / "mutants" / "mutmut-cicd-stats.json").read_text())
    results = subprocess.run(
        [str(mutmut), "results"],
        cwd=scratch,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    survivors = [
        line.split(":")[0].strip()
        for line in results.splitlines()
        if line.rstrip().endswith("survived")
    ]
    # Read each one with: cd <scratch> && mutmut show <name> (about 20 s each).
    scratch.with_suffix(".survivors").write_text(
        "".join(f"{name}\n" for name in survivors)
    )
    if not keep:
        shutil.rmtree(scratch / "mutants" / "tests", ignore_errors=True)
    return Score(
        module=module,
        killed=int(stats["killed"]),
        total=int(stats["total"]) - int(stats.get("skipped", 0)),
        survived=int(stats["survived"]),
        timeout=int(stats.get("timeout", 0)),
        no_tests=int(stats.get("no_tests", 0)),
        seconds=seconds,
        survivors=survivors,
    )


def main() -> int:
    """Parse the arguments, run each module, print one line per module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", help=f"among: {', '.join(MODULES)} (default: all)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="mutants run at once (default 2)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "linky-mutation"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the copied tests for mutmut browse"
    )
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; choose among {list(MODULES)}")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout
    print(
        f"== mutmut on {commit}{' + uncommitted changes' if dirty.strip() else ''}, {args.jobs} jobs"
    )
    args.workdir.mkdir(parents=True, exist_ok=True)
    for module in args.modules or list(MODULES):
        score = run_module(module, args.workdir, args.jobs, keep=args.keep)
        print(
            f"{score.module}: {score.killed + score.timeout}/{score.total} killed ({score.percent:.1f} %),"
            f" {score.survived} survived, {score.no_tests} without a test, {score.timeout} timeouts,"
            f" {score.seconds / 60:.1f} min",
            flush=True,
        )
        for name in score.survivors:
            print(f"    survived: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
