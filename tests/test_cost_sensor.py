"""Price and cost sensors in a real Home Assistant, fed through a real pty.

The expected costs are computed from the simulator's own registers
(``meter.easf``, in the order the simulator counts them) and its own
calendar (``meter.tariff.supplier_index``), never from the integration's
tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from unittest.mock import patch

import pytest
from homeassistant.components.energy.validate import (
    ENERGY_PRICE_UNIT_ERROR,
    ENERGY_PRICE_UNITS,
    ValidationIssues,
    _async_validate_price_entity,
)
from homeassistant.components.sensor import ATTR_LAST_RESET, ATTR_STATE_CLASS
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)

from custom_components.linky_tic import coordinator as coordinator_module
from custom_components.linky_tic.const import DOMAIN
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.cost_sensor import CostExtraStoredData
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

from .support.helpers import (
    FakeClock,
    Feeder,
    PortWatch,
    PtyLine,
    make_entry,
    setup_with_frames,
    state_of,
    wait_for,
    watch_port_opens,
)

#: Prices (EUR/kWh) by the simulator's index number (EASF01, EASF02...).
HC_PRICES = (0.1696, 0.2146)  # off-peak, peak
TEMPO_PRICES = (0.1296, 0.1609, 0.1486, 0.1894, 0.1568, 0.7562)
HC_OPTIONS = {"price_off_peak": HC_PRICES[0], "price_peak": HC_PRICES[1]}
TEMPO_OPTIONS = {
    f"price_{period}": price
    for period, price in zip(
        (
            "blue_off_peak",
            "blue_peak",
            "white_off_peak",
            "white_peak",
            "red_off_peak",
            "red_peak",
        ),
        TEMPO_PRICES,
        strict=True,
    )
}
STEP_S = 120.0  # simulated seconds between two frames sent


class WallClock:
    """The cost sensors' wall clock (``cost_sensor.local_now``), set by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 15, 12, 0, tzinfo=PARIS)

    def move_to(self, when: datetime) -> None:
        self.now = when

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> Iterator[WallClock]:
    clock = WallClock()
    with patch("custom_components.linky_tic.cost_sensor.local_now", clock):
        yield clock


@pytest.fixture(autouse=True)
async def paris(hass: HomeAssistant) -> None:
    """Home Assistant's time zone is the meter's."""
    await hass.config.async_set_time_zone("Europe/Paris")


def _expected_euros(
    start: list[int], end: list[int], prices: tuple[float, ...]
) -> float:
    return sum(
        (last - first) * price / 1000
        for first, last, price in zip(start, end, prices, strict=False)
    )


def _entity_id(hass: HomeAssistant, meter: SimulatedMeter, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{meter.meter_id}_{key}"
    )
    assert entity_id is not None, f"no {key} entity"
    return entity_id


def _value(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


class Run:
    """A meter, the line, the test's clocks, and the meter's registers over time."""

    def __init__(
        self,
        hass: HomeAssistant,
        line: PtyLine,
        clock: FakeClock,
        wall: WallClock,
        meter: SimulatedMeter,
    ) -> None:
        self.hass = hass
        self.line = line
        self.clock = clock
        self.wall = wall
        self.meter = meter
        self.frame: Callable[[], bytes] = meter.frame  # what the meter sends
        self.coordinator: LinkyTicCoordinator | None = None

    async def setup(
        self, entry: MockConfigEntry, watch: PortWatch, frames: int = 2
    ) -> list[int]:
        """Set up with ``frames`` frames; return the registers of the last one."""
        self.wall.move_to(self.meter.local_time)
        self.coordinator = await setup_with_frames(
            self.hass, entry, self.line, [self.frame()], watch
        )
        registers = list(self.meter.easf)
        self.meter.advance(STEP_S)
        self.clock.tick(STEP_S)
        for _ in range(frames - 1):
            registers = await self.send()
        return registers

    async def send(self, frame: bytes | None = None) -> list[int]:
        """Send the meter's frame now (or ``frame``); return the registers it carries."""
        assert self.coordinator is not None
        self.wall.move_to(self.meter.local_time)
        registers = list(self.meter.easf)
        await Feeder(self.line, self.coordinator).send(self.hass, frame or self.frame())
        self.meter.advance(STEP_S)
        self.clock.tick(STEP_S)
        return registers


async def test_no_prices_no_price_or_cost_entities(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter("historic", option="hc", seed=1)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        await setup_with_frames(hass, entry, line, list(meter.frames(2)), watch)
    keys = {
        e.unique_id.removeprefix(f"{meter.meter_id}_")
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    assert "energy_off_peak" in keys
    assert not keys & {"current_price", "cost_today", "cost_total"}


@pytest.mark.parametrize(
    ("mode", "option", "options", "prices"),
    [
        ("historic", "hc", HC_OPTIONS, HC_PRICES),
        ("standard", "tempo", TEMPO_OPTIONS, TEMPO_PRICES),
    ],
    ids=["historic-hc", "standard-tempo"],
)
async def test_a_simulated_day_costs_what_the_indexes_counted(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    wall: WallClock,
    *,
    mode: str,
    option: str,
    options: dict[str, float],
    prices: tuple[float, ...],
) -> None:
    """A whole day: cost today = sum of (index delta x its price); price follows."""
    meter = SimulatedMeter(
        mode, option=option, seed=0, start=datetime(2026, 1, 15, 0, 0, 10, tzinfo=PARIS)
    )
    run = Run(hass, line, clock, wall, meter)
    entry = make_entry(line.link, meter, options=options)
    with watch_port_opens() as watch:
        baseline = await run.setup(entry, watch)
    today = _entity_id(hass, meter, "cost_today")
    total = _entity_id(hass, meter, "cost_total")
    price = _entity_id(hass, meter, "current_price")
    assert _value(hass, today) == 0.0  # the first accepted values are a baseline

    periods_seen: set[int] = set()
    last = baseline
    midnight = datetime(2026, 1, 16, tzinfo=PARIS)
    while meter.local_time < midnight:
        index = meter.tariff.supplier_index(meter.local_time)
        last = await run.send()
        periods_seen.add(index)
        assert _value(hass, price) == prices[index - 1]
    expected_day = _expected_euros(baseline, last, prices)
    assert expected_day > 1.0  # a real household day, not a few Wh
    assert len(periods_seen) >= (3 if option == "tempo" else 2)
    assert run.coordinator is not None
    assert run.coordinator.counters.implausible_values == 0
    assert _value(hass, today) == pytest.approx(expected_day, abs=0.005)
    assert _value(hass, total) == pytest.approx(expected_day, abs=0.005)
    state = hass.states.get(today)
    assert state is not None
    assert state.attributes[ATTR_LAST_RESET] == "2026-01-15T00:00:00+01:00"
    assert state.attributes[ATTR_STATE_CLASS] == "total"
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == "EUR"
    total_state = hass.states.get(total)
    assert total_state is not None
    assert ATTR_LAST_RESET not in total_state.attributes

    # The first frame after midnight: today starts again, the total goes on.
    after = await run.send()
    expected_after = _expected_euros(last, after, prices)
    assert _value(hass, today) == pytest.approx(expected_after, abs=0.0001)
    assert _value(hass, total) == pytest.approx(
        expected_day + expected_after, abs=0.005
    )
    state = hass.states.get(today)
    assert state is not None
    assert state.attributes[ATTR_LAST_RESET] == "2026-01-16T00:00:00+01:00"


async def test_the_price_entity_passes_the_energy_dashboard_check(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    meter = SimulatedMeter("historic", option="hc", seed=1)
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        await run.setup(make_entry(line.link, meter, options=HC_OPTIONS), watch)
    issues = ValidationIssues()
    _async_validate_price_entity(
        hass,
        _entity_id(hass, meter, "current_price"),
        issues,
        ENERGY_PRICE_UNITS,
        ENERGY_PRICE_UNIT_ERROR,
    )
    assert not issues.issues


async def test_a_period_without_price_is_unknown(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    """Only the peak price is set: off-peak hours have no price, and cost nothing."""
    meter = SimulatedMeter(
        "historic",
        option="hc",
        seed=1,
        start=datetime(2026, 1, 15, 3, 0, tzinfo=PARIS),  # off-peak hours
    )
    run = Run(hass, line, clock, wall, meter)
    entry = make_entry(line.link, meter, options={"price_peak": 0.25})
    with watch_port_opens() as watch:
        await run.setup(entry, watch)
    for _ in range(10):
        await run.send()
    price = hass.states.get(_entity_id(hass, meter, "current_price"))
    assert price is not None
    assert price.state == STATE_UNKNOWN
    # Every period's price, for the card's cost per period.
    assert price.attributes["prices"] == {"peak": 0.25}
    assert _value(hass, _entity_id(hass, meter, "cost_total")) == 0.0


def _corrupt(
    frame_groups: list[tuple[str, str, str | None]], label: str, data: str | None
) -> list[tuple[str, str, str | None]]:
    """The groups with ``label``'s data replaced, or the group left out (None)."""
    if data is None:
        return [g for g in frame_groups if g[0] != label]
    return [(g[0], data, g[2]) if g[0] == label else g for g in frame_groups]


async def test_rejected_and_missing_index_values_never_move_the_cost(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    """A jump, a dip (valid checksums) and a missing group: no move; then the gap, once."""
    meter = SimulatedMeter(
        "historic", option="hc", seed=1, start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS)
    )  # peak hours: HCHP counts
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        baseline = await run.setup(
            make_entry(line.link, meter, options={**HC_OPTIONS, "index_interval": 0}),
            watch,
        )
    total = _entity_id(hass, meter, "cost_total")
    last = await run.send()
    good = _value(hass, total)
    assert good == pytest.approx(_expected_euros(baseline, last, HC_PRICES), abs=1e-4)
    assert good > 0

    coordinator = run.coordinator
    assert coordinator is not None
    rejected_before = coordinator.counters.implausible_values
    hchp = f"{meter.easf[1]:09d}"
    jump = str(int(hchp[0]) + 1) + hchp[1:]  # +100 MWh, checksum recomputed
    dip = f"{meter.easf[1] - 5000:09d}"
    for data in (jump, dip, None):
        await run.send(encode_frame(meter.mode, _corrupt(meter.groups(), "HCHP", data)))
        assert _value(hass, total) == good
    assert coordinator.counters.implausible_values == rejected_before + 2

    after = await run.send()  # brings the energy of the whole gap, once
    assert _value(hass, total) == pytest.approx(
        _expected_euros(baseline, after, HC_PRICES), abs=1e-4
    )
    assert after[1] - last[1] > 0


async def _restart(run: Run, entry: MockConfigEntry, watch: PortWatch) -> None:
    """Set the (unloaded) entry up again while the meter sends."""
    hass = run.hass
    opened = len(watch.opened)
    setup = hass.async_create_task(hass.config_entries.async_setup(entry.entry_id))
    await watch.wait(opened + 1)
    run.wall.move_to(run.meter.local_time)
    run.line.write(run.meter.frame())
    assert await setup
    await hass.async_block_till_done()
    run.meter.advance(STEP_S)
    run.clock.tick(STEP_S)
    run.coordinator = entry.runtime_data


async def test_a_restart_keeps_the_cost_and_counts_the_stop_once(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    meter = SimulatedMeter(
        "standard",
        option="tempo",
        seed=0,
        start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS),
    )
    run = Run(hass, line, clock, wall, meter)
    entry = make_entry(line.link, meter, options=TEMPO_OPTIONS)
    with watch_port_opens() as watch:
        baseline = await run.setup(entry, watch)
        for _ in range(5):
            await run.send()
        today = _entity_id(hass, meter, "cost_today")
        total = _entity_id(hass, meter, "cost_total")
        before = _value(hass, total)
        assert before > 0

        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.NOT_LOADED
        meter.advance(1800)  # Home Assistant stopped for half an hour
        clock.tick(1800)
        await _restart(run, entry, watch)
        assert _value(hass, total) == before  # restored, nothing counted yet
        last = await run.send()  # the guard confirms: the gap comes in
        expected = _expected_euros(baseline, last, TEMPO_PRICES)
        assert _value(hass, total) == pytest.approx(expected, abs=1e-4)
        assert _value(hass, today) == pytest.approx(expected, abs=1e-4)
        for _ in range(3):
            last = await run.send()
    assert _value(hass, total) == pytest.approx(
        _expected_euros(baseline, last, TEMPO_PRICES), abs=1e-4
    )


async def test_new_prices_apply_from_then_on(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    meter = SimulatedMeter(
        "historic", option="hc", seed=1, start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS)
    )
    run = Run(hass, line, clock, wall, meter)
    entry = make_entry(line.link, meter, options=HC_OPTIONS)
    with watch_port_opens() as watch:
        baseline = await run.setup(entry, watch)
        for _ in range(5):
            middle = await run.send()
        total = _entity_id(hass, meter, "cost_total")
        old = _expected_euros(baseline, middle, HC_PRICES)
        assert _value(hass, total) == pytest.approx(old, abs=1e-4)

        new_prices = (0.2, 0.3)
        opened = len(watch.opened)
        hass.config_entries.async_update_entry(
            entry, options={"price_off_peak": 0.2, "price_peak": 0.3}
        )
        await watch.wait(opened + 1)  # the entry reloads with the new options
        run.wall.move_to(meter.local_time)
        line.write(meter.frame())
        meter.advance(STEP_S)
        clock.tick(STEP_S)
        await wait_for(
            hass,
            lambda: (
                entry.state is ConfigEntryState.LOADED
                and hass.states.get(total) is not None
                and state_of(hass, total).state not in ("unavailable", "unknown")
            ),
            "the reloaded cost sensor",
        )
        run.coordinator = entry.runtime_data
        for _ in range(3):
            last = await run.send()
    expected = old + _expected_euros(middle, last, new_prices)
    assert _value(hass, total) == pytest.approx(expected, abs=1e-4)
    assert _value(hass, _entity_id(hass, meter, "current_price")) == 0.3
    price = hass.states.get(_entity_id(hass, meter, "current_price"))
    assert price is not None
    assert price.attributes["prices"] == {"off_peak": 0.2, "peak": 0.3}


async def test_midnight_resets_today_but_not_the_total(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    meter = SimulatedMeter(
        "historic",
        option="hc",
        seed=1,
        start=datetime(2026, 1, 15, 23, 40, tzinfo=PARIS),
    )
    run = Run(hass, line, clock, wall, meter)
    with (
        watch_port_opens() as watch,
        patch.object(coordinator_module, "STALE_AFTER_S", 10 * 86400.0),
    ):  # the entities stay available when the timers jump to midnight
        await run.setup(make_entry(line.link, meter, options=HC_OPTIONS), watch)
    for _ in range(5):
        last = await run.send()
    today = _entity_id(hass, meter, "cost_today")
    total = _entity_id(hass, meter, "cost_total")
    spent = _value(hass, total)
    assert spent > 0
    assert _value(hass, today) == spent

    # Home Assistant's timers run on the real clock: its next local midnight.
    written: list[State] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            written.append(event.data["new_state"])
            if event.data["entity_id"] == today
            else None
        ),
    )
    midnight = dt_util.start_of_local_day(dt_util.now() + timedelta(days=1))
    wall.move_to(midnight)
    async_fire_time_changed(hass, midnight)
    await hass.async_block_till_done()
    assert [s.state for s in written] == ["0.0"]
    assert written[0].attributes[ATTR_LAST_RESET] == midnight.isoformat()
    assert _value(hass, total) == spent

    meter.advance(STEP_S)  # two minutes later (states are written once a minute)
    clock.tick(STEP_S)
    after = await run.send()  # frames again: today counts from 0, total goes on
    spent_since = _expected_euros(last, after, HC_PRICES)
    assert spent_since > 0
    assert _value(hass, today) == pytest.approx(spent_since, abs=1e-4)
    assert _value(hass, total) == pytest.approx(spent + spent_since, abs=1e-4)


def _stored(
    meter: SimulatedMeter, key: str, euros: float, last_reset: str | None
) -> tuple[State, dict[str, object]]:
    data = CostExtraStoredData(
        round(euros, 2),
        "EUR",
        euros,
        {"HCHC": meter.easf[0], "HCHP": meter.easf[1]},
        datetime(2026, 1, 16, 8, 50, tzinfo=PARIS),
        None if last_reset is None else datetime.fromisoformat(last_reset),
    )
    return State(f"sensor.linky_{key}", str(round(euros, 2))), data.as_dict()


@pytest.mark.parametrize(
    ("stored_day", "expected_today"),
    [("2026-01-16T00:00:00+01:00", 1.25), ("2026-01-15T00:00:00+01:00", 0.0)],
    ids=["same-day", "day-before"],
)
async def test_restored_from_disk_today_only_if_the_same_day(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    wall: WallClock,
    *,
    stored_day: str,
    expected_today: float,
) -> None:
    """What Home Assistant stored at its last stop, ten minutes ago."""
    meter = SimulatedMeter(
        "historic",
        option="hc",
        seed=1,
        start=datetime(2026, 1, 16, 8, 50, tzinfo=PARIS),
    )
    stored = list(meter.easf)
    mock_restore_cache_with_extra_data(
        hass,
        [
            _stored(meter, "cost_today", 1.25, stored_day),
            _stored(meter, "cost_total", 321.5, None),
        ],
    )
    meter.advance(600)
    clock.tick(600)
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        last = await run.setup(
            make_entry(line.link, meter, options=HC_OPTIONS), watch, frames=3
        )
    gap = _expected_euros(stored, last, HC_PRICES)
    assert gap > 0
    today = _entity_id(hass, meter, "cost_today")
    assert today == "sensor.linky_cost_today"
    assert _value(hass, today) == pytest.approx(expected_today + gap, abs=1e-4)
    assert _value(hass, "sensor.linky_cost_total") == pytest.approx(
        321.5 + gap, abs=1e-4
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"native_value": 12.0, "native_unit_of_measurement": "EUR"},  # no euros
        {"native_unit_of_measurement": "EUR", "euros": 12.0},  # not a sensor's
        {"native_value": 12.0, "native_unit_of_measurement": "EUR", "euros": "x"},
        {
            "native_value": 12.0,
            "native_unit_of_measurement": "EUR",
            "euros": 12.0,
            "saved_at": "yesterday",
        },
        {
            "native_value": 12.0,
            "native_unit_of_measurement": "EUR",
            "euros": 12.0,
            "baselines": {"HCHC": "many"},
        },
    ],
    ids=["no-euros", "no-value", "bad-euros", "bad-time", "bad-baseline"],
)
async def test_unusable_stored_data_starts_from_zero(
    hass: HomeAssistant,
    line: PtyLine,
    clock: FakeClock,
    wall: WallClock,
    extra: dict[str, object],
) -> None:
    meter = SimulatedMeter("historic", option="hc", seed=1)
    mock_restore_cache_with_extra_data(
        hass,
        [
            (State("sensor.linky_cost_total", "12.0"), extra),
            (State("sensor.linky_cost_today", "12.0"), extra),
        ],
    )
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        await run.setup(make_entry(line.link, meter, options=HC_OPTIONS), watch)
    assert _value(hass, "sensor.linky_cost_total") == 0.0
    assert _value(hass, "sensor.linky_cost_today") == 0.0


async def test_stored_euros_without_baselines_count_from_the_next_values(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    """Euros kept; no baseline or time stored: the first values are a baseline."""
    meter = SimulatedMeter(
        "historic", option="hc", seed=1, start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS)
    )
    stored = {
        "native_value": 7.5,
        "native_unit_of_measurement": "EUR",
        "euros": 7.5,
        "baselines": {},
        "saved_at": None,
        "last_reset": None,
    }
    mock_restore_cache_with_extra_data(
        hass,
        [
            (State("sensor.linky_cost_total", "7.5"), stored),
            (State("sensor.linky_cost_today", "7.5"), stored),  # no day: not today's
        ],
    )
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        baseline = await run.setup(
            make_entry(line.link, meter, options=HC_OPTIONS), watch
        )
    last = await run.send()
    spent = _expected_euros(baseline, last, HC_PRICES)
    assert spent > 0
    assert _value(hass, "sensor.linky_cost_total") == pytest.approx(
        7.5 + spent, abs=1e-4
    )
    assert _value(hass, "sensor.linky_cost_today") == pytest.approx(spent, abs=1e-4)


async def test_unavailable_and_back_counts_nothing_twice(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    """The stale timer republishes the same reading: it is not counted again."""
    meter = SimulatedMeter(
        "historic", option="hc", seed=1, start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS)
    )
    run = Run(hass, line, clock, wall, meter)
    with watch_port_opens() as watch:
        baseline = await run.setup(
            make_entry(line.link, meter, options=HC_OPTIONS), watch
        )
    for _ in range(3):
        last = await run.send()
    total = _entity_id(hass, meter, "cost_total")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
    await hass.async_block_till_done()
    state = hass.states.get(total)
    assert state is not None
    assert state.state == "unavailable"
    last = await run.send()
    assert _value(hass, total) == pytest.approx(
        _expected_euros(baseline, last, HC_PRICES), abs=1e-4
    )


async def test_the_every_period_price_counts_an_unknown_calendar_total(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock, wall: WallClock
) -> None:
    """A supplier calendar we cannot name: EAST at the "every period" price."""
    meter = SimulatedMeter(
        "standard", option="hc", seed=1, start=datetime(2026, 1, 15, 9, 0, tzinfo=PARIS)
    )

    def unknown_calendar() -> bytes:
        groups = [
            (label, "FOURNISSEUR X" if label == "NGTF" else data, stamp)
            for label, data, stamp in meter.groups()
        ]
        return encode_frame(meter.mode, groups)

    run = Run(hass, line, clock, wall, meter)
    run.frame = unknown_calendar
    entry = make_entry(line.link, meter, tariff="other", options={"price_other": 0.2})
    with watch_port_opens() as watch:
        first = sum(await run.setup(entry, watch))
    for _ in range(3):
        last = sum(await run.send())
    assert last > first
    assert _value(hass, _entity_id(hass, meter, "current_price")) == 0.2
    assert _value(hass, _entity_id(hass, meter, "cost_total")) == pytest.approx(
        (last - first) * 0.2 / 1000, abs=1e-4
    )
    option = hass.states.get(_entity_id(hass, meter, "tariff_option"))
    assert option is not None
    assert option.state == "other"
