# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Many meters in one Home Assistant: CPU per meter, memory, state writes, no cross-talk.

``BENCH_SCALE_METERS`` (default 5) historic single-phase BASE meters, each on its
own TCP serial bridge (``socket://127.0.0.1:port``, served by
``scale_meters.py`` in another process, frames in real time at 1200 baud),
each one config entry with the default options, in one real Home Assistant test
instance (no recorder). After ``WARM_S`` of frames, for ``BENCH_SCALE_WINDOW``
seconds (default 60):

    CPU per meter = (process CPU - idle CPU of the same instance with no entry
                     over the same time) / meters / window   (% of one core)
    CPU per frame = the same CPU / readings decoded by all entries
    memory        = resident set (VmRSS) with the meters running - before them
    state writes  = states written (changed or reported) by the entries' entities

No cross-talk: every entry publishes only its own meter's values (its
readings carry its meter id; its BASE index sensor only ever held values that
its own meter sent, none of another meter's). ``scripts/bench scale`` runs 1,
5 and 20 meters, each in its own process (memory is per process).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from runtime_support import StateWrites, entry_entity_ids, machine

from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.coordinator import LinkyTicCoordinator

METERS = int(os.environ.get("BENCH_SCALE_METERS", "5"))
WINDOW_S = float(os.environ.get("BENCH_SCALE_WINDOW", "60"))
WARM_S = 20.0
IDLE_S = 15.0
SERVER = Path(__file__).with_name("scale_meters.py")
REPO = Path(__file__).resolve().parents[2]


def rss_mib() -> float:
    """This process's resident set (MiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@contextlib.contextmanager
def serve_meters(count: int, sent_file: Path) -> Iterator[dict[str, str]]:
    """Run ``scale_meters.py``: meter id -> its socket:// URL; the sent values at exit."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), str(count), str(sent_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert server.stdout is not None
    assert server.stdin is not None
    urls: dict[str, str] = {}
    try:
        while (line := server.stdout.readline().strip()) != "ready":
            assert line, "the meter server stopped"
            meter_id, url = line.split()
            urls[meter_id] = url
        yield urls
    finally:
        server.stdin.close()  # the server writes sent_file and stops
        server.wait(timeout=30)


async def cpu_over(seconds: float) -> float:
    """Process CPU seconds used while the loop runs ``seconds`` of real time."""
    before = time.process_time()
    await asyncio.sleep(seconds)  # a measuring window, not a synchronisation
    return time.process_time() - before


@pytest.mark.usefixtures("socket_enabled")  # the HA harness blocks sockets by default
async def test_meters_on_tcp_bridges(hass: HomeAssistant, tmp_path: Path) -> None:
    hass.loop.set_debug(False)  # the test harness runs asyncio in debug mode
    await hass.async_block_till_done()
    idle_per_s = await cpu_over(IDLE_S) / IDLE_S
    gc.collect()
    rss_before = rss_mib()

    sent_file = tmp_path / "sent.json"
    with serve_meters(METERS, sent_file) as urls:
        entries = [
            MockConfigEntry(
                domain=DOMAIN,
                title=f"Linky {n}",
                unique_id=meter_id,
                data={CONF_DEVICE: url, CONF_MODE: "historic", CONF_TARIFF: "base"},
            )
            for n, (meter_id, url) in enumerate(urls.items())
        ]
        for entry in entries:
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await asyncio.sleep(WARM_S)  # warm-up: baselines confirmed, entities created
        coordinators: list[LinkyTicCoordinator] = [e.runtime_data for e in entries]
        assert all(c.data is not None for c in coordinators), "a meter sent nothing"
        writes = StateWrites(hass, time.monotonic)
        for entry in entries:
            writes.entity_ids.update(entry_entity_ids(hass, entry.entry_id))
        gc.collect()
        rss_running = rss_mib()

        frames_before = sum(c.counters.frames for c in coordinators)
        cpu = await cpu_over(WINDOW_S)
        frames = sum(c.counters.frames for c in coordinators) - frames_before
        written = len(writes.changed) + writes.reported
        writes.close()
        base_entities = _base_index_entities(hass, entries)
        last_base = {
            meter: float(hass.states.get(entity).state)  # type: ignore[union-attr]
            for meter, entity in base_entities.items()
        }
        published = {
            meter: [float(s) for _, e, s in writes.changed if e == entity]
            for meter, entity in base_entities.items()
        }
        readings = {c.meter_id: c.data for c in coordinators}
        mismatched = [c.meter_id for c in coordinators if c.meter_mismatch]
        for entry in entries:
            assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    sent = {
        meter: set(values)
        for meter, values in json.loads(sent_file.read_text()).items()
    }

    # -- no cross-talk ---------------------------------------------------------------
    assert not mismatched
    for meter, reading in readings.items():
        assert reading is not None
        assert reading.meter_id == meter
        assert reading.values["BASE"] in sent[meter]
        others = set().union(*(v for m, v in sent.items() if m != meter))
        assert reading.values["BASE"] not in others
        # The sensor shows kWh (Wh / 1000): each state it held is one its meter sent.
        for kwh in [last_base[meter], *published[meter]]:
            wh = round(kwh * 1000)
            assert wh in sent[meter], f"{meter} published {wh} Wh, never sent by it"
            assert wh not in others, f"{meter} published another meter's {wh} Wh"

    busy = cpu - idle_per_s * WINDOW_S
    print(
        f"\n== {METERS} meters on TCP bridges (historic single-phase BASE, default "
        f"options), {WINDOW_S:.0f} s window; {machine()}\n"
        f"  CPU: {100 * busy / WINDOW_S:.2f} % of a core in all "
        f"({100 * cpu / WINDOW_S:.2f} % measured - {100 * idle_per_s:.2f} % idle), "
        f"{100 * busy / WINDOW_S / METERS:.3f} % per meter, "
        f"{busy / frames * 1e6:.0f} µs per frame ({frames} readings, "
        f"{frames / WINDOW_S / METERS:.2f} frames/s per meter)\n"
        f"  memory: {rss_before:.1f} MiB before, {rss_running:.1f} MiB running: "
        f"+{rss_running - rss_before:.1f} MiB, "
        f"{(rss_running - rss_before) / METERS:.2f} MiB per meter\n"
        f"  state writes: {written / WINDOW_S:.2f}/s in all, "
        f"{written / WINDOW_S / METERS:.3f}/s per meter "
        f"({len(writes.entity_ids)} entities)\n"
        f"  cross-talk: none (each of {METERS} entries published only its meter's "
        f"values; {sum(len(p) for p in published.values())} BASE index writes checked)"
    )


def _base_index_entities(
    hass: HomeAssistant, entries: list[MockConfigEntry]
) -> dict[str, str]:
    """Meter id -> the entity id of its BASE index sensor."""
    registry = er.async_get(hass)
    found = {}
    for entry in entries:
        assert entry.unique_id is not None
        entity = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.unique_id}_energy_base"
        )
        assert entity is not None, f"no BASE index entity for {entry.unique_id}"
        found[entry.unique_id] = entity
    return found
