"""Re-basing a past hourly series onto ours: units, junction, overlap, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.linky_tic.history_series import (
    HistoryError,
    Hour,
    convert,
    hourly_energy,
    plan_import,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
H = timedelta(hours=1)


def _series(
    energies_kwh: list[float], *, base: float = 0.0, index: float = 0.0
) -> list[Hour]:
    """Rows as the recorder compiles them: sum from the first hour, state = index."""
    rows, total = [], base
    for n, energy in enumerate(energies_kwh):
        total += energy
        index += energy
        rows.append(Hour(T0 + n * H, total, index))
    return rows


def test_units_convert_and_unknown_units_are_refused() -> None:
    assert convert(1.5, "kWh", "Wh") == 1500
    assert convert(2_000, "Wh", "MWh") == pytest.approx(0.002)
    with pytest.raises(HistoryError) as error:
        convert(1, "m³", "kWh")
    assert error.value.key == "not_energy"


def test_first_hour_counts_its_own_sum_only_when_plausible() -> None:
    compiled = [Hour(T0, 0.4), Hour(T0 + H, 1.0)]
    assert hourly_energy(compiled, "kWh") == [(T0, 400.0), (T0 + H, 600.0)]
    imported_with_base = [Hour(T0, 5_000.0), Hour(T0 + H, 5_000.5)]
    assert hourly_energy(imported_with_base, "kWh") == [(T0, 0.0), (T0 + H, 500.0)]


def test_past_hours_before_ours_are_rebased_and_ours_move_up() -> None:
    past = _series([0.5, 1.0, 0.25, 2.0], index=10_000.0)  # kWh, hours 0-3
    # Our first hour is hour 3; we read from its start: 2 kWh, as the past says.
    ours = Hour(T0 + 3 * H, 2000.0, 10_003_750.0)  # Wh
    plan = plan_import(past, "kWh", ours, "Wh")
    assert [(r.start, r.sum) for r in plan.rows] == [
        (T0, 500.0),
        (T0 + H, 1500.0),
        (T0 + 2 * H, 1750.0),
    ]
    assert [r.state for r in plan.rows] == [10_000_500.0, 10_001_500.0, 10_001_750.0]
    assert plan.overlapping == 1
    assert plan.junction.added == 0.0  # our first hour already had it all
    assert plan.adjustment == 1750.0
    assert plan.energy_wh == 1750.0
    summary = plan.summary()
    assert summary["hours"] == 3
    assert summary["first"] == T0.isoformat()
    assert summary["junction"] == {
        "last_imported_hour": (T0 + 2 * H).isoformat(),
        "last_imported_kwh": 0.25,
        "first_own_hour": (T0 + 3 * H).isoformat(),
        "first_own_kwh_before": 2.0,
        "first_own_kwh_after": 2.0,
    }


def test_junction_hour_takes_what_the_past_saw_before_our_first_reading() -> None:
    past = _series([1.0, 1.0, 1.2])  # kWh; hour 2 is our first (we started mid-hour)
    ours = Hour(T0 + 2 * H, 0.5, 1000.0)  # kWh: we saw 0.5 of its 1.2
    plan = plan_import(past, "kWh", ours, "kWh")
    assert plan.junction.added == pytest.approx(700.0)
    # Panel: our first hour = (0.5 + adjustment) - last past sum = 1.2 kWh.
    assert 0.5 + plan.adjustment - plan.rows[-1].sum == pytest.approx(1.2)


def test_junction_from_the_index_when_the_past_stops_at_our_first_hour() -> None:
    past = _series([1.0, 1.0], index=5000.0)  # index 5002 kWh at T0 + 2h
    ours = Hour(T0 + 2 * H, 0.5, 5002.8)  # first reading 5002.3: 0.3 kWh missed
    plan = plan_import(past, "kWh", ours, "kWh")
    assert plan.junction.added == pytest.approx(300.0)
    implausible = Hour(T0 + 2 * H, 0.5, 9999.0)  # another counter: not the same index
    assert plan_import(past, "kWh", implausible, "kWh").junction.added == 0.0
    later = Hour(T0 + 5 * H, 0.5, 5002.8)  # hours without data between: no guess
    assert plan_import(past, "kWh", later, "kWh").junction.added == 0.0


def test_a_past_hour_that_went_down_counts_zero() -> None:
    past = [Hour(T0, 1.0), Hour(T0 + H, 0.5), Hour(T0 + 2 * H, 1.5)]
    plan = plan_import(past, "kWh", Hour(T0 + 3 * H, 0.1, None), "kWh")
    assert [r.sum for r in plan.rows] == [1.0, 1.0, 2.0]
    assert plan.negative == 1


def test_nothing_before_our_first_hour_plans_nothing() -> None:
    past = _series([1.0, 1.0])
    plan = plan_import(past, "kWh", Hour(T0, 1.0, None), "kWh")
    assert plan.empty
    assert plan.adjustment == 0.0
    assert plan.overlapping == 2
    assert plan.summary()["hours"] == 0


def test_overlap_refused_for_files() -> None:
    past = _series([1.0, 1.0, 1.0])
    with pytest.raises(HistoryError) as error:
        plan_import(past, "kWh", Hour(T0 + 2 * H, 1.0), "kWh", overlap="refuse")
    assert error.value.key == "overlap"
    assert error.value.placeholders["start"] == (T0 + 2 * H).isoformat()
    # Wholly inside what the target has (the same file again): nothing to do.
    assert plan_import(past, "kWh", Hour(T0, 1.0), "kWh", overlap="refuse").empty
