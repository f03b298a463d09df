"""The guard's bounds at their edges (issue #12: the mutants that survived test_guard.py).

Every bound is checked where a true value sits exactly on it (accepted) and one
Wh past it (rejected), with ratings and margins that make the bound a whole
number of Wh: 36 kVA at margin 1 (standard), or 36 A x 250 V at margin 4
(historic), are both 10 Wh per second, plus the 10 Wh allowance.
"""

from __future__ import annotations

from custom_components.linky_tic.tic.guard import IDLE_RULE_MAX_GAP_S, Guard
from custom_components.linky_tic.tic.model import Mode, Rejection, Value

#: 10 Wh per second with these settings, plus ALLOWANCE_WH (10).
PER_SECOND = 10


def _standard(
    guard: Guard, now: float, **indexes: int
) -> tuple[set[str], list[Rejection]]:
    values: dict[str, Value] = {"PREF": 36, **indexes}
    rejected = guard.check(values, Mode.STANDARD, 1, now)
    return set(values) & set(indexes), [r.reason for r in rejected]


def _confirmed_east(start: int = 1000) -> Guard:
    """A guard whose EAST baseline is ``start``, last seen at t = 10 s."""
    guard = Guard(margin=1.0)
    _standard(guard, 8.0, EAST=start)
    assert _standard(guard, 10.0, EAST=start) == ({"EAST"}, [])
    return guard


def test_a_rise_exactly_on_the_bound_is_accepted_one_more_wh_is_not() -> None:
    guard = _confirmed_east()
    assert guard.bound_wh(Mode.STANDARD, 1, 2.0) == 2 * PER_SECOND + 10
    assert _standard(guard, 12.0, EAST=1030) == ({"EAST"}, [])
    assert _standard(guard, 14.0, EAST=1061) == (set(), [Rejection.INDEX_JUMP])


def test_no_time_elapsed_allows_the_allowance_only() -> None:
    guard = Guard(margin=1.0)
    assert guard.bound_wh(Mode.STANDARD, 1, 0.0) == 10
    assert guard.bound_wh(Mode.STANDARD, 1, -5.0) == 10


def test_a_clock_that_went_back_allows_the_allowance_only() -> None:
    guard = _confirmed_east()  # last seen at 10 s
    assert _standard(guard, 8.0, EAST=1010) == ({"EAST"}, [])
    guard = _confirmed_east()
    assert _standard(guard, 8.0, EAST=1015) == (set(), [Rejection.INDEX_JUMP])


def test_half_a_second_allows_half_of_a_second() -> None:
    guard = _confirmed_east()
    assert _standard(guard, 10.5, EAST=1015) == ({"EAST"}, [])
    guard = _confirmed_east()
    assert _standard(guard, 10.5, EAST=1016) == (set(), [Rejection.INDEX_JUMP])


def test_a_baseline_is_confirmed_up_to_the_bound_exactly() -> None:
    guard = Guard(margin=1.0)
    assert _standard(guard, 100.0, EAST=1000) == (set(), [Rejection.UNCONFIRMED])
    assert _standard(guard, 102.0, EAST=1030) == ({"EAST"}, [])
    guard = Guard(margin=1.0)
    _standard(guard, 100.0, EAST=1000)
    assert _standard(guard, 102.0, EAST=1031) == (set(), [Rejection.INDEX_JUMP])
    guard = Guard(margin=1.0)
    _standard(guard, 100.0, EAST=1000)
    assert _standard(guard, 100.5, EAST=1016) == (set(), [Rejection.INDEX_JUMP])


def test_every_index_of_a_frame_is_judged_after_an_unchanged_one() -> None:
    guard = Guard(margin=1.0)
    indexes = {f"EASF{n:02d}": 1000 * n for n in range(1, 11)}
    indexes |= {f"EASD{n:02d}": 500 * n for n in range(1, 5)} | {"EAST": 90_000}
    _standard(guard, 8.0, **indexes)
    _standard(guard, 10.0, **indexes)
    for jumping in ("EAST", "EASF03", "EASD02"):
        frame = indexes | {jumping: indexes[jumping] + 5000}
        kept, rejected = _standard(guard, 12.0, **frame)
        assert jumping not in kept
        assert rejected == [Rejection.INDEX_JUMP]


def _historic(
    guard: Guard, now: float, ptec: str, **indexes: int
) -> tuple[set[str], list[Rejection]]:
    values: dict[str, Value] = {"ISOUSC": 36, "PTEC": ptec, **indexes}
    rejected = guard.check(values, Mode.HISTORIC, 1, now)
    return set(values) & set(indexes), [r.reason for r in rejected]


def _off_peak_guard() -> Guard:
    """HCHC counting (PTEC HC..), HCHP idle at 5000 Wh, last frame at t = 100 s."""
    guard = Guard(margin=4.0)  # 36 A x 250 V x 4 = 36 kW: 10 Wh per second
    _historic(guard, 98.0, "HC..", HCHC=2000, HCHP=5000)
    assert _historic(guard, 100.0, "HC..", HCHC=2000, HCHP=5000) == (
        {"HCHC", "HCHP"},
        [],
    )
    return guard


def test_an_idle_rise_shown_again_unchanged_is_confirmed() -> None:
    guard = _off_peak_guard()
    rose = _historic(guard, 102.0, "HC..", HCHC=2000, HCHP=5003)
    assert rose == ({"HCHC"}, [Rejection.IDLE_INDEX_ROSE])
    assert _historic(guard, 104.0, "HC..", HCHC=2000, HCHP=5003) == (
        {"HCHC", "HCHP"},
        [],
    )


def test_an_idle_rise_is_confirmed_up_to_the_bound_from_the_first_sight() -> None:
    for step, more, confirmed in (
        (2.0, 30, True),  # 2 s: 20 Wh + 10
        (2.0, 31, False),
        (0.5, 15, True),  # half a second: 5 Wh + 10
        (0.5, 16, False),
    ):
        guard = _off_peak_guard()
        _historic(guard, 102.0, "HC..", HCHC=2000, HCHP=5003)
        kept, rejected = _historic(
            guard, 102.0 + step, "HC..", HCHC=2000, HCHP=5003 + more
        )
        assert ("HCHP" in kept) is confirmed, (step, more)
        assert rejected == ([] if confirmed else [Rejection.IDLE_INDEX_ROSE])


def test_two_idle_baselines_rising_together_are_confirmed_each_on_its_own() -> None:
    guard = Guard(margin=4.0)
    _historic(guard, 98.0, "HC..", HCHC=2000, HCHP=5000, BBRHPJB=900_000)
    first = _historic(guard, 100.0, "HC..", HCHC=2000, HCHP=5002, BBRHPJB=900_002)
    assert first == ({"HCHC"}, [Rejection.IDLE_INDEX_ROSE, Rejection.IDLE_INDEX_ROSE])
    kept, rejected = _historic(
        guard, 102.0, "HC..", HCHC=2000, HCHP=5002, BBRHPJB=900_002
    )
    assert kept == {"HCHC", "HCHP", "BBRHPJB"}
    assert rejected == []


def test_the_idle_rule_still_judges_an_index_seen_exactly_the_gap_ago() -> None:
    guard = _off_peak_guard()
    later = 100.0 + IDLE_RULE_MAX_GAP_S
    assert _historic(guard, later, "HC..", HCHC=2000, HCHP=5003) == (
        {"HCHC"},
        [Rejection.IDLE_INDEX_ROSE],
    )
    guard = _off_peak_guard()
    just_after = later + 0.5
    assert _historic(guard, just_after, "HC..", HCHC=2000, HCHP=5003) == (
        {"HCHC", "HCHP"},
        [],
    )


def test_the_historic_bound_grows_with_the_phases() -> None:
    guard = Guard()  # no rating known: 90 A
    assert guard.max_power_w(Mode.HISTORIC, 1) == 90 * 250
    assert guard.max_power_w(Mode.HISTORIC, 3) == 90 * 250 * 3
    assert guard.bound_wh(Mode.HISTORIC, 3, 2.0) == 2 * 90 * 250 * 3 * 2 // 3600 + 10


def _supplier(
    guard: Guard, now: float, ntarf: int | None, **indexes: int
) -> tuple[set[str], list[Rejection]]:
    """A standard frame with NTARF (left out when None) and no STGE."""
    values: dict[str, Value] = {"PREF": 36, **indexes}
    if ntarf is not None:
        values["NTARF"] = ntarf
    rejected = guard.check(values, Mode.STANDARD, 1, now)
    return set(values) & set(indexes), [r.reason for r in rejected]


def test_frames_that_do_not_tell_the_period_keep_the_last_one_known() -> None:
    guard = Guard(margin=1.0)
    _supplier(guard, 0.0, 1, EASF01=1000, EASF02=500)
    assert _supplier(guard, 2.0, 1, EASF01=1000, EASF02=500) == (
        {"EASF01", "EASF02"},
        [],
    )
    # Two frames without NTARF (a dropped group): EASF01 still counts, EASF02 is idle.
    assert _supplier(guard, 4.0, None, EASF01=1010, EASF02=500) == (
        {"EASF01", "EASF02"},
        [],
    )
    assert _supplier(guard, 6.0, None, EASF01=1020, EASF02=505) == (
        {"EASF01"},
        [Rejection.IDLE_INDEX_ROSE],
    )


def _text(guard: Guard, frame: int, text: str) -> tuple[str | None, list[Rejection]]:
    values: dict[str, Value] = {"LTARF": text}
    rejected = guard.check(values, Mode.STANDARD, 1, float(frame))
    published = values.get("LTARF")
    assert published is None or isinstance(published, str)
    return published, [r.reason for r in rejected]


def test_a_changed_text_is_confirmed_only_by_the_same_text() -> None:
    guard = Guard()
    assert _text(guard, 0, "HC et Week-End") == ("HC et Week-End", [])
    # Each frame a different text (a bit-6 error each time): none is published.
    assert _text(guard, 1, "HC et Week-Dnd") == (None, [Rejection.UNCONFIRMED])
    assert _text(guard, 2, "HC et Week-Enl") == (None, [Rejection.UNCONFIRMED])
    assert _text(guard, 3, "HC et Week-Enl") == ("HC et Week-Enl", [])
