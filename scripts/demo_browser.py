"""Look at the demo's web UI as its user does: headless Chromium driven by Playwright.

Playwright for Python drives Debian's `chromium` through `executable_path` (no browser
download) and its CSS locators pierce the frontend's shadow roots. The browser is logged in
as the demo user by handing it the tokens of a login (localStorage "hassTokens", where the
frontend keeps them).
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo_config import DASHBOARD_URL, TIME_ZONE
from demo_ha import DemoError
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, async_playwright

PAGE_TIMEOUT_MS = 60_000  # a bound for a page that never renders, not a synchronisation
WIDTH, HEIGHT = 1400, 1100
DASHBOARD_PATH = f"/{DASHBOARD_URL}/meter"
INTEGRATION_PATH = "/config/integrations/integration/linky_tic"
ENERGY_PATH = "/energy/electricity"
_NUMBER = re.compile(r"\d")
_NON_ZERO = re.compile(r"[1-9]")


def chromium_path() -> str:
    """Debian's chromium (installed by scripts/setup --demo)."""
    found = shutil.which("chromium")
    if found is None:
        raise DemoError(
            "chromium is not installed (scripts/setup --demo installs it: apt install chromium)"
        )
    return found


@asynccontextmanager
async def logged_in_page(base: str, tokens: dict[str, Any]) -> AsyncIterator[Page]:
    """A page of headless Chromium logged in to the Home Assistant at base."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), headless=True
        )
        try:
            # The browser of a person at home: its days are Home Assistant's (Energy panel).
            context = await browser.new_context(
                viewport={"width": WIDTH, "height": HEIGHT},
                base_url=base,
                timezone_id=TIME_ZONE,
            )
            await context.add_init_script(
                f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
            )
            page = await context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            yield page
        finally:
            await browser.close()


async def check_dashboard(page: Page) -> str:
    """The meter dashboard: its gauge is drawn (needle and a numeric value); return the value."""
    await page.goto(DASHBOARD_PATH)
    gauge = page.locator("hui-gauge-card ha-gauge")
    await gauge.locator("path.needle").wait_for(state="attached")
    value = page.locator("hui-gauge-card ha-gauge text.value-text")
    await value.filter(has_text=_NUMBER).wait_for()
    return " ".join((await value.text_content() or "").split())


async def check_integration_page(page: Page) -> str:
    """The integration's page lists the meter's device; return what its header says."""
    await page.goto(INTEGRATION_PATH)
    counts = page.get_by_text(re.compile(r"1 device"))
    await counts.first.wait_for()
    return " ".join((await counts.first.inner_text()).split())


def energy_texts(kwh: float) -> re.Pattern[str]:
    """How the frontend may write ``kwh`` (at most 2 decimals, either way of rounding)."""
    texts = set()
    for rounded in (math.floor(kwh * 100) / 100, math.ceil(kwh * 100) / 100):
        number = f"{rounded:,.2f}".rstrip("0").rstrip(".")
        texts.add(rf"{re.escape(number)}\s+kWh")  # the frontend puts a no-break space
    return re.compile(rf"^\s*({'|'.join(sorted(texts))})\s*$")


async def check_energy_panel(
    page: Page, index_names: Sequence[str], yesterday_kwh: float
) -> str:
    """The Energy panel: usage graph drawn, every index in the sources table, a cost yesterday.

    ``yesterday_kwh`` is what the recorder holds for yesterday: the sources table must show
    it once it shows yesterday. Returns what the table says yesterday used and cost.
    """
    await page.goto(ENERGY_PATH)
    graph = page.locator("hui-energy-usage-graph-card ha-chart-base")
    await graph.locator("canvas, svg").first.wait_for()
    table = page.locator("hui-energy-sources-table-card")
    for name in index_names:
        await table.locator("th", has_text=name).first.wait_for()
        await graph.get_by_text(name).first.wait_for()
    period = page.locator("hui-energy-period-selector")
    today = " ".join((await period.locator(".header-title").inner_text()).split())
    await period.locator(
        "section.date-actions ha-icon-button"
    ).first.click()  # previous
    await period.locator(".header-title").filter(has_not_text=today).wait_for()
    total = table.locator("tr.total td").nth(-2)
    await total.filter(has_text=energy_texts(yesterday_kwh)).wait_for()
    total_cost = table.locator("tr.total td").last
    await total_cost.filter(has_text=_NON_ZERO).wait_for()
    energy = " ".join((await total.inner_text()).split())
    cost = " ".join((await total_cost.inner_text()).split())
    return (
        f"{len(index_names)} indexes, yesterday {energy} (the recorder:"
        f" {yesterday_kwh:.3f} kWh) for {cost}"
    )


@dataclass(frozen=True, slots=True)
class PageCheck:
    """One page the check opens: a name, and what must be seen on it."""

    name: str
    look: Callable[[Page], Awaitable[str]]


def page_checks(
    index_names: Sequence[str], yesterday_kwh: float
) -> tuple[PageCheck, ...]:
    """The pages `scripts/demo --check` opens, for a meter with these index names."""

    async def energy(page: Page) -> str:
        return await check_energy_panel(page, index_names, yesterday_kwh)

    return (
        PageCheck("meter dashboard", check_dashboard),
        PageCheck("Energy panel", energy),
        PageCheck("integration page", check_integration_page),
    )


async def run_page_checks(
    page: Page,
    checks: tuple[PageCheck, ...],
    failures_dir: Path,
    say: Callable[[str], None],
) -> None:
    """Open each page; on one that does not render, save a picture and raise DemoError."""
    for check in checks:
        try:
            seen = await check.look(page)
        except PlaywrightError as err:
            picture = failures_dir / f"{check.name.replace(' ', '-')}.failed.png"
            await page.screenshot(path=str(picture))  # Playwright makes the folder
            first_line = str(err).splitlines()[0]
            raise DemoError(
                f"the {check.name} did not render ({page.url}): {first_line}"
                f" (see {picture})"
            ) from err
        say(f"browser: {check.name} rendered ({seen})")


def error_lines(log_text: str) -> list[str]:
    """The ERROR lines of a home-assistant.log text."""
    return [line for line in log_text.splitlines() if " ERROR (" in line]
