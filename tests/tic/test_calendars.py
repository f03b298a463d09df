"""Supplier calendars as real meters name them, and a one-frame capture of a weekend offer.

The frame is the first whole frame of a real capture (``standard_single_base``,
lains/ticdecodecpp) with its NGTF and LTARF replaced by what a standard meter
on a weekend off-peak offer sends (``" HC et Week-End "``, issue #11), their
checksums recomputed, every other group byte for byte as published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.calendars import KNOWN_NAMES, calendar_option
from custom_components.linky_tic.tic.cli import main
from custom_components.linky_tic.tic.encoder import encode_group
from custom_components.linky_tic.tic.model import (
    Mode,
    Rejection,
    TariffOption,
    TariffPeriod,
)
from custom_components.linky_tic.tic.registry import index_periods

from .helpers import capture, decode_all

_O = TariffOption


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("      BASE      ", _O.BASE),
        ("base", _O.BASE),
        ("H PLEINE/CREUSE", _O.OFF_PEAK),
        (" H PLEINE-CREUSE ", _O.OFF_PEAK),
        ("h pleine - creuse", _O.OFF_PEAK),
        ("HPHC", _O.OFF_PEAK),
        ("   HP HC  ", _O.OFF_PEAK),
        ("       HC       ", _O.OFF_PEAK),
        ("Heures Creuses", _O.OFF_PEAK),
        ("     TEMPO      ", _O.TEMPO),
        ("Tempo", _O.TEMPO),
        ("      EJP       ", _O.EJP),
        (" HC et Week-End ", _O.WEEKEND),
        ("HC ET WEEK-END", _O.WEEKEND),
        ("hc et week-end", _O.WEEKEND),
        ("HC  Week-End", _O.WEEKEND),
        ("Zen Week-End", _O.WEEKEND),
        ("HC WE", _O.WEEKEND),
        ("   PRODUCTEUR   ", _O.PRODUCER),
        ("Producteur", _O.PRODUCER),
        ("  HEURES SAISON ", _O.OTHER),
        ("", _O.OTHER),
    ],
)
def test_calendar_names_match_whatever_the_case_and_spaces(
    name: str, option: TariffOption
) -> None:
    assert calendar_option(name) is option


def test_every_known_spelling_is_matched_in_any_case_and_spacing() -> None:
    for key, option in KNOWN_NAMES.items():
        spaced = " " + " ".join(key) + " "  # a space between every character
        assert calendar_option(key.lower()) is option
        assert calendar_option(spaced) is option


def test_a_weekend_offer_names_three_indexes() -> None:
    assert index_periods(Mode.STANDARD, _O.WEEKEND) == {
        "EASF01": TariffPeriod.OFF_PEAK,
        "EASF02": TariffPeriod.PEAK,
        "EASF03": TariffPeriod.WEEKEND,
    }


def _always(group: bytes) -> Callable[[re.Match[bytes]], bytes]:
    """A replacement taken as it is (a checksum may be a backslash)."""
    return lambda _match: group


def _weekend_frame() -> bytes:
    """One real standard frame, on a weekend offer."""
    data = capture("standard_single_base_ticdecodecpp.txt")
    start = data.index(b"\x02")
    frame = data[start : data.index(b"\x03", start) + 1]
    replaced = {
        b"NGTF": encode_group(Mode.STANDARD, "NGTF", " HC et Week-End "),
        b"LTARF": encode_group(Mode.STANDARD, "LTARF", "  HEURE CREUSE  "),
    }
    for label, group in replaced.items():
        frame, count = re.subn(rb"\n" + label + rb"\t[^\r]*\r", _always(group), frame)
        assert count == 1
    return frame


def test_a_one_frame_weekend_capture_is_accepted_and_its_indexes_named() -> None:
    frame = _weekend_frame()
    (reading,), decoder = decode_all(frame)
    groups = frame.count(b"\r")
    assert reading.values["NGTF"] == "HC et Week-End"
    assert reading.option is TariffOption.WEEKEND
    assert reading.period is TariffPeriod.OFF_PEAK  # NTARF 01
    # Every group accepted; only the indexes wait (unconfirmed), and say so.
    assert decoder.counters.checksum_errors == 0
    assert decoder.counters.malformed_groups == 0
    assert decoder.counters.implausible_values == 0
    assert {r.reason for r in reading.rejected} == {Rejection.UNCONFIRMED}
    withheld = {r.label for r in reading.rejected}
    assert withheld == {"EAST"} | {f"EASF{n:02d}" for n in range(1, 11)} | {
        f"EASD{n:02d}" for n in range(1, 5)
    }
    assert len(reading.values) + len(withheld) == groups


def test_the_decode_cli_names_the_indexes_of_a_one_frame_weekend_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "weekend.txt"
    path.write_bytes(_weekend_frame())
    assert main(["decode", str(path)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    frame = json.loads(line)
    assert frame["values"]["NGTF"] == "HC et Week-End"
    assert frame["tariff"] == "weekend"
    assert frame["indexes"] == {
        "EASF01": "off_peak",
        "EASF02": "peak",
        "EASF03": "weekend",
    }
    assert {r["reason"] for r in frame["rejected"]} == {"unconfirmed"}
    assert "EASF03" in {r["label"] for r in frame["rejected"]}
