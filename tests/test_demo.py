"""The demo (scripts/demo): a real Home Assistant on a simulated meter, and its dashboard.

The two end-to-end tests start the real thing (simulator on a pty, `hass -c DIR`) and take
about a minute each: they are what a newcomer's first command does.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.model import TariffPeriod

from .support.demo_process import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo_browser import energy_texts, error_lines  # noqa: E402
from demo_config import dashboard, roles  # noqa: E402
from demo_ha import MeterEntity  # noqa: E402
from demo_run import flow_answers  # noqa: E402

DEMO = ROOT / "scripts" / "demo"
END_TO_END_TIMEOUT = 600  # seconds: a bound for a failing run, not a synchronisation


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain text."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        line = cmdline.replace(b"\0", b" ").decode(errors="replace")
        if text in line:
            found.append(f"{entry.name}: {line}")
    return found


def test_demo_check_sees_live_values_and_leaves_no_process() -> None:
    """`scripts/demo --check` (about a minute): values change, pages render, log clean."""
    port = free_port()
    done = subprocess.run(
        [str(DEMO), "--check", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=END_TO_END_TIMEOUT,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "values change:" in output
    # Seen in headless Chromium, not only over the REST API.
    assert re.search(r"browser: meter dashboard rendered \([\d,]+ VA\)", output), output
    assert "browser: integration page rendered (1 device)" in output
    # The Energy dashboard as the README sets it up, with a month of history and its costs.
    assert "Energy dashboard: 6 grid connections (one per index)" in output
    assert "history: 30 days (720 hours) of " in output
    assert re.search(
        r"browser: Energy panel rendered \(6 indexes, yesterday [\d.]+ kWh"
        r" \(the recorder: [\d.]+ kWh\) for €\d+\.\d\d\)",
        output,
    ), output
    assert "check passed in" in output
    assert _processes_mentioning(f"check-{port}") == []
    assert not (ROOT / ".demo" / f"check-{port}").exists()


def test_demo_stops_everything_on_ctrl_c() -> None:
    """Ctrl-C (SIGINT) while Home Assistant runs: the demo exits and no child is left."""
    port = free_port()
    config_marker = str(ROOT / ".demo" / "config")
    if _processes_mentioning(config_marker):
        pytest.skip("an interactive demo is running on this machine")
    proc = subprocess.Popen(
        [str(DEMO), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + END_TO_END_TIMEOUT
    try:
        # Wait for the demo to say Home Assistant answers: then both children run.
        while b"Home Assistant answers" not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            ready, _, _ = select.select([proc.stdout], [], [], 5)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                assert chunk, (
                    f"the demo stopped early:\n{seen.decode(errors='replace')}"
                )
                seen += chunk
        assert _processes_mentioning(config_marker), "Home Assistant is not running"
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        rest, _ = proc.communicate(timeout=120)
        seen += rest
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert b"stopped, no process left" in seen, seen.decode(errors="replace")
    assert _processes_mentioning(config_marker) == []
    assert _processes_mentioning(str(ROOT / ".demo" / "ttyLINKY")) == []


def _entity(entity_id: str, key: str, state: str, **attributes: str) -> MeterEntity:
    return MeterEntity(
        entity_id=entity_id, key=key, state=state, attributes=dict(attributes)
    )


METER = [
    _entity(
        "sensor.linky_apparent_power",
        "apparent_power",
        "1200",
        unit_of_measurement="VA",
    ),
    _entity(
        "sensor.linky_apparent_power_l1",
        "apparent_power_l1",
        "400",
        unit_of_measurement="VA",
    ),
    _entity(
        "sensor.linky_apparent_power_max_today",
        "apparent_power_max",
        "5000",
        unit_of_measurement="VA",
    ),
    _entity(
        "sensor.linky_active_power", "active_power", "1100", unit_of_measurement="W"
    ),
    _entity(
        "sensor.linky_tariff_period", "tariff_period", "hp_blue", device_class="enum"
    ),
    _entity(
        "sensor.linky_tempo_tomorrow", "tempo_tomorrow", "red", device_class="enum"
    ),
    _entity(
        "sensor.linky_energy_hc_blue",
        "energy_hc_blue",
        "1288.67",
        device_class="energy",
        state_class="total_increasing",
        unit_of_measurement="kWh",
    ),
    _entity("sensor.linky_voltage", "voltage", "232", unit_of_measurement="V"),
    _entity(
        "sensor.linky_current_price",
        "current_price",
        "0.1552",
        unit_of_measurement="EUR/kWh",
    ),
    _entity(
        "sensor.linky_cost_today",
        "cost_today",
        "1.23",
        device_class="monetary",
        state_class="total",
        unit_of_measurement="EUR",
    ),
]


def test_dashboard_sorts_the_meter_into_cards() -> None:
    by_role = roles(METER)
    assert [e.entity_id for e in by_role["apparent_power"]] == [
        "sensor.linky_apparent_power"
    ]
    assert [e.entity_id for e in by_role["power"]] == ["sensor.linky_active_power"]
    assert [e.entity_id for e in by_role["tariff"]] == ["sensor.linky_tariff_period"]
    assert [e.entity_id for e in by_role["tempo"]] == ["sensor.linky_tempo_tomorrow"]
    assert [e.entity_id for e in by_role["energy"]] == ["sensor.linky_energy_hc_blue"]
    assert [e.entity_id for e in by_role["costs"]] == [
        "sensor.linky_current_price",
        "sensor.linky_cost_today",
    ]
    assert {e.entity_id for e in by_role["others"]} == {
        "sensor.linky_apparent_power_l1",
        "sensor.linky_apparent_power_max_today",
        "sensor.linky_voltage",
    }


def test_dashboard_gauge_ends_at_the_subscribed_power() -> None:
    cards = dashboard(METER, subscribed_kva=9)["views"][0]["cards"]
    gauge = next(card for card in cards if card["type"] == "gauge")
    assert gauge["entity"] == "sensor.linky_apparent_power"
    assert gauge["max"] == 9000
    assert gauge["severity"] == {"green": 0, "yellow": 6300, "red": 8100}
    history = next(card for card in cards if card["type"] == "history-graph")
    assert history["entities"] == [
        "sensor.linky_apparent_power",
        "sensor.linky_active_power",
    ]
    titles = [card.get("title") for card in cards]
    assert titles.index("Tariff") < titles.index("Energy per tariff period")
    costs = next(
        c for c in cards if c.get("title") == "Price and costs (example prices)"
    )
    assert costs["entities"] == [
        "sensor.linky_current_price",
        "sensor.linky_cost_today",
    ]


def test_the_demo_gives_a_price_to_every_period_the_flow_asks_for() -> None:
    answer = flow_answers(
        "/dev/ttyLINKY", argparse.Namespace(mode="standard", option="tempo")
    )
    for period in TariffPeriod:
        if period is TariffPeriod.OTHER:
            continue
        price = answer("prices", {"name": f"price_{period.value}"})
        assert isinstance(price, float)
        assert 0.05 < price < 1.0
    assert answer("prices", {"name": "power_interval", "default": 10}) == 10


def test_dashboard_waits_for_the_meter_when_there_is_no_entity_yet() -> None:
    cards = dashboard([], subscribed_kva=6)["views"][0]["cards"]
    assert [card["type"] for card in cards] == ["markdown"]


def test_check_counts_only_error_lines_of_the_log() -> None:
    log = (
        "2026-12-02 17:33:21.579 WARNING (MainThread) [homeassistant.bootstrap] Skipping pip\n"
        "2026-12-02 17:30:13.890 ERROR (MainThread) [haffmpeg.core] FFmpeg fails\n"
        "Traceback (most recent call last): ERROR in a traceback line\n"
        "2026-12-02 17:30:16.330 ERROR (ImportExecutor_0) [homeassistant.components.camera]\n"
    )
    assert [line[24:29] for line in error_lines(log)] == ["ERROR", "ERROR"]


def test_energy_panel_texts_of_a_figure() -> None:
    """The sources table writes at most 2 decimals; either rounding of the last is accepted."""
    assert energy_texts(12.6149).match(" 12.61 kWh ")
    assert energy_texts(12.6149).match("12.62 kWh")
    assert not energy_texts(12.6149).match("6.71 kWh")
    assert energy_texts(7.1).match("7.1\u00a0kWh")
    assert energy_texts(1234.5).match("1,234.5 kWh")
