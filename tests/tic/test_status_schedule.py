"""STGE and the PJOURF+1/PPOINTE day profiles: every field, and clear errors for bad text."""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.model import SchedulePoint, TempoColor
from custom_components.linky_tic.tic.schedule import parse_schedule
from custom_components.linky_tic.tic.status import decode_status, parse_status


def test_every_status_field_at_once() -> None:
    # bits: 0 dry contact, 1-3 breaker (5), 4 cover, 6 overvoltage, 7 over PREF,
    # 8 producer, 9 negative energy, 10-13 supplier index (9), 14-15 distributor (2),
    # 16 clock, 17 standard TIC, 19-20 euridis (3), 21-22 CPL (2), 23 CPL sync,
    # 24-25 Tempo today (red), 26-27 tomorrow (blue), 28-29 notice (2), 30-31 active (1)
    raw = (
        1
        | 5 << 1
        | 1 << 4
        | 1 << 6
        | 1 << 7
        | 1 << 8
        | 1 << 9
        | 9 << 10
        | 2 << 14
        | 1 << 16
        | 1 << 17
        | 3 << 19
        | 2 << 21
        | 1 << 23
        | 3 << 24
        | 1 << 26
        | 2 << 28
        | 1 << 30
    )
    status = parse_status(f"{raw:08X}")
    assert status == decode_status(raw)
    assert status.raw == raw
    assert status.dry_contact_open
    assert status.breaker_open
    assert status.breaker_state == 5
    assert status.cover_open
    assert status.overvoltage
    assert status.over_reference_power
    assert status.producer
    assert status.negative_energy
    assert status.supplier_index == 9
    assert status.distributor_index == 2
    assert status.clock_degraded
    assert status.tic_mode_standard
    assert status.euridis == 3
    assert status.cpl_status == 2
    assert status.cpl_synchronised
    assert status.tempo_today is TempoColor.RED
    assert status.tempo_tomorrow is TempoColor.BLUE
    assert status.mobile_peak_notice == 2
    assert status.mobile_peak_active == 1


def test_a_quiet_status_is_all_off() -> None:
    status = parse_status("00000000")
    assert not status.breaker_open
    assert status.breaker_state == 0
    assert not status.cover_open
    assert not status.producer
    assert status.tempo_today is None
    assert status.tempo_tomorrow is None
    assert status.supplier_index == 0


@pytest.mark.parametrize("text", ["0000000", "000000000", ""])
def test_a_status_of_the_wrong_length_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="STGE must be 8 hex digits"):
        parse_status(text)


def test_a_status_that_is_not_hex_is_refused() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        parse_status("0000G000")


def test_a_day_profile_skips_unused_slots() -> None:
    schedule = parse_schedule("00004001 06300002 22000001 NONUTILE NONUTILE")
    assert schedule.points == (
        SchedulePoint(0, 0, 0x4001),
        SchedulePoint(6, 30, 0x0002),
        SchedulePoint(22, 0, 0x0001),
    )
    assert [p.supplier_index for p in schedule.points] == [1, 2, 1]
    assert parse_schedule("NONUTILE").points == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000400", "bad schedule block '0000400'"),
        ("000040011", "bad schedule block '000040011'"),
        ("0A004001", "bad schedule block '0A004001'"),
        ("24004001", "bad schedule time '24004001'"),
        ("06604001", "bad schedule time '06604001'"),
        ("00004001 NONUTIL", "bad schedule block 'NONUTIL'"),
    ],
)
def test_a_bad_day_profile_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_schedule(text)
