"""requirements_demo.txt is what Home Assistant's own manifests say the demo needs.

The demo runs `hass --skip-pip`: a requirement missing from that file is an import error in
Home Assistant, and a web UI that stays on "Loading..." when the frontend's `get_services` call
imports a base component whose requirement is absent.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import homeassistant
from homeassistant.helpers import service

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import demo_requirements  # noqa: E402
from demo_config import CONFIGURATION  # noqa: E402


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        if "==" in line and not line.startswith("#"):
            name, version = line.strip().split("==", 1)
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_requirements_file_is_the_generated_one() -> None:
    """The committed file equals what the script derives from the installed Home Assistant."""
    committed = (ROOT / "requirements_demo.txt").read_text(encoding="utf-8")
    assert committed == demo_requirements.render(), (
        "requirements_demo.txt is stale: run"
        " `.venv/bin/python scripts/demo_requirements.py --write`"
    )


def test_base_components_are_the_ones_service_helper_returns() -> None:
    """The parsed imports are the keys of the dict `_base_components()` returns."""
    tree = ast.parse(inspect.getsource(service._base_components))
    returned = next(n.value for n in ast.walk(tree) if isinstance(n, ast.Return))
    assert isinstance(returned, ast.Dict)
    keys = {k.value for k in returned.keys if isinstance(k, ast.Constant)}
    parsed = demo_requirements.base_components()
    assert parsed == keys
    assert {"ai_task", "camera", "assist_satellite"} <= parsed


def test_requirements_cover_what_made_the_ui_load() -> None:
    """The packages whose absence kept the UI on "Loading..." (issue #10) are all listed."""
    names = set(_pins(demo_requirements.demo_requirements()))
    assert {
        "pyturbojpeg",
        "gazetteer-matcher",
        "ha-ffmpeg",
        "hassil",
        "home-assistant-intents",
        "mutagen",
        "pymicro-vad",
        "pyspeex-noise",
        "home-assistant-frontend",
        "playwright",
    } <= names


def test_dependencies_are_followed() -> None:
    """ai_task pulls conversation (hassil), tts pulls ffmpeg: found through the manifests."""
    domains = demo_requirements.closure({"ai_task"})
    assert {"ai_task", "conversation", "media_source", "camera"} <= domains
    assert "ffmpeg" in demo_requirements.closure({"tts"})
    ours: dict[str, object] = {
        "dependencies": ["usb"],
        "after_dependencies": ["automation"],
    }
    assert {"usb", "automation"} <= demo_requirements.closure(set(), ours)


def test_configured_domains_read_the_demo_configuration() -> None:
    """Every top-level key of the demo's configuration.yaml but homeassistant."""
    domains = demo_requirements.configured_domains(CONFIGURATION)
    assert {"frontend", "recorder", "energy", "lovelace", "logger"} <= domains
    assert "homeassistant" not in domains
    assert "trusted_networks" not in domains  # an indented key, not an integration


def test_pins_agree_with_home_assistant_constraints() -> None:
    """A package Home Assistant constrains is listed at Home Assistant's version."""
    constraints = Path(homeassistant.__file__).parent / "package_constraints.txt"
    constrained = _pins(constraints.read_text(encoding="utf-8").splitlines())
    listed = _pins(demo_requirements.demo_requirements())
    disagree = {
        name: (version, constrained[name])
        for name, version in listed.items()
        if name in constrained and constrained[name] != version
    }
    assert disagree == {}
