"""What the demo's Home Assistant needs installed, derived from Home Assistant's own manifests.

The demo runs `hass --skip-pip`: Home Assistant never installs a requirement itself, so every
integration it loads, and every base component the frontend's `get_services` call imports
(`homeassistant.helpers.service._base_components`), must find its requirements installed.
This module lists them from the installed Home Assistant (the pinned version):

- the integrations Home Assistant always sets up (`bootstrap.CORE_INTEGRATIONS`,
  `bootstrap.DEFAULT_INTEGRATIONS`), the ones the demo's configuration.yaml names, ours;
- the base components imported by `_base_components()` (read from its source);
- their `dependencies` and `after_dependencies`, and the discovery integrations their
  manifests call for (`requirements.DISCOVERY_INTEGRATIONS`), as Home Assistant follows them.

    python scripts/demo_requirements.py           print the requirements file
    python scripts/demo_requirements.py --write   rewrite requirements_demo.txt

tests/test_demo_requirements.py fails when requirements_demo.txt differs from what this prints,
so a new Home Assistant pin brings its own list.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import homeassistant.components
from homeassistant import bootstrap, requirements
from homeassistant.const import __version__ as ha_version
from homeassistant.helpers import service

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS_FILE = ROOT / "requirements_demo.txt"
OUR_MANIFEST = ROOT / "custom_components" / "linky_tic" / "manifest.json"
COMPONENTS = Path(homeassistant.components.__path__[0])
#: What the demo itself runs on top of Home Assistant: its browser check (scripts/demo --check,
#: scripts/screenshot) drives Debian's chromium with Playwright for Python.
DEMO_TOOLS = ("playwright==1.65.2",)


def base_components() -> set[str]:
    """The domains `_base_components()` imports (parsed from its source, not called)."""
    tree = ast.parse(inspect.getsource(service._base_components))  # noqa: SLF001
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "homeassistant.components"
        for alias in node.names
    }


def configured_domains(configuration_yaml: str) -> set[str]:
    """The integrations named at the top level of a configuration.yaml text."""
    return {
        match.group(1)
        for match in re.finditer(
            r"^([a-z_][a-z0-9_]*):", configuration_yaml, re.MULTILINE
        )
    } - {"homeassistant"}


def manifest(domain: str) -> dict[str, object]:
    """The manifest of a built-in integration."""
    path = COMPONENTS / domain / "manifest.json"
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _names(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def closure(start: Iterable[str], first: dict[str, object] | None = None) -> set[str]:
    """start and every built-in integration they pull in, the way Home Assistant follows them.

    first: the manifest of a custom integration to start from as well.
    """
    todo = list(start)
    seen: set[str] = set()
    extra = [first] if first else []
    while todo or extra:
        if extra:
            man = extra.pop()
        else:
            domain = todo.pop()
            if domain in seen or not (COMPONENTS / domain / "manifest.json").exists():
                continue
            seen.add(domain)
            man = manifest(domain)
        todo.extend(_names(man.get("dependencies")))
        todo.extend(_names(man.get("after_dependencies")))
        for check, keys in requirements.DISCOVERY_INTEGRATIONS.items():
            if any(key in man for key in keys):
                todo.append(check)
    return seen


def demo_domains() -> set[str]:
    """Every built-in integration the demo's Home Assistant may import."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_config import CONFIGURATION  # noqa: PLC0415 - needs scripts/ on the path

    ours = json.loads(OUR_MANIFEST.read_text(encoding="utf-8"))
    start = (
        set(bootstrap.CORE_INTEGRATIONS)
        | set(bootstrap.DEFAULT_INTEGRATIONS)
        | configured_domains(CONFIGURATION)
        | base_components()
    )
    return closure(start, ours)


def _requirement_name(requirement: str) -> str:
    return (
        re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
    )


def demo_requirements() -> list[str]:
    """The pinned requirements of the demo's integrations, sorted by package name."""
    found: dict[str, str] = {}
    for domain in demo_domains():
        for requirement in _names(manifest(domain).get("requirements")):
            found.setdefault(_requirement_name(requirement), requirement)
    for requirement in DEMO_TOOLS:
        found.setdefault(_requirement_name(requirement), requirement)
    return [found[name] for name in sorted(found)]


def render() -> str:
    """The text of requirements_demo.txt."""
    header = (
        "# What scripts/demo needs on top of requirements_test.txt (installed by"
        " `scripts/setup --demo`).\n"
        f"# GENERATED by scripts/demo_requirements.py from Home Assistant {ha_version}'s"
        " manifests:\n"
        "# the requirements of every integration the demo's Home Assistant sets up or imports"
        " (its\n"
        "# default integrations, the demo's configuration.yaml, the base components the"
        " frontend's\n"
        "# get_services call imports, and their dependencies), plus Playwright for the browser"
        " check.\n"
        "# Do not edit: run `.venv/bin/python scripts/demo_requirements.py --write`.\n"
        "# Their own dependencies are pinned by Home Assistant's package_constraints.txt"
        " (scripts/setup).\n"
    )
    return header + "".join(f"{line}\n" for line in demo_requirements())


def main(argv: list[str]) -> int:
    """Print or write the demo's requirements file."""
    parser = argparse.ArgumentParser(prog="scripts/demo_requirements.py")
    parser.add_argument(
        "--write", action="store_true", help="rewrite requirements_demo.txt"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        REQUIREMENTS_FILE.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
