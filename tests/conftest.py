"""Shared fixtures.

Our ``custom_components.linky_tic`` is imported before any ``hass`` fixture runs:
otherwise the test harness's own ``testing_config/custom_components`` package is
imported first under the name ``custom_components`` and shadows ours
("Integration 'linky_tic' not found"). The ``snapshot`` fixture comes from the
harness's plugin and already uses Home Assistant's snapshot extension.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import custom_components.linky_tic  # noqa: F401  (see the module docstring)

from .support.helpers import FakeClock, PtyLine, fake_clock

REPO = Path(__file__).resolve().parents[1]
CAPTURES = REPO.parent / "shared" / "captures"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components/."""


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A temporary configuration folder for every test.

    Setting up an entry installs our blueprints into the configuration folder:
    without this, they would be written into the harness's own folder in .venv.
    """
    return hass_tmp_config_dir


@pytest.fixture
def captures_dir() -> Path:
    """The real captures shared with the project (../shared/captures)."""
    assert CAPTURES.is_dir(), f"the shared captures are missing: {CAPTURES}"
    return CAPTURES


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    """The coordinators' monotonic clock, driven by the test."""
    with fake_clock() as fake:
        yield fake


@pytest.fixture
def line(tmp_path: Path) -> Iterator[PtyLine]:
    """A real pty whose slave is linked at a stable path (the entry's port)."""
    pty = PtyLine(tmp_path / "ttyTIC")
    yield pty
    pty.unplug()
