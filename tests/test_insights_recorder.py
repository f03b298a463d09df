"""The insights of two simulated households, from a real SQLite recorder.

Each household is a ``SimulatedMeter`` whose load is known second by second;
two weeks of it are fast-forwarded on the simulator's own clock, and its
exact registers are read at every hour (the supplier indexes, Wh) and every
midnight (the day's SMAXSN peak, VA).

The entry is set up on a real pty with the meter's frames, so the statistics
are those of our own entities (their ids and units). The two weeks are then
put in the recorder with its statistics import API
(``async_import_statistics``: hourly ``state``/``sum`` of each energy index,
and the day's peak as the ``max`` of the apparent power in its hour; for a
standard meter, SMAXSN hour by hour as "Max power today"'s rows), which is
much faster than streaming 800 000 frames; the recorder stores them in its
SQLite file and the insights read them back through
``statistics_during_period``, as they read what the recorder compiles itself
(``test_insights_compiled.py`` streams a real hour to show that reader finds
the compiled hour of our entities, to the Wh).

Every figure is checked against the figure computed here by hand from the
registers and the default price table, to the cent or the watt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.insight_tariffs import TYPICAL_SEASON
from custom_components.linky_tic.insights_coordinator import (
    InsightsCoordinator,
    async_get_insights,
)
from custom_components.linky_tic.tic.simulator import Household, Load, SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

from .support.helpers import FakeClock, PtyLine, state_of
from .support.insights import heard_meter, write_energy

DAYS = 14
#: The default table (insight_prices.DEFAULT_PRICE_TABLE), as a user reads it.
BASE = {6: (11.47, 0.1558), 9: (14.27, 0.1605)}
HPHC = {6: (13.14, 0.1360, 0.1821), 9: (16.61, 0.1360, 0.1821)}
TEMPO_SUB = {6: 15.50, 9: 19.49}
TEMPO_KWH = {  # (off-peak, peak) by colour
    "blue": (0.1288, 0.1552),
    "white": (0.1447, 0.1792),
    "red": (0.1518, 0.6586),
}


class Home(Household):
    """A household whose active power (W, cos phi = 1) is a function of local time."""

    def __init__(self, watts: Callable[[datetime], int]) -> None:
        """``watts(local)``: the power drawn during that second."""
        super().__init__(0)
        self.watts = watts
        self._hour: tuple[int, Load] | None = None

    def load(self, second: int) -> Load:
        """The load of the hour (the profiles change on the hour only)."""
        hour = second // 3600
        if self._hour is None or self._hour[0] != hour:
            local = datetime.fromtimestamp(hour * 3600, PARIS)
            self._hour = (hour, Load((self.watts(local),), (0,), 1.0, (230,)))
        return self._hour[1]


def water_heater_home(local: datetime) -> int:
    """3 kW of water heater from 22:00 to 04:00, 200 W standby, 500 W by day."""
    if local.hour >= 22 or local.hour < 4:
        return 3200
    if local.hour < 7:
        return 200
    return 2500 if local.hour == 12 else 500


def small_home(local: datetime) -> int:
    """No water heater; 180 W at night, never above 3.5 kVA."""
    hour = local.hour
    if hour < 6:
        return 180
    if hour < 8:
        return 1200
    if hour < 18:
        return 400
    if hour < 21:
        return 3500
    return 800


@dataclass
class Registers:
    """The simulator's exact registers over the weeks."""

    hours: list[tuple[datetime, list[int]]] = field(default_factory=list)
    peaks: list[tuple[datetime, int]] = field(default_factory=list)  # (at, VA)
    #: SMAXSN at the end of every hour (the day's maximum so far), by hour start.
    smaxsn: list[tuple[datetime, int]] = field(default_factory=list)


def fast_forward(meter: SimulatedMeter, end: datetime) -> Registers:
    """Run the meter hour by hour to ``end``; its indexes at every hour."""
    out = Registers()
    while meter.local_time < end:
        start = meter.local_time
        before = list(meter.easf)
        meter.advance(3600)
        out.hours.append(
            (start, [a - b for a, b in zip(meter.easf, before, strict=True)])
        )
        if meter.local_time.hour == 0:
            peak = meter.smaxsn_prev[0]
            out.peaks.append((peak.at, peak.va))
            out.smaxsn.append((start, peak.va))  # the meter reset it at midnight
        else:
            out.smaxsn.append((start, meter.smaxsn[0].va))
    return out


def smaxsn_rows(registers: Registers) -> list[dict[str, Any]]:
    """The hourly rows the recorder compiles from "Max power today" (SMAXSN).

    An hour's maximum is the register at its end, and the state at its start:
    the hour from midnight still holds the previous day's maximum.
    """
    rows: list[dict[str, Any]] = []
    before = 0
    for start, va in registers.smaxsn:
        top = max(before, va) if start.hour == 0 else va
        rows.append({"start": start.astimezone(UTC), "max": top, "min": 0, "mean": 0})
        before = va
    return rows


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A SQLite file."""
    return f"sqlite:///{tmp_path / 'recorder.db'}"


async def household(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    watts: Callable[[datetime], int],
    *,
    kva: int,
    options: dict[str, Any] | None = None,
    mode: str = "historic",
) -> tuple[InsightsCoordinator, Registers, datetime]:
    """Set the meter up, fast-forward two weeks, import their statistics.

    A standard meter's SMAXSN is imported too, as "Max power today"'s hourly rows.
    """
    await hass.config.async_set_time_zone("Europe/Paris")
    end = dt_util.now().replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=DAYS)
    meter = SimulatedMeter(
        mode, option="base", kva=kva, start=start, household=Home(watts)
    )
    entry = await heard_meter(hass, line, clock, meter, options)
    insights = async_get_insights(hass, entry)
    ids = insights.statistic_ids()
    # a standard meter also sends EAST (its total) and SMAXSN
    standard = {"max_power_today", "energy_total"} if mode == "standard" else set()
    assert set(ids) == {"energy_base", "apparent_power", *standard}

    index = meter.easf[0]
    registers = fast_forward(meter, end)
    energy_id, power_id = ids["energy_base"], ids["apparent_power"]
    assert state_of(hass, energy_id).attributes["unit_of_measurement"] == "kWh"
    assert state_of(hass, power_id).attributes["unit_of_measurement"] == "VA"
    await write_energy(
        hass,
        [
            (at.astimezone(UTC), {energy_id: deltas[0]})
            for at, deltas in registers.hours
        ],
        index / 1000,
    )
    async_import_statistics(
        hass,
        {
            "statistic_id": power_id,
            "source": "recorder",
            "name": None,
            "unit_of_measurement": "VA",
            "unit_class": None,
            "has_sum": False,
            "mean_type": StatisticMeanType.ARITHMETIC,
        },
        [
            {
                "start": at.replace(minute=0, second=0).astimezone(UTC),
                "mean": va,
                "min": va,
                "max": va,
            }
            for at, va in registers.peaks
        ],
    )
    if standard:
        async_import_statistics(
            hass,
            {
                "statistic_id": ids["max_power_today"],
                "source": "recorder",
                "name": None,
                "unit_of_measurement": "VA",
                "unit_class": None,
                "has_sum": False,
                "mean_type": StatisticMeanType.ARITHMETIC,
            },
            smaxsn_rows(registers),  # type: ignore[arg-type]
        )
    await async_wait_recording_done(hass)
    await insights.async_refresh()
    await hass.async_block_till_done()
    return insights, registers, end


def by_hand(registers: Registers, kva: int) -> dict[str, float]:
    """The three tariffs' costs over the weeks, from the registers and the table."""
    off = peak = 0
    tempo = 0.0
    for at, deltas in registers.hours:
        wh = deltas[0]
        night = at.hour >= 22 or at.hour < 6
        if night:
            off += wh
        else:
            peak += wh
        day = (at - timedelta(hours=6)).date()
        red, white = TYPICAL_SEASON[day.month]
        days_in_month = (
            (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        ).day
        blue = days_in_month - red - white
        price = (
            sum(
                n * TEMPO_KWH[color][0 if night else 1]
                for color, n in (("blue", blue), ("white", white), ("red", red))
            )
            / days_in_month
        )
        tempo += wh / 1000 * price
    months = 12 * DAYS / 365
    return {
        "base": (off + peak) / 1000 * BASE[kva][1] + BASE[kva][0] * months,
        "off_peak": off / 1000 * HPHC[kva][1]
        + peak / 1000 * HPHC[kva][2]
        + HPHC[kva][0] * months,
        "tempo": tempo + TEMPO_SUB[kva] * months,
        "off_share": 100 * off / (off + peak),
        "kwh": (off + peak) / 1000,
    }


async def test_big_off_peak_water_heater_hphc_wins(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    insights, registers, _end = await household(
        hass, line, clock, water_heater_home, kva=6, options={"saving_threshold": 20}
    )
    hand = by_hand(registers, 6)
    best = state_of(hass, "sensor.linky_best_tariff")
    print({k: round(v, 2) for k, v in hand.items()}, best.attributes)
    assert best.state == "off_peak"
    for tariff in ("base", "off_peak", "tempo"):
        assert best.attributes[f"cost_30_days_{tariff}"] == pytest.approx(
            hand[tariff], abs=0.005
        )
    saving = (hand["base"] - hand["off_peak"]) * 365 / DAYS
    assert best.attributes["yearly_saving"] == pytest.approx(saving, abs=0.005)
    assert best.attributes["current_tariff"] == "base"
    assert best.attributes["tempo_colors"] == "typical"
    assert best.attributes["off_peak_hours"] == "default"
    assert best.attributes["days"] == DAYS
    share = state_of(hass, "sensor.linky_off_peak_share")
    assert float(share.state) == pytest.approx(hand["off_share"], abs=0.05)
    # break-even from the prices: (S_hc - S_b + E (p_hp - p_b)) / (E (p_hp - p_hc))
    extra = (13.14 - 11.47) * 12 * DAYS / 365
    e = hand["kwh"]
    even = 100 * (extra + e * (0.1821 - 0.1558)) / (e * (0.1821 - 0.1360))
    assert share.attributes["break_even_share"] == pytest.approx(even, abs=0.05)
    assert float(share.state) > share.attributes["break_even_share"]
    # the saving is above the user's threshold: a repair issue says so
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"better_tariff_{insights.config_entry.entry_id}"
    )
    assert issue is not None
    placeholders = issue.translation_placeholders
    assert placeholders is not None
    assert placeholders["saving"] == f"{saving:.0f}"
    # the tariffs by their names, not their keys
    assert placeholders["best"] == "Off-peak hours (HP/HC)"
    assert placeholders["current"] == "Base"


async def test_small_home_base_wins_6_kva_is_enough_180_w_at_night(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    insights, registers, _end = await household(hass, line, clock, small_home, kva=9)
    hand = by_hand(registers, 9)
    best = state_of(hass, "sensor.linky_best_tariff")
    print({k: round(v, 2) for k, v in hand.items()}, best.attributes)
    assert best.state == "base"
    assert best.attributes["subscribed_power_kva"] == 9
    for tariff in ("base", "off_peak", "tempo"):
        assert best.attributes[f"cost_30_days_{tariff}"] == pytest.approx(
            hand[tariff], abs=0.005
        )
    assert best.attributes["yearly_saving"] == 0
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, f"better_tariff_{insights.config_entry.entry_id}"
        )
        is None
    )

    advice = state_of(hass, "sensor.linky_advised_subscribed_power")
    assert max(va for _, va in registers.peaks) == 3500  # SMAXSN of every day
    assert advice.state == "6"
    assert advice.attributes["max_daily_power_va"] == 3500
    assert advice.attributes["days_over_subscription"] == 0
    # a historic meter has no SMAXSN: the largest PAPP recorded each day
    assert advice.attributes["daily_max_source"] == "apparent_power"
    assert advice.attributes["days_from_smaxsn"] == 0
    # the same energy on Base at 6 kVA instead of 9, for a year
    yearly = (14.27 - 11.47) * 12 + hand["kwh"] * (0.1605 - 0.1558) * 365 / DAYS
    assert advice.attributes["yearly_saving"] == pytest.approx(yearly, abs=0.005)

    standby = state_of(hass, "sensor.linky_always_on_power")
    assert standby.state == "180"
    assert standby.attributes["yearly_energy_kwh"] == pytest.approx(180 * 8.76)
    assert standby.attributes["yearly_cost"] == pytest.approx(
        180 * 8.76 * 0.1605, abs=0.005
    )
    assert insights.data.history_days == DAYS


async def test_standard_meter_advice_from_smaxsn(
    recorder_mock: Recorder, hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    """A standard meter: each day's maximum is its SMAXSN register, hour 00 left out."""
    insights, registers, _end = await household(
        hass, line, clock, small_home, kva=9, mode="standard"
    )
    advice = state_of(hass, "sensor.linky_advised_subscribed_power")
    days = {at.date() for at, _ in registers.smaxsn if at.hour > 0}
    print(advice.attributes)
    assert advice.state == "6"
    assert advice.attributes["max_daily_power_va"] == max(
        va for _, va in registers.peaks
    )
    assert advice.attributes["daily_max_source"] == "smaxsn"
    # every day of the window with a recorded SMAXSN after its first hour
    assert advice.attributes["days_from_smaxsn"] == advice.attributes["days"]
    assert advice.attributes["days"] == len(days)
    assert insights.data.advice_meter_days == len(days)
