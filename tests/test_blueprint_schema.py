"""Each shipped blueprint is a valid automation blueprint and gives a valid automation."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
    async_validate_config_item,
)
from homeassistant.components.blueprint.errors import MissingInput
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.components.blueprint.schemas import (
    BLUEPRINT_SCHEMA,
    is_blueprint_config,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import yaml as yaml_util

from .support.blueprint_support import BLUEPRINT_NAMES, SHIPPED

SOURCE = "https://github.com/linky-tic/linky_tic/blob/main/custom_components/linky_tic/blueprints/"

# The least each blueprint needs (everything else has a default).
REQUIRED_INPUTS: dict[str, dict[str, Any]] = {
    "water_heater_off_peak.yaml": {
        "off_peak_entity": "binary_sensor.linky_off_peak_hours",
        "heater_switches": ["switch.water_heater"],
    },
    "peak_alert_load_shedding.yaml": {
        "power_entity": "sensor.linky_apparent_power",
        "subscribed_power_entity": "sensor.linky_reference_power",
    },
    "tempo_red_ejp_peak.yaml": {"period_entity": "sensor.linky_tariff_period"},
}


def _load(name: str) -> Blueprint:
    data = yaml_util.load_yaml_dict(SHIPPED / name)
    assert is_blueprint_config(data)
    BLUEPRINT_SCHEMA(data)
    blueprint = Blueprint(
        data,
        path=f"linky_tic/{name}",
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.validate() is None  # min_version <= the running HA
    return blueprint


def test_every_shipped_file_is_listed() -> None:
    assert sorted(p.name for p in SHIPPED.glob("*.yaml")) == sorted(BLUEPRINT_NAMES)
    assert set(REQUIRED_INPUTS) == set(BLUEPRINT_NAMES)


@pytest.mark.parametrize("name", BLUEPRINT_NAMES)
def test_metadata(name: str) -> None:
    metadata = _load(name).metadata
    assert metadata["name"].startswith("Linky TIC — ")
    assert metadata["homeassistant"]["min_version"] == "2026.10.0"
    assert metadata["source_url"] == SOURCE + name
    assert "**Français :**" in metadata["description"]
    sections = metadata["input"]
    assert all("input" in section for section in sections.values()), "use sections"
    for section in sections.values():
        for key, spec in section["input"].items():
            assert spec.get("name"), f"{key} has no name"
            assert "selector" in spec, f"{key} has no selector"


@pytest.mark.parametrize("name", BLUEPRINT_NAMES)
async def test_instantiates_into_a_valid_automation(
    hass: HomeAssistant, name: str
) -> None:
    blueprint = _load(name)
    inputs = BlueprintInputs(
        blueprint,
        {
            "use_blueprint": {
                "path": f"linky_tic/{name}",
                "input": REQUIRED_INPUTS[name],
            }
        },
    )
    inputs.validate()
    config = inputs.async_substitute()
    config["id"] = "under_test"
    validated = await async_validate_config_item(hass, "under_test", config)
    assert validated is not None
    assert validated["triggers"]
    assert validated["actions"]


@pytest.mark.parametrize("name", BLUEPRINT_NAMES)
def test_required_inputs_are_required(name: str) -> None:
    blueprint = _load(name)
    for missing in REQUIRED_INPUTS[name]:
        given = {k: v for k, v in REQUIRED_INPUTS[name].items() if k != missing}
        inputs = BlueprintInputs(
            blueprint, {"use_blueprint": {"path": name, "input": given}}
        )
        with pytest.raises(MissingInput):
            inputs.validate()
