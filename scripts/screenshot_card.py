"""Picture the Linky TIC card of a running demo (docs/linky-tic-card.png), in headless Chromium.

    scripts/demo --port 8123 &      # then, once it prints its address:
    .venv/bin/python scripts/screenshot_card.py --url http://127.0.0.1:8123

The demo trusts 127.0.0.1, so the page logs in by itself. Only the card is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
from pathlib import Path

from demo_config import DASHBOARD_URL
from playwright.async_api import BrowserContext, Page, async_playwright

TIMEOUT_MS = 60_000


async def open_logged_in(context: BrowserContext, base: str, path: str) -> Page:
    """A page of the demo at ``path``, logged in first (the demo trusts 127.0.0.1).

    The login's redirects abort the modules the first page was loading, the card's among
    them, and a page that lost it shows "Configuration error" in its place: the
    dashboard is opened once the frontend is connected.
    """
    page = await context.new_page()
    await page.goto(f"{base}/")
    await page.wait_for_function(
        """() => document.querySelector("home-assistant")?.hass?.connected === true"""
    )
    await page.goto(f"{base}{path}")
    return page


async def shoot(base: str, output: Path, locale: str) -> None:
    """Save a PNG of the first Linky TIC card of the demo dashboard served at base."""
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit(
            "screenshot_card: Debian's chromium is needed (apt install chromium)"
        )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"]
        )
        try:
            context = await browser.new_context(
                locale=locale,
                viewport={"width": 1400, "height": 1100},
                device_scale_factor=1,
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = await open_logged_in(context, base, f"/{DASHBOARD_URL}/meter")
            card = page.locator("linky-tic-card ha-card").first
            await card.locator("[data-value=apparent]").wait_for(timeout=TIMEOUT_MS)
            # The first figures of the day come from the history, asked for once.
            await (
                card.locator("[data-value=energy-total]")
                .filter(has_not_text="—")
                .wait_for(timeout=TIMEOUT_MS)
            )
            output.parent.mkdir(parents=True, exist_ok=True)
            await card.screenshot(path=output)
        finally:
            await browser.close()


def main(argv: list[str]) -> int:
    """Take the picture; return the exit code."""
    parser = argparse.ArgumentParser(prog="screenshot_card.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--output", type=Path, default=Path("docs/linky-tic-card.png"))
    parser.add_argument("--locale", default="en-GB")
    args = parser.parse_args(argv)
    asyncio.run(shoot(args.url.rstrip("/"), args.output, args.locale))
    print(f"screenshot_card: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
