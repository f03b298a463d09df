"""The insights' entities: too little history, the Tempo calendar and days left,
the options step of the price table."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.core import HomeAssistant, ServiceResponse
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.linky_tic.const import (
    CONF_PRICE_TABLE,
    CONF_SAVING_THRESHOLD,
    DOMAIN,
)
from custom_components.linky_tic.insight_prices import default_price_table
from custom_components.linky_tic.insights_coordinator import async_get_insights
from custom_components.linky_tic.issues import async_create_better_tariff_issue
from custom_components.linky_tic.tic.model import TempoColor
from custom_components.linky_tic.tic.simulator import SimulatedMeter

from .support.helpers import FakeClock, PtyLine, state_of
from .support.insights import heard_meter, write_energy

PERIODS = {  # (colour, off-peak) -> description key
    (color, off): f"energy_{color.value}_{'off_peak' if off else 'peak'}"
    for color in TempoColor
    for off in (True, False)
}


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


def _events(response: ServiceResponse, calendar: str) -> list[dict[str, Any]]:
    """The events ``calendar.get_events`` answered for ``calendar``."""
    assert response is not None
    answer = response[calendar]
    assert isinstance(answer, dict)
    events = answer["events"]
    assert isinstance(events, list)
    assert all(isinstance(event, dict) for event in events)
    return cast("list[dict[str, Any]]", events)


async def _meter(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    option: str,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    meter = SimulatedMeter("historic", option=option, seed=5)
    return await heard_meter(hass, line, clock, meter, options)


async def test_too_little_history_says_what_it_needs(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    entry = await _meter(hass, line, clock, "base")
    await async_get_insights(hass, entry).async_refresh()
    await hass.async_block_till_done()
    for entity_id in (
        "sensor.linky_best_tariff",
        "sensor.linky_off_peak_share",
        "sensor.linky_advised_subscribed_power",
        "sensor.linky_always_on_power",
    ):
        state = state_of(hass, entity_id)
        assert state.state == "unknown", entity_id
        assert state.attributes["needed_days"] == 7
        assert state.attributes["history_days"] == 0
    assert hass.states.get("calendar.linky_tempo_days") is None  # not a Tempo meter


async def test_tempo_calendar_and_days_left_from_the_indexes(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    entry = await _meter(hass, line, clock, "tempo")
    insights = async_get_insights(hass, entry)
    ids = insights.statistic_ids()
    assert set(PERIODS.values()) <= set(ids)
    end = dt_util.now().replace(minute=0, second=0, microsecond=0)
    first_day = (end - timedelta(days=10)).date()
    reds = {first_day + timedelta(days=2), first_day + timedelta(days=5)}
    whites = {first_day + timedelta(days=3), first_day + timedelta(days=4)}

    def color(day: date) -> TempoColor:
        return (
            TempoColor.RED
            if day in reds
            else TempoColor.WHITE
            if day in whites
            else TempoColor.BLUE
        )

    start = datetime.combine(
        first_day, datetime.min.time(), dt_util.get_default_time_zone()
    )
    start += timedelta(hours=6)  # the first Tempo day's start
    hours = []
    at = start
    while at < end:
        day = (at - timedelta(hours=6)).date()
        off = at.hour >= 22 or at.hour < 6
        hours.append((at, {ids[PERIODS[color(day), off]]: 500.0}))
        at += timedelta(hours=1)
    await write_energy(hass, hours)
    await insights.async_refresh()
    await hass.async_block_till_done()

    red = state_of(hass, "sensor.linky_red_days_left")
    white = state_of(hass, "sensor.linky_white_days_left")
    assert red.state == "20"  # 22 - 2 seen this season
    assert white.state == "41"  # 43 - 2
    assert red.attributes["counted_from"] == first_day.isoformat()
    assert red.attributes["season_start"].endswith("-09-01")

    result = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": "calendar.linky_tempo_days",
            "start_date_time": (end - timedelta(days=12)).isoformat(),
            "end_date_time": end.isoformat(),
        },
        blocking=True,
        return_response=True,
    )
    events = _events(result, "calendar.linky_tempo_days")
    by_day = {e["start"]: e["summary"] for e in events}
    for day in reds:
        assert by_day[day.isoformat()] == "Red"
    for day in whites:
        assert by_day[day.isoformat()] == "White"
    assert by_day[(first_day + timedelta(days=1)).isoformat()] == "Blue"
    # today's colour comes from the meter
    reading = entry.runtime_data.data
    today = (dt_util.now() - timedelta(hours=6)).date()
    calendar = state_of(hass, "calendar.linky_tempo_days")
    assert calendar.attributes["message"] == reading.tempo_today.value.capitalize()
    assert calendar.attributes["start_time"].startswith(today.isoformat())


async def test_options_step_checks_and_keeps_the_price_table(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    entry = await _meter(hass, line, clock, "base")

    async def submit(table: Any) -> ConfigFlowResult:
        result = await hass.config_entries.options.async_init(entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "insights"}
        )
        assert result["step_id"] == "insights"
        form: dict[str, Any] = {CONF_SAVING_THRESHOLD: 30}
        if table is not None:
            form[CONF_PRICE_TABLE] = table
        return await hass.config_entries.options.async_configure(
            result["flow_id"], form
        )

    bad = await submit({"base": {"6": {"subscription": 10}}})
    assert bad["type"] is FlowResultType.FORM
    assert bad["errors"] == {CONF_PRICE_TABLE: CONF_PRICE_TABLE}
    placeholders = bad["description_placeholders"]
    assert placeholders is not None
    assert "no base price" in placeholders["error"]

    default = await submit(default_price_table())
    assert default["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_PRICE_TABLE not in entry.options  # the dated defaults stay the defaults
    assert entry.options[CONF_SAVING_THRESHOLD] == 30
    await hass.async_block_till_done()

    mine = {"base": {"6": {"subscription": 10.0, "base": 0.2}}}
    result = await submit(mine)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_PRICE_TABLE] == mine
    await hass.async_block_till_done()

    # the settings step keeps the insights' options
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "settings"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "price_base": 0.2,
            "power_interval": 10,
            "index_interval": 60,
            "per_phase_entities": True,
            "diagnostic_entities": True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_PRICE_TABLE] == mine
    assert entry.options[CONF_SAVING_THRESHOLD] == 30
    assert entry.options["price_base"] == 0.2


async def test_ejp_calendar_and_days_left(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    entry = await _meter(hass, line, clock, "ejp")
    insights = async_get_insights(hass, entry)
    ids = insights.statistic_ids()
    assert {"energy_ejp_normal", "energy_ejp_peak"} <= set(ids)
    end = dt_util.now().replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=8)
    # two EJP days: the peak index counts from 07:00 to 01:00 the next day
    peak_days = {(start + timedelta(days=2)).date(), (start + timedelta(days=5)).date()}
    hours = []
    at = start
    while at < end:
        day = (at - timedelta(hours=7)).date()
        peak = day in peak_days and (at.hour >= 7 or at.hour < 1)
        hours.append(
            (at, {ids["energy_ejp_peak" if peak else "energy_ejp_normal"]: 400.0})
        )
        at += timedelta(hours=1)
    await write_energy(hass, hours)
    await insights.async_refresh()
    await hass.async_block_till_done()

    assert state_of(hass, "sensor.linky_ejp_days_left").state == "20"
    assert hass.states.get("sensor.linky_red_days_left") is None  # not Tempo
    result = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": "calendar.linky_ejp_days",
            "start_date_time": (start - timedelta(days=1)).isoformat(),
            "end_date_time": end.isoformat(),
        },
        blocking=True,
        return_response=True,
    )
    events = _events(result, "calendar.linky_ejp_days")
    assert {e["start"] for e in events} >= {d.isoformat() for d in peak_days}
    assert {e["summary"] for e in events} == {"EJP day"}
    assert {e["description"] for e in events} == {"07:00 → 01:00"}


@pytest.mark.parametrize(
    ("language", "best", "current"),
    [
        ("en", "Off-peak hours (HP/HC)", "Off-peak/peak hours and weekend"),
        ("fr", "Heures creuses (HP/HC)", "Heures creuses/pleines et week-end"),
        ("de", "Off-peak hours (HP/HC)", "Off-peak/peak hours and weekend"),
    ],
)
async def test_better_tariff_issue_names_the_tariffs_in_the_language(
    hass: HomeAssistant, language: str, best: str, current: str
) -> None:
    """The repair text shows the tariffs' names (English without a translation)."""
    hass.config.language = language
    entry = MockConfigEntry(domain=DOMAIN, title="Linky")
    entry.add_to_hass(hass)
    await async_create_better_tariff_issue(
        hass, entry, best="off_peak", current="weekend", saving=123.4, days=30
    )
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"better_tariff_{entry.entry_id}"
    )
    assert issue is not None
    assert issue.translation_placeholders == {
        "title": "Linky",
        "best": best,
        "current": current,
        "saving": "123",
        "days": "30",
    }
