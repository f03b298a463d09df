# ruff: noqa: S101  (pytest modules: assert is how a benchmark states what must hold)
"""Latency: ETX written to the pty -> state_changed of the apparent power entity.

Ours and HA core's ``teleinfo`` run side by side in one Home Assistant test
instance, each on its own pty; a thread writes the same historic frame into
both lines every ``BENCH_PERIOD`` s (default 1.5 s, a Linky's cadence) for
``BENCH_FRAMES`` frames (default 520). Every frame carries a unique PAPP (each
1000 VA or more away from the previous one, so it is above our 250 VA "write
at once" threshold: the latency of a significant change with default options).

Two figures per integration:

- *published*: for each state change, the time since the ETX of the frame whose
  value it shows;
- *staleness*: for every frame sent, the time until the entity shows that
  frame's value or a newer one (core publishes one frame per 10 s poll).

HA core's teleinfo reads the pty with pyteleinfo's ``read_frame`` (sync pyserial,
reopened at every poll); only pyserial's EINVAL on reconfiguring a pty is
ignored (``bench_support.core_teleinfo_on_pty``, see there why).
"""

from __future__ import annotations

import os
import time

from bench_support import (
    METER_ID,
    Pacer,
    RawPty,
    StateLog,
    core_teleinfo_on_pty,
    entity_id,
    historic_frame,
    linky_entry,
    papp_for,
    summary,
    teleinfo_entry,
)
from homeassistant.core import HomeAssistant

from custom_components.linky_tic.const import DOMAIN


def _latencies(
    changes: list[tuple[float, str]], etx_at: list[float], first: int, last: int
) -> tuple[list[float], list[float], int]:
    """(published latencies, staleness of frames first..last, frames published)."""
    index_of = {str(papp_for(i)): i for i in range(len(etx_at))}
    shown = [(at, index_of[state]) for at, state in changes if state in index_of]
    published = [at - etx_at[i] for at, i in shown if first <= i <= last]
    staleness = []
    for frame in range(first, last + 1):
        at = next((t for t, i in shown if i >= frame and t >= etx_at[frame]), None)
        if at is not None:
            staleness.append(at - etx_at[frame])
    return published, staleness, len({i for _, i in shown if first <= i <= last})


async def test_latency_side_by_side(hass: HomeAssistant) -> None:
    count = int(os.environ.get("BENCH_FRAMES", "520"))
    period = float(os.environ.get("BENCH_PERIOD", "1.5"))
    with core_teleinfo_on_pty():
        await _run(hass, count, period)


async def _run(hass: HomeAssistant, count: int, period: float) -> None:
    ours_line, core_line = RawPty(), RawPty()
    pacer = Pacer(
        [ours_line, core_line], [historic_frame(i) for i in range(count)], period
    )
    pacer.start()
    ours, core = linky_entry(ours_line.path), teleinfo_entry(core_line.path)
    ours.add_to_hass(hass)
    core.add_to_hass(hass)
    assert await hass.config_entries.async_setup(ours.entry_id)
    assert await hass.config_entries.async_setup(core.entry_id)
    await hass.async_block_till_done()
    ours_id = entity_id(hass, DOMAIN, f"{METER_ID}_apparent_power")
    core_id = entity_id(hass, "teleinfo", f"{METER_ID}_PAPP")
    log = StateLog(hass)
    started = time.monotonic()
    cpu_started = time.process_time()

    finished = await hass.async_add_executor_job(pacer.done.wait, count * period + 60)
    wall = time.monotonic() - started
    cpu = time.process_time() - cpu_started
    # Let core's last poll come (it polls every 10 s).
    await hass.async_add_executor_job(time.sleep, 12)
    await hass.async_block_till_done()
    log.close()
    assert finished
    assert await hass.config_entries.async_unload(core.entry_id)
    assert await hass.config_entries.async_unload(ours.entry_id)
    await hass.async_block_till_done()
    ours_line.close()
    core_line.close()

    ours_etx, core_etx = pacer.etx_at
    first = next(i for i, at in enumerate(ours_etx) if at > started + 1)
    last = count - 1
    # Staleness only for frames followed by at least one more core poll.
    stale_last = max(i for i, at in enumerate(ours_etx) if at <= ours_etx[-1] - 11)
    o_pub, o_stale, o_count = _latencies(log.changes[ours_id], ours_etx, first, last)
    c_pub, c_stale, c_count = _latencies(log.changes[core_id], core_etx, first, last)
    o_stale = o_stale[: stale_last - first + 1]
    c_stale = c_stale[: stale_last - first + 1]
    frames = last - first + 1
    print(
        f"\n== latency: {frames} frames measured, one every {period} s ({wall:.0f} s)"
    )
    print(f"process CPU during the run (both integrations + HA): {cpu:.1f} s")
    print(f"linky_tic  published {o_count}/{frames} frames")
    print(f"  ETX -> state_changed:          {summary(o_pub)}")
    print(f"  staleness (every frame):       {summary(o_stale)}")
    print(f"teleinfo   published {c_count}/{frames} frames")
    print(f"  ETX -> state_changed:          {summary(c_pub)}")
    print(f"  staleness (every frame):       {summary(c_stale)}")
    assert o_count >= 0.99 * frames
    assert len(o_pub) >= 500 or count < 520
