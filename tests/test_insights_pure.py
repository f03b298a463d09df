"""The insights' pure computations, against figures computed by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.linky_tic.insight_baseline import baseline, percentile
from custom_components.linky_tic.insight_prices import (
    DEFAULT_PRICE_TABLE,
    Offer,
    PriceTableError,
    default_price_table,
    parse_price_table,
)
from custom_components.linky_tic.insight_season import (
    days_left,
    ejp_days,
    season_start,
    tempo_colors,
)
from custom_components.linky_tic.insight_subscription import advise, recommended_kva
from custom_components.linky_tic.insight_tariffs import (
    TYPICAL_SEASON,
    Hour,
    Source,
    break_even_share,
    compare,
    cost,
    off_peak_hours_seen,
    split_off_peak,
)
from custom_components.linky_tic.tic.model import TariffOption, TariffPeriod, TempoColor
from custom_components.linky_tic.tic.registry import OPTION_PERIODS

PARIS = ZoneInfo("Europe/Paris")
P = TariffPeriod
OFFERS = parse_price_table(default_price_table())


def hours(
    days: int, wh: dict[int, dict[TariffPeriod, float]], start: date = date(2026, 1, 5)
) -> list[Hour]:
    """``days`` days of the same hourly profile (local hour -> energy by period)."""
    first = datetime(start.year, start.month, start.day, tzinfo=PARIS)
    return [
        Hour(first + timedelta(days=d, hours=h), wh.get(h, {}))
        for d in range(days)
        for h in range(24)
    ]


def test_default_table_is_valid_and_dated() -> None:
    assert set(OFFERS) == {TariffOption.BASE, TariffOption.OFF_PEAK, TariffOption.TEMPO}
    assert OFFERS[TariffOption.OFF_PEAK][6].subscription_month == 13.14
    assert OFFERS[TariffOption.OFF_PEAK][6].prices[P.OFF_PEAK] == 0.1360
    assert OFFERS[TariffOption.BASE][9].prices[P.BASE] == 0.1605
    assert default_price_table() == {k: dict(v) for k, v in DEFAULT_PRICE_TABLE.items()}


def test_each_compared_tariff_prices_every_period_its_meter_counts() -> None:
    # A meter of the option counts on OPTION_PERIODS' periods: each must have a
    # price, and Tempo's six kWh prices must land on their own colours.
    for tariff, rows in OFFERS.items():
        for offer in rows.values():
            assert tuple(offer.prices) == OPTION_PERIODS[tariff]
    tempo = OFFERS[TariffOption.TEMPO][6].prices
    assert (tempo[P.BLUE_OFF_PEAK], tempo[P.WHITE_PEAK]) == (0.1288, 0.1792)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([], "not a mapping"),
        ({"gas": {}}, "unknown tariff"),
        ({"ejp": {}}, "not a compared tariff"),
        ({"base": {"7": {"subscription": 1, "base": 0.1}}}, "not a subscribed power"),
        ({"base": {"6": {"base": 0.1}}}, "no subscription"),
        ({"off_peak": {"6": {"subscription": 1, "peak": 0.2}}}, "no off_peak price"),
        ({"base": {"6": {"subscription": 1, "base": -1}}}, "not a positive number"),
        ({"base": {"6": {"subscription": True, "base": 0.1}}}, "not a number"),
    ],
)
def test_a_bad_table_says_where(table: object, message: str) -> None:
    with pytest.raises(PriceTableError, match=message):
        parse_price_table(table)


def test_base_and_off_peak_costs_by_hand() -> None:
    # 2 days: 1 kWh at 02:00 (meter's off-peak), 3 kWh at 12:00 (peak)
    days = hours(2, {2: {P.OFF_PEAK: 1000}, 12: {P.PEAK: 3000}})
    base, hphc = OFFERS[TariffOption.BASE][6], OFFERS[TariffOption.OFF_PEAK][6]
    assert cost(days, base, 2).energy_eur == pytest.approx(8 * 0.1558)
    assert cost(days, base, 2).subscription_eur == pytest.approx(11.47 * 12 * 2 / 365)
    assert cost(days, hphc, 2).energy_eur == pytest.approx(2 * 0.1360 + 6 * 0.1821)
    assert cost(days, hphc, 2).source is Source.METER


def test_a_base_meter_is_split_at_22_06() -> None:
    days = hours(1, {5: {P.BASE: 1000}, 6: {P.BASE: 2000}, 22: {P.BASE: 4000}})
    assert split_off_peak(days) == (5000, 2000, Source.DEFAULT)


def test_off_peak_hours_come_from_the_meter() -> None:
    profile: dict[int, dict[TariffPeriod, float]] = {
        h: {P.OFF_PEAK: 100} for h in (23, 0, 1, 2, 3, 4, 5, 6)
    }
    profile.update({h: {P.PEAK: 100} for h in range(7, 23)})
    assert off_peak_hours_seen(hours(3, profile)) == [0, 1, 2, 3, 4, 5, 6, 23]


def test_tempo_with_the_meters_colours() -> None:
    days = hours(1, {3: {P.RED_OFF_PEAK: 1000}, 9: {P.RED_PEAK: 1000}})
    tempo = cost(days, OFFERS[TariffOption.TEMPO][6], 1)
    assert tempo.energy_eur == pytest.approx(0.1518 + 0.6586)
    assert tempo.source is Source.METER


def test_tempo_on_a_typical_season() -> None:
    # 1 kWh at 12:00 on 5 January 2026: January has 8 red, 8 white, 15 blue days
    days = hours(1, {12: {P.BASE: 1000}})
    tempo = cost(days, OFFERS[TariffOption.TEMPO][6], 1)
    assert tempo.source is Source.TYPICAL
    assert tempo.energy_eur == pytest.approx(
        (8 * 0.6586 + 8 * 0.1792 + 15 * 0.1552) / 31
    )
    assert sum(r for r, _ in TYPICAL_SEASON.values()) == 22
    assert sum(w for _, w in TYPICAL_SEASON.values()) == 43


def test_break_even_share_from_the_prices() -> None:
    base, hphc = OFFERS[TariffOption.BASE][6], OFFERS[TariffOption.OFF_PEAK][6]
    # a year of 5 000 kWh: (20.04 + 5000 x 0.0263) / (5000 x 0.0461)
    share = break_even_share(5000, 365, base, hphc)
    assert share == pytest.approx(100 * (12 * 1.67 + 5000 * 0.0263) / (5000 * 0.0461))
    # more consumption: the subscription weighs less, the share goes to 57 %
    assert break_even_share(1e9, 365, base, hphc) == pytest.approx(
        100 * 0.0263 / 0.0461
    )
    assert break_even_share(0, 365, base, hphc) is None


def test_compare_picks_the_cheapest_and_scales_the_saving() -> None:
    # 10 days, 10 kWh each night in off-peak hours, 2 kWh by day
    days = hours(10, {1: {P.OFF_PEAK: 10000}, 12: {P.PEAK: 2000}})
    result = compare(days, 10, OFFERS, kva=6, current=TariffOption.BASE)
    assert result is not None
    base = 120 * 0.1558 + 11.47 * 12 * 10 / 365
    hphc = 100 * 0.1360 + 20 * 0.1821 + 13.14 * 12 * 10 / 365
    assert result.costs[TariffOption.BASE].total_eur == pytest.approx(base)
    assert result.costs[TariffOption.OFF_PEAK].total_eur == pytest.approx(hphc)
    assert result.best in {TariffOption.OFF_PEAK, TariffOption.TEMPO}
    best = result.costs[result.best].total_eur
    assert result.yearly_saving == pytest.approx((base - best) * 36.5)
    assert result.off_peak_share == pytest.approx(100 * 100 / 120)
    assert compare(days, 10, OFFERS, kva=7, current=TariffOption.BASE) is None


def test_subscription_advice() -> None:
    assert recommended_kva(4000) == 6  # 4 kVA < 90 % of 6
    assert recommended_kva(5500) == 9  # above 5.4 kVA
    assert recommended_kva(50000) == 36
    advice = advise([3000, 4000, 3500], 9, {9: 1000.0, 6: 960.0})
    assert advice is not None
    assert (advice.recommended_kva, advice.over_days, advice.max_va) == (6, 0, 4000)
    assert advice.yearly_saving == pytest.approx(40)
    over = advise([6500, 4000], 6, {6: 900.0, 9: 940.0})
    assert over is not None
    assert (over.recommended_kva, over.over_days, over.yearly_saving) == (9, 1, -40)
    assert advise([], 6, {}) is None


def test_baseline_is_a_low_percentile_of_the_nights() -> None:
    assert percentile([5, 1, 4, 2, 3], 10) == 1
    assert percentile(list(range(1, 101)), 10) == 10
    # 180 W all night, a water heater at 00:00 and 01:00
    profile: dict[int, dict[TariffPeriod, float]] = {
        h: {P.BASE: 180} for h in range(24)
    }
    profile[0] = {P.BASE: 2380}
    profile[1] = {P.BASE: 1200}
    result = baseline(hours(7, profile), 0.2)
    assert result is not None
    assert result.watts == 180
    assert result.yearly_kwh == pytest.approx(180 * 8.76)
    assert result.yearly_eur == pytest.approx(180 * 8.76 * 0.2)
    assert baseline(hours(1, {}), 0.2) is None  # only gaps


def test_tempo_days_and_season() -> None:
    # the Tempo day of 5 January (06:00 -> 06:00) is red, the next one white
    first = datetime(2026, 1, 5, tzinfo=PARIS)
    seen = [
        Hour(first + timedelta(hours=5), {P.BLUE_OFF_PEAK: 100}),  # 4 Jan's day
        Hour(first + timedelta(hours=7), {P.RED_PEAK: 100}),
        Hour(first + timedelta(hours=29), {P.RED_OFF_PEAK: 100}),  # 6 Jan 05:00
        Hour(first + timedelta(hours=31), {P.WHITE_PEAK: 100}),
    ]
    colors = tempo_colors(seen)
    assert colors == {
        date(2026, 1, 4): TempoColor.BLUE,
        date(2026, 1, 5): TempoColor.RED,
        date(2026, 1, 6): TempoColor.WHITE,
    }
    assert season_start(date(2026, 1, 6)) == date(2025, 9, 1)
    assert season_start(date(2026, 9, 1)) == date(2026, 9, 1)
    red = days_left([date(2026, 1, 5), date(2025, 8, 31)], 22, date(2026, 1, 6), None)
    assert (red.left, red.seen) == (21, 1)  # 31 August is last season
    late = days_left([], 22, date(2026, 1, 6), date(2025, 12, 1))
    assert late.counted_from == date(2025, 12, 1)


def test_ejp_days_start_at_07_00() -> None:
    first = datetime(2026, 1, 5, tzinfo=PARIS)
    seen = [
        Hour(first + timedelta(hours=8), {P.EJP_PEAK: 100}),
        Hour(first + timedelta(hours=24), {P.EJP_PEAK: 100}),  # 6 Jan 00:00
        Hour(first + timedelta(hours=40), {P.EJP_NORMAL: 100}),
    ]
    assert ejp_days(seen) == {date(2026, 1, 5)}


def test_offer_subscription_for_days() -> None:
    offer = Offer(TariffOption.BASE, 6, 10.0, {P.BASE: 0.1})
    assert offer.subscription_for(365) == pytest.approx(120)


def test_a_year_of_history_gives_the_yearly_figures() -> None:
    # HA-free part of the coordinator: the same computation the hourly refresh runs
    from custom_components.linky_tic.insight_figures import compute
    from custom_components.linky_tic.insight_statistics import History

    profile: dict[int, dict[TariffPeriod, float]] = {
        h: {P.BASE: 5000} for h in range(6)
    }
    profile[12] = {P.BASE: 2000}
    year = hours(365, profile, start=date(2025, 6, 1))
    end = year[-1].start + timedelta(hours=1)
    daily = dict.fromkeys({h.start.date() for h in year}, 2500.0)
    data = compute(History(year, daily), end, 6, TariffOption.BASE, OFFERS)
    assert data.history_days == 365
    assert data.year is not None
    assert data.month is not None
    assert (data.year.days, data.month.days) == (365, 30)
    # 94 % off-peak: Tempo's off-peak prices win (typical season), HP/HC beats Base;
    # the saving is the year's, not the month's scaled
    assert data.year.best is TariffOption.TEMPO
    base = data.year.costs[TariffOption.BASE]
    tempo = data.year.costs[TariffOption.TEMPO]
    assert data.yearly_saving == pytest.approx(base.total_eur - tempo.total_eur)
    assert data.year.costs[TariffOption.OFF_PEAK].total_eur < base.total_eur
    assert base.total_eur == pytest.approx(365 * 32 * 0.1558 + 12 * 11.47)
    assert data.advice is not None
    assert data.advice.recommended_kva == 3
    assert data.baseline is not None
    assert data.baseline.watts == 5000


def test_the_advice_takes_the_meters_own_daily_maximum_where_recorded() -> None:
    """SMAXSN (every second) over the frames' PAPP/SINSTS samples, day by day."""
    from custom_components.linky_tic.insight_figures import DailyMaxSource, compute
    from custom_components.linky_tic.insight_statistics import History

    two_weeks = hours(14, {h: {P.BASE: 500} for h in range(24)})
    end = two_weeks[-1].start + timedelta(hours=1)
    days = sorted({h.start.date() for h in two_weeks})
    sampled = dict.fromkeys(days, 4000.0)  # the frames saw at most 4 kVA a day
    # the meter measured 5 kVA on the 12 days it was recorded: 6 kVA is tight
    meter = dict.fromkeys(days[2:], 5000.0)
    data = compute(
        History(two_weeks, sampled, meter), end, 9, TariffOption.BASE, OFFERS
    )
    assert data.advice is not None
    assert (data.advice.max_va, data.advice.days) == (5000.0, 14)
    assert data.advice.recommended_kva == 6  # 5000 <= 6000 * 0.9
    assert data.advice_meter_days == 12
    assert data.daily_max_source is DailyMaxSource.BOTH

    # a meter maximum above 5.4 kVA on one day only: 9 kVA is advised
    meter[days[5]] = 5500.0
    data = compute(
        History(two_weeks, sampled, meter), end, 9, TariffOption.BASE, OFFERS
    )
    assert data.advice is not None
    assert data.advice.recommended_kva == 9

    # every day from the meter, or none (historic mode: PAPP only)
    data = compute(
        History(two_weeks, {}, dict.fromkeys(days, 3000.0)),
        end,
        9,
        TariffOption.BASE,
        OFFERS,
    )
    assert data.advice is not None
    assert (data.advice.recommended_kva, data.advice_meter_days) == (6, 14)
    assert data.daily_max_source is DailyMaxSource.METER
    data = compute(History(two_weeks, sampled), end, 9, TariffOption.BASE, OFFERS)
    assert data.advice is not None
    assert (data.advice.max_va, data.advice_meter_days) == (4000.0, 0)
    assert data.daily_max_source is DailyMaxSource.APPARENT_POWER
