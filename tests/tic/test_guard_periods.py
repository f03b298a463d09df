"""The idle-index rule never withholds a true value, across every kind of period change.

Each case starts a simulated meter three minutes before a switch point (peak /
off-peak, split off-peak windows, a Tempo day changing colour at 06:00, an EJP
mobile peak starting and ending) and decodes its frames at line rate for ten
minutes, with and without the guard: once the baselines are confirmed, both
must publish exactly the same values, and the guard must reject nothing (it
withholds the first frame's indexes, and a new period's LTARF for one frame,
as ``unconfirmed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode, Rejection, TempoColor, Value
from custom_components.linky_tic.tic.simulator import (
    EjpCalendar,
    SimulatedMeter,
    TempoCalendar,
)
from custom_components.linky_tic.tic.simulator.calendar import PARIS

DAY = date(2026, 1, 15)  # a Thursday in winter
SPLIT = "01:00-07:00+12:30-14:30"
TEMPO = TempoCalendar(
    overrides={DAY: TempoColor.BLUE, DAY + timedelta(days=1): TempoColor.RED}
)
EJP = EjpCalendar(days=frozenset({DAY}))

#: (name, option, off-peak windows, time of the switch)
CASES = [
    ("hc-peak-to-off-peak", "hc", "22:00-06:00", datetime(2026, 1, 15, 22, 0, tzinfo=PARIS)),
    ("hc-off-peak-to-peak", "hc", "22:00-06:00", datetime(2026, 1, 16, 6, 0, tzinfo=PARIS)),
    ("hc-split-window-start", "hc", SPLIT, datetime(2026, 1, 15, 12, 30, tzinfo=PARIS)),
    ("hc-split-window-end", "hc", SPLIT, datetime(2026, 1, 15, 14, 30, tzinfo=PARIS)),
    ("tempo-blue-off-peak-to-red-peak", "tempo", "22:00-06:00", datetime(2026, 1, 16, 6, 0, tzinfo=PARIS)),
    ("tempo-red-peak-to-off-peak", "tempo", "22:00-06:00", datetime(2026, 1, 16, 22, 0, tzinfo=PARIS)),
    ("ejp-peak-starts", "ejp", "22:00-06:00", datetime(2026, 1, 15, 7, 0, tzinfo=PARIS)),
    ("ejp-peak-ends", "ejp", "22:00-06:00", datetime(2026, 1, 16, 1, 0, tzinfo=PARIS)),
    ("base", "base", "22:00-06:00", datetime(2026, 1, 15, 12, 0, tzinfo=PARIS)),
]  # fmt: skip


@pytest.mark.parametrize("mode", [Mode.HISTORIC, Mode.STANDARD])
@pytest.mark.parametrize(
    ("option", "off_peak", "switch"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_guard_withholds_no_true_value_at_a_period_change(
    mode: Mode, option: str, off_peak: str, switch: datetime
) -> None:
    start = switch - timedelta(minutes=3)
    meter = SimulatedMeter(
        mode, 1, option, seed=4, start=start, off_peak=off_peak, tempo=TEMPO, ejp=EJP
    )
    clock = lambda: meter.clock_ms / 1000  # noqa: E731
    guarded, plain = Decoder(mode, clock=clock), Decoder(mode, guard=False, clock=clock)
    periods = set()
    rising: dict[str, list[int]] = {}
    frames = held = 0
    previous: Mapping[str, Value] = {}
    while meter.local_time < start + timedelta(minutes=10):
        (data,) = meter.frames(1)
        (reading,) = guarded.feed(data)
        (truth,) = plain.feed(data)
        frames += 1
        # Only "not yet": the first frame's indexes, a new period's name.
        assert {r.reason for r in reading.rejected} <= {Rejection.UNCONFIRMED}
        withheld = {r.label for r in reading.rejected}
        if frames > 2:  # the baselines are confirmed by the second frame
            # A new LTARF waits one frame (guard rule 5), nothing else does.
            assert withheld <= {"LTARF"}
            if withheld:
                assert truth.values["LTARF"] != previous["LTARF"]
                held += 1
            assert reading.values == {
                k: v for k, v in truth.values.items() if k not in withheld
            }
        previous = truth.values
        periods.add(reading.period)
        for label, value in truth.values.items():
            if label.startswith(("EASF", "EASD", "BBR", "HCH", "EJP", "BASE")):
                rising.setdefault(label, []).append(int(value))
    assert guarded.counters.implausible_values == 0
    # Each change of LTARF was held exactly once (the standard mode names periods).
    assert held == (len(periods) - 1 if mode is Mode.STANDARD else 0)
    # The case did what it says: the period changed, and energy was counted
    # on the index of each side of the switch.
    moved = {label for label, values in rising.items() if values[-1] > values[0]}
    if option == "base":
        assert len(periods) == 1
    else:
        assert len(periods) == 2, periods
        assert len(moved) >= (2 if mode is Mode.HISTORIC else 3), moved
