"""The config flow's refused port and USB discovery, with the real parts (#12, items 7 and 9).

7. A port the user may not open: the kernel refuses it (EACCES), nothing is
   patched. Root ignores file permissions, so as root the flow is run again in
   a pytest subprocess as the unprivileged user ``nobody``.
9. The USB descriptors that a µTeleinfo and an FTDI FT232R module report go through
   Home Assistant's own conversion and matcher, against the matchers of our
   manifest as the loader reads them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from homeassistant.components import usb
from homeassistant.components.usb.utils import usb_device_from_port
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.loader import USBMatcher
from homeassistant.setup import async_setup_component
from serialx import SerialPortInfo

from custom_components.linky_tic.const import CONF_DEVICE, DOMAIN

from .support.helpers import PtyLine

REPO = Path(__file__).resolve().parents[1]


REFUSED_PORT_TEST = "test_a_port_the_kernel_refuses_shows_permission_denied"


def _unprivileged() -> bool:
    return os.geteuid() != 0


async def test_a_port_the_kernel_refuses_shows_permission_denied(
    hass: HomeAssistant, line: PtyLine
) -> None:
    if not _unprivileged():
        pytest.skip("root ignores permissions: run as nobody by the test below")
    line.link.chmod(0)  # the pty's slave: its owner may not open it either
    with pytest.raises(PermissionError):
        os.open(line.link, os.O_RDWR | os.O_NOCTTY)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_DEVICE: str(line.link)}
    )

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "permission_denied"}


def test_as_root_the_refused_port_is_tried_as_nobody() -> None:
    if _unprivileged():
        pytest.skip("not root: the test above meets the refusal itself")
    nobody = pwd.getpwnam("nobody")
    home = Path(tempfile.mkdtemp(prefix="linky-nobody-"))
    try:
        os.chown(home, nobody.pw_uid, nobody.pw_gid)
        # No coverage hooks: the subprocess could not write the data file here.
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("COV", "PYTEST"))
        }
        env["HOME"] = str(home)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cov",
                f"--basetemp={home / 'tmp'}",
                f"{Path(__file__).relative_to(REPO)}::{REFUSED_PORT_TEST}",
            ],
            cwd=REPO,
            env=env,
            user=nobody.pw_uid,
            group=nobody.pw_gid,
            extra_groups=[],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout


#: What a µTeleinfo reports: an FTDI FT230X (0403:6015) whose EEPROM its maker
#: flashes with a serial number TINFO-nnnn (ch2i/ftx_prog, the maker's flasher);
#: manufacturer and product are the FT230X's own strings.
MICRO_TELEINFO = SerialPortInfo(
    device="/dev/serial/by-id/usb-FTDI_FT230X_Basic_UART_TINFO-1000-if00-port0",
    resolved_device="/dev/ttyUSB0",
    vid=0x0403,
    pid=0x6015,
    serial_number="TINFO-1000",
    manufacturer="FTDI",
    product="FT230X Basic UART",
    bcd_device=0x1000,
    interface_description=None,
    interface_num=0,
)
#: An FTDI FT232R module (0403:6001) with the chip's own product string, as GCE's
#: Teleinfo USB module is built.
FT232R_MODULE = SerialPortInfo(
    device="/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A9M5R0QX-if00-port0",
    resolved_device="/dev/ttyUSB1",
    vid=0x0403,
    pid=0x6001,
    serial_number="A9M5R0QX",
    manufacturer="FTDI",
    product="FT232R USB UART",
    bcd_device=0x0600,
    interface_description=None,
    interface_num=0,
)
#: A Zigbee coordinator on a Silicon Labs CP2102N: not ours to probe.
ZIGBEE_STICK = SerialPortInfo(
    device="/dev/serial/by-id/usb-Silicon_Labs_Sonoff_Zigbee_3.0_USB_Dongle_Plus_0001-if00-port0",
    resolved_device="/dev/ttyUSB2",
    vid=0x10C4,
    pid=0xEA60,
    serial_number="0001",
    manufacturer="Silicon Labs",
    product="Sonoff Zigbee 3.0 USB Dongle Plus",
    bcd_device=0x0100,
    interface_description=None,
    interface_num=0,
)


async def _our_matchers(hass: HomeAssistant, port: SerialPortInfo) -> list[USBMatcher]:
    """Our manifest's matchers that HA finds for ``port``, the most specific first."""
    assert await async_setup_component(hass, "usb", {})
    device = usb_device_from_port(port)
    return [
        matcher
        for matcher in usb.async_get_usb_matchers_for_device(hass, device)
        if matcher["domain"] == DOMAIN
    ]


async def test_a_micro_teleinfo_is_recognised_by_its_serial_number(
    hass: HomeAssistant,
) -> None:
    matchers = await _our_matchers(hass, MICRO_TELEINFO)
    assert matchers, "a µTeleinfo is not discovered"
    assert matchers[0]["serial_number"] == "tinfo*"


async def test_an_ft232r_teleinfo_module_is_discovered(hass: HomeAssistant) -> None:
    matchers = await _our_matchers(hass, FT232R_MODULE)
    assert [(m["vid"], m["pid"]) for m in matchers] == [("0403", "6001")]


async def test_a_zigbee_stick_is_left_alone(hass: HomeAssistant) -> None:
    assert await _our_matchers(hass, ZIGBEE_STICK) == []
