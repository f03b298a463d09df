# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Mode switch and meter swap with the integration running (issue #7, reliability 4).

One real Home Assistant test instance, our entry on the simulator's pty output
(``PtySink``), frames paced at the line rate by a thread, real time throughout.

**Mode switch** (the simulator's ``--mode-switch``): a historic single-phase
HC meter is reprogrammed to standard mode while running. Two wires:

- *pty as is*: a pty has no line rate, so the 9600-baud frames reach the reader
  intact while its port is still set to 1200 baud: this measures the
  integration's own logic (the decoder follows the mode, the entry is updated);
- *wrong rate emulated*: before each frame the sending thread reads the line
  rate the reader has set on the pty (``tcgetattr``); while it differs from
  the meter's, the frame is replaced by what a UART at the wrong rate reads:
  one byte per eight sent, random bytes 0x80-0xFE (no STX, ETX, LF or CR can
  come out of a framing error at 8x the rate). This is a model of the wire,
  stated as such; it exercises the coordinator's garbage timer and line-rate
  switch (``GARBAGE_AFTER_S``).

Measured: time from the switch (first standard frame sent) to the first
standard reading published and to the first state written from it; what the
entities do (new ones, old ones written again, old ones left at their last
historic value, unavailable ones); log lines; the entry's stored mode.

**Meter swap**: after a historic meter's frames, another meter id comes on
the same line for ``SWAP_FRAMES`` frames, then the first meter comes back.
Measured: time to the repair issue, states written with the other meter's
values (must be 0), entities unavailable, log lines; then time until the
configured meter's values flow again and the issue is gone.
"""

from __future__ import annotations

import os
import random
import termios
import time
from collections import Counter
from pathlib import Path

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from runtime_support import (
    LogCount,
    SimulatorLine,
    StateWrites,
    entry_entity_ids,
    machine,
    set_up_on_line,
    unavailable,
    wait_until,
)

from custom_components.linky_tic import line as line_module
from custom_components.linky_tic.const import CONF_MODE, DOMAIN
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.issues import meter_replaced_issue_id
from custom_components.linky_tic.tic.model import BAUDRATE, Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from tests.support.helpers import make_entry

#: How long standard readings flow after the switch before the entities are looked
#: at (longer than the 60 s index write interval).
AFTER_S = float(os.environ.get("BENCH_AFTER_SWITCH_S", "65"))
SWAP_FRAMES = int(os.environ.get("BENCH_SWAP_FRAMES", "10"))
OTHER_METER_ID = "021961654321"
SPEEDS = {termios.B1200: 1200, termios.B9600: 9600}


class WrongRateWire:
    """What the reader gets when its port's line rate is not the meter's."""

    def __init__(self, line: SimulatorLine) -> None:
        """Watch the line's pty."""
        self.line = line
        self.garbled_frames = 0
        self._random = random.Random(7)

    def reader_rate(self) -> int | None:
        """The line rate the reader has set on the pty (None: unknown)."""
        fd = os.open(self.line.sink.path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            return SPEEDS.get(termios.tcgetattr(fd)[4])
        finally:
            os.close(fd)

    def __call__(self, frame: bytes) -> bytes:
        """``frame`` as the reader would read it."""
        if self.reader_rate() in (None, BAUDRATE[self.line.meter.mode]):
            return frame
        self.garbled_frames += 1
        return bytes(self._random.randrange(0x80, 0xFF) for _ in frame[::8])


class Readings:
    """Time of each reading the coordinator publishes, with its mode and meter."""

    def __init__(self, coordinator: LinkyTicCoordinator) -> None:
        """Listen to the coordinator."""
        self.coordinator = coordinator
        self.seen: list[tuple[float, Mode, str | None]] = []
        self._last: object = coordinator.data
        self._unsub = coordinator.async_add_listener(self._on_update)

    @callback
    def _on_update(self) -> None:
        data = self.coordinator.data
        if data is not None and data is not self._last:
            self._last = data
            self.seen.append((time.monotonic(), data.mode, data.meter_id))

    def close(self) -> None:
        """Stop listening."""
        self._unsub()


def _names(entity_ids: set[str] | list[str]) -> str:
    return ", ".join(
        sorted(e.split(".", 1)[1].removeprefix("linky_") for e in entity_ids)
    )


@pytest.mark.parametrize("wire", ["pty as is", "wrong rate emulated"])
async def test_mode_switch(hass: HomeAssistant, tmp_path: Path, wire: str) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, option="hc", seed=4)
    line = SimulatorLine(tmp_path / "ttyTIC", meter)
    entry = make_entry(line.link, meter)
    logs = LogCount()
    garbler = WrongRateWire(line)
    if wire == "wrong rate emulated":
        line.transform = garbler
    switched_at: list[float] = []
    try:
        coordinator = await set_up_on_line(hass, entry, line)
        writes = StateWrites(
            hass, time.monotonic, lambda: coordinator.data and coordinator.data.mode
        )
        before_ids = entry_entity_ids(hass, entry.entry_id)
        writes.entity_ids.update(before_ids)
        readings = Readings(coordinator)
        await wait_until(hass, lambda: len(readings.seen) >= 3, "historic readings")
        mark = logs.mark()

        def switch() -> None:
            meter.switch_mode()
            switched_at.append(time.monotonic())

        line.before_next_frame(switch)

        def standard_for(seconds: float) -> bool:
            times = [t for t, m, _ in readings.seen if m is Mode.STANDARD]
            return bool(times) and times[-1] - times[0] >= seconds

        await wait_until(hass, lambda: standard_for(0), "a standard reading")
        await wait_until(
            hass, lambda: standard_for(AFTER_S), "standard readings", AFTER_S + 60
        )
        await hass.async_block_till_done()
        line.stop()
        after_ids = entry_entity_ids(hass, entry.entry_id)
        writes.entity_ids.update(after_ids)
        t_switch = switched_at[0]
        first_standard = next(t for t, m, _ in readings.seen if m is Mode.STANDARD)
        from_standard = [
            change
            for change, tag in zip(writes.changed, writes.tags, strict=True)
            if tag is Mode.STANDARD
        ]
        first_write = from_standard[0][0] if from_standard else None
        written_after = {e for _, e, _ in from_standard}
        old = set(before_ids)
        gone = set(unavailable(hass, after_ids))
        kept = {
            e: hass.states.get(e).state  # type: ignore[union-attr]
            for e in set(before_ids) - written_after - gone
        }
        result = {
            "entry mode": entry.data[CONF_MODE],
            "entry loaded, same coordinator": entry.runtime_data is coordinator,
            "rate switches": coordinator.stats.rate_switches,
            "frames garbled": garbler.garbled_frames,
            "logs": logs.since(mark),
            "info": logs.messages(mark, 20),
        }
        readings.close()
        writes.close()
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    finally:
        line.close()
        logs.close()

    print(f"\n== mode switch historic -> standard, {wire}; {machine()}")
    print(f"  garbage timer {line_module.GARBAGE_AFTER_S} s")
    print(f"  switch -> first standard reading: {first_standard - t_switch:.2f} s")
    if first_write is not None:
        print(
            f"  switch -> first state written from it: {first_write - t_switch:.2f} s"
        )
    for key, value in result.items():
        print(f"  {key}: {value}")
    print(f"  entities before: {len(old)}, after: {len(after_ids)}")
    print(f"  new entities: {_names(set(after_ids) - old)}")
    print(
        f"  old entities written from standard readings: {_names(old & written_after)}"
    )
    print(
        "  old entities not written since (state kept from historic frames): "
        + ", ".join(f"{_names([e])}={v}" for e, v in sorted(kept.items()))
    )
    print(f"  unavailable: {_names(gone) or 'none'}")
    assert result["entry mode"] == Mode.STANDARD.value
    assert result["entry loaded, same coordinator"]


async def test_meter_swap(hass: HomeAssistant, tmp_path: Path) -> None:
    meter = SimulatedMeter(Mode.HISTORIC, seed=5)
    other = SimulatedMeter(Mode.HISTORIC, seed=6, meter_id=OTHER_METER_ID)
    line = SimulatorLine(tmp_path / "ttyTIC", meter)
    entry = make_entry(line.link, meter)
    logs = LogCount()
    registry = ir.async_get(hass)
    issue_id = meter_replaced_issue_id(entry)
    marks: dict[str, float] = {}
    try:
        coordinator = await set_up_on_line(hass, entry, line)
        ids = entry_entity_ids(hass, entry.entry_id)
        writes = StateWrites(hass, time.monotonic)
        writes.entity_ids.update(ids)
        readings = Readings(coordinator)
        await wait_until(hass, lambda: len(readings.seen) >= 3, "readings")
        mark = logs.mark()
        sent_before = line.sent_frames

        def put_on_line(new: SimulatedMeter, name: str) -> None:
            def put() -> None:
                line.meter = new
                marks[name] = time.monotonic()

            line.before_next_frame(put)

        put_on_line(other, "swap")
        await wait_until(
            hass,
            lambda: registry.async_get_issue(DOMAIN, issue_id) is not None,
            "the repair issue",
        )
        issue_at = time.monotonic()
        swap_sent = line.sent_frames
        await wait_until(
            hass, lambda: line.sent_frames >= swap_sent + SWAP_FRAMES, "other frames"
        )
        await hass.async_block_till_done()
        during = writes.changed[:]
        gone = unavailable(hass, ids)
        swap_logs = logs.since(mark)
        swap_warnings = logs.messages(mark, 30)
        published_other = sum(m == OTHER_METER_ID for _, _, m in readings.seen)
        mark = logs.mark()
        seen_before_back = len(readings.seen)
        put_on_line(meter, "back")
        await wait_until(
            hass,
            lambda: registry.async_get_issue(DOMAIN, issue_id) is None,
            "the issue to go",
        )
        issue_gone_at = time.monotonic()
        await wait_until(
            hass, lambda: len(readings.seen) > seen_before_back, "values again"
        )
        values_at = readings.seen[seen_before_back][0]
        await hass.async_block_till_done()
        back_unavailable = unavailable(hass, ids)
        back_logs = logs.since(mark)
        back_infos = logs.messages(mark, 20)
        readings.close()
        writes.close()
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    finally:
        line.close()
        logs.close()

    swap = marks["swap"]
    in_swap = [(t, e, s) for t, e, s in during if swap <= t <= marks["back"]]
    values_written = [x for x in in_swap if x[2] != STATE_UNAVAILABLE]
    print(f"\n== meter swap (historic, another meter id); {machine()}")
    print(f"  frames of the configured meter before the swap: {sent_before}")
    print(f"  other meter on the line -> repair issue: {issue_at - swap:.2f} s")
    print(
        f"  other meter frames sent: {SWAP_FRAMES}+, readings of it published: "
        f"{published_other}"
    )
    print(
        f"  states written while the other meter sent: {len(in_swap)} "
        f"({len(values_written)} with a value, "
        f"{len(in_swap) - len(values_written)} to unavailable)"
    )
    print(f"  entities unavailable during the swap: {len(gone)}/{len(ids)}")
    print(f"  log lines during the swap: {dict(swap_logs)} {swap_warnings}")
    print(
        f"  configured meter back -> issue deleted: {issue_gone_at - marks['back']:.2f} s"
    )
    print(
        f"  configured meter back -> values published: {values_at - marks['back']:.2f} s"
    )
    print(
        f"  entities unavailable after it is back: {len(back_unavailable)}/{len(ids)}"
    )
    print(f"  log lines when back: {dict(back_logs)} {back_infos}")
    assert published_other == 0
    assert not values_written
    assert Counter(back_logs).get("WARNING", 0) == 0
