"""The plausibility guard's rules."""

from __future__ import annotations

from custom_components.linky_tic.tic.guard import (
    ALLOWANCE_WH,
    IDLE_RULE_MAX_GAP_S,
    Guard,
)
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
    assert run(guard, 1000, 0.0) == ({}, [Rejection.UNCONFIRMED])
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
    assert run(guard, 10, 4.0) == ({}, [Rejection.UNCONFIRMED])


# Rule 4: an index outside the tariff period counting now does not rise.


def frame(
    guard: Guard, now: float, mode: Mode = Mode.HISTORIC, **sent: Value
) -> tuple[dict[str, Value], list[tuple[str, Rejection]]]:
    values: dict[str, Value] = dict(sent)
    rejected = guard.check(values, mode, 1, now)
    return values, [(r.label, r.reason) for r in rejected]


def _hc_guard() -> Guard:
    """A historic HC meter in off-peak hours, both indexes confirmed."""
    guard = Guard()
    for now in (0.0, 2.0):
        frame(guard, now, PTEC="HC..", HCHC=5000, HCHP=7000)
    return guard


def test_an_idle_index_that_rises_is_rejected_with_a_reason() -> None:
    guard = _hc_guard()
    values, rejected = frame(guard, 4.0, PTEC="HC..", HCHC=5001, HCHP=7020)
    assert values == {"PTEC": "HC..", "HCHC": 5001}
    assert rejected == [("HCHP", Rejection.IDLE_INDEX_ROSE)]
    # The true value comes back: published, the baseline never moved.
    values, rejected = frame(guard, 6.0, PTEC="HC..", HCHC=5002, HCHP=7000)
    assert values["HCHP"] == 7000
    assert rejected == []


def test_the_previous_frames_index_may_rise_at_the_period_change() -> None:
    guard = _hc_guard()
    # 22:00 -> 06:00 off-peak ends: this frame is the first in peak hours and
    # shows both the last Wh counted off-peak and the first counted in peak.
    values, rejected = frame(guard, 4.0, PTEC="HP..", HCHC=5001, HCHP=7001)
    assert rejected == []
    assert values["HCHC"] == 5001
    assert values["HCHP"] == 7001
    # One frame later the off-peak index is idle.
    values, rejected = frame(guard, 6.0, PTEC="HP..", HCHC=5002, HCHP=7002)
    assert rejected == [("HCHC", Rejection.IDLE_INDEX_ROSE)]
    assert values["HCHP"] == 7002


def test_after_a_gap_an_idle_index_may_have_counted_unseen() -> None:
    """A line down for an hour hid a period change and back: rule 2 judges alone."""
    guard = _hc_guard()
    later = 2.0 + IDLE_RULE_MAX_GAP_S + 3600.0
    values, rejected = frame(guard, later, PTEC="HC..", HCHC=5300, HCHP=8500)
    assert rejected == []
    assert (values["HCHC"], values["HCHP"]) == (5300, 8500)
    # Frames follow each other again: the rule is back.
    values, rejected = frame(guard, later + 2.0, PTEC="HC..", HCHC=5301, HCHP=8510)
    assert rejected == [("HCHP", Rejection.IDLE_INDEX_ROSE)]


def test_a_frame_without_ptec_keeps_the_last_known_period() -> None:
    guard = _hc_guard()
    values, rejected = frame(guard, 4.0, HCHC=5001, HCHP=7001)  # PTEC lost
    assert values == {"HCHC": 5001}
    assert rejected == [("HCHP", Rejection.IDLE_INDEX_ROSE)]


def test_an_idle_rise_confirmed_by_the_next_frame_is_published() -> None:
    """A period read wrongly (or a meter that counts otherwise) never freezes an index."""
    guard = _hc_guard()
    assert frame(guard, 4.0, PTEC="HC..", HCHP=7002)[1] == [
        ("HCHP", Rejection.IDLE_INDEX_ROSE)
    ]
    values, rejected = frame(guard, 6.0, PTEC="HC..", HCHP=7004)
    assert (values["HCHP"], rejected) == (7004, [])
    # Only the very next frame confirms: a rise, a gap, a rise is two rejections.
    frame(guard, 8.0, PTEC="HC..", HCHP=7006)
    frame(guard, 10.0, PTEC="HC..")
    assert frame(guard, 12.0, PTEC="HC..", HCHP=7008)[1] == [
        ("HCHP", Rejection.IDLE_INDEX_ROSE)
    ]
    # A confirmation must itself be consistent: not lower than the rise it confirms.
    assert frame(guard, 14.0, PTEC="HC..", HCHP=7007)[1] == [
        ("HCHP", Rejection.IDLE_INDEX_ROSE)
    ]


def test_an_idle_index_baseline_is_not_confirmed_by_a_rise() -> None:
    guard = Guard()
    frame(guard, 0.0, PTEC="HC..", HCHC=5000, HCHP=7000)
    values, rejected = frame(guard, 2.0, PTEC="HC..", HCHC=5001, HCHP=7020)
    assert values == {"PTEC": "HC..", "HCHC": 5001}
    assert rejected == [("HCHP", Rejection.IDLE_INDEX_ROSE)]
    values, rejected = frame(guard, 4.0, PTEC="HC..", HCHC=5002, HCHP=7000)
    assert (values["HCHP"], rejected) == (7000, [])


def test_no_period_known_no_rule() -> None:
    guard = Guard()
    for now in (0.0, 2.0, 4.0):
        values, rejected = frame(guard, now, HCHC=5000 + int(now), HCHP=7000 + int(now))
    assert values == {"HCHC": 5004, "HCHP": 7004}
    assert rejected == []


def test_tempo_colour_and_hour_change_together() -> None:
    guard = Guard()
    for now in (0.0, 2.0):
        frame(guard, now, PTEC="HCJB", BBRHCJB=100, BBRHPJR=200, BBRHPJB=300)
    # 06:00, blue off-peak to red peak.
    _, rejected = frame(guard, 4.0, PTEC="HPJR", BBRHCJB=101, BBRHPJR=201, BBRHPJB=300)
    assert rejected == []
    _, rejected = frame(guard, 6.0, PTEC="HPJR", BBRHCJB=101, BBRHPJR=202, BBRHPJB=301)
    assert rejected == [("BBRHPJB", Rejection.IDLE_INDEX_ROSE)]


def _standard(guard: Guard, now: float, **sent: Value) -> list[tuple[str, Rejection]]:
    return frame(guard, now, Mode.STANDARD, **sent)[1]


def test_standard_supplier_and_distributor_indexes() -> None:
    """The soak's miss: EASF07 rose 0 -> 20 Wh while EASF02 was counting."""
    guard = Guard()
    # STGE bits 10-13 = 1: EASF02 (0-based 1); bits 14-15 = 0: EASD01; relay open.
    period: dict[str, Value] = {"NTARF": 2, "STGE": "00000401"}
    for now in (0.0, 2.0):
        _standard(guard, now, **period, EAST=900, EASF02=400, EASF07=0, EASD02=50)
    rejected = _standard(
        guard, 4.0, **period, EAST=901, EASF02=401, EASF07=20, EASD02=50
    )
    assert rejected == [("EASF07", Rejection.IDLE_INDEX_ROSE)]
    # EASD01 is the distributor's current index, EASD02 idle; EAST always counts.
    rejected = _standard(guard, 6.0, **period, EAST=902, EASF02=402, EASD02=51)
    assert rejected == [("EASD02", Rejection.IDLE_INDEX_ROSE)]


def test_standard_ntarf_alone_or_stge_alone_tells_the_period() -> None:
    guard = Guard()
    for now in (0.0, 2.0):
        _standard(guard, now, NTARF=1, EASF01=10, EASF02=20)
    assert _standard(guard, 4.0, NTARF=1, EASF01=11, EASF02=21) == [
        ("EASF02", Rejection.IDLE_INDEX_ROSE)
    ]
    guard = Guard()
    for now in (0.0, 2.0):  # STGE 00000400: supplier index 2, distributor 1
        _standard(guard, now, STGE="00000400", EASF01=10, EASF02=20, EASD01=5)
    assert _standard(guard, 4.0, STGE="00000400", EASF01=11, EASF02=21, EASD01=6) == [
        ("EASF01", Rejection.IDLE_INDEX_ROSE)
    ]


def test_reset_forgets_the_period() -> None:
    guard = _hc_guard()
    guard.reset()
    for now in (4.0, 6.0):
        frame(guard, now, HCHC=5000, HCHP=7000)
    assert frame(guard, 8.0, HCHC=5000, HCHP=7001)[1] == []


def test_the_period_table_stays_bounded_and_right() -> None:
    """STGE carries more than the period (relay, colours...): many distinct values."""
    guard = Guard()
    for n in range(600):  # bits 0 and 16-31 vary; supplier index 2 (EASF02)
        stge = f"{(n << 16) | 0x0400 | (n & 1):08X}"
        _standard(guard, 2.0 * n, STGE=stge, EASF01=10, EASF02=20 + n)
        assert len(guard._periods) <= 256
    assert _standard(guard, 1200.0, STGE="00000400", EASF01=11, EASF02=619) == [
        ("EASF01", Rejection.IDLE_INDEX_ROSE)
    ]


def test_a_first_value_that_jumps_is_not_confirmed() -> None:
    guard = Guard()
    run(guard, 1000, 0.0)
    assert run(guard, 9_001_000, 2.0) == ({}, [Rejection.INDEX_JUMP])
    assert run(guard, 9_001_001, 4.0) == ({"BASE": 9_001_001}, [])
