"""Picture of the Energy panel after a migration (README, "Coming from another integration").

Run against a demo already running (``scripts/demo --mode historic --option base
--port PORT``), from the repository::

    .venv/bin/python scripts/history_screenshot.py --url http://127.0.0.1:PORT

Through Home Assistant's own APIs only: it imports a previous integration's
history (core ``teleinfo``-shaped: 60 days of hourly BASE statistics in Wh, up
to 3 hours after our index's first hour; ``recorder/import_statistics``; the demo
gives our index a month of its own, else the hours since 6 hours ago), calls
``linky_tic.migrate_history``, puts our index in the Energy dashboard
(``energy/save_prefs``) and shoots the Energy panel's day view of the junction
in headless Chromium (``demo_browser``): the hours before the junction come from
the old index, the ones after from ours.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from demo_browser import logged_in_page
from demo_ha import DemoError, HomeAssistantClient

PARIS = ZoneInfo("Europe/Paris")
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


async def first_own_hour(client: HomeAssistantClient) -> datetime | None:
    """The first hour of our index's statistics (the demo now gives it a month)."""
    result = await client.command(
        {
            "type": "recorder/statistics_during_period",
            "start_time": "2000-01-01T00:00:00+00:00",
            "statistic_ids": [TARGET],
            "period": "hour",
            "types": ["sum"],
        }
    )
    rows = result.get(TARGET, [])
    return datetime.fromtimestamp(rows[0]["start"] / 1000, UTC) if rows else None


async def _give_own_hours(client: HomeAssistantClient, junction: datetime) -> None:
    """A demo whose meter has only just started: its first hours, as the recorder compiles them."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    own, own_total, moment = [], 0.0, junction
    while moment < now:
        own_total += household_wh(moment)
        own.append({"start": moment.isoformat(), "sum": own_total / 1000})
        moment += H
    await client.command(
        {
            "type": "recorder/import_statistics",
            "metadata": _metadata(TARGET, "kWh"),
            "stats": own,
        }
    )


async def prepare(client: HomeAssistantClient) -> tuple[dict[str, Any], datetime]:
    """The old index's history, the migration, the Energy dashboard: (answer, junction)."""
    junction = await first_own_hour(client)
    if junction is None:
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        junction = now - 6 * H
        await _give_own_hours(client, junction)
    start = junction - timedelta(days=60)
    rows, total, index, moment = [], 0.0, 24_512_345.0, start
    while moment < junction + 3 * H:  # the old one ran 3 hours beside ours
        wh = household_wh(moment)
        total += wh
        index += wh
        rows.append({"start": moment.isoformat(), "sum": total, "state": index})
        moment += H
    await client.command(
        {
            "type": "recorder/import_statistics",
            "metadata": _metadata(SOURCE, "Wh"),
            "stats": rows,
        }
    )
    await asyncio.sleep(5)  # the recorder commits every few seconds (no API to wait on)
    answer = await client._post_json(  # noqa: SLF001  (the demo client's REST helper)
        "/api/services/linky_tic/migrate_history?return_response",
        {"source": SOURCE, "target": TARGET, "dry_run": False},
    )
    await client.command(
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
    return dict(answer), junction


async def shoot(base: str, output: Path) -> None:
    """Prepare, then save a PNG of the Energy panel's day view of the junction."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, base)
        await client.onboard("Demo", "demo", "demo")  # only logs in: onboarding is done
        answer, junction = await prepare(client)
        print(json.dumps(answer.get("service_response"), indent=1))
        tokens = client.tokens_for_browser()
    days_back = (datetime.now(PARIS).date() - junction.astimezone(PARIS).date()).days
    async with logged_in_page(base, tokens) as page:
        await page.goto("/energy")
        chart = page.locator("hui-energy-usage-graph-card ha-chart-base")
        await chart.wait_for()
        previous = page.get_by_role("button", name="Previous").first
        for _ in range(days_back):  # the day view, back to the junction's day
            await previous.click()
            await page.wait_for_timeout(300)
        await chart.wait_for()
        await page.wait_for_timeout(3000)  # the bars are drawn with an animation
        await page.screenshot(path=output)


def main(argv: list[str]) -> int:
    """Take the picture; return the exit code."""
    parser = argparse.ArgumentParser(prog="history_screenshot.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument(
        "--output", type=Path, default=Path("docs/energy-after-migration.png")
    )
    args = parser.parse_args(argv)
    try:
        asyncio.run(shoot(args.url.rstrip("/"), args.output))
    except DemoError as err:
        print(f"history_screenshot: {err}", file=sys.stderr)
        return 1
    print(f"history_screenshot: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
