"""Fixtures of the recorder benchmarks: a real SQLite file, statistics compiled."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DB_NAME = "home-assistant_v2.db"


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A real SQLite file (the harness's default is in memory)."""
    return f"sqlite:///{tmp_path / DB_NAME}"


@pytest.fixture
def recorder_config() -> dict[str, Any]:
    """Home Assistant's default commit interval (the harness commits every event)."""
    return {"commit_interval": 5}


@pytest.fixture
def enable_statistics() -> bool:
    """Let the recorder compile its 5-minute and hourly statistics."""
    return True


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A temporary configuration folder (our blueprints are installed there)."""
    return hass_tmp_config_dir


@pytest.fixture(autouse=True)
def quiet_sql() -> Iterator[None]:
    """No SQL statement log (the harness logs every one at INFO; HA does not)."""
    logger = logging.getLogger("sqlalchemy.engine")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)
