"""Screenshot a running demo's dashboard in headless Chromium (called by scripts/screenshot).

Logs in as the demo user through Home Assistant's login flow, hands the tokens to a fresh
Chromium profile (localStorage "hassTokens", as the frontend keeps them), opens the dashboard,
waits until its gauge is drawn and saves a PNG, through the DevTools protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from demo_config import DASHBOARD_URL
from demo_ha import DemoError, HomeAssistantClient

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
]

# Finds an element through the frontend's nested shadow roots.
DEEP_QUERY = """
(selector) => {
  const seen = [document];
  while (seen.length) {
    const root = seen.pop();
    const hit = root.querySelector(selector);
    if (hit) return true;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) seen.push(el.shadowRoot);
  }
  return false;
}
"""


class DevTools:
    """One page of Chromium driven through the DevTools protocol."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Drive the page behind ws."""
        self._ws = ws
        self._next = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result."""
        self._next += 1
        await self._ws.send_json({"id": self._next, "method": method, "params": params})
        while True:
            reply = await self._ws.receive_json(timeout=60)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise DemoError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its value."""
        result = await self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")


def start_chromium(profile: str, width: int, height: int) -> subprocess.Popen[str]:
    """Start headless Chromium on a fresh profile, its DevTools on a free port."""
    return subprocess.Popen(
        [
            "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


async def devtools_url(proc: subprocess.Popen[str], deadline: float) -> str:
    """Read Chromium's stderr until it says where its DevTools listen."""
    if proc.stderr is None:
        raise DemoError("Chromium's stderr is not readable")
    while time.monotonic() < deadline:
        line = await asyncio.to_thread(proc.stderr.readline)
        if not line:
            break
        if match := re.search(r"DevTools listening on (ws://\S+)", line):
            return match.group(1)
    raise DemoError("Chromium did not start its DevTools endpoint")


async def wait_for_gauge(page: DevTools, output: Path) -> None:
    """Wait until the dashboard's gauge is drawn (else save what the page shows)."""
    deadline = time.monotonic() + 60
    probe = f"({DEEP_QUERY})('ha-gauge')"
    while not await page.evaluate(probe):
        if time.monotonic() > deadline:
            shot = await page.call("Page.captureScreenshot", format="png")
            failed = output.with_suffix(".failed.png")
            await asyncio.to_thread(failed.write_bytes, base64.b64decode(shot["data"]))
            location = await page.evaluate("location.href")
            raise DemoError(f"no gauge drawn in 60 s on {location} (see {failed})")
        await asyncio.sleep(0.5)  # polling interval of a bounded wait


async def shoot(base: str, output: Path, width: int, height: int) -> None:
    """Save a PNG of the demo dashboard served at base."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, base)
        await client.onboard("Demo", "demo", "demo")  # only logs in: onboarding is done
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
                    await page.call(
                        "Page.navigate", url=f"{base}/{DASHBOARD_URL}/meter"
                    )
                    await wait_for_gauge(page, output)
                    # The gauge's needle and the history graph animate for about a second.
                    await asyncio.sleep(3)
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
    """Take the screenshot; return the exit code."""
    parser = argparse.ArgumentParser(prog="screenshot_page.py")
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--output", type=Path, default=Path("docs/demo-dashboard.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1100)
    args = parser.parse_args(argv)
    try:
        asyncio.run(shoot(args.url.rstrip("/"), args.output, args.width, args.height))
    except DemoError as err:
        print(f"screenshot: {err}", file=sys.stderr)
        return 1
    print(f"screenshot: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
