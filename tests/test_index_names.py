"""Supplier calendars named (issue #11 item 2): the weekend offer's indexes, the user's
names for the indexes of a calendar we cannot name, the flow's pre-selected tariff."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.config_flow import suggested_tariff
from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.index_names import option_key
from custom_components.linky_tic.probe import ProbeResult
from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode, TariffOption
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import (
    PtyLine,
    form_schema,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)
from .test_sensor_supplier_indexes import frame as supplier_frame

WEEKEND = " HC et Week-End "
UNKNOWN = "  HEURES SAISON "


def frame(meter: SimulatedMeter, ngtf: str, easf: dict[int, int]) -> bytes:
    """The meter's standard frame on calendar ``ngtf`` with these EASFnn values (Wh)."""
    return supplier_frame(meter, 1, easf, ngtf)


def test_the_flow_pre_selects_the_weekend_offer() -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    (reading,) = Decoder(guard=False).feed(frame(meter, WEEKEND, {1: 10, 2: 20}))
    assert suggested_tariff(ProbeResult.from_reading(reading)) is TariffOption.WEEKEND
    (unknown,) = Decoder(guard=False).feed(frame(meter, UNKNOWN, {1: 10}))
    assert suggested_tariff(ProbeResult.from_reading(unknown)) is TariffOption.OTHER


async def test_a_weekend_offer_gets_off_peak_peak_and_weekend_entities(
    hass: HomeAssistant, line: PtyLine
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    entry = make_entry(
        line.link, meter, tariff="weekend", options={"index_interval": 0}
    )
    counts = {1: 4_000_000, 2: 3_000_000, 3: 2_000_000}
    frames = [
        frame(meter, WEEKEND, counts),
        frame(meter, WEEKEND, {**counts, 1: 4_000_001}),
    ]
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, frames, watch)
    await hass.async_block_till_done()
    expected = {
        "sensor.linky_off_peak_energy": "4000.001",
        "sensor.linky_peak_energy": "3000.0",
        "sensor.linky_weekend_energy": "2000.0",
    }
    for entity_id, value in expected.items():
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert float(state.state) == float(value)
    assert hass.states.get("sensor.linky_supplier_index_03_energy") is None
    option = hass.states.get("sensor.linky_tariff_option")
    assert option is not None
    assert option.state == "weekend"


async def test_a_period_entity_takes_the_name_given_to_its_index(
    hass: HomeAssistant, line: PtyLine
) -> None:
    """The weekend offer counts its weekend on EASF03: a name for EASF03 names it."""
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    options = {"index_interval": 0, option_key("EASF03"): "Samedi-dimanche"}
    entry = make_entry(line.link, meter, tariff="weekend", options=options)
    counts = {1: 4_000_000, 2: 3_000_000, 3: 2_000_000}
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        frames = [frame(meter, WEEKEND, counts)] * 2  # an index shows once confirmed
        await setup_with_frames(hass, entry, line, frames, watch)
    await hass.async_block_till_done()
    weekend = hass.states.get("sensor.linky_samedi_dimanche")
    assert weekend is not None
    assert weekend.attributes["friendly_name"] == "Linky Samedi-dimanche"
    assert float(weekend.state) == 2000.0
    assert hass.states.get("sensor.linky_weekend_energy") is None


async def test_the_users_index_names_become_the_entity_names(
    hass: HomeAssistant, line: PtyLine
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=1)
    options = {
        "index_interval": 0,
        option_key("EASF02"): "Weekend",
        option_key("EASF03"): "  ",  # blank: the integration's own name
    }
    entry = make_entry(line.link, meter, tariff="other", options=options)
    counts = {1: 5_000_000, 2: 3_000_000, 3: 1_000}
    frames = [
        frame(meter, UNKNOWN, counts),
        frame(meter, UNKNOWN, {**counts, 1: 5_000_001}),
    ]
    with (
        patch("custom_components.linky_tic.PLATFORMS", [Platform.SENSOR]),
        watch_port_opens() as watch,
    ):
        await setup_with_frames(hass, entry, line, frames, watch)
    await hass.async_block_till_done()
    named = hass.states.get("sensor.linky_weekend")
    assert named is not None
    assert named.attributes["friendly_name"] == "Linky Weekend"
    assert named.state == "3000.0"
    first = hass.states.get("sensor.linky_supplier_index_01_energy")
    assert first is not None
    third = hass.states.get("sensor.linky_supplier_index_03_energy")
    assert third is not None
    assert third.attributes["friendly_name"] == "Linky Supplier index 03 energy"


async def test_the_index_names_step_keeps_the_other_options(
    hass: HomeAssistant,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id="041776123456",
        data={CONF_DEVICE: "/dev/null", CONF_MODE: "standard", CONF_TARIFF: "other"},
        options={"price_other": 0.2, option_key("EASF05"): "Old"},
    )
    entry.add_to_hass(hass)
    assert entry.state is ConfigEntryState.NOT_LOADED
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert "index_names" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "index_names"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "index_names"
    assert len(form_schema(result).schema) == 10
    too_long = await hass.config_entries.options.async_configure(
        result["flow_id"], {option_key("EASF01"): "x" * 41}
    )
    assert too_long["type"] is FlowResultType.FORM
    assert too_long["errors"] == {"base": "name_too_long"}
    done = await hass.config_entries.options.async_configure(
        result["flow_id"], {option_key("EASF03"): " Weekend ", option_key("EASF05"): ""}
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert dict(entry.options) == {"price_other": 0.2, option_key("EASF03"): "Weekend"}
