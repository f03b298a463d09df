"""A pytest plugin for mutmut's runs (``scripts/mutation_run.py``): code run at import.

mutmut 3 switches mutants at call time: each mutated function is a trampoline that
asks which mutant is under test. Its fork server imports the tests (and through
them the integration) once, before any mutant is selected, then forks a process
per mutant. A function called only while a module is imported (the registry's
``_number``/``_text`` that build its label tables, the platforms' builders of
description rows) has then already run, unmutated: its mutants "survive" without
ever running, and mutmut's statistics tie it to whichever test happened to come
first.

This plugin makes such functions count like the others:

- in the statistics run, the project's modules are imported afresh; a mutated
  function called while a project module runs its top-level code is written to
  ``IMPORT_TIME`` and counted as reached by every test of the run;
- in a mutant's run, when the mutated function is one of those, the project's
  modules (``custom_components``, ``tests``) are dropped from ``sys.modules``
  before pytest loads the conftests, so they are imported again (at collection,
  or when Home Assistant loads a platform) with the mutant selected: the mutant
  builds the tables the tests then read.

Loaded with ``-p mutation_imports`` (``scripts`` is put on ``PYTHONPATH``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from mutmut.mutation import trampoline
from mutmut.state import state
from mutmut.stats import record_trampoline_hit
from mutmut.utils.format_utils import mangled_name_from_mutant_name

#: The functions called at import, by mutmut's mangled name (in mutmut's ``mutants`` folder).
IMPORT_TIME = Path("mutation-import-time.json")
PROJECT = ("custom_components", "tests")

_at_import: set[str] = set()
_tests: set[str] = set()


def _in_project(module: object) -> bool:
    return isinstance(module, str) and module.split(".")[0] in PROJECT


def _forget_project_modules() -> None:
    for name in [n for n in sys.modules if _in_project(n)]:
        del sys.modules[name]


def _runs_at_import(mutant: str) -> bool:
    if "__mutmut_" not in mutant or not IMPORT_TIME.exists():
        return False
    names: list[str] = json.loads(IMPORT_TIME.read_text())
    return mangled_name_from_mutant_name(mutant) in names


def _watching_imports(
    record: Callable[[str, str | None], None],
) -> Callable[[str, str | None], None]:
    """mutmut's record of a call, which also notes the calls made at import."""

    def record_hit(name: str, caller: str | None = None) -> None:
        if name not in _at_import:
            frame: FrameType | None = sys._getframe(1)  # noqa: SLF001
            while frame is not None:
                if frame.f_code.co_name == "<module>" and _in_project(
                    frame.f_globals.get("__name__")
                ):
                    _at_import.add(name)
                    break
                frame = frame.f_back
        record(name, caller)

    return record_hit


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests() -> None:
    """Before the conftests import the project: a fresh import when it matters."""
    mutant = trampoline.get_mutant_under_test()
    if mutant == "stats":
        _forget_project_modules()
        # The trampoline calls the name it imported: replace it there.
        vars(trampoline)["record_trampoline_hit"] = _watching_imports(
            record_trampoline_hit
        )
    elif _runs_at_import(mutant):
        _forget_project_modules()


def pytest_runtest_logstart(nodeid: str) -> None:
    """Statistics run: the tests run, named as mutmut names them."""
    if trampoline.get_mutant_under_test() == "stats":
        _tests.add(nodeid.removeprefix("mutants/"))


def pytest_sessionfinish() -> None:
    """Statistics run: every test reads what was built at import."""
    if trampoline.get_mutant_under_test() != "stats":
        return
    for name in _at_import:
        state().tests_by_mangled_function_name[name].update(_tests)
    IMPORT_TIME.write_text(json.dumps(sorted(_at_import)))
