"""The Linky TIC card in a real browser: headless Chromium on the running demo.

One demo for the module (a simulated meter on a pty, Home Assistant with the integration
added through its config flow, the demo dashboard led by the card), driven by Playwright
through Debian's chromium. The page logs in by itself (the demo trusts 127.0.0.1).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from .support.demo_process import ROOT, DemoProcess

sys.path.insert(0, str(ROOT / "scripts"))

from demo_config import CARD_TYPE, DASHBOARD_URL, dashboard
from demo_ha import MeterEntity
from screenshot_card import open_logged_in

TRANSLATIONS = ROOT / "custom_components" / "linky_tic" / "translations"
#: Bounds of a failing run, not synchronisation: each wait ends as soon as its condition holds.
PAGE_TIMEOUT_MS = 60_000
POWER_CHANGE_TIMEOUT_MS = 180_000
expect.set_options(timeout=PAGE_TIMEOUT_MS)
#: What each page wrote to its console (kept with the picture of a failed page).
CONSOLE: dict[Page, list[str]] = {}

#: The meter's entity id for a translation key, read from the page's entity registry.
ENTITY_ID = """([domain, key]) => Object.values(document.querySelector("home-assistant").hass.entities)
  .find((e) => e.platform === "linky_tic" && e.translation_key === key
               && e.entity_id.startsWith(domain + "."))?.entity_id"""


def _names(language: str) -> dict[str, Any]:
    entity: dict[str, Any] = json.loads(
        (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    )["entity"]
    return entity


def _whole(state: str) -> str:
    """A number as the card writes it in English with no decimals (2,340)."""
    return f"{Decimal(state).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest) -> Iterator[DemoProcess]:
    """The demo, started once for the module and stopped with Ctrl-C at the end.

    Its configuration and logs stay in .demo/card-<port> when a test failed.
    """
    failed_before = request.session.testsfailed
    process = DemoProcess("card")
    process.start()
    try:
        yield process
    finally:
        process.stop()
    assert "stopped, no process left" in process.text, process.text
    if request.session.testsfailed == failed_before:
        shutil.rmtree(process.work)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (no `playwright install`)."""
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed: apt install chromium"
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"]
        )
        yield chromium
        await chromium.close()


async def _open(
    browser: Browser, demo: DemoProcess, path: str, locale: str = "en-US"
) -> Page:
    """A fresh browser context (no login kept) on the demo's ``path``."""
    context = await browser.new_context(
        locale=locale, viewport={"width": 1400, "height": 1100}
    )
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = await open_logged_in(context, demo.base, path)
    console = CONSOLE.setdefault(page, [])
    page.on(
        "console", lambda message: console.append(f"{message.type}: {message.text}")
    )
    return page


async def _wait_for_card(page: Page, demo: DemoProcess) -> None:
    """Wait until the card shows the apparent power (else keep a picture of the page)."""
    try:
        await expect(
            page.locator("linky-tic-card [data-value=apparent]")
        ).to_be_visible()
    except AssertionError:
        await page.screenshot(path=demo.work / "failed.png")
        (demo.work / "failed-console.log").write_text("\n".join(CONSOLE.get(page, [])))
        raise


async def _card_value(page: Page, name: str, scope: str = "linky-tic-card") -> str:
    return (
        await page.locator(f"{scope} [data-value={name}]").first.inner_text()
    ).strip()


async def _state(page: Page, entity_id: str) -> str:
    state: str = await page.evaluate(
        """(id) => document.querySelector("home-assistant").hass.states[id].state""",
        entity_id,
    )
    return state


async def _entity_id(page: Page, domain: str, key: str) -> str:
    entity_id = await page.evaluate(ENTITY_ID, [domain, key])
    assert entity_id, f"no {domain} with translation key {key} in the page's registry"
    return str(entity_id)


async def _shown_with_state(page: Page, entity_id: str, name: str) -> tuple[str, str]:
    """The entity's state and the card's text for it, read in one task of the page.

    The card renders in a microtask after each state push, so no render is pending
    between the two reads.
    """
    locator = page.locator(f"linky-tic-card [data-value={name}]").first
    state: str
    shown: str
    state, shown = await locator.evaluate(
        """(el, id) => [document.querySelector("home-assistant").hass.states[id].state,
                        el.textContent.trim()]""",
        entity_id,
    )
    return state, shown


async def test_the_card_shows_the_meters_live_values(
    demo: DemoProcess, browser: Browser
) -> None:
    """The demo's dashboard leads with the card; it shows what Home Assistant holds."""
    page = await _open(browser, demo, f"/{DASHBOARD_URL}/meter")
    await _wait_for_card(page, demo)
    card = page.locator("linky-tic-card").first
    names = _names("en")

    apparent = await _entity_id(page, "sensor", "apparent_power")
    state, shown = await _shown_with_state(page, apparent, "apparent")
    assert shown == f"{_whole(state)}\u00a0VA"
    active = await _entity_id(page, "sensor", "active_power")
    state, shown = await _shown_with_state(page, active, "active")
    assert shown == f"{_whole(state)}\u00a0W"
    # The gauge's scale: the standard meter's reference power (PREF), 6 kVA here.
    await expect(card.get_by_text("of 6 kVA subscribed")).to_be_visible()
    state, shown = await _shown_with_state(page, apparent, "headroom")
    assert shown == f"{_whole(str(6000 - int(state)))}\u00a0VA left"

    period = await _state(page, await _entity_id(page, "sensor", "tariff_period"))
    assert (
        await _card_value(page, "period")
        == (names["sensor"]["tariff_period"]["state"][period])
    )
    today = await _state(page, await _entity_id(page, "sensor", "tempo_today"))
    assert (
        await _card_value(page, "tempo-today")
        == (names["sensor"]["tempo_today"]["state"][today])
    )
    assert await _card_value(page, "overload") == "no"
    valid = float(await _state(page, await _entity_id(page, "sensor", "valid_frames")))
    assert await _card_value(page, "valid-frames") == f"{valid:.1f} %"

    # One row per index of the Tempo option, the current period in bold; costs in euros.
    rows = card.locator("tr[data-period]")
    await expect(rows).to_have_count(6)
    await expect(card.locator(f"tr.current[data-period={period}]")).to_have_count(1)
    assert (await _card_value(page, "cost-today")).startswith("€")


async def test_the_card_follows_the_simulated_power(
    demo: DemoProcess, browser: Browser
) -> None:
    """When the simulated household's power changes, the card shows the new value."""
    page = await _open(browser, demo, f"/{DASHBOARD_URL}/meter")
    await _wait_for_card(page, demo)
    apparent = await _entity_id(page, "sensor", "apparent_power")
    before, shown_before = await _shown_with_state(page, apparent, "apparent")
    assert shown_before == f"{_whole(before)}\u00a0VA"
    await page.wait_for_function(
        """([id, before]) => document.querySelector("home-assistant")
             .hass.states[id].state !== before""",
        arg=[apparent, before],
        timeout=POWER_CHANGE_TIMEOUT_MS,
    )
    after, shown_after = await _shown_with_state(page, apparent, "apparent")
    assert after != before
    assert shown_after == f"{_whole(after)}\u00a0VA"
    assert shown_after != shown_before


async def test_the_card_picker_lists_the_card_and_its_editor_picks_the_meter(
    demo: DemoProcess, browser: Browser
) -> None:
    """Add a card to an empty dashboard, as a user does: picker, preview, visual editor."""
    page = await _open(browser, demo, f"/{DASHBOARD_URL}/meter")
    await _wait_for_card(page, demo)
    await page.evaluate(
        """async () => {
          const hass = document.querySelector("home-assistant").hass;
          await hass.callWS({type: "lovelace/dashboards/create", url_path: "card-test",
                             title: "Card test", mode: "storage"});
          await hass.callWS({type: "lovelace/config/save", url_path: "card-test",
                             config: {views: [{title: "Empty", path: "empty", cards: []}]}});
        }"""
    )
    await page.goto(f"{demo.base}/card-test/empty?edit=1")
    await page.get_by_role("button", name="Add card").click()
    await page.get_by_role("tab", name="By card").click()
    picker = page.locator("hui-card-picker")
    await picker.locator("input").first.fill("Linky")
    # The picker lists the card with a live preview of the first meter (getStubConfig).
    entry = picker.locator(".card").filter(has=page.locator("linky-tic-card"))
    await expect(entry).to_have_count(1)
    await expect(entry.locator("[data-value=apparent]")).to_contain_text("VA")
    await entry.click()

    # The visual editor: a device picker (the meter, by its name) and the parts.
    editor = page.locator("linky-tic-card-editor")
    await expect(editor.locator("ha-selector-device")).to_be_visible()
    await expect(editor.locator("ha-selector-device")).to_contain_text("Linky")
    health = editor.locator("ha-checkbox[value=health]")
    await expect(health).to_contain_text("Overload and link health")
    await expect(health).to_have_js_property("checked", True)
    dialog = page.locator("hui-dialog-edit-card")
    await expect(dialog.locator("linky-tic-card [data-part=health]")).to_have_count(1)
    await health.click()
    await expect(health).to_have_js_property("checked", False)
    await expect(dialog.locator("linky-tic-card [data-part=health]")).to_have_count(0)
    await dialog.get_by_role("button", name="Save").click()
    # Saved into the dashboard: the meter's device, never an entity id.
    saved = await (
        await page.wait_for_function(
            """async () => {
              const config = await document.querySelector("home-assistant").hass.callWS(
                {type: "lovelace/config", url_path: "card-test"});
              return config.views[0].cards.length > 0 && config;
            }"""
        )
    ).json_value()
    [card] = saved["views"][0]["cards"]
    device = await page.evaluate(
        """(id) => document.querySelector("home-assistant").hass.entities[id].device_id""",
        await _entity_id(page, "sensor", "apparent_power"),
    )
    assert card == {
        "type": CARD_TYPE,
        "device_id": device,
        "parts": ["power", "tariff", "calendar", "energy"],
    }


async def test_the_card_speaks_french_to_a_french_browser(
    demo: DemoProcess, browser: Browser
) -> None:
    page = await _open(browser, demo, f"/{DASHBOARD_URL}/meter", locale="fr-FR")
    card = page.locator("linky-tic-card").first
    await expect(card.get_by_text("sur 6 kVA souscrits")).to_be_visible()
    await expect(card.get_by_text("Puissance active")).to_be_visible()
    period = await _state(page, await _entity_id(page, "sensor", "tariff_period"))
    assert (
        await _card_value(page, "period")
        == (_names("fr")["sensor"]["tariff_period"]["state"][period])
    )


def test_the_demo_dashboard_leads_with_the_card() -> None:
    meter = [
        MeterEntity(
            "sensor.linky_apparent_power",
            "apparent_power",
            "1200",
            {"unit_of_measurement": "VA"},
            device_id="abc123",
        )
    ]
    cards = dashboard(meter, subscribed_kva=6)["views"][0]["cards"]
    assert cards[0] == {"type": CARD_TYPE, "device_id": "abc123"}
