"""Benchmarks in a real Home Assistant test instance (not collected by scripts/test).

Run with ``.venv/bin/python -m pytest scripts/bench_ha -s`` (``scripts/bench``
does): each module prints its figures. See BENCHMARKS.md.
"""

from __future__ import annotations

import pytest

import custom_components.linky_tic  # noqa: F401  (ours before the harness's package)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components/."""


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A temporary configuration folder (setup installs our blueprints into it)."""
    return hass_tmp_config_dir
