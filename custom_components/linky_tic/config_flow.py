"""Config flow for Linky TIC: find the meter on a port, confirm its tariff, set prices.

Steps: ``user`` (pick or type a port) or ``usb`` -> ``usb_confirm`` (a
discovered TIC module), then ``tariff`` (what the meter says, to confirm or
change) and ``prices`` (optional, EUR/kWh per period). ``reconfigure`` moves an
entry to another port, for the same meter only. The options flow is in
``options_flow``; the price fields, shared with it, in ``price_fields``.

The meter id is the unique id; titles and logs only show it masked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import probatio as vol
from homeassistant.components import usb
from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.helpers.service_info.usb import UsbServiceInfo
from serialx import SerialPortInfo, async_list_serial_ports

from .const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from .identifiers import mask_identifier
from .options_flow import LinkyTicOptionsFlow
from .price_fields import prices_from, prices_schema
from .probe import ProbeError, ProbeResult, async_probe
from .tic.model import BAUDRATE, Mode, TariffOption
from .tic.registry import OPTION_PERIODS

if TYPE_CHECKING:
    from .coordinator import LinkyTicConfigEntry

_LOGGER = logging.getLogger(__name__)

_TARIFF_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[option.value for option in OPTION_PERIODS],
        mode=SelectSelectorMode.LIST,
        translation_key=CONF_TARIFF,
    )
)
_YES, _NO = "✔", "—"
_MODE_NAMES: Final[Mapping[Mode, str]] = {
    Mode.HISTORIC: f"TIC Historique ({BAUDRATE[Mode.HISTORIC]} Bd)",
    Mode.STANDARD: f"TIC Standard ({BAUDRATE[Mode.STANDARD]} Bd)",
}


def entry_title(meter_id: str) -> str:
    """``Linky ••••••••3456``: the title never shows the whole meter id."""
    return f"Linky {mask_identifier(meter_id)}"


def suggested_tariff(result: ProbeResult) -> TariffOption:
    """The tariff to pre-select: the meter's own, else "other"."""
    if result.option is not None and result.option in OPTION_PERIODS:
        return result.option
    return TariffOption.OTHER


def port_label(port: SerialPortInfo) -> str:
    """A readable name for a listed port (device path, product, serial, ids)."""
    vid = f"{port.vid:04X}" if port.vid is not None else None
    pid = f"{port.pid:04X}" if port.pid is not None else None
    return usb.human_readable_device_name(
        port.device,
        port.serial_number,
        port.manufacturer,
        port.product or port.interface_description,
        vid,
        pid,
    )


class LinkyTicConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Linky meter read through a TIC module."""

    VERSION = 1

    # Set by the step that leads to the ones that read them.
    _device: str  # async_step_usb, _async_found
    _result: ProbeResult  # _async_found
    _tariff: TariffOption  # _async_found, async_step_tariff

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: LinkyTicConfigEntry,
    ) -> LinkyTicOptionsFlow:
        """Edit prices and state write intervals."""
        return LinkyTicOptionsFlow()

    async def _async_probe(self, device: str) -> ProbeResult | str:
        """Probe ``device``: the result, or the key of the error to show."""
        try:
            return await async_probe(device)
        except ProbeError as error:
            _LOGGER.debug("No meter on %s (%s): %s", device, error.key, error)
            return error.key
        except Exception:
            _LOGGER.exception("Unexpected error while probing %s", device)
            return "unknown"

    async def _async_port_options(self) -> list[SelectOptionDict]:
        """The serial ports found (stable by-id paths), minus those already used."""
        used = {entry.data.get(CONF_DEVICE) for entry in self._async_current_entries()}
        ports = await async_list_serial_ports()
        return [
            SelectOptionDict(value=port.device, label=port_label(port))
            for port in sorted(ports, key=lambda port: port.device)
            if port.device not in used
        ]

    async def _async_port_schema(self, default: str | None) -> vol.Schema:
        options = await self._async_port_options()
        return vol.Schema(
            {
                vol.Required(
                    CONF_DEVICE, default=default or vol.UNDEFINED
                ): SelectSelector(
                    SelectSelectorConfig(
                        options=options,
                        custom_value=True,  # a path, socket:// or rfc2217:// URL
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                )
            }
        )

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick or type the port of the TIC module, then probe it."""
        errors: dict[str, str] = {}
        device: str | None = None
        if user_input is not None:
            device = str(user_input[CONF_DEVICE]).strip()
            probed = await self._async_probe(device)
            if isinstance(probed, ProbeResult):
                return await self._async_found(device, probed)
            errors["base"] = probed
        return self.async_show_form(
            step_id="user",
            data_schema=await self._async_port_schema(device),
            errors=errors,
        )

    async def _async_found(self, device: str, result: ProbeResult) -> ConfigFlowResult:
        """A meter answered on ``device``: one entry per meter, then the tariff."""
        await self.async_set_unique_id(result.meter_id)
        # The same meter on another port: follow it there.
        self._abort_if_unique_id_configured(updates={CONF_DEVICE: device})
        self._device = device
        self._result = result
        self._tariff = suggested_tariff(result)
        return await self.async_step_tariff()

    async def async_step_usb(self, discovery_info: UsbServiceInfo) -> ConfigFlowResult:
        """A TIC-looking USB serial adapter was plugged in."""
        device = await self.hass.async_add_executor_job(
            usb.get_serial_by_id, discovery_info.device
        )
        self._async_abort_entries_match({CONF_DEVICE: device})
        self._device = device
        self.context["title_placeholders"] = {
            "name": usb.human_readable_device_name(
                device,
                discovery_info.serial_number,
                discovery_info.manufacturer,
                discovery_info.description,
                discovery_info.vid,
                discovery_info.pid,
            )
        }
        return await self.async_step_usb_confirm()

    async def async_step_usb_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask before reading the discovered adapter, then probe it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            probed = await self._async_probe(self._device)
            if isinstance(probed, ProbeResult):
                return await self._async_found(self._device, probed)
            if probed == "not_tic":  # another device on a common USB chip
                return self.async_abort(reason="not_tic")
            errors["base"] = probed
        self._set_confirm_only()
        return self.async_show_form(
            step_id="usb_confirm",
            description_placeholders=self.context["title_placeholders"],
            errors=errors,
        )

    async def async_step_tariff(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show what the meter said; confirm or change the tariff."""
        result = self._result
        if user_input is not None:
            self._tariff = TariffOption(user_input[CONF_TARIFF])
            return await self.async_step_prices()
        return self.async_show_form(
            step_id="tariff",
            data_schema=vol.Schema(
                {
                    vol.Required(
                        CONF_TARIFF, default=self._tariff.value
                    ): _TARIFF_SELECTOR
                }
            ),
            description_placeholders=_found_placeholders(result),
        )

    async def async_step_prices(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Optional prices per period; then create the entry."""
        result = self._result
        if user_input is not None:
            return self.async_create_entry(
                title=entry_title(result.meter_id),
                data={
                    CONF_DEVICE: self._device,
                    CONF_MODE: result.mode.value,
                    CONF_TARIFF: self._tariff.value,
                },
                options=prices_from(user_input, self._tariff),
            )
        return self.async_show_form(
            step_id="prices", data_schema=prices_schema(self._tariff)
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the entry to another port (the same meter only)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        device: str = entry.data[CONF_DEVICE]
        if user_input is not None:
            device = str(user_input[CONF_DEVICE]).strip()
            probed = await self._async_probe(device)
            if isinstance(probed, ProbeResult):
                await self.async_set_unique_id(probed.meter_id)
                self._abort_if_unique_id_mismatch(reason="different_meter")
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={CONF_DEVICE: device, CONF_MODE: probed.mode.value},
                )
            errors["base"] = probed
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=await self._async_port_schema(device),
            errors=errors,
        )


def _found_placeholders(result: ProbeResult) -> dict[str, str]:
    """What the meter said, language-neutral (the sentence around is translated)."""
    reading = result.reading
    said = reading.values.get("OPTARIF") or reading.values.get("NGTF")
    return {
        "meter_id": result.masked_meter_id,
        # As the meter's own display names it ("TIC Historique" / "TIC Standard").
        "mode": _MODE_NAMES[result.mode],
        "phases": str(result.phases),
        "option": str(said).strip() if said is not None else "?",
        "producer": _YES if result.producer else _NO,
    }
