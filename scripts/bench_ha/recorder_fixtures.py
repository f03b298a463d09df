"""Fixtures of the recorder benchmarks: a real SQLite file, statistics compiled."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.support.recorder_day import (  # fixtures, re-exported (see __all__)
    DB_NAME,
    enable_statistics,
    recorder_config,
    recorder_db_url,
)

#: What the benchmarks import from here (the recorder day's fixtures among them).
__all__ = [
    "DB_NAME",
    "enable_statistics",
    "recorder_config",
    "recorder_db_url",
]


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
