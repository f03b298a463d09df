"""``simulate`` options: each one refuses bad input with a clear message, accepts good input."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.linky_tic.tic.model import TempoColor
from custom_components.linky_tic.tic.simulate_cli import configure_parser, main
from custom_components.linky_tic.tic.simulator.calendar import PARIS


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the repository-wide fixture: these tests need no ``hass``."""


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="simulate")
    configure_parser(parser)
    return parser.parse_args(list(argv))


REFUSED = [
    (["--corrupt", "1.5"], "argument --corrupt: a rate is between 0 and 1"),
    (["--drop", "-0.1"], "argument --drop: a rate is between 0 and 1"),
    (["--eot", "often"], "argument --eot: invalid _rate value: 'often'"),
    (["--garbage", "2"], "argument --garbage: a rate is between 0 and 1"),
    (["--speed", "0"], "argument --speed: must be > 0"),
    (["--speed", "-3"], "argument --speed: must be > 0"),
    (["--unplug", "30"], "argument --unplug: want EVERY:FOR in seconds, e.g. 30:5"),
    (["--unplug", "30:5:1"], "argument --unplug: want EVERY:FOR in seconds"),
    (["--unplug", "often:5"], "argument --unplug: want EVERY:FOR in seconds"),
    (["--unplug", "0:5"], "argument --unplug: EVERY must be > 0 and FOR >= 0"),
    (["--unplug", "30:-1"], "argument --unplug: EVERY must be > 0 and FOR >= 0"),
    (["--start", "yesterday"], "argument --start: want an ISO date-time or 'now'"),
    (["--offpeak", "22:00"], "argument --offpeak: bad off-peak window '22:00'"),
    (["--offpeak", "25:00-06:00"], "argument --offpeak: bad off-peak window"),
    (["--offpeak", "06:00-06:00"], "argument --offpeak: bad off-peak windows"),
    (
        ["--offpeak", "00:00-20:00+10:00-22:00"],
        "argument --offpeak: off-peak windows overlap",
    ),
    (["--tempo-days", "2026-01-15=green"], "argument --tempo-days: want DAY=COLOR"),
    (["--tempo-days", "2026-01-15"], "argument --tempo-days: want DAY=COLOR"),
    (["--tempo-days", "2026-02-30=red"], "argument --tempo-days: want DAY=COLOR"),
    (["--ejp-days", "2026-01-15,tomorrow"], "argument --ejp-days: want YYYY-MM-DD"),
    (["--tcp", "localhost:http"], "argument --tcp: want [HOST:]PORT"),
    (["--tcp", "70000"], "argument --tcp: a port is between 0 and 65535"),
    (["--tcp", "-1"], "argument --tcp: a port is between 0 and 65535"),
    (["--kva", "0"], "argument --kva: a subscription is 1 to 36 kVA"),
    (["--kva", "48"], "argument --kva: a subscription is 1 to 36 kVA"),
    (["--kva", "9.5"], "argument --kva: want a whole number of kVA"),
    (["--phases", "2"], "argument --phases: invalid choice: '2'"),
    (["--option", "night"], "argument --option: invalid choice: 'night'"),
    (["--mode", "fast"], "argument --mode: invalid choice: 'fast'"),
    (["--pty", "--tcp", "2000"], "argument --tcp: not allowed with argument --pty"),
    (["--max", "--speed", "2"], "argument --speed: not allowed with argument --max"),
]


@pytest.mark.parametrize(
    ("argv", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED]
)
def test_bad_option_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--frames", "0"])  # were it accepted: no endless run
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing was simulated
    assert err.startswith("usage: simulate")
    assert f"simulate: error: {message}" in err


def test_defaults() -> None:
    args = parse()
    assert (args.mode, args.phases, args.option, args.producer) == (
        None,
        1,
        "base",
        False,
    )
    assert (args.corrupt, args.drop, args.eot, args.garbage) == (0.0, 0.0, 0.0, 0.0)
    assert args.speed == 1.0
    assert not args.max
    assert args.unplug is None
    assert args.kva is None
    assert args.start is None
    assert args.offpeak.is_off_peak(23 * 60)
    assert not args.offpeak.is_off_peak(12 * 60)
    assert args.tempo_days == {}
    assert args.ejp_days == frozenset()


def test_rates_accept_their_bounds_and_garbage_has_a_default_rate() -> None:
    args = parse("--corrupt", "0", "--drop", "1", "--eot", "0.05", "--garbage")
    assert (args.corrupt, args.drop, args.eot, args.garbage) == (0.0, 1.0, 0.05, 0.1)
    assert parse("--garbage", "0.3").garbage == 0.3


def test_speed_unplug_and_kva() -> None:
    args = parse("--speed", "0.5", "--unplug", "1.5:0", "--kva", "36")
    assert args.speed == 0.5
    assert args.unplug == (1.5, 0.0)
    assert args.kva == 36
    assert parse("--kva", "1").kva == 1


def test_start_is_paris_time_unless_an_offset_is_given() -> None:
    naive = parse("--start", "2026-01-15T08:00").start
    assert naive == datetime(2026, 1, 15, 8, 0, tzinfo=PARIS)
    assert naive.utcoffset() == timedelta(hours=1)  # winter in Paris
    summer = parse("--start", "2026-07-15T08:00").start
    assert summer.utcoffset() == timedelta(hours=2)
    explicit = parse("--start", "2026-01-15T08:00+00:00").start
    assert explicit == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)


def test_start_now_is_the_current_second_in_paris() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    start = parse("--start", "now").start
    after = datetime.now(UTC)
    assert start.tzinfo is PARIS
    assert start.microsecond == 0
    assert before <= start <= after


def test_off_peak_windows() -> None:
    windows = parse("--offpeak", "02:00-07:00+13:00-16:00").offpeak
    assert windows.is_off_peak(3 * 60)
    assert windows.is_off_peak(14 * 60)
    assert not windows.is_off_peak(8 * 60)
    assert not windows.is_off_peak(23 * 60)


def test_pinned_days_tolerate_spaces_and_case() -> None:
    args = parse(
        "--tempo-days",
        "2026-01-15=Red, 2026-01-16= white,",
        "--ejp-days",
        "2026-01-15, 2026-02-02",
    )
    assert args.tempo_days == {
        date(2026, 1, 15): TempoColor.RED,
        date(2026, 1, 16): TempoColor.WHITE,
    }
    assert args.ejp_days == frozenset({date(2026, 1, 15), date(2026, 2, 2)})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000", ("127.0.0.1", 2000)),
        (":2001", ("127.0.0.1", 2001)),
        ("192.0.2.7:2002", ("192.0.2.7", 2002)),
        ("0", ("127.0.0.1", 0)),
    ],
)
def test_tcp_address(text: str, expected: tuple[str, int]) -> None:
    assert parse("--tcp", text).tcp == expected


def test_link_implies_nothing_else_and_output_is_a_path() -> None:
    args = parse("--link", "run/ttyLINKY")
    assert str(args.link) == "run/ttyLINKY"
    assert not args.pty
    assert args.tcp is None
    assert args.output is None
    assert str(parse("-o", "out.bin").output) == "out.bin"
