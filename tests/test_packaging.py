"""The files HACS and hassfest read are complete and consistent."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from awesomeversion import AwesomeVersion
from homeassistant.const import __version__ as ha_version

REPO = Path(__file__).resolve().parents[1]
INTEGRATION = REPO / "custom_components" / "linky_tic"
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "hacs",
    "persistent_directory",
    "render_readme",
}


def test_manifest_has_what_hassfest_and_hacs_need() -> None:
    manifest = json.loads((INTEGRATION / "manifest.json").read_text())
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:]), "hassfest wants domain, name, then sorted keys"
    assert manifest["domain"] == "linky_tic" == INTEGRATION.name
    for key in (
        "codeowners",
        "config_flow",
        "documentation",
        "issue_tracker",
        "version",
        "iot_class",
        "integration_type",
        "requirements",
        "loggers",
        "usb",
    ):
        assert key in manifest, key
    assert manifest["iot_class"] == "local_push"
    assert manifest["integration_type"] == "device"
    assert manifest["dependencies"] == ["http", "usb"]
    # The card is added to the frontend when it is loaded (always, except in recovery
    # mode); an after-dependency spares every test from setting the frontend up.
    assert "frontend" in manifest["after_dependencies"]
    assert manifest["requirements"] == ["serialx>=1.11.0"]
    assert AwesomeVersion(manifest["version"]).valid
    for matcher in manifest["usb"]:
        assert set(matcher) <= {
            "vid",
            "pid",
            "serial_number",
            "manufacturer",
            "description",
        }
        for key in ("vid", "pid"):
            assert len(matcher[key]) == 4
            int(matcher[key], 16)  # raises if not hexadecimal


def test_hacs_json_is_valid_and_matches_the_tested_home_assistant() -> None:
    hacs = json.loads((REPO / "hacs.json").read_text())
    assert set(hacs) <= HACS_KEYS, set(hacs) - HACS_KEYS
    assert hacs["country"] == "FR"
    # The minimum we declare is the release line our tests run against.
    assert AwesomeVersion(ha_version) >= AwesomeVersion(hacs["homeassistant"])
    assert AwesomeVersion(ha_version).section(1) == AwesomeVersion(
        hacs["homeassistant"]
    ).section(1)


def test_brand_icon_is_a_square_png() -> None:
    data = (INTEGRATION / "brand" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20]), int.from_bytes(data[20:24])
    assert width == height == 256


def test_translations_carry_the_same_keys() -> None:
    def keys(node: dict[str, object], prefix: str = "") -> set[str]:
        out: set[str] = set()
        for key, value in node.items():
            if isinstance(value, dict):
                out |= keys(value, f"{prefix}{key}.")
            else:
                out.add(f"{prefix}{key}")
        return out

    folder = INTEGRATION / "translations"
    english = keys(json.loads((folder / "en.json").read_text()))
    for path in folder.glob("*.json"):
        assert keys(json.loads(path.read_text())) == english, path.name


def test_protocol_package_imports_nothing_from_home_assistant() -> None:
    for path in (INTEGRATION / "tic").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            assert not any(n.split(".")[0] == "homeassistant" for n in names), path
