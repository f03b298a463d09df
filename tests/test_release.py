"""Packaging as HA custom integrations ship: workflows, versions, README images for HACS."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from awesomeversion import AwesomeVersion, AwesomeVersionStrategy

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "custom_components" / "linky_tic" / "manifest.json"
SECTION = re.compile(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", re.MULTILINE)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def _manifest() -> dict[str, object]:
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_manifest_version_is_the_newest_changelog_release() -> None:
    version = str(_manifest()["version"])
    assert AwesomeVersion(version).strategy is AwesomeVersionStrategy.SEMVER
    sections = SECTION.findall((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    released = [(name, date) for name, date in sections if name != "Unreleased"]
    assert released, "CHANGELOG.md has no release section"
    newest, date = released[0]
    assert newest == version, f"manifest {version}, CHANGELOG {newest}"
    assert date, "a release section has its date"
    # Newest first, each version once.
    versions = [AwesomeVersion(name) for name, _ in released]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)


def _workflow(name: str) -> dict[object, object]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())
    assert isinstance(data, dict)
    return data


def _uses(workflow: dict[object, object]) -> list[str]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [
        step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step
    ]


def test_the_validate_workflow_runs_hassfest_hacs_and_the_tests() -> None:
    workflow = _workflow("validate.yml")
    on = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert isinstance(on, dict)
    assert {"push", "pull_request"} <= set(on)
    uses = _uses(workflow)
    assert any(u.startswith("home-assistant/actions/hassfest@") for u in uses)
    assert any(u.startswith("hacs/action@") for u in uses)
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    hacs = next(s for s in jobs["hacs"]["steps"] if "hacs/action" in s.get("uses", ""))
    assert hacs["with"]["category"] == "integration"
    runs = [s.get("run", "") for s in jobs["tests"]["steps"]]
    assert any("scripts/test" in run for run in runs)
    python = next(
        s for s in jobs["tests"]["steps"] if "setup-python" in s.get("uses", "")
    )
    assert python["with"]["python-version"] == "3.14"


def test_the_release_workflow_checks_the_tag_against_manifest_and_changelog() -> None:
    workflow = _workflow("release.yml")
    on = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert isinstance(on, dict)
    assert on["push"]["tags"] == ["v*"]
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    script = "\n".join(step.get("run", "") for step in jobs["release"]["steps"])
    assert "manifest.json" in script
    assert "CHANGELOG.md" in script
    assert "gh release create" in script


def _raw_base() -> str:
    documentation = str(_manifest()["documentation"])
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)/?", documentation)
    assert match, documentation
    return f"https://raw.githubusercontent.com/{match[1]}/{match[2]}/main/"


@pytest.mark.parametrize("page", ["README.md", "info.md"])
def test_images_use_absolute_links_that_hacs_can_show(page: str) -> None:
    path = REPO / page
    if not path.exists():
        pytest.skip(f"no {page}")
    base = _raw_base()
    images = IMAGE.findall(path.read_text(encoding="utf-8"))
    for link in images:
        assert link.startswith("https://"), f"{page}: relative image {link}"
        if link.startswith(base):
            local = REPO / link.removeprefix(base)
            assert local.is_file(), f"{page}: {link} is not in the repository"
    if page == "README.md":
        assert sum(link.startswith(base) for link in images) >= 3
