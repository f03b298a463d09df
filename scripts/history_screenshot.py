"""Picture of the Energy panel after a migration (README, "Coming from another integration").

Run against a demo already running (``scripts/demo --mode historic --option base
--port PORT``), from the scripts folder::

    ../.venv/bin/python history_screenshot.py --url http://127.0.0.1:PORT

Through Home Assistant's own APIs only: it imports a previous integration's
history (core ``teleinfo``-shaped: 60 days of hourly BASE statistics in Wh, up
to a few hours ago; ``recorder/import_statistics``), gives our base index the
hours since then as its own (the demo's meter has only just started), calls
``linky_tic.migrate_history``, puts our index in the Energy dashboard
(``energy/save_prefs``) and shoots the Energy panel's day view in headless
Chromium: the hours before the junction come from the old index, the ones
after from ours.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from demo_ha import DemoError, HomeAssistantClient
from screenshot_page import DevTools, devtools_url, start_chromium

SOURCE = "sensor.teleinfo_base"
TARGET = "sensor.linky_base_energy"
H = timedelta(hours=1)


def household_wh(moment: datetime) -> float:
    """A plausible hourly consumption: a night base, morning and evening peaks."""
    hour = (moment.hour + 1) % 24  # Paris, winter
    base = 350.0
    if 6 <= hour < 9:
        base = 1400.0
    elif 18 <= hour < 22:
        base = 1900.0
    elif 12 <= hour < 14:
        base = 900.0
    return base + (moment.day * 37 + moment.hour * 11) % 250


def _metadata(statistic_id: str, unit: str) -> dict[str, Any]:
    return {
        "has_sum": True,
        "mean_type": 0,
        "name": None,
        "source": "recorder",
        "statistic_id": statistic_id,
        "unit_class": "energy",
        "unit_of_measurement": unit,
    }


async def prepare(client: HomeAssistantClient) -> dict[str, Any]:
    """Both histories, the migration, the Energy dashboard; the migration's answer."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    junction = now - 6 * H  # ours since 6 hours ago; the old one until 3 hours ago
    start = junction - timedelta(days=60)
    rows, total, index, moment = [], 0.0, 24_512_345.0, start
    while moment < now - 3 * H:
        wh = household_wh(moment)
        total += wh
        index += wh
        rows.append({"start": moment.isoformat(), "sum": total, "state": index})
        moment += H
    ws = client._websocket_command  # noqa: SLF001  (the demo client's one websocket helper)
    await ws(
        {
            "type": "recorder/import_statistics",
            "metadata": _metadata(SOURCE, "Wh"),
            "stats": rows,
        }
    )
    own, own_total = [], 0.0
    index = 24_512_345.0 + sum(
        household_wh(start + n * H) for n in range(int((junction - start) / H))
    )
    moment = junction
    while moment < now:
        wh = household_wh(moment)
        own_total += wh
        index += wh
        own.append(
            {
                "start": moment.isoformat(),
                "sum": own_total / 1000,
                "state": index / 1000,
            }
        )
        moment += H
    await ws(
        {
            "type": "recorder/import_statistics",
            "metadata": _metadata(TARGET, "kWh"),
            "stats": own,
        }
    )
    await asyncio.sleep(5)  # the recorder commits every few seconds (no API to wait on)
    answer = await client._post_json(  # noqa: SLF001
        "/api/services/linky_tic/migrate_history?return_response",
        {"source": SOURCE, "target": TARGET, "dry_run": False},
    )
    await ws(
        {
            "type": "energy/save_prefs",
            "energy_sources": [
                {
                    "type": "grid",
                    "stat_energy_from": TARGET,
                    "stat_energy_to": None,
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": 0.2016,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0.0,
                }
            ],
        }
    )
    return dict(answer)


async def shoot(base: str, output: Path, width: int, height: int) -> None:
    """Prepare, then save a PNG of the Energy panel."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, base)
        await client.onboard("Demo", "demo", "demo")  # only logs in: onboarding is done
        answer = await prepare(client)
        print(json.dumps(answer.get("service_response"), indent=1))
        tokens = client.tokens_for_browser()
        with tempfile.TemporaryDirectory(prefix="linky-chromium-") as profile:
            proc = start_chromium(profile, width, height)
            try:
                browser = await devtools_url(proc, time.monotonic() + 60)
                port = browser.split("/")[2]
                async with session.get(f"http://{port}/json/list") as resp:
                    pages = [t for t in await resp.json() if t["type"] == "page"]
                async with session.ws_connect(
                    pages[0]["webSocketDebuggerUrl"], max_msg_size=0
                ) as ws:
                    page = DevTools(ws)
                    await page.call("Page.enable")
                    await page.call("Page.navigate", url=f"{base}/manifest.json")
                    await page.evaluate(
                        f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
                    )
                    await page.call("Page.navigate", url=f"{base}/energy")
                    await asyncio.sleep(20)  # the panel loads its statistics and draws
                    shot = await page.call("Page.captureScreenshot", format="png")
                    await asyncio.to_thread(
                        output.write_bytes, base64.b64decode(shot["data"])
                    )
            finally:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()


def main(argv: list[str]) -> int:
    """Take the picture; return the exit code."""
    parser = argparse.ArgumentParser(prog="history_screenshot.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument(
        "--output", type=Path, default=Path("../docs/energy-after-migration.png")
    )
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    try:
        asyncio.run(shoot(args.url.rstrip("/"), args.output, args.width, args.height))
    except DemoError as err:
        print(f"history_screenshot: {err}", file=sys.stderr)
        return 1
    print(f"history_screenshot: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
