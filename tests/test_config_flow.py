"""The config flow: user, usb discovery, tariff and prices, reconfigure, options.

The happy paths run the real probe on a real pty streaming simulator frames.
Error paths patch ``async_probe`` with the errors tests/test_probe.py shows it
raises on real ports; one error goes through the real probe end to end.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.config_entries import SOURCE_USB, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.service_info.usb import UsbServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry
from serialx import SerialPortInfo

from custom_components.linky_tic.config_flow import port_label, suggested_tariff
from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_DIAGNOSTIC,
    CONF_INDEX_INTERVAL,
    CONF_MODE,
    CONF_PER_PHASE,
    CONF_POWER_INTERVAL,
    CONF_TARIFF,
    DEFAULT_DIAGNOSTIC,
    DEFAULT_INDEX_INTERVAL,
    DEFAULT_PER_PHASE,
    DEFAULT_POWER_INTERVAL,
    DOMAIN,
)
from custom_components.linky_tic.cost import price_key
from custom_components.linky_tic.probe import (
    CannotConnectError,
    InvalidUrlError,
    NoDataError,
    NotTicError,
    PermissionDeniedError,
    PortBusyError,
    PortNotFoundError,
    ProbeError,
    ProbeResult,
    ProbeTimeoutError,
    UnknownProbeError,
)
from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode, TariffOption, TariffPeriod
from custom_components.linky_tic.tic.registry import OPTION_PERIODS
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import form_schema, placeholders
from .support.pty_line import PtyLine, pty_line

BY_ID = "/dev/serial/by-id/usb-FTDI_FT230X_Basic_UART_TINFO-1234-if00-port0"
PROBE = "custom_components.linky_tic.config_flow.async_probe"
LIST_PORTS = "custom_components.linky_tic.config_flow.async_list_serial_ports"
PORTS = [
    SerialPortInfo(
        device=BY_ID,
        resolved_device="/dev/ttyUSB0",
        vid=0x0403,
        pid=0x6015,
        serial_number="TINFO-1234",
        manufacturer="FTDI",
        product="FT230X Basic UART",
        bcd_device=0x1000,
        interface_description=None,
        interface_num=0,
    ),
    SerialPortInfo(
        device="/dev/ttyAMA0",
        resolved_device="/dev/ttyAMA0",
        vid=None,
        pid=None,
        serial_number=None,
        manufacturer=None,
        product=None,
        bcd_device=None,
        interface_description=None,
        interface_num=None,
    ),
]
USB_INFO = UsbServiceInfo(
    device="/dev/ttyUSB0",
    vid="0403",
    pid="6015",
    serial_number="TINFO-1234",
    manufacturer="FTDI",
    description="FT230X Basic UART",
)


@pytest.fixture(autouse=True)
def no_entry_setup() -> Iterator[AsyncMock]:
    """Entries are created, not set up (the runtime is tested elsewhere)."""
    with patch(
        "custom_components.linky_tic.async_setup_entry", return_value=True
    ) as setup:
        yield setup


@pytest.fixture(autouse=True)
def listed_ports() -> Iterator[AsyncMock]:
    """The serial ports the host has: a µTeleinfo (by-id path) and a native UART."""
    with patch(LIST_PORTS, return_value=list(PORTS)) as listing:
        yield listing


@pytest.fixture
def line() -> Iterator[PtyLine]:
    with pty_line() as pair:
        yield pair


def probed(
    mode: Mode = Mode.HISTORIC,
    option: str = "hc",
    *,
    phases: int = 1,
    producer: bool = False,
) -> ProbeResult:
    """What the probe returns for a simulated meter (decoded for real)."""
    meter = SimulatedMeter(mode, phases=phases, option=option, producer=producer)
    return ProbeResult.from_reading(Decoder(guard=False).feed(meter.frame())[0])


def meter_entry(
    hass: HomeAssistant,
    meter_id: str,
    device: str = BY_ID,
    tariff: TariffOption = TariffOption.OFF_PEAK,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id=meter_id,
        data={CONF_DEVICE: device, CONF_MODE: "historic", CONF_TARIFF: tariff.value},
        options=options or {},
    )
    entry.add_to_hass(hass)
    return entry


def selector_options(result: Any, key: str = CONF_DEVICE) -> list[dict[str, str]]:
    schema = form_schema(result).schema
    field = next(marker for marker in schema if marker == key)
    config: dict[str, Any] = schema[field].config
    options: list[dict[str, str]] = config["options"]
    return options


async def start_user(hass: HomeAssistant) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )


async def test_user_flow_on_a_real_historic_meter(
    hass: HomeAssistant, line: PtyLine, no_entry_setup: AsyncMock
) -> None:
    result = await start_user(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    assert selector_options(result) == [
        {
            "value": BY_ID,
            "label": f"FT230X Basic UART - {BY_ID}, s/n: TINFO-1234 - FTDI - 0403:6015",
        },
        {"value": "/dev/ttyAMA0", "label": "/dev/ttyAMA0, s/n: n/a"},
    ]

    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=2)
    with line.streaming(meter.frames()):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: f" {line.path} "}
        )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "tariff"
    shown = placeholders(result)
    meter_id = meter.frame().split(b"ADCO ")[1][:12].decode()
    assert shown == {
        "meter_id": "••••••••" + meter_id[-4:],
        "mode": "TIC Historique (1200 Bd)",
        "phases": "1",
        "option": "HC..",
        "producer": "—",
    }
    # The meter's own tariff is pre-selected.
    schema = form_schema(result)
    assert schema({}) == {CONF_TARIFF: "off_peak"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TARIFF: "off_peak"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "prices"
    assert set(form_schema(result).schema) == {"price_off_peak", "price_peak"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"price_off_peak": 0.1696, "price_peak": 0.2146}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Linky ••••••••" + meter_id[-4:]
    assert result["data"] == {
        CONF_DEVICE: line.path,
        CONF_MODE: "historic",
        CONF_TARIFF: "off_peak",
    }
    assert result["options"] == {"price_off_peak": 0.1696, "price_peak": 0.2146}
    entry = result["result"]
    assert entry.unique_id == meter_id
    await hass.async_block_till_done()
    assert no_entry_setup.call_count == 1


async def test_user_flow_on_a_real_standard_producer_changing_the_tariff(
    hass: HomeAssistant, line: PtyLine
) -> None:
    result = await start_user(hass)
    meter = SimulatedMeter(Mode.STANDARD, phases=3, option="base", producer=True)
    with line.streaming(meter.frames()):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: line.path}
        )
    assert result["step_id"] == "tariff"
    assert placeholders(result)["mode"] == "TIC Standard (9600 Bd)"
    assert placeholders(result)["phases"] == "3"
    assert placeholders(result)["producer"] == "✔"
    assert placeholders(result)["option"] == "BASE"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TARIFF: "tempo"}
    )
    assert result["step_id"] == "prices"
    assert set(form_schema(result).schema) == {
        price_key(period) for period in OPTION_PERIODS[TariffOption.TEMPO]
    }
    assert len(form_schema(result).schema) == 6

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_MODE] == "standard"
    assert result["data"][CONF_TARIFF] == "tempo"
    assert result["options"] == {}  # no price given


async def test_a_missing_port_is_reported_through_the_real_probe(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    result = await start_user(hass)
    missing = str(tmp_path / "ttyUSB7")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_DEVICE: missing}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "port_not_found"}
    # What was typed stays in the field.
    assert form_schema(result)({}) == {CONF_DEVICE: missing}


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (PortNotFoundError("gone"), "port_not_found"),
        (InvalidUrlError("telnet://"), "invalid_url"),
        (PermissionDeniedError("denied"), "permission_denied"),
        (PortBusyError("locked"), "port_busy"),
        (NoDataError("silence"), "no_data"),
        (NotTicError("noise"), "not_tic"),
        (ProbeTimeoutError("no frame"), "timeout"),
        (CannotConnectError("refused"), "cannot_connect"),
        (UnknownProbeError("odd"), "unknown"),
        (RuntimeError("bug"), "unknown"),
    ],
)
async def test_user_errors_are_shown_and_the_form_recovers(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    key: str,
) -> None:
    result = await start_user(hass)
    caplog.set_level(logging.DEBUG, logger="custom_components.linky_tic.config_flow")
    with patch(PROBE, side_effect=[error, probed()]):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "user"
        assert result["errors"] == {"base": key}
        # the log says which port and why (a bug: with its traceback)
        if isinstance(error, ProbeError):
            said = f"No meter on {BY_ID} ({key}): {error}"
        else:
            said = f"Unexpected error while probing {BY_ID}"
        (record,) = [r for r in caplog.records if r.name.endswith("config_flow")]
        assert record.getMessage() == said
        assert (record.exc_info is not None) is not isinstance(error, ProbeError)

        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
    assert result["step_id"] == "tariff"


async def test_the_same_meter_cannot_be_added_twice(hass: HomeAssistant) -> None:
    found = probed()
    entry = meter_entry(hass, found.meter_id, device="/dev/ttyUSB3")
    result = await start_user(hass)
    with patch(PROBE, return_value=found):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    # The meter was found on another port: the entry follows it.
    assert entry.data[CONF_DEVICE] == BY_ID
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_ports_in_use_are_not_offered(hass: HomeAssistant) -> None:
    meter_entry(hass, "022275000001", device=BY_ID)
    result = await start_user(hass)
    assert [option["value"] for option in selector_options(result)] == ["/dev/ttyAMA0"]


async def test_a_host_without_ports_still_accepts_a_typed_url(
    hass: HomeAssistant, listed_ports: AsyncMock
) -> None:
    listed_ports.return_value = []
    result = await start_user(hass)
    assert selector_options(result) == []
    config = form_schema(result).schema[CONF_DEVICE].config
    assert config["custom_value"] is True
    assert config["mode"] == "dropdown"  # a list to pick from, or a path to type
    with patch(PROBE, return_value=probed()) as probe:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: "socket://192.0.2.7:3333"}
        )
    probe.assert_awaited_once_with("socket://192.0.2.7:3333")
    assert result["step_id"] == "tariff"


async def start_usb(hass: HomeAssistant) -> Any:
    with patch(
        "homeassistant.components.usb.get_serial_by_id",
        side_effect=lambda path: BY_ID if path == "/dev/ttyUSB0" else path,
    ):
        return await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USB}, data=USB_INFO
        )


async def test_usb_discovery_is_confirmed_then_probed(hass: HomeAssistant) -> None:
    result = await start_usb(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "usb_confirm"
    name = f"FT230X Basic UART - {BY_ID}, s/n: TINFO-1234 - FTDI - 0403:6015"
    assert placeholders(result) == {"name": name}
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flows[0]["context"]["title_placeholders"] == {"name": name}

    found = probed(Mode.HISTORIC, "ejp")
    with patch(PROBE, return_value=found) as probe:
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    probe.assert_awaited_once_with(BY_ID)  # the stable path, not /dev/ttyUSB0
    assert result["step_id"] == "tariff"
    assert form_schema(result)({}) == {CONF_TARIFF: "ejp"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TARIFF: "ejp"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"price_ejp_peak": 1.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_DEVICE] == BY_ID
    assert result["options"] == {"price_ejp_peak": 1.0}


async def test_usb_discovery_of_a_configured_port_aborts(hass: HomeAssistant) -> None:
    meter_entry(hass, "022275000001", device=BY_ID)
    result = await start_usb(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_usb_discovery_of_a_configured_meter_aborts(hass: HomeAssistant) -> None:
    found = probed()
    entry = meter_entry(hass, found.meter_id, device="/dev/ttyUSB5")
    result = await start_usb(hass)
    with patch(PROBE, return_value=found):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_DEVICE] == BY_ID


async def test_usb_discovery_of_something_else_aborts(hass: HomeAssistant) -> None:
    result = await start_usb(hass)
    with patch(PROBE, side_effect=NotTicError("a Zigbee stick")):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_tic"


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (NoDataError("unwired"), "no_data"),
        (PortBusyError("taken"), "port_busy"),
        (RuntimeError("bug"), "unknown"),
    ],
)
async def test_usb_discovery_errors_can_be_retried(
    hass: HomeAssistant, error: Exception, key: str
) -> None:
    result = await start_usb(hass)
    with patch(PROBE, side_effect=[error, probed()]):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "usb_confirm"
        assert result["errors"] == {"base": key}
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "tariff"


async def test_reconfigure_moves_the_entry_to_another_port(
    hass: HomeAssistant, no_entry_setup: AsyncMock
) -> None:
    found = probed(Mode.STANDARD, "hc")
    entry = meter_entry(hass, found.meter_id, device="/dev/ttyUSB0")
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert form_schema(result)({}) == {CONF_DEVICE: "/dev/ttyUSB0"}

    with patch(PROBE, side_effect=[PortBusyError("held"), found]) as probe:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"base": "port_busy"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: f" {BY_ID} "}
        )
    assert [c.args for c in probe.call_args_list] == [(BY_ID,), (BY_ID,)]
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_DEVICE] == BY_ID
    assert entry.data[CONF_MODE] == "standard"  # the meter was switched meanwhile
    assert entry.data[CONF_TARIFF] == "off_peak"
    await hass.async_block_till_done()
    assert no_entry_setup.call_count == 1  # reloaded


async def test_reconfigure_refuses_a_different_meter(hass: HomeAssistant) -> None:
    entry = meter_entry(hass, "022275999999", device="/dev/ttyUSB0")
    result = await entry.start_reconfigure_flow(hass)
    with patch(PROBE, return_value=probed()):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "different_meter"
    assert entry.data[CONF_DEVICE] == "/dev/ttyUSB0"


async def open_settings(hass: HomeAssistant, entry_id: str) -> Any:
    """The options menu, then its settings form."""
    result = await hass.config_entries.options.async_init(entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["settings", "insights", "history", "index_names"]
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "settings"}
    )


async def test_options_edit_prices_intervals_and_entities(hass: HomeAssistant) -> None:
    entry = meter_entry(
        hass,
        "022276123456",
        tariff=TariffOption.TEMPO,
        options={"price_blue_peak": 0.1609, "price_red_peak": 0.7562},
    )
    result = await open_settings(hass, entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "settings"
    schema = form_schema(result)
    keys = {str(key) for key in schema.schema}
    assert keys == {
        *(price_key(period) for period in OPTION_PERIODS[TariffOption.TEMPO]),
        CONF_POWER_INTERVAL,
        CONF_INDEX_INTERVAL,
        CONF_PER_PHASE,
        CONF_DIAGNOSTIC,
    }
    suggested = {
        str(key): key.description["suggested_value"]
        for key in schema.schema
        if key.description and "suggested_value" in key.description
    }
    assert suggested["price_blue_peak"] == 0.1609
    assert schema({})[CONF_POWER_INTERVAL] == DEFAULT_POWER_INTERVAL
    assert schema({})[CONF_INDEX_INTERVAL] == DEFAULT_INDEX_INTERVAL
    assert schema({})[CONF_PER_PHASE] is DEFAULT_PER_PHASE
    assert schema({})[CONF_DIAGNOSTIC] is DEFAULT_DIAGNOSTIC

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "price_blue_peak": 0.17,  # changed; red peak cleared
            "price_white_off_peak": 0.1,
            CONF_POWER_INTERVAL: 30.0,
            CONF_INDEX_INTERVAL: 300.0,
            CONF_PER_PHASE: False,
            CONF_DIAGNOSTIC: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "price_blue_peak": 0.17,
        "price_white_off_peak": 0.1,
        CONF_POWER_INTERVAL: 30,
        CONF_INDEX_INTERVAL: 300,
        CONF_PER_PHASE: False,
        CONF_DIAGNOSTIC: True,
    }
    assert isinstance(entry.options[CONF_POWER_INTERVAL], int)


async def test_options_turn_the_entity_groups_on_and_off(hass: HomeAssistant) -> None:
    """The two entity switches are kept as given, whichever way (not their defaults)."""
    entry = meter_entry(hass, "022275123456", tariff=TariffOption.BASE)
    for per_phase, diagnostic in ((True, False), (False, True)):
        result = await open_settings(hass, entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {
                CONF_POWER_INTERVAL: 10,
                CONF_INDEX_INTERVAL: 60,
                CONF_PER_PHASE: per_phase,
                CONF_DIAGNOSTIC: diagnostic,
            },
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert entry.options[CONF_PER_PHASE] is per_phase
        assert entry.options[CONF_DIAGNOSTIC] is diagnostic


async def test_options_reject_an_interval_out_of_range(hass: HomeAssistant) -> None:
    entry = meter_entry(hass, "022275123456", tariff=TariffOption.BASE)
    result = await open_settings(hass, entry.entry_id)
    assert {str(key) for key in form_schema(result).schema} >= {"price_base"}
    with pytest.raises(InvalidData, match="power_interval"):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_POWER_INTERVAL: 0, CONF_INDEX_INTERVAL: 60}
        )


def test_unnamed_options_preselect_other() -> None:
    producer_only = probed(Mode.STANDARD, "base")
    assert suggested_tariff(producer_only) is TariffOption.BASE
    for option in (None, TariffOption.PRODUCER):
        result = ProbeResult(
            mode=producer_only.mode,
            meter_id=producer_only.meter_id,
            phases=1,
            option=option,
            producer=True,
            reading=producer_only.reading,
        )
        assert suggested_tariff(result) is TariffOption.OTHER


async def test_a_meter_without_tariff_label_shows_a_question_mark(
    hass: HomeAssistant,
) -> None:
    found = probed()
    values = {k: v for k, v in found.reading.values.items() if k != "OPTARIF"}
    bare = ProbeResult(
        mode=found.mode,
        meter_id=found.meter_id,
        phases=1,
        option=None,
        producer=False,
        reading=type(found.reading)(
            mode=found.mode,
            meter_id=found.meter_id,
            received_at=0.0,
            values=values,
        ),
    )
    result = await start_user(hass)
    with patch(PROBE, return_value=bare):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_DEVICE: BY_ID}
        )
    assert placeholders(result)["option"] == "?"
    assert form_schema(result)({}) == {CONF_TARIFF: "other"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TARIFF: "other"}
    )
    assert set(form_schema(result).schema) == {price_key(TariffPeriod.OTHER)}


def test_port_labels_read_well() -> None:
    assert port_label(PORTS[1]) == "/dev/ttyAMA0, s/n: n/a"
    assert "0403:6015" in port_label(PORTS[0])


def test_each_tariff_prices_its_own_periods() -> None:
    flat = list(itertools.chain.from_iterable(OPTION_PERIODS.values()))
    assert set(flat) == set(TariffPeriod)
    for periods in OPTION_PERIODS.values():
        assert len(periods) == len(set(periods))
    # Only the weekend offer shares periods: its week days are off-peak and peak
    # hours, priced under the same keys as the HP/HC tariff's.
    shared = [period for period in set(flat) if flat.count(period) > 1]
    assert sorted(shared) == sorted([TariffPeriod.OFF_PEAK, TariffPeriod.PEAK])
    assert OPTION_PERIODS[TariffOption.WEEKEND] == (
        TariffPeriod.OFF_PEAK,
        TariffPeriod.PEAK,
        TariffPeriod.WEEKEND,
    )
