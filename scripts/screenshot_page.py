"""Screenshot a running demo in headless Chromium (called by scripts/screenshot).

Logs in as the demo user, opens the meter dashboard (waits until its gauge shows a value) and
the Energy panel (waits until the usage graph and the sources table list every index, then
shows yesterday, a whole day of the imported month), and saves a PNG of each. Playwright for
Python drives Debian's chromium (scripts/demo_browser.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import aiohttp
from demo_browser import check_dashboard, check_energy_panel, logged_in_page
from demo_energy import tariff_indexes
from demo_ha import DemoError, HomeAssistantClient
from demo_history import yesterday_change
from playwright.async_api import Error as PlaywrightError

DOMAIN = "linky_tic"
#: The gauge's needle and the graphs animate for about a second once drawn: the pictures are
#: taken after it (a pause for the picture's sake, not a synchronisation).
SETTLE_MS = 2000


async def shoot(base: str, dashboard_png: Path, energy_png: Path) -> list[str]:
    """Save the pictures of the demo served at base; return what each page showed."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, base)
        await client.onboard("Demo", "demo", "demo")  # only logs in: onboarding is done
        tokens = client.tokens_for_browser()
        indexes = tariff_indexes(await client.meter_entities(DOMAIN))
        yesterday = await yesterday_change(
            client.command, [e.entity_id for e in indexes]
        )
    names = [str(e.attributes.get("friendly_name", e.entity_id)) for e in indexes]
    async with logged_in_page(base, tokens) as page:
        gauge = await check_dashboard(page)
        await page.wait_for_timeout(SETTLE_MS)
        await page.screenshot(path=str(dashboard_png))
        energy = await check_energy_panel(page, names, yesterday)
        await page.wait_for_timeout(SETTLE_MS)
        await page.screenshot(path=str(energy_png))
    return [f"dashboard: gauge {gauge}", f"Energy panel: {energy}"]


def main(argv: list[str]) -> int:
    """Take the screenshots; return the exit code."""
    parser = argparse.ArgumentParser(prog="screenshot_page.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument(
        "--dashboard", type=Path, default=Path("docs/demo-dashboard.png")
    )
    parser.add_argument("--energy", type=Path, default=Path("docs/demo-energy.png"))
    args = parser.parse_args(argv)
    try:
        seen = asyncio.run(shoot(args.url.rstrip("/"), args.dashboard, args.energy))
    except (DemoError, PlaywrightError) as err:
        print(f"screenshot: {err}", file=sys.stderr)
        return 1
    for line in seen:
        print(f"screenshot: {line}")
    print(f"screenshot: wrote {args.dashboard} and {args.energy}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
