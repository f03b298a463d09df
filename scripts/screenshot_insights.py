"""Pictures of the insights for the README, from a running demo (real Chromium).

    scripts/demo --port 8114 &   # wait for "Open http..."
    .venv/bin/python scripts/screenshot_insights.py --url http://127.0.0.1:8114

Writes docs/insights-card.png (the dashboard's Insights card), docs/insights-best-tariff.png
(the Best tariff's more-info dialog with its attributes), docs/insights-calendar.png
(the Tempo calendar card) and docs/insights-repair.png (the "better tariff" repair).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import aiohttp
from demo_browser import logged_in_page
from demo_config import DASHBOARD_URL
from demo_ha import DemoError, HomeAssistantClient


async def shoot(base: str, docs: Path) -> None:
    """Save the three pictures."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, base)
        await client.onboard("Demo", "demo", "demo")  # only logs in: onboarding is done
        tokens = client.tokens_for_browser()
    async with logged_in_page(base, tokens) as page:
        await page.goto(f"/{DASHBOARD_URL}/meter")
        card = page.locator("hui-entities-card").filter(has_text="Insights")
        await card.get_by_text("Best tariff").wait_for()
        await page.wait_for_timeout(1500)  # the cards' fonts and icons settle
        await card.screenshot(path=docs / "insights-card.png")
        calendar = page.locator("hui-calendar-card")
        await calendar.wait_for()
        await page.wait_for_timeout(1500)
        await calendar.screenshot(path=docs / "insights-calendar.png")
        await card.get_by_text("Best tariff").click()
        dialog = page.locator("ha-more-info-dialog")
        # the header's buttons: close, settings, then the menu whose "Details" lists the attributes
        await dialog.locator("ha-icon-button").nth(2).click()
        await page.get_by_text("Details", exact=True).click()
        await dialog.get_by_text("Yearly saving").first.wait_for()
        await page.wait_for_timeout(1000)
        await page.screenshot(path=docs / "insights-best-tariff.png")
        await page.goto("/config/repairs")
        repair = page.locator("ha-card").filter(
            has_text="Another tariff would cost less"
        )
        await repair.wait_for()
        await page.wait_for_timeout(1000)
        await repair.screenshot(path=docs / "insights-repair.png")


def main(argv: list[str]) -> int:
    """Take the pictures; return the exit code."""
    parser = argparse.ArgumentParser(prog="screenshot_insights.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    try:
        asyncio.run(shoot(args.url.rstrip("/"), args.docs))
    except DemoError as err:
        print(f"screenshot: {err}", file=sys.stderr)
        return 1
    print(f"screenshot: wrote the insights' pictures in {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
