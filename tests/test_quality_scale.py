"""quality_scale.yaml tells the truth, as upstream's quality-scale validator checks it.

Upstream (home-assistant/core, script/hassfest/quality_scale.py) only grades
core integrations, so hassfest skips this file for a custom one. This test
holds it to the same rules, written here from their documented meaning: the
file's shape (rule names, statuses, a comment for every exemption), and for
the rules marked done, the checks upstream's validators make on the code
(``runtime-data`` with the typed entry everywhere an entry is taken,
``async_get_options_flow`` included; ``config-flow``; ``discovery``;
``reconfiguration-flow``; ``test-before-setup``; ``unique-config-entry``;
``strict-typing``, here mypy --strict in scripts/test).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[1]
PACKAGE = REPO / "custom_components" / "linky_tic"
FILE = PACKAGE / "quality_scale.yaml"

#: Upstream's rules, by tier (script/hassfest/quality_scale.py, read 2026-12).
RULES: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup", "appropriate-polling", "brands", "common-modules",
        "config-flow", "config-flow-test-coverage", "dependency-transparency",
        "docs-actions", "docs-conditions", "docs-high-level-description",
        "docs-installation-instructions", "docs-removal-instructions",
        "docs-triggers", "entity-event-setup", "entity-unique-id",
        "has-entity-name", "runtime-data", "test-before-configure",
        "test-before-setup", "unique-config-entry",
    ),
    "silver": (
        "action-exceptions", "config-entry-unloading",
        "docs-configuration-parameters", "docs-installation-parameters",
        "entity-unavailable", "integration-owner", "log-when-unavailable",
        "parallel-updates", "reauthentication-flow", "test-coverage",
    ),
    "gold": (
        "devices", "diagnostics", "discovery", "discovery-update-info",
        "docs-data-update", "docs-examples", "docs-known-limitations",
        "docs-supported-devices", "docs-supported-functions",
        "docs-troubleshooting", "docs-use-cases", "dynamic-devices",
        "entity-category", "entity-device-class", "entity-disabled-by-default",
        "entity-translations", "exception-translations", "icon-translations",
        "reconfiguration-flow", "repair-issues", "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}  # fmt: skip
ALL_RULES = {rule for rules in RULES.values() for rule in rules}
TYPED_ENTRY = re.compile(r"^[A-Za-z]+ConfigEntry$")
#: Module -> the functions that take a config entry, and its position (1-based).
ENTRY_FUNCTIONS = {
    "__init__": {
        "async_migrate_entry": 2,
        "async_remove_config_entry_device": 2,
        "async_remove_entry": 2,
        "async_setup_entry": 2,
        "async_unload_entry": 2,
    },
    "diagnostics": {
        "async_get_config_entry_diagnostics": 2,
        "async_get_device_diagnostics": 2,
    },
    **{
        platform: {"async_setup_entry": 2}
        for platform in ("sensor", "binary_sensor", "calendar")
    },
}


def _statuses() -> dict[str, str]:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    assert set(data) == {"rules"}
    statuses = {}
    for rule, value in data["rules"].items():
        if isinstance(value, dict):
            assert set(value) == {"status", "comment"}, rule
            assert isinstance(value["comment"], str), rule
            assert value["comment"].strip(), rule
            statuses[rule] = value["status"]
        else:
            assert value in {"todo", "done"}, (rule, value)  # exempt needs a why
            statuses[rule] = value
    return statuses


def _module(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))


def _calls(module: ast.Module) -> set[str]:
    return {
        node.func.attr
        for node in ast.walk(module)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def _functions(module: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.name: node
        for node in ast.walk(module)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _annotation(function: ast.FunctionDef | ast.AsyncFunctionDef, position: int) -> str:
    argument = function.args.args[position - 1]
    annotation = argument.annotation
    assert annotation is not None, f"{function.name}: argument {position} unannotated"
    return annotation.id if isinstance(annotation, ast.Name) else ast.dump(annotation)


def test_the_file_has_upstreams_shape() -> None:
    statuses = _statuses()
    assert set(statuses) <= ALL_RULES, set(statuses) - ALL_RULES
    assert set(statuses) == ALL_RULES  # every rule said, none forgotten
    assert set(statuses.values()) <= {"todo", "done", "exempt"}


def test_runtime_data_is_set_and_every_entry_is_typed() -> None:
    statuses = _statuses()
    assert statuses["runtime-data"] == "done"
    setup = _functions(_module("__init__"))["async_setup_entry"]
    entry = setup.args.args[1].arg
    assert any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == entry
        and node.attr == "runtime_data"
        and isinstance(node.ctx, ast.Store)
        for node in ast.walk(setup)
    )
    assert statuses["strict-typing"] == "done"  # so upstream checks the types too
    checked = 0
    for name, functions in ENTRY_FUNCTIONS.items():
        if not (PACKAGE / f"{name}.py").exists():
            continue
        found = _functions(_module(name))
        for function, position in functions.items():
            if function in found:
                assert TYPED_ENTRY.match(_annotation(found[function], position)), (
                    name,
                    function,
                )
                checked += 1
    assert checked >= 7
    flow = _functions(_module("config_flow"))["async_get_options_flow"]
    assert TYPED_ENTRY.match(_annotation(flow, 1))


def test_the_config_flow_rules_marked_done_hold() -> None:
    statuses = _statuses()
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    flow = _module("config_flow")
    steps = set(_functions(flow))
    calls = _calls(flow)
    assert statuses["config-flow"] == "done"
    assert manifest["config_flow"] is True
    assert statuses["discovery"] == "done"
    assert "usb" in manifest
    assert "async_step_usb" in steps
    assert statuses["reconfiguration-flow"] == "done"
    assert "async_step_reconfigure" in steps
    assert statuses["unique-config-entry"] == "done"
    assert {"async_set_unique_id", "_abort_if_unique_id_configured"} <= calls


def test_setup_raises_not_ready() -> None:
    assert _statuses()["test-before-setup"] == "done"
    raised = {
        (
            node.exc.func.id
            if isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)
            else ""
        )
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Raise) and node.exc is not None
    }
    assert raised & {"ConfigEntryNotReady", "ConfigEntryError", "ConfigEntryAuthFailed"}


def test_strict_typing_is_what_scripts_test_runs() -> None:
    assert _statuses()["strict-typing"] == "done"
    script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert re.search(
        r"^\$py -m mypy --strict custom_components/linky_tic$", script, re.MULTILINE
    )


def test_one_device_per_entry_makes_dynamic_devices_exempt() -> None:
    assert _statuses()["dynamic-devices"] == "exempt"
    entity = (PACKAGE / "entity.py").read_text(encoding="utf-8")
    # The one device of an entry: identified by the meter (or the entry) alone.
    assert entity.count("DeviceInfo(") == 1


@pytest.mark.parametrize(
    ("rule", "heading"),
    [
        ("docs-removal-instructions", "## Removing the integration"),
        ("docs-known-limitations", "## Known limitations"),
        ("docs-configuration-parameters", "### Options"),
        ("docs-troubleshooting", "## Troubleshooting"),
        ("docs-data-update", "### How values are updated"),
    ],
)
def test_the_docs_rules_marked_done_have_their_readme_section(
    rule: str, heading: str
) -> None:
    assert _statuses()[rule] == "done"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(heading)}$", readme, re.MULTILINE), heading
