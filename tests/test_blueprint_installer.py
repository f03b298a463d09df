"""The blueprint installer: fresh installs, HA's examples, user changes and updates."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation import EVENT_AUTOMATION_RELOADED
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.setup import async_setup_component

from custom_components.linky_tic import blueprint_installer
from custom_components.linky_tic.blueprint_installer import (
    STORAGE_KEY,
    async_install,
    async_install_blueprints,
)

from .support.blueprint_support import (
    BLUEPRINT_NAMES,
    SHIPPED,
    async_create_automation,
    async_stop_automations,
)

WATER_HEATER = "water_heater_off_peak.yaml"


def _automation_folder(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("blueprints", "automation"))


def _ours(hass: HomeAssistant) -> Path:
    return _automation_folder(hass) / "linky_tic"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped blueprints that a test can turn into a "new version"."""
    folder = tmp_path / "shipped"
    shutil.copytree(SHIPPED, folder)
    monkeypatch.setattr(blueprint_installer, "SHIPPED_FOLDER", folder)
    return folder


def _new_version(path: Path) -> bytes:
    """Change a shipped blueprint as a release would (a comment line is enough)."""
    data = path.read_bytes() + b"# a later release\n"
    path.write_bytes(data)
    return data


async def test_fresh_install_puts_ours_and_keeps_home_assistants_examples(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    assert not _automation_folder(hass).exists()
    await async_install_blueprints(hass)

    for name in BLUEPRINT_NAMES:
        assert (_ours(hass) / name).read_bytes() == (SHIPPED / name).read_bytes()
    examples = sorted(
        p.name for p in (_automation_folder(hass) / "homeassistant").glob("*.yaml")
    )
    assert "motion_light.yaml" in examples
    assert set(hass_storage[STORAGE_KEY]["data"]["installed"]) == set(BLUEPRINT_NAMES)

    # Home Assistant then loads every blueprint of the folder, examples and ours.
    assert await async_setup_component(hass, "automation", {})
    await hass.async_block_till_done()
    loaded = await async_get_blueprints(hass).async_get_blueprints()
    assert {f"linky_tic/{name}" for name in BLUEPRINT_NAMES} <= set(loaded)
    assert "homeassistant/motion_light.yaml" in loaded
    bad = {path: err for path, err in loaded.items() if isinstance(err, Exception)}
    assert bad == {}


async def test_after_home_assistant_populated_its_examples(
    hass: HomeAssistant,
) -> None:
    assert await async_setup_component(hass, "automation", {})
    await hass.async_block_till_done()  # HA's own populate task
    assert (_automation_folder(hass) / "homeassistant" / "motion_light.yaml").exists()

    report = await async_install(hass)
    assert sorted(report.installed) == sorted(BLUEPRINT_NAMES)
    assert (_ours(hass) / WATER_HEATER).exists()


async def test_an_existing_blueprint_folder_gets_no_examples(
    hass: HomeAssistant,
) -> None:
    # A user who deleted HA's examples does not get them back from us.
    _automation_folder(hass).mkdir(parents=True)
    await async_install_blueprints(hass)
    assert not (_automation_folder(hass) / "homeassistant").exists()
    assert (_ours(hass) / WATER_HEATER).exists()


async def test_second_run_changes_nothing(hass: HomeAssistant) -> None:
    await async_install(hass)
    report = await async_install(hass)
    assert report.installed == report.updated == report.kept_user_changes == []


async def test_unmodified_old_version_is_updated(
    hass: HomeAssistant, shipped: Path, hass_storage: dict[str, Any]
) -> None:
    await async_install(hass)
    new = _new_version(shipped / WATER_HEATER)

    report = await async_install(hass)
    assert report.updated == [WATER_HEATER]
    assert (_ours(hass) / WATER_HEATER).read_bytes() == new
    stored = hass_storage[STORAGE_KEY]["data"]["installed"]
    assert stored[WATER_HEATER] == blueprint_installer._sha256(new)


async def test_user_modified_file_is_not_overwritten(
    hass: HomeAssistant, shipped: Path
) -> None:
    await async_install(hass)
    target = _ours(hass) / WATER_HEATER
    mine = target.read_bytes().replace(b"mode: restart", b"mode: queued")
    target.write_bytes(mine)
    _new_version(shipped / WATER_HEATER)

    report = await async_install(hass)
    assert report.kept_user_changes == [WATER_HEATER]
    assert target.read_bytes() == mine
    # ...and the next release still leaves it alone.
    _new_version(shipped / WATER_HEATER)
    await async_install(hass)
    assert target.read_bytes() == mine


async def test_a_users_own_file_with_our_name_is_kept(hass: HomeAssistant) -> None:
    _ours(hass).mkdir(parents=True)
    target = _ours(hass) / WATER_HEATER
    target.write_text("blueprint: {name: mine, domain: automation}\n")
    report = await async_install(hass)
    assert report.kept_user_changes == [WATER_HEATER]
    assert "mine" in target.read_text()


async def test_a_deleted_blueprint_stays_deleted(hass: HomeAssistant) -> None:
    await async_install(hass)
    (_ours(hass) / WATER_HEATER).unlink()
    report = await async_install(hass)
    assert WATER_HEATER not in report.installed
    assert not (_ours(hass) / WATER_HEATER).exists()


async def test_restoring_the_shipped_content_records_it_again(
    hass: HomeAssistant, shipped: Path
) -> None:
    # A user who reverts their change gets the next release again.
    await async_install(hass)
    target = _ours(hass) / WATER_HEATER
    original = target.read_bytes()
    target.write_bytes(b"# mine\n" + original)
    new = _new_version(shipped / WATER_HEATER)
    await async_install(hass)
    assert target.read_bytes() != new
    target.write_bytes(new)  # the user copies the new release by hand
    await async_install(hass)
    newer = _new_version(shipped / WATER_HEATER)
    report = await async_install(hass)
    assert report.updated == [WATER_HEATER]
    assert target.read_bytes() == newer


async def test_update_reloads_the_automations_using_it(
    hass: HomeAssistant, shipped: Path
) -> None:
    await async_install(hass)
    await async_create_automation(
        hass,
        WATER_HEATER,
        {"off_peak_entity": "binary_sensor.off_peak", "heater_switches": ["switch.x"]},
        copy=False,
    )
    reloads: list[Event] = []

    @callback
    def reloaded(event: Event) -> None:
        reloads.append(event)

    hass.bus.async_listen(EVENT_AUTOMATION_RELOADED, reloaded)
    _new_version(shipped / WATER_HEATER)
    await async_install(hass)
    await hass.async_block_till_done()
    assert len(reloads) == 1

    # Nothing updated: no reload.
    await async_install(hass)
    await hass.async_block_till_done()
    assert len(reloads) == 1
    await async_stop_automations(hass)


async def test_update_without_automations_does_not_reload(
    hass: HomeAssistant, shipped: Path
) -> None:
    await async_install(hass)
    assert await async_setup_component(hass, "automation", {})
    reloads: list[Event] = []
    hass.bus.async_listen(EVENT_AUTOMATION_RELOADED, reloads.append)
    _new_version(shipped / WATER_HEATER)
    report = await async_install(hass)
    await hass.async_block_till_done()
    assert report.updated == [WATER_HEATER]
    assert reloads == []
