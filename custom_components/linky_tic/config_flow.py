"""Config flow for Linky TIC (a placeholder until the integration issue lands)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN


class LinkyTicConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Linky meter."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Refuse for now: the probing flow comes with the integration."""
        return self.async_abort(reason="not_implemented")
