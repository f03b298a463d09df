"""Install the blueprints shipped with the integration into ``config/blueprints/automation``.

Rules, per shipped file:
- missing and never installed: copy it;
- identical to what we ship: nothing to do;
- identical to what we installed before (an older version the user did not touch): update it;
- anything else (the user changed it, or a file of theirs has the same name): leave it alone;
- installed before and since deleted by the user: leave it deleted.

What we installed is remembered as SHA-256 hashes in ``.storage/linky_tic.blueprints``.

Home Assistant copies its own example blueprints only when ``blueprints/automation`` does not
exist yet (``DomainBlueprints.async_populate``). Creating our folder first would therefore
prevent that on a fresh install, so the examples are copied first, the same way.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from homeassistant.components.automation import automations_with_blueprint
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.loader import async_get_integration

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

SHIPPED_FOLDER = Path(__file__).parent / "blueprints"
STORAGE_KEY = f"{DOMAIN}.blueprints"
STORAGE_VERSION = 1
AUTOMATION = "automation"


class _StoredHashes(TypedDict):
    installed: dict[str, str]  # file name -> SHA-256 of what we wrote


@dataclass(slots=True)
class InstallReport:
    """What one run of the installer did, by file name."""

    installed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_user_changes: list[str] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _populate_home_assistant_examples(
    automation_folder: Path, examples_source: Path
) -> None:
    """Copy HA's example blueprints, as HA does, if ``blueprints/automation`` is new."""
    if automation_folder.exists():
        return
    # dirs_exist_ok: HA's own populate task may be copying the same files right now.
    shutil.copytree(
        examples_source, automation_folder / "homeassistant", dirs_exist_ok=True
    )


def _install(
    shipped_folder: Path, target_folder: Path, installed: dict[str, str]
) -> InstallReport:
    """Copy the shipped blueprints into ``target_folder``; update ``installed`` in place."""
    report = InstallReport()
    target_folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(shipped_folder.glob("*.yaml")):
        name = source.name
        shipped = source.read_bytes()
        shipped_hash = _sha256(shipped)
        target = target_folder / name
        if not target.exists():
            if name in installed:
                continue  # the user deleted it: respect that
            target.write_bytes(shipped)
            installed[name] = shipped_hash
            report.installed.append(name)
            continue
        current_hash = _sha256(target.read_bytes())
        if current_hash == shipped_hash:
            installed[name] = shipped_hash
        elif current_hash == installed.get(name):
            target.write_bytes(shipped)
            installed[name] = shipped_hash
            report.updated.append(name)
        else:
            report.kept_user_changes.append(name)
    return report


async def async_install_blueprints(hass: HomeAssistant) -> None:
    """Install or update our blueprints in ``config/blueprints/automation/linky_tic``."""
    await async_install(hass)


async def async_install(hass: HomeAssistant) -> InstallReport:
    """Install or update our blueprints; say what was done."""
    store: Store[_StoredHashes] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
    stored = await store.async_load()
    installed = dict(stored["installed"]) if stored else {}

    automation_folder = Path(hass.config.path("blueprints", AUTOMATION))
    examples = (await async_get_integration(hass, AUTOMATION)).file_path / "blueprints"

    def install() -> InstallReport:
        _populate_home_assistant_examples(automation_folder, examples)
        return _install(SHIPPED_FOLDER, automation_folder / DOMAIN, installed)

    report = await hass.async_add_executor_job(install)
    await store.async_save({"installed": installed})

    for name in report.installed + report.updated:
        _LOGGER.debug("Installed blueprint %s/%s", DOMAIN, name)
    for name in report.kept_user_changes:
        _LOGGER.info(
            "Blueprint %s/%s was changed locally; the shipped version was not installed",
            DOMAIN,
            name,
        )
    if report.updated and AUTOMATION in hass.config.components:
        in_use = [
            name
            for name in report.updated
            if automations_with_blueprint(hass, f"{DOMAIN}/{name}")
        ]
        if in_use:
            # Automations made from the old version pick up the new one.
            await hass.services.async_call(AUTOMATION, "reload", blocking=True)
    return report
