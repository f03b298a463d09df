"""The tariff state is the same in both TIC modes (what prices and costs rely on).

One simulated household and calendar, sent in historic and in standard mode
over the same days: the decoded period, off-peak flag, Tempo colours and
mobile peak state must agree, so the current price, the cost and the
automations built on them do not depend on the meter's mode. The one
documented difference: historic meters only give the EJP notice (PEJP)
30 minutes before the peak, standard meters from the day before (STGE).
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode, Reading, TariffPeriod
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

START = datetime(2026, 1, 14, 0, 5, tzinfo=PARIS)
STEP = timedelta(minutes=10)
DAYS = 3
SAME = ("period", "off_peak", "tempo_today", "tempo_tomorrow", "ejp_active")


@functools.cache
def _readings(mode: Mode, option: str, seed: int) -> tuple[Reading, ...]:
    """The frame decoded every ``STEP`` over ``DAYS`` days.

    Each sample is a meter started at that time (the tariff state depends on
    the calendar only; integrating days of load second by second is slow).
    """
    readings = []
    decoder = Decoder(guard=False)
    for n in range(int(timedelta(days=DAYS) / STEP)):
        meter = SimulatedMeter(mode, option=option, seed=seed, start=START + STEP * n)
        (reading,) = decoder.feed(meter.frame())
        readings.append(reading)
    return tuple(readings)


@pytest.mark.parametrize(
    ("option", "seed"),
    [("hc", 0), ("tempo", 0), ("tempo", 2), ("ejp", 1)],
    ids=["hc", "tempo-white-day", "tempo-red-day", "ejp"],
)
def test_both_modes_give_the_same_tariff_state(option: str, seed: int) -> None:
    historic = _readings(Mode.HISTORIC, option, seed)
    standard = _readings(Mode.STANDARD, option, seed)
    seen: dict[str, set[object]] = {field: set() for field in SAME}
    for h, s in zip(historic, standard, strict=True):
        for field in SAME:
            assert getattr(h, field) == getattr(s, field), (field, h.values)
            seen[field].add(getattr(h, field))
        assert h.period is not TariffPeriod.OTHER
        # PEJP (30 min before) only while the standard notice (day before) is on
        assert not h.ejp_notice or s.ejp_notice
    # the comparison covered the states that matter, not one constant value
    assert {True, False} <= seen["off_peak"] or option == "ejp"
    if option == "tempo":
        assert len(seen["tempo_today"]) >= 2
        assert None in seen["tempo_tomorrow"]  # before the announcement
        assert len(seen["tempo_tomorrow"] - {None}) >= 2
    if option == "ejp":
        assert seen["ejp_active"] == {True, False}
        assert any(h.ejp_notice for h in historic)


def test_the_historic_ejp_notice_is_the_last_half_hour_only() -> None:
    """Historic PEJP vs standard STGE notice, on the same EJP day (16 January)."""
    historic = _readings(Mode.HISTORIC, "ejp", 1)
    standard = _readings(Mode.STANDARD, "ejp", 1)
    times = [START + STEP * n for n in range(len(historic))]
    peak = datetime(2026, 1, 16, 7, 0, tzinfo=PARIS)
    h_on = [t for t, r in zip(times, historic, strict=True) if r.ejp_notice]
    s_on = [t for t, r in zip(times, standard, strict=True) if r.ejp_notice]
    assert [t for t in h_on if t.day == 16] == [
        peak - timedelta(minutes=25),
        peak - timedelta(minutes=15),
        peak - timedelta(minutes=5),
    ]
    announced = [t for t in s_on if peak - timedelta(days=1) < t < peak]
    assert announced[0] == datetime(2026, 1, 15, 11, 5, tzinfo=PARIS)
    assert announced[-1] == peak - timedelta(minutes=5)
