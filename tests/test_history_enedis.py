"""Reading the Enedis exports: layouts, steps, DST days, empty values, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from custom_components.linky_tic.const import energy_key
from custom_components.linky_tic.enedis_energy import by_index, hourly, split_off_peak
from custom_components.linky_tic.enedis_export import (
    TOTAL,
    ExportKind,
    check_prm,
    parse,
)
from custom_components.linky_tic.energy_sensors import ENERGY_SENSORS
from custom_components.linky_tic.history_series import HistoryError
from custom_components.linky_tic.off_peak_hours import (
    format_off_peak,
    off_peak_from_schedule,
    parse_off_peak,
)
from custom_components.linky_tic.tic.model import TariffOption
from custom_components.linky_tic.tic.registry import STANDARD_INDEX_PERIODS
from custom_components.linky_tic.tic.schedule import parse_schedule

from .support.enedis_files import PARIS, PRM, daily_index, load_curve, steps

M = timedelta(minutes=1)


def _hours(data: bytes) -> dict[datetime, float]:
    return dict(hourly(parse(data).columns[TOTAL]))


def test_load_curve_with_bom_end_stamped_steps() -> None:
    start = datetime(2026, 1, 10, 0, 0, tzinfo=PARIS)
    points = steps(
        start,
        start + timedelta(hours=2),
        30,
        lambda end: 1000.0 * end.minute / 30 + 600,
    )
    export = parse(load_curve(points, bom=True))
    assert export.kind is ExportKind.LOAD_CURVE
    assert export.prm == PRM
    assert export.steps_min == (30,)
    # Steps end at 00:30 (1600 W), 01:00 (600 W): the first hour is 00:00-01:00 local.
    hours = dict(hourly(export.columns[TOTAL]))
    first = start.astimezone(UTC)
    assert hours == {first: 1100.0, first + timedelta(hours=1): 1100.0}


def test_step_read_from_the_gaps_and_a_missing_row_is_not_doubled() -> None:
    start = datetime(2026, 1, 10, 0, 0, tzinfo=PARIS)
    hourly_steps = steps(start, start + timedelta(hours=3), 60, lambda _: 1200.0)
    ten = steps(
        start + timedelta(hours=3), start + timedelta(hours=4), 10, lambda _: 600.0
    )
    half = steps(
        start + timedelta(hours=4), start + timedelta(hours=6), 30, lambda _: 2000.0
    )
    del half[1]  # the step ending 05:00 is missing: 04:30-05:00 unknown
    export = parse(load_curve(hourly_steps + ten + half))
    assert export.steps_min == (10, 30, 60)
    energies = [wh for _, wh in hourly(export.columns[TOTAL])]
    assert energies == [1200.0, 1200.0, 1200.0, 600.0, 1000.0, 2000.0]


def test_empty_values_are_left_out_and_counted() -> None:
    start = datetime(2026, 1, 10, 0, 0, tzinfo=PARIS)
    points = steps(
        start,
        start + timedelta(hours=1),
        30,
        lambda end: None if end.minute == 30 else 800.0,
    )
    export = parse(load_curve(points, bom=False))
    assert export.empty_values == 1
    assert sum(i.wh for i in export.columns[TOTAL]) == 400.0


def test_october_repeated_hour_gives_25_hours() -> None:
    day = datetime(2025, 10, 26, tzinfo=PARIS)
    end = datetime(2025, 10, 27, tzinfo=PARIS)
    # The power tells which UTC hour a step belongs to: 100 W x (UTC hour + 1).
    points = steps(
        day, end, 30, lambda e: 100.0 * ((e - 30 * M).astimezone(UTC).hour + 1)
    )
    data = load_curve(points)
    assert b"02:30:00+02:00" in data
    assert b"02:30:00+01:00" in data  # the same local time again, an hour later
    hours = _hours(data)
    assert len(hours) == 25
    for start, wh in hours.items():
        assert wh == 100.0 * (start.hour + 1)


def test_march_missing_hour_gives_23_hours() -> None:
    day = datetime(2026, 3, 29, tzinfo=PARIS)
    end = datetime(2026, 3, 30, tzinfo=PARIS)
    points = steps(
        day, end, 60, lambda e: 100.0 * ((e - 60 * M).astimezone(UTC).hour + 1)
    )
    data = load_curve(points)
    assert b"T02:00:00" not in data.split(b"Horodate")[1]  # 02:00 never happens
    hours = _hours(data)
    assert len(hours) == 23
    assert all(wh == 100.0 * (start.hour + 1) for start, wh in hours.items())


def test_daily_index_differences_spread_over_the_day() -> None:
    d1 = datetime(2026, 1, 1, tzinfo=PARIS)
    rows: list[tuple[datetime, dict[str, int | None]]] = [
        (d1, {"EAS F1": 1000, "EAS F2": 5000, "EAS T": 6000}),
        (d1 + timedelta(days=1), {"EAS F1": 3400, "EAS F2": 5000, "EAS T": 8400}),
        (d1 + timedelta(days=2), {"EAS F1": None, "EAS F2": 6200, "EAS T": 9600}),
    ]
    export = parse(daily_index(rows))
    assert export.kind is ExportKind.DAILY_INDEX
    assert set(export.columns) == {"EAS F1", "EAS F2", "EAS T"}
    assert export.empty_values > 0
    f1 = hourly(export.columns["EAS F1"])
    assert len(f1) == 24
    assert {wh for _, wh in f1} == {100.0}
    assert sum(wh for _, wh in hourly(export.columns["EAS T"])) == 3600.0
    assert sum(wh for _, wh in hourly(export.columns["EAS F2"])) == 1200.0


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"Date;Consommation\r\n2026-01-01;12\r\n", "not_enedis"),
        (
            "\ufeffHorodate;Valeur\r\n2026-01-01T00:30:00;12\r\n2026-01-01T01:00:00;12\r\n".encode(),
            "bad_line",
        ),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;abc\r\n2026-01-01T01:00:00+01:00;1\r\n",
            "bad_line",
        ),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;-5\r\n2026-01-01T01:00:00+01:00;1\r\n",
            "bad_line",
        ),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;5\r\n2026-01-01T00:30:00+01:00;1\r\n",
            "bad_line",
        ),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;5\r\n2026-01-01T00:37:00+01:00;1\r\n",
            "bad_step",
        ),
        (b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;5\r\n", "no_data"),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;\r\n2026-01-01T01:00:00+01:00;\r\n",
            "no_data",
        ),
        (
            b"Horodate;Type de releve;EAS F1;EAS T\r\n2026-01-01T00:00:00+01:00;x;9;9\r\n2026-01-02T00:00:00+01:00;x;5;9\r\n",
            "bad_line",
        ),
        (
            b"Horodate;Type de releve;EAS F1;EAS T\r\n2026-01-01T00:00:00+01:00;x;9;9\r\n",
            "no_data",
        ),
        (b"Horodate;Autre\r\n2026-01-01T00:00:00+01:00;x\r\n", "not_enedis"),
    ],
)
def test_malformed_files_are_refused(data: bytes, key: str) -> None:
    with pytest.raises(HistoryError) as error:
        parse(data)
    assert error.value.key == key


def test_prm_of_another_delivery_point_is_refused() -> None:
    start = datetime(2026, 1, 10, tzinfo=PARIS)
    export = parse(
        load_curve(steps(start, start + timedelta(hours=1), 30, lambda _: 1.0))
    )
    check_prm(export, PRM)
    check_prm(export, None)  # a historic meter does not say its PRM
    with pytest.raises(HistoryError) as error:
        check_prm(export, "98765432109876")
    assert error.value.key == "wrong_prm"
    assert error.value.placeholders["prm"].endswith("9876")
    assert "9876543210" not in str(error.value.placeholders)


def test_off_peak_hours_split_the_load_curve_by_local_time() -> None:
    assert parse_off_peak("22:00-06:00") == ((time(22), time(6)),)
    assert parse_off_peak("01h30-07h30, 12h30-14h30") == (
        (time(1, 30), time(7, 30)),
        (time(12, 30), time(14, 30)),
    )
    for bad in ("soon", "25:00-06:00", "22:00-06:00 and more"):
        with pytest.raises(HistoryError):
            parse_off_peak(bad)
    start = datetime(2026, 7, 1, 21, 0, tzinfo=PARIS)  # summer: UTC+2
    export = parse(
        load_curve(steps(start, start + timedelta(hours=10), 30, lambda _: 1000.0))
    )
    off, peak = split_off_peak(
        export.columns[TOTAL], parse_off_peak("22:00-06:00"), PARIS
    )
    assert sum(i.wh for i in off) == 8 * 1000.0
    assert sum(i.wh for i in peak) == 2 * 1000.0


def test_a_file_resaved_by_a_spreadsheet_in_cp1252_is_read() -> None:
    start = datetime(2026, 1, 10, tzinfo=PARIS)
    data = daily_index(
        [(start, {"EAS T": 10}), (start + timedelta(days=1), {"EAS T": 34})]
    ).decode()
    export = parse(data.encode("cp1252"))  # "Arrêté" is not UTF-8 any more
    assert sum(i.wh for i in export.columns["EAS T"]) == 24


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (  # two blocks of two delivery points
            (
                b"Identifiant PRM;Type\r\n11111111111111;x\r\n"
                b"Identifiant PRM;Type\r\n22222222222222;x\r\n"
                b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;5\r\n"
                b"2026-01-01T01:00:00+01:00;5\r\n"
            ),
            "not_enedis",
        ),
        (  # two different tables in one file
            (
                b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;5\r\n"
                b"Horodate;Type de releve;EAS T\r\n2026-01-01T00:00:00+01:00;x;1\r\n"
            ),
            "not_enedis",
        ),
        (
            b"Horodate;Valeur\r\n2026-01-01T00:30:00+01:00;inf\r\n2026-01-01T01:00:00+01:00;5\r\n",
            "bad_line",
        ),
        (b"Horodate;Valeur\r\nyesterday;5\r\n", "bad_line"),
        (  # a lone 45-min gap after 60-min steps: the steps would overlap
            (
                b"Horodate;Valeur\r\n2026-01-01T01:00:00+01:00;5\r\n"
                b"2026-01-01T02:00:00+01:00;5\r\n2026-01-01T02:45:00+01:00;5\r\n"
            ),
            "bad_step",
        ),
    ],
)
def test_more_malformed_files(data: bytes, key: str) -> None:
    with pytest.raises(HistoryError) as error:
        parse(data)
    assert error.value.key == key


def test_the_file_goes_to_the_indexes_it_can_fill() -> None:
    start = datetime(2026, 1, 10, tzinfo=PARIS)
    curve = parse(
        load_curve(steps(start, start + timedelta(hours=24), 30, lambda _: 1000.0))
    )
    hours = parse_off_peak("22:00-06:00")
    assert set(by_index(curve, TariffOption.BASE, None, PARIS)) == {
        TOTAL,
        "energy_base",
    }
    assert set(by_index(curve, TariffOption.OFF_PEAK, None, PARIS)) == {TOTAL}
    split = by_index(curve, TariffOption.OFF_PEAK, hours, PARIS)
    assert sum(i.wh for i in split["energy_off_peak"]) == 8000.0
    assert sum(i.wh for i in split["energy_peak"]) == 16000.0
    assert set(by_index(curve, TariffOption.TEMPO, hours, PARIS)) == {TOTAL}
    daily = parse(
        daily_index(
            [
                (start, {"EAS F1": 1, "EAS F2": 2, "EAS F7": 3, "EAS T": 6}),
                (
                    start + timedelta(days=1),
                    {"EAS F1": 2, "EAS F2": 4, "EAS F7": 6, "EAS T": 12},
                ),
            ]
        )
    )
    assert set(by_index(daily, TariffOption.TEMPO, None, PARIS)) == {
        TOTAL,
        "energy_blue_off_peak",
        "energy_blue_peak",
    }  # EAS F7 is not a Tempo index
    # Off-peak hours inside one day too.
    assert parse_off_peak("12:30-14:00") == ((time(12, 30), time(14)),)
    noon = [i for i in curve.columns[TOTAL] if i.start.astimezone(PARIS).hour == 13]
    off, _ = split_off_peak(noon, parse_off_peak("12:30-14:00"), PARIS)
    assert len(off) == 2


def test_each_index_the_file_fills_is_one_of_our_energy_sensors() -> None:
    # the import writes to the entity of each key: it must be an energy sensor's
    sensors = {description.key for description in ENERGY_SENSORS}
    start = datetime(2026, 1, 10, tzinfo=PARIS)
    curve = parse(
        load_curve(steps(start, start + timedelta(hours=24), 30, lambda _: 1000.0))
    )
    hours = parse_off_peak("22:00-06:00")
    filled = set(by_index(curve, TariffOption.BASE, None, PARIS))
    filled |= set(by_index(curve, TariffOption.OFF_PEAK, hours, PARIS))
    assert filled - {TOTAL} == {"energy_base", "energy_off_peak", "energy_peak"}
    assert filled - {TOTAL} <= sensors
    columns = {f"EAS F{n}": n for n in range(1, 11)} | {"EAS T": 55}
    daily = parse(
        daily_index(
            [
                (
                    start + timedelta(days=d),
                    {c: v * (d + 1) for c, v in columns.items()},
                )
                for d in range(2)
            ]
        )
    )
    for option, periods in STANDARD_INDEX_PERIODS.items():
        filled = set(by_index(daily, option, None, PARIS)) - {TOTAL}
        assert filled == {energy_key(period) for period in periods.values()}, option
        assert filled <= sensors, option


def test_the_meters_own_day_profile_gives_the_off_peak_hours() -> None:
    # PJOURF+1 as a meter sends it: 01:30 index 1 (HC), 07:30 index 2 (HP), ...
    profile = parse_schedule(
        "01300001 07300002 12300001 14300002 NONUTILE NONUTILE NONUTILE NONUTILE"
    )
    ranges = off_peak_from_schedule(profile, TariffOption.OFF_PEAK)
    assert ranges == ((time(1, 30), time(7, 30)), (time(12, 30), time(14, 30)))
    assert format_off_peak(ranges) == "01:30-07:30, 12:30-14:30"
    assert parse_off_peak(format_off_peak(ranges)) == ranges
    across_midnight = parse_schedule("06008002 2200C001 00000000")
    assert off_peak_from_schedule(across_midnight, TariffOption.OFF_PEAK) == (
        (time(22), time(6)),
    )
    all_day = parse_schedule("00000001")
    whole = off_peak_from_schedule(all_day, TariffOption.OFF_PEAK)
    assert whole == ((time(0), time(0)),)
    start = datetime(2026, 1, 10, tzinfo=PARIS)
    curve = parse(
        load_curve(steps(start, start + timedelta(hours=3), 30, lambda _: 1.0))
    )
    off, peak = split_off_peak(curve.columns[TOTAL], whole, PARIS)
    assert (len(off), len(peak)) == (6, 0)
    assert off_peak_from_schedule(profile, TariffOption.BASE) == ()
