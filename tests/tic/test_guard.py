"""The plausibility guard's rules."""

from __future__ import annotations

from custom_components.linky_tic.tic.guard import ALLOWANCE_WH, Guard
from custom_components.linky_tic.tic.model import Mode, Rejection, Value


def run(
    guard: Guard, value: int, now: float, mode: Mode = Mode.HISTORIC
) -> tuple[dict[str, Value], list[Rejection]]:
    label = "BASE" if mode is Mode.HISTORIC else "EAST"
    values: dict[str, Value] = {label: value}
    rejected = guard.check(values, mode, 1, now)
    return values, [r.reason for r in rejected]


def test_first_value_waits_for_confirmation() -> None:
    guard = Guard()
    assert run(guard, 1000, 0.0) == ({}, [])
    assert run(guard, 1001, 2.0) == ({"BASE": 1001}, [])


def test_a_corrupted_first_value_never_becomes_the_baseline() -> None:
    guard = Guard()
    run(guard, 9_001_000, 0.0)  # corrupted
    assert run(guard, 1000, 2.0) == ({}, [Rejection.INDEX_DECREASED])
    assert run(guard, 1001, 4.0) == ({"BASE": 1001}, [])


def test_index_never_goes_down() -> None:
    guard = Guard()
    run(guard, 1000, 0.0)
    run(guard, 1000, 2.0)
    assert run(guard, 999, 4.0) == ({}, [Rejection.INDEX_DECREASED])


def test_jump_bound_follows_elapsed_time_and_rating() -> None:
    guard = Guard()
    values: dict[str, Value] = {"ISOUSC": 30, "IMAX": 45}
    guard.check(values, Mode.HISTORIC, 1, 0.0)
    bound = guard.bound_wh(Mode.HISTORIC, 1, 3600.0)
    assert bound == 45 * 250 * 2 + ALLOWANCE_WH
    run(guard, 1000, 0.0)
    run(guard, 1000, 2.0)
    two_seconds = guard.bound_wh(Mode.HISTORIC, 1, 2.0)
    assert run(guard, 1000 + two_seconds, 4.0)[1] == []
    assert run(guard, 1000 + 3 * two_seconds, 6.0)[1] == [Rejection.INDEX_JUMP]
    # a long gap widens the bound instead of rejecting a true value
    assert run(guard, 1000 + 100 * two_seconds, 600.0)[1] == []


def test_standard_bound_comes_from_pcoup() -> None:
    guard = Guard()
    guard.check({"PREF": 6, "PCOUP": 9}, Mode.STANDARD, 1, 0.0)
    assert guard.max_power_w(Mode.STANDARD, 1) == 9000.0
    guard.reset()
    assert guard.max_power_w(Mode.STANDARD, 1) == 36000.0


def test_reset_forgets_baselines() -> None:
    guard = Guard()
    run(guard, 1000, 0.0)
    run(guard, 1000, 2.0)
    guard.reset()
    assert run(guard, 10, 4.0) == ({}, [])
