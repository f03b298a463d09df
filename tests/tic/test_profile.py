"""``profile``: a capture as a Firefox Profiler file and a CSV.

The profile's structure is checked against the processed format's types
(``profile_format``) for every shared capture; its tracks and markers against
what the decoder reads from the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from custom_components.linky_tic.tic.cli import main
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import WITHHELD, Mode
from custom_components.linky_tic.tic.profile import PROCESSED_PROFILE_VERSION, profile
from custom_components.linky_tic.tic.timeline import EventKind, timeline, write_csv

from .helpers import CAPTURES, capture, decode_all
from .profile_format import FormatError, check_processed_profile

ALL_CAPTURES = sorted(path.name for path in CAPTURES.glob("*.txt"))
PWH_PER_WS = 1e12 / 3600


def _profile_of(data: bytes, period: float = 2.0) -> dict[str, Any]:
    result = profile(timeline([data], period=period))
    # What a file holds: JSON without NaN or infinities.
    loaded: dict[str, Any] = json.loads(json.dumps(result, allow_nan=False))
    return loaded


def _counter(result: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in result["counters"] if c["name"] == name]
    assert len(found) == 1, [c["name"] for c in result["counters"]]
    return found[0]


def _markers(
    result: dict[str, Any],
) -> list[tuple[str, float, float | None, dict[str, Any]]]:
    table = result["threads"][0]["markers"]
    strings = result["shared"]["stringArray"]
    return [
        (strings[name], start, end if phase == 1 else None, data)
        for name, start, end, phase, data in zip(
            table["name"], table["startTime"], table["endTime"], table["phase"],
            table["data"], strict=True,
        )
    ]  # fmt: skip


def _powers(counter: dict[str, Any]) -> list[float]:
    """Back from energy per interval (pWh, end-stamped) to power (W)."""
    times, counts = counter["samples"]["time"], counter["samples"]["count"]
    return [
        counts[i] / ((times[i] - times[i - 1]) / 1000 * PWH_PER_WS)
        for i in range(1, len(times))
    ]


@pytest.mark.parametrize("name", ALL_CAPTURES)
def test_every_capture_gives_a_profile_of_the_processed_format(name: str) -> None:
    result = _profile_of(capture(name))
    check_processed_profile(result)
    assert result["meta"]["preprocessedProfileVersion"] == PROCESSED_PROFILE_VERSION
    readings, _ = decode_all(capture(name))
    apparent = _counter(result, "Apparent power")
    label = "PAPP" if readings[0].mode is Mode.HISTORIC else "SINSTS"
    sent = [r.values[label] for r in readings if label in r.values]
    assert apparent["samples"]["length"] == len(sent)
    assert _powers(apparent) == pytest.approx(sent[1:], abs=1e-6)


def test_the_checker_catches_what_the_types_forbid() -> None:
    good = _profile_of(capture("historic_tempo_pyteleinfo.txt"))
    check_processed_profile(good)
    breakages: list[Callable[[dict[str, Any]], object]] = [
        lambda p: p["meta"].update(preprocessedProfileVersion=69),
        lambda p: p["meta"]["categories"][0].update(color="pink"),
        lambda p: p["counters"][0].pop("display"),
        lambda p: p["counters"][0]["samples"]["count"].pop(),
        lambda p: p["threads"][0]["markers"]["name"].append(0),
        lambda p: p["threads"][0]["markers"]["phase"].__setitem__(0, 4),
        lambda p: p["threads"][0]["markers"]["data"][0].update(type="Nope"),
        lambda p: p["meta"]["markerSchema"][0].update(display=["sidebar"]),
        lambda p: p["shared"]["frameTable"].pop("lib"),
    ]
    for breakage in breakages:
        broken = json.loads(json.dumps(good))
        breakage(broken)
        with pytest.raises(FormatError):
            check_processed_profile(broken)


def _historic(
    ptec: str, hchp: int, *, papp: int, iinst: int, adps: bool = False
) -> bytes:
    groups = [
        ("ADCO", "021861123456"), ("OPTARIF", "HC.."), ("ISOUSC", "30"),
        ("HCHC", "001000000"), ("HCHP", f"{hchp:09d}"), ("PTEC", ptec),
        ("IINST", f"{iinst:03d}"), ("IMAX", "090"), ("PAPP", f"{papp:05d}"),
    ]  # fmt: skip
    if adps:
        groups.append(("ADPS", f"{iinst:03d}"))
    return encode_frame(Mode.HISTORIC, groups)


def test_periods_overloads_rejections_and_mode_changes_are_markers() -> None:
    frames = [_historic("HP..", 2_000_000 + n, papp=1800, iinst=8) for n in range(3)]
    frames += [_historic("HP..", 2_000_003, papp=7000, iinst=32, adps=True)] * 2
    frames += [_historic("HC..", 2_000_004, papp=500, iinst=2)]
    corrupted = bytearray(_historic("HC..", 2_000_004, papp=510, iinst=2))
    corrupted[corrupted.index(b"PAPP ") + 7] ^= 0x01  # checksum error
    frames.append(bytes(corrupted))
    standard = encode_frame(
        Mode.STANDARD,
        [("ADSC", "021861123456"), ("VTIC", "02"), ("NGTF", "   HEURES CREUSES "),
         ("LTARF", "   HEURE CREUSE "), ("EAST", "003000005"),
         ("EASF01", "001000001"), ("EASF02", "002000004"), ("IRMS1", "002"),
         ("URMS1", "231"), ("SINSTS", "00480"), ("STGE", "003A0001")],
    )  # fmt: skip
    frames += [standard] * 2
    result = _profile_of(b"".join(frames))
    check_processed_profile(result)
    markers = _markers(result)
    periods = [
        (start, end, data["period"])
        for n, start, end, data in markers
        if n == "Tariff period"
    ]
    # The standard frames at the end carry no NTARF: the period goes on.
    assert periods == [(0.0, 10000.0, "peak"), (10000.0, 16000.0, "off_peak")]
    overloads = [(start, end) for n, start, end, _ in markers if n == "Overload"]
    assert overloads == [(6000.0, 10000.0)]
    rejected = [
        (start, d["label"], d["reason"])
        for n, start, _, d in markers
        if n == "Rejected"
    ]
    assert (12000.0, "PAPP", "checksum") in rejected
    modes = [
        (start, d["from"], d["to"]) for n, start, _, d in markers if n == "Mode change"
    ]
    assert modes == [(14000.0, "historic", "standard")]
    currents = [d for n, _, _, d in markers if n == "Current"]
    assert [d["L1"] for d in currents] == [8, 8, 8, 32, 32, 2, 2, 2, 2]
    voltages = [d for n, _, _, d in markers if n == "Voltage"]
    assert voltages == [{"type": "TicVoltage", "L1": 231}] * 2


def test_the_derived_active_power_follows_the_index() -> None:
    # 1 Wh per frame every 2 s is 1800 W, whatever the apparent power says.
    frames = [_historic("HP..", 2_000_000 + n, papp=2500, iinst=11) for n in range(80)]
    result = _profile_of(b"".join(frames))
    derived = _powers(_counter(result, "Active power (derived)"))
    assert derived[-1] == pytest.approx(1800, rel=0.01)
    assert _powers(_counter(result, "Apparent power"))[-1] == pytest.approx(2500)


def test_three_phase_captures_have_a_line_per_phase() -> None:
    historic = _profile_of(capture("historic_threephase_base_ticdecodecpp.txt"))
    currents = [d for n, _, _, d in _markers(historic) if n == "Current"]
    assert currents
    assert set(currents[0]) == {"type", "L1", "L2", "L3"}
    standard = _profile_of(capture("standard_three_tempo_teleinfo-nom.txt"))
    names = {c["name"] for c in standard["counters"]}
    assert {"Apparent power L1", "Apparent power L2", "Apparent power L3"} <= names
    schemas = {s["name"]: s for s in standard["meta"]["markerSchema"]}
    assert [g["key"] for g in schemas["TicVoltage"]["graphs"]] == ["L1", "L2", "L3"]


def test_the_csv_has_one_row_per_frame_with_the_rejections() -> None:
    data = capture("historic_threephase_base_rxerrors_ticdecodecpp.txt")
    line = timeline([data])
    out = io.StringIO()
    write_csv(line, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    readings, decoder = decode_all(data)
    assert len(rows) == len(readings)
    assert [row["apparent_power_va"] for row in rows] == [
        str(r.values.get("PAPP", "")) for r in readings
    ]
    assert [row["current_l2_a"] for row in rows] == [
        str(r.values.get("IINST2", "")) for r in readings
    ]
    assert "voltage_l1_v" not in rows[0]  # historic meters send no voltage
    listed = sum(len(row["rejected"].split()) for row in rows)
    # Everything rejected, not what only waits for the next frame (unconfirmed).
    assert listed == sum(
        1 for r in readings for item in r.rejected if item.reason not in WITHHELD
    )
    assert listed > 0
    assert sum(row["rejected"].count(":checksum") for row in rows) == sum(
        1 for r in readings for item in r.rejected if item.reason.value == "checksum"
    )
    assert [e for e in line.events if e.kind is EventKind.REJECTED]
    assert line.counters == decoder.counters.as_dict()


def test_the_command_writes_the_profile_and_the_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tempo.json"
    source = CAPTURES / "historic_tempo_pyteleinfo.txt"
    assert main(["profile", str(source), "-o", str(out), "--period", "1.5"]) == 0
    result = json.loads(out.read_text())
    check_processed_profile(result)
    assert result["meta"]["interval"] == 1500
    assert _counter(result, "Apparent power")["samples"]["time"][1] == 1500
    rows = list(csv.DictReader(out.with_suffix(".csv").open()))
    assert len(rows) == 10
    assert rows[0]["tariff_period"] == "blue_off_peak"
    summary = json.loads(capsys.readouterr().err)
    assert summary == {
        "profile": str(out),
        "csv": str(out.with_suffix(".csv")),
        "frames": 10,
        "events": 1,
        "seconds": 13.5,
    }


def test_the_command_refuses_a_port_a_missing_file_and_an_unwritable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "p.json")
    assert main(["profile", "/dev/ttyUSB0", "-o", out]) == 2
    assert "is a port: record a capture first" in capsys.readouterr().err
    assert main(["profile", str(tmp_path / "none.tic"), "-o", out]) == 2
    assert "no such file" in capsys.readouterr().err
    source = str(CAPTURES / "historic_tempo_pyteleinfo.txt")
    assert main(["profile", source, "-o", str(tmp_path / "no" / "p.json")]) == 2
    assert "cannot write" in capsys.readouterr().err
    empty = tmp_path / "empty.tic"
    empty.write_bytes(b"no frame here")
    assert (
        main(["profile", str(empty), "-o", out, "--csv", str(tmp_path / "e.csv")]) == 1
    )


def test_a_frame_without_its_period_group_does_not_end_the_period() -> None:
    frames = [_historic("HP..", 2_000_000, papp=900, iinst=4) for _ in range(4)]
    broken = bytearray(frames[1])
    broken[broken.index(b"PTEC ") + 6] ^= 0x01  # PTEC fails its checksum
    frames[1] = bytes(broken)
    markers = _markers(_profile_of(b"".join(frames)))
    periods = [(s, e, d["period"]) for n, s, e, d in markers if n == "Tariff period"]
    assert periods == [(0.0, 6000.0, "peak")]
    assert [d["label"] for n, _, _, d in markers if n == "Rejected"] == ["PTEC"]
