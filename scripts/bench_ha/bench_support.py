# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Shared pieces of the Home Assistant benchmarks: ptys, frames, entries, figures."""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from tests.support.core_teleinfo_pty import PtyTolerantSerial
from tests.support.pty_line import RawLine

#: The benchmarks' name for the raw pty line (exported: the benches import it).
RawPty = RawLine

METER_ID = "022275123456"


def papp_for(index: int) -> int:
    """A unique PAPP per frame, each 1000 VA or more away from the previous one."""
    return 500 + (index % 2) * 1000 + index


def historic_frame(index: int) -> bytes:
    """Historic single-phase BASE frame number ``index`` (unique PAPP, index +1 Wh)."""
    return encode_frame(
        Mode.HISTORIC,
        [
            ("ADCO", METER_ID),
            ("OPTARIF", "BASE"),
            ("ISOUSC", "30"),
            ("BASE", f"{10_000_000 + index:09d}"),
            ("PTEC", "TH.."),
            ("IINST", "005"),
            ("IMAX", "090"),
            ("PAPP", f"{papp_for(index):05d}"),
            ("HHPHC", "A"),
            ("MOTDETAT", "000000"),
        ],
    )


@dataclass
class Pacer:
    """Writes frame ``i`` to every line each ``period`` s from a thread.

    ``etx_at[line][i]`` is ``time.monotonic()`` right after the frame's last byte
    (ETX) was written into that line.
    """

    lines: Sequence[RawPty]
    frames: Sequence[bytes]
    period: float
    etx_at: list[list[float]] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        """Start writing."""
        self.etx_at = [[] for _ in self.lines]
        threading.Thread(target=self._run, name="bench-pacer", daemon=True).start()

    def stop(self) -> None:
        """Stop after the current frame."""
        self._stop.set()

    def _run(self) -> None:
        start = time.monotonic()
        for number, frame in enumerate(self.frames):
            due = start + number * self.period
            while (delay := due - time.monotonic()) > 0:
                if self._stop.wait(delay):
                    self.done.set()
                    return
            for line, times in zip(self.lines, self.etx_at, strict=True):
                line.write(frame)
                times.append(time.monotonic())
        self.done.set()


class StateLog:
    """Every state change of some entities, with ``time.monotonic()`` at the event."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Listen to state changes."""
        self.changes: dict[str, list[tuple[float, str]]] = {}
        self._unsub = hass.bus.async_listen(EVENT_STATE_CHANGED, self._on_change)

    @callback
    def _on_change(self, event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None:
            self.changes.setdefault(event.data["entity_id"], []).append(
                (time.monotonic(), new.state)
            )

    def close(self) -> None:
        """Stop listening."""
        self._unsub()


def linky_entry(path: str, options: dict[str, Any] | None = None) -> MockConfigEntry:
    """Our entry for a historic BASE meter on ``path``."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Linky",
        unique_id=METER_ID,
        data={CONF_DEVICE: path, CONF_MODE: Mode.HISTORIC.value, CONF_TARIFF: "base"},
        options=options or {},
    )


def teleinfo_entry(path: str) -> MockConfigEntry:
    """HA core teleinfo's entry on ``path`` (what its config flow stores)."""
    return MockConfigEntry(
        domain="teleinfo",
        title="Teleinfo",
        unique_id=METER_ID,
        data={"serial_port": path},
    )


@contextlib.contextmanager
def core_teleinfo_on_pty() -> Iterator[None]:
    """Let core's teleinfo (pyteleinfo's ``read_frame``) reopen a pty at each poll.

    Only the port-opening boundary is replaced: the ``serial`` name that
    ``teleinfo.serial_reader`` opens ports with; the exceptions core catches
    (``serial.SerialException``) are the real ones.
    """
    with patch(
        "teleinfo.serial_reader.serial",
        SimpleNamespace(Serial=PtyTolerantSerial),
    ):
        yield


def entity_id(hass: HomeAssistant, domain: str, unique_id: str) -> str:
    """The sensor entity id of ``unique_id`` (it must exist)."""
    found = er.async_get(hass).async_get_entity_id("sensor", domain, unique_id)
    assert found is not None, f"no sensor {domain}/{unique_id}"
    return found


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: Sequence[float], unit: str = "ms", scale: float = 1000) -> str:
    """``n, median, p99, max`` of ``values`` (seconds) in ``unit``."""
    if not values:
        return "n=0"
    return (
        f"n={len(values)} median={statistics.median(values) * scale:.1f} {unit} "
        f"p99={percentile(values, 99) * scale:.1f} {unit} "
        f"max={max(values) * scale:.1f} {unit}"
    )
