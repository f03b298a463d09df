"""Talk to the demo's Home Assistant over its HTTP and websocket APIs.

Only what the demo needs: wait until the server answers, do the onboarding for the newcomer,
add the integration through its real config flow, and read the integration's entities.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp


class DemoError(Exception):
    """The demo cannot go on; the message says why."""


@dataclass(frozen=True, slots=True)
class MeterEntity:
    """One entity of the integration as the demo sees it (registry entry and state)."""

    entity_id: str
    key: str  # translation key, or the unique id when the entity has none
    state: str
    attributes: dict[str, Any]
    device_id: str | None = None  # the meter's device (the Linky TIC card's setting)


class HomeAssistantClient:
    """A small client of one Home Assistant instance."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        """Talk to the server at base_url (http://127.0.0.1:PORT) through session."""
        self._session = session
        self._base = base_url.rstrip("/")
        self._client_id = f"{self._base}/"
        self._token: str | None = None
        self._tokens: dict[str, Any] = {}

    async def wait_until_up(
        self, deadline: float, still_running: Callable[[], str | None]
    ) -> None:
        """Poll the login providers until they answer, the process dies or deadline passes.

        still_running returns None while the server process lives, or why it stopped.
        """
        while True:
            if (reason := still_running()) is not None:
                raise DemoError(reason)
            try:
                async with self._session.get(
                    f"{self._base}/api/onboarding",
                    timeout=aiohttp.ClientTimeout(total=5),
                ) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError, TimeoutError:
                pass
            if time.monotonic() > deadline:
                raise DemoError(
                    "Home Assistant did not answer on its HTTP port in time"
                )
            await asyncio.sleep(
                1
            )  # polling interval of a bounded wait, not a synchronisation

    async def onboard(self, name: str, username: str, password: str) -> None:
        """Create the owner account and finish every onboarding step, then log in."""
        steps = await self._get_json("/api/onboarding", auth=False)
        done = {step["step"] for step in steps if step["done"]}
        if "user" in done:
            await self._login_with_password(username, password)
        else:
            created = await self._post_json(
                "/api/onboarding/users",
                {
                    "client_id": self._client_id,
                    "name": name,
                    "username": username,
                    "password": password,
                    "language": "en",
                },
                auth=False,
            )
            await self._exchange_code(created["auth_code"])
        for step in ("core_config", "analytics"):
            if step not in done:
                await self._post_json(f"/api/onboarding/{step}", {})
        if "integration" not in done:
            await self._post_json(
                "/api/onboarding/integration",
                {
                    "client_id": self._client_id,
                    "redirect_uri": f"{self._client_id}?auth_callback=1",
                },
            )

    async def _login_with_password(self, username: str, password: str) -> None:
        flow = await self._post_json(
            "/auth/login_flow",
            {
                "client_id": self._client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self._client_id}?auth_callback=1",
            },
            auth=False,
        )
        result = await self._post_json(
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self._client_id, "username": username, "password": password},
            auth=False,
        )
        if result.get("type") != "create_entry":
            raise DemoError(f"cannot log in as {username!r}: {result.get('errors')}")
        await self._exchange_code(result["result"])

    async def _exchange_code(self, code: str) -> None:
        async with self._session.post(
            f"{self._base}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self._client_id,
            },
        ) as resp:
            if resp.status != 200:
                raise DemoError(f"token request refused: HTTP {resp.status}")
            self._tokens = await resp.json()
            self._token = self._tokens["access_token"]

    @property
    def base(self) -> str:
        """The server's address (http://127.0.0.1:PORT)."""
        return self._base

    def tokens_for_browser(self) -> dict[str, Any]:
        """The login as the frontend keeps it in localStorage "hassTokens"."""
        return {
            **self._tokens,
            "hassUrl": self._base,
            "clientId": self._client_id,
            "expires": int(time.time() * 1000) + int(self._tokens["expires_in"]) * 1000,
        }

    async def config_entries(self, domain: str) -> list[dict[str, Any]]:
        """Return the config entries of domain."""
        entries: list[dict[str, Any]] = await self._get_json(
            f"/api/config/config_entries/entry?domain={domain}"
        )
        return entries

    async def add_entry_through_flow(
        self, domain: str, answers: Callable[[str, dict[str, Any]], Any]
    ) -> dict[str, Any]:
        """Run domain's user config flow to its end, as the UI does.

        answers(step_id, field) gives the value to submit for one field of a form (or
        the chosen option of a menu, with field {"name": "next_step_id", "options": [...]}).
        Returns the created entry; raises DemoError on abort or on errors in a form.
        """
        result = await self._post_json(
            "/api/config/config_entries/flow", {"handler": domain}
        )
        for _ in range(10):
            kind = result.get("type")
            if kind == "create_entry":
                entry: dict[str, Any] = result.get("result", {})
                return entry
            if kind == "abort":
                raise DemoError(
                    f"the {domain} config flow aborted: {result.get('reason')}"
                )
            step_id = str(result.get("step_id"))
            if kind == "menu":
                options = result.get("menu_options", [])
                choice = answers(step_id, {"name": "next_step_id", "options": options})
                payload: dict[str, Any] = {"next_step_id": choice}
            elif kind == "form":
                if result.get("errors"):
                    raise DemoError(
                        f"the {domain} config flow refused step {step_id!r}: {result['errors']}"
                    )
                payload = {}
                for field in result.get("data_schema", []):
                    value = answers(step_id, field)
                    if value is not None:
                        payload[field["name"]] = value
            else:
                raise DemoError(f"unexpected {domain} config flow result: {result}")
            result = await self._post_json(
                f"/api/config/config_entries/flow/{result['flow_id']}", payload
            )
        raise DemoError(f"the {domain} config flow did not finish in 10 steps")

    async def meter_entities(self, platform: str) -> list[MeterEntity]:
        """Return the entities of platform that have a state, with their registry key."""
        registry = await self.command({"type": "config/entity_registry/list"})
        states = {s["entity_id"]: s for s in await self._get_json("/api/states")}
        found = []
        for entry in registry:
            if entry.get("platform") != platform or entry["entity_id"] not in states:
                continue
            state = states[entry["entity_id"]]
            found.append(
                MeterEntity(
                    entity_id=entry["entity_id"],
                    key=entry.get("translation_key") or entry.get("unique_id") or "",
                    state=state["state"],
                    attributes=state.get("attributes", {}),
                    device_id=entry.get("device_id"),
                )
            )
        return found

    async def command(self, command: dict[str, Any]) -> Any:
        """Send one websocket command (without its id) and return its result."""
        async with self._session.ws_connect(f"{self._base}/api/websocket") as ws:
            hello = await ws.receive_json(timeout=30)
            if hello.get("type") != "auth_required":
                raise DemoError(f"unexpected websocket greeting: {hello}")
            await ws.send_json({"type": "auth", "access_token": self._token})
            auth = await ws.receive_json(timeout=30)
            if auth.get("type") != "auth_ok":
                raise DemoError(f"websocket authentication failed: {auth}")
            await ws.send_json({"id": 1, **command})
            while True:
                reply = await ws.receive_json(timeout=60)
                if reply.get("id") == 1 and reply.get("type") == "result":
                    break
            if not reply.get("success"):
                raise DemoError(f"{command['type']} failed: {reply.get('error')}")
            return reply["result"]

    def _headers(self, auth: bool) -> dict[str, str]:
        if not auth:
            return {}
        if self._token is None:
            raise DemoError("not logged in")
        return {"Authorization": f"Bearer {self._token}"}

    async def _get_json(self, path: str, *, auth: bool = True) -> Any:
        async with self._session.get(
            f"{self._base}{path}", headers=self._headers(auth)
        ) as resp:
            if resp.status != 200:
                raise DemoError(f"GET {path}: HTTP {resp.status} {await resp.text()}")
            return await resp.json()

    async def _post_json(
        self, path: str, body: dict[str, Any], *, auth: bool = True
    ) -> Any:
        async with self._session.post(
            f"{self._base}{path}",
            json=body,
            headers=self._headers(auth),
            timeout=aiohttp.ClientTimeout(total=120),
        ) as resp:
            if resp.status != 200:
                raise DemoError(f"POST {path}: HTTP {resp.status} {await resp.text()}")
            return await resp.json()
