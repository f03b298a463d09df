"""``decode`` options: bad values are refused with a clear message and exit code 2."""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.cli import build_parser, main

from .helpers import CAPTURES

TEMPO = str(CAPTURES / "historic_tempo_pyteleinfo.txt")

REFUSED = [
    (["--period", "0"], "argument --period: want seconds > 0, not '0'"),
    (["--period", "-2"], "argument --period: want seconds > 0, not '-2'"),
    (["--period", "nan"], "argument --period: want seconds > 0, not 'nan'"),
    (["--period", "inf"], "argument --period: want seconds > 0, not 'inf'"),
    (["--period", "soon"], "argument --period: want seconds, not 'soon'"),
    (["--duration", "0"], "argument --duration: want seconds > 0, not '0'"),
    (["--duration", "-1"], "argument --duration: want seconds > 0, not '-1'"),
    (["--mode", "tempo"], "argument --mode: invalid choice: 'tempo'"),
]


@pytest.mark.parametrize(
    ("argv", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED]
)
def test_bad_option_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["decode", *argv, TEMPO])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing was decoded
    assert f"decode: error: {message}" in err


def test_a_source_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["decode"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: source" in capsys.readouterr().err


def test_good_seconds_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(
        ["decode", "--period", "1.5", "--duration", "30", TEMPO]
    )
    assert (args.period, args.duration) == (1.5, 30.0)
    assert main(["decode", "--period", "0.5", TEMPO]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 10


def test_defaults() -> None:
    args = build_parser().parse_args(["decode", TEMPO])
    assert (args.mode, args.redact, args.no_guard) == ("auto", False, False)
    assert args.period == 2.0
    assert args.duration is None
    assert args.source == TEMPO
