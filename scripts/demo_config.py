"""The demo's Home Assistant configuration directory and its Linky dashboard.

Only the components the demo needs are listed (no default_config): Home Assistant starts fast
and never has to install a requirement at start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from demo_ha import MeterEntity
from homeassistant.util.yaml import dump as yaml_dump

DASHBOARD_URL = "linky-demo"
DASHBOARD_FILE = "linky_dashboard.yaml"
CARD_TYPE = "custom:linky-tic-card"  # served by the integration (custom_components/linky_tic/card.py)
#: Home Assistant's time zone in the demo, and its browser's (the meter's calendars are French).
TIME_ZONE = "Europe/Paris"

CONFIGURATION = """\
# Written by scripts/demo: a minimal Home Assistant for the Linky TIC demo.
homeassistant:
  name: Linky TIC demo
  time_zone: {time_zone}
  country: FR
  currency: EUR
  unit_system: metric
  auth_providers:
    # Browsers on this machine only are logged in as the demo user without a password
    # (first, so that the login page uses it at once); elsewhere: user demo, password demo.
    - type: trusted_networks
      trusted_networks:
        - 127.0.0.1/32
        - ::1/128
      allow_bypass_login: true
    - type: homeassistant
# http: is in .storage/http (Home Assistant 2026.10 keeps it there; a YAML http: section
# would only be a trial that reverts to port 8123 on every interface after 5 minutes).
frontend:
config:
history:
logbook:
recorder:
  commit_interval: 5
energy:
lovelace:
  dashboards:
    {dashboard_url}:
      mode: yaml
      filename: {dashboard_file}
      title: Linky TIC
      icon: mdi:meter-electric
      show_in_sidebar: true
logger:
  default: warning
  logs:
    custom_components.linky_tic: info
"""


def write_config_dir(config_dir: Path, port: int, integration_dir: Path) -> None:
    """Lay out a fresh configuration directory that loads our integration from the tree."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(
        CONFIGURATION.format(
            dashboard_url=DASHBOARD_URL,
            dashboard_file=DASHBOARD_FILE,
            time_zone=TIME_ZONE,
        ),
        encoding="utf-8",
    )
    write_http_config(config_dir, port)
    write_onboarding_skipping_core_config(config_dir)
    custom = config_dir / "custom_components"
    custom.mkdir(exist_ok=True)
    link = custom / integration_dir.name
    if not link.is_symlink():
        link.symlink_to(integration_dir.resolve(), target_is_directory=True)
    write_dashboard(config_dir, [], subscribed_kva=6)


def write_http_config(config_dir: Path, port: int) -> None:
    """Serve on 127.0.0.1:port only, as the confirmed ("stable") HTTP configuration."""
    stable = {
        "server_host": ["127.0.0.1"],
        "server_port": port,
        "cors_allowed_origins": [],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": True,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": datetime.now(UTC).isoformat(),
        "error": None,
        "error_message": None,
    }
    stored = {
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {"stable": stable, "pending": None, "yaml_migration_done": True},
    }
    storage = config_dir / ".storage" / "http"
    storage.parent.mkdir(parents=True, exist_ok=True)
    storage.write_text(json.dumps(stored, indent=2), encoding="utf-8")


def write_onboarding_skipping_core_config(config_dir: Path) -> None:
    """Mark onboarding's "core_config" step done before Home Assistant first starts.

    Finishing that step through the API makes Home Assistant add the integrations a new
    installation suggests (Met.no weather, Radio Browser, Google Translate TTS, Shopping List):
    they reach the internet and need packages the demo does not install, and only fill the
    log with errors. The location, units and currency that step asks for are in
    configuration.yaml. The demo user is still created through onboarding's API.
    """
    stored = {
        "version": 4,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": ["core_config"]},
    }
    storage = config_dir / ".storage" / "onboarding"
    storage.parent.mkdir(parents=True, exist_ok=True)
    storage.write_text(json.dumps(stored, indent=2), encoding="utf-8")


def write_dashboard(
    config_dir: Path, entities: Iterable[MeterEntity], subscribed_kva: int
) -> None:
    """Write the YAML dashboard (Home Assistant reloads it when the file changes).

    Only a changed dashboard is written, and atomically: Home Assistant reads the file
    when a page asks for it, and a page that read it half-written stayed blank.
    """
    text = yaml_dump(dashboard(list(entities), subscribed_kva))
    path = config_dir / DASHBOARD_FILE
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    partial = path.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


_PHASE = re.compile(r"(^|_)(l[123]|phase[_ ]?[123]?)($|_)|[123]$")


def _is_per_phase(entity: MeterEntity) -> bool:
    return bool(_PHASE.search(entity.key.lower())) or "phase" in entity.entity_id


def _unit(entity: MeterEntity) -> str:
    return str(entity.attributes.get("unit_of_measurement", ""))


def _device_class(entity: MeterEntity) -> str:
    return str(entity.attributes.get("device_class", ""))


def _has(entity: MeterEntity, *words: str) -> bool:
    text = f"{entity.key} {entity.entity_id}".lower()
    return any(word in text for word in words)


def apparent_power(entities: list[MeterEntity]) -> MeterEntity | None:
    """Pick the meter's total apparent power (VA) drawn from the grid."""
    candidates = [
        e
        for e in entities
        if _unit(e) == "VA"
        and not _is_per_phase(e)
        and not _has(
            e, "max", "inject", "produc", "subscri", "cutoff", "reference", "peak"
        )
    ]
    candidates.sort(key=lambda e: (not _has(e, "apparent"), e.entity_id))
    return candidates[0] if candidates else None


#: The insights (computed from the statistics) have a card of their own.
INSIGHT_KEYS = frozenset(
    (
        "best_tariff",
        "off_peak_share",
        "subscription_advice",
        "standby_power",
        "tempo_red_days_left",
        "tempo_white_days_left",
        "ejp_days_left",
    )
)


def roles(entities: list[MeterEntity]) -> dict[str, list[MeterEntity]]:
    """Sort the integration's entities into the dashboard's cards."""
    insights = [e for e in entities if e.key in INSIGHT_KEYS]
    calendars = [e for e in entities if e.entity_id.startswith("calendar.")]
    entities = [e for e in entities if e not in insights and e not in calendars]
    main = apparent_power(entities)
    power = [
        e
        for e in entities
        if _unit(e) in {"W", "kW"} and not _is_per_phase(e) and e is not main
    ]
    energy = [
        e
        for e in entities
        if _device_class(e) == "energy"
        and e.attributes.get("state_class") in {"total_increasing", "total"}
    ]
    tempo = [e for e in entities if _has(e, "tempo", "colour", "color", "tomorrow")]
    costs = [
        e
        for e in entities
        if _device_class(e) == "monetary" or _unit(e).startswith("EUR")
    ]
    tariff = [
        e
        for e in entities
        if e not in tempo
        and e not in energy
        and e not in costs
        and _has(e, "period", "tariff", "ptec", "ltarf", "offpeak", "off_peak")
    ]
    shown = {
        e.entity_id
        for e in (main, *power, *energy, *costs, *tempo, *tariff)
        if e is not None
    }
    others = [e for e in entities if e.entity_id not in shown]
    return {
        "apparent_power": [main] if main else [],
        "power": power,
        "energy": energy,
        "costs": costs,
        "tempo": tempo,
        "tariff": tariff,
        "insights": insights,
        "calendars": calendars,
        "others": others,
    }


def dashboard(entities: list[MeterEntity], subscribed_kva: int) -> dict[str, Any]:
    """The Lovelace configuration of the demo dashboard for these entities."""
    if not entities:
        return {
            "title": "Linky TIC",
            "views": [
                {
                    "title": "Meter",
                    "path": "meter",
                    "cards": [
                        {
                            "type": "markdown",
                            "content": "Waiting for the simulated meter's first frames...",
                        }
                    ],
                }
            ],
        }
    by_role = roles(entities)
    cards: list[dict[str, Any]] = []
    # The integration's own card leads: it finds the meter's entities from its device.
    device = next((e.device_id for e in entities if e.device_id), None)
    if device is not None:
        cards.append({"type": CARD_TYPE, "device_id": device})
    max_va = subscribed_kva * 1000
    cards.extend(
        {
            "type": "gauge",
            "entity": main.entity_id,
            "name": f"Apparent power (subscribed {subscribed_kva} kVA)",
            "unit": "VA",
            "min": 0,
            "max": max_va,
            "needle": True,
            "severity": {
                "green": 0,
                "yellow": int(max_va * 0.7),
                "red": int(max_va * 0.9),
            },
        }
        for main in by_role["apparent_power"]
    )
    tariff_rows = [e.entity_id for e in by_role["tariff"] + by_role["tempo"]]
    if tariff_rows:
        cards.append({"type": "entities", "title": "Tariff", "entities": tariff_rows})
    if by_role["energy"]:
        cards.append(
            {
                "type": "entities",
                "title": "Energy per tariff period",
                "entities": [e.entity_id for e in by_role["energy"]],
            }
        )
    if by_role["costs"]:
        cards.append(
            {
                "type": "entities",
                "title": "Price and costs (example prices)",
                "entities": [e.entity_id for e in by_role["costs"]],
            }
        )
    if by_role["insights"]:
        cards.append(
            {
                "type": "entities",
                "title": "Insights (from the statistics)",
                "entities": [e.entity_id for e in by_role["insights"]],
            }
        )
    if by_role["calendars"]:
        cards.append(
            {
                "type": "calendar",
                "initial_view": "dayGridMonth",
                "entities": [e.entity_id for e in by_role["calendars"]],
            }
        )
    graphed = [e.entity_id for e in by_role["apparent_power"] + by_role["power"]]
    if graphed:
        cards.append(
            {
                "type": "history-graph",
                "title": "Power",
                "hours_to_show": 0.25,
                "entities": graphed,
            }
        )
    if by_role["others"]:
        cards.append(
            {
                "type": "entities",
                "title": "Everything else the meter says",
                "entities": [e.entity_id for e in by_role["others"]],
            }
        )
    return {
        "title": "Linky TIC",
        "views": [{"title": "Meter", "path": "meter", "cards": cards}],
    }
