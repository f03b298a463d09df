"""A simulated day through Home Assistant and its SQLite recorder, accelerated.

A ``SimulatedMeter`` (single-phase, BASE, 6 kVA; historic, or standard for the
labels only that mode has, such as SMAXSN) talks on a real raw pty. Home Assistant's clock (freezegun: wall clock, ``time.time`` and the event
loop's monotonic clock) and the coordinator's clock both follow the meter's
simulated clock frame by frame, so the write rate limits, the recorder's
5-minute statistics tick (hourly statistics at minute 55), the stale timer and
core teleinfo's 10 s polls all run on simulated time, as fast as the machine
goes. Nothing of the recorder or of the statistics is replaced: the states are
recorded by the real recorder into a real SQLite file, and the statistics are
compiled by its own periodic task.

The meter starts ``LEAD_IN`` before the day so that the entities' first states
fall in the hour before it: the first hour of the day is then measured like
every other one.

Used by ``tests/test_recorder_day.py`` (2 simulated hours, in ``scripts/test``)
and by the benchmarks in ``scripts/bench_ha/`` (24 hours).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

import pytest
from freezegun import api as freezegun_api
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed_exact,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.linky_tic.const import (
    CONF_DEVICE,
    CONF_MODE,
    CONF_TARIFF,
    DOMAIN,
)
from custom_components.linky_tic.coordinator import LinkyTicCoordinator
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import (
    SimulatedMeter,
    transmission_seconds,
)
from custom_components.linky_tic.tic.simulator.calendar import PARIS
from custom_components.linky_tic.tic.simulator.faults import FaultInjector, Faults

from .pty_line import RawLine

METER_ID = "022275654321"
#: A fixed winter day (heating load), local time; always after the harness's start.
DAY_START = datetime(2030, 1, 15, tzinfo=PARIS)
#: The meter starts this long before the day (setup, first states, the guard).
LEAD_IN = timedelta(seconds=90)
#: Every wait on a real condition is bounded by this many real seconds.
WAIT_S = 30.0
#: While waiting on a real condition, simulated time moves this much per real step.
IDLE_STEP_S = 0.01
#: Wait for the recorder every this many frames (its queue stays short).
RECORDER_SYNC_FRAMES = 200
#: The options a user sets to write every frame (the options form's minimum, 1 s,
#: is below the meter's frame period).
EVERY_FRAME = {"power_interval": 1, "index_interval": 1}
#: 6 kVA: the most energy one hour can hold (Wh).
SUBSCRIBED_WH_PER_HOUR = 6000


def real_monotonic() -> float:
    """The real monotonic clock, even while frozen.

    (freezegun replaces every module's reference to ``time.monotonic``, so the
    real one is looked up in freezegun's own module, which it leaves alone.)
    """
    return freezegun_api.real_monotonic()


async def wait_real(
    condition: Callable[[], bool],
    what: str,
    idle: Callable[[], None] | None = None,
) -> None:
    """Run the loop until ``condition()`` holds, bounded by real (unfrozen) time.

    ``idle`` is called while it does not hold: waits that need the (frozen)
    clock to move, such as serialx's short sleep after opening a port, give it
    a function that moves the simulated time on.
    """
    started = idled = real_monotonic()
    while not condition():
        now = real_monotonic()
        if now > started + WAIT_S:
            raise AssertionError(f"timed out waiting for {what}")
        if idle is not None and now - idled >= IDLE_STEP_S:
            idled = now  # simulated time follows real time while waiting
            idle()
        await asyncio.sleep(0)


class OursFeed:
    """linky_tic: a push reader; every frame is written and read."""

    def __init__(
        self, line: RawLine, options: dict[str, Any], mode: Mode = Mode.HISTORIC
    ) -> None:
        """Our entry for a BASE meter on ``line``."""
        self.line = line
        self.entry = MockConfigEntry(
            domain=DOMAIN,
            title="Linky",
            unique_id=METER_ID,
            data={
                CONF_DEVICE: line.path,
                CONF_MODE: mode.value,
                CONF_TARIFF: "base",
            },
            options=options,
        )
        self._written = 0

    async def setup(
        self,
        hass: HomeAssistant,
        send_first: Callable[[], bytes],
        idle: Callable[[], None],
    ) -> None:
        """Set up; frames are sent once the port is open (opening flushes input)."""
        self.entry.add_to_hass(hass)
        setup = hass.async_create_task(
            hass.config_entries.async_setup(self.entry.entry_id)
        )
        await wait_real(
            lambda: setup.done() or self._coordinator_connected(),
            "the port to open",
            idle,
        )
        self.line.write(send_first())
        assert await setup
        self._written = self.entry.runtime_data.counters.bytes

    def _coordinator_connected(self) -> bool:
        coordinator = getattr(self.entry, "runtime_data", None)
        return isinstance(coordinator, LinkyTicCoordinator) and coordinator.connected

    async def send(self, hass: HomeAssistant, data: bytes) -> None:
        """Write the frame and wait until the decoder has taken all of it."""
        counters = self.entry.runtime_data.counters
        self._written = counters.bytes + len(data)
        self.line.write(data)
        await wait_real(lambda: counters.bytes >= self._written, "the frame's bytes")


class CoreFeed:
    """HA core's teleinfo: polls every 10 s, reopening the port each time.

    Core reads with pyteleinfo's ``read_frame`` (sync pyserial in the executor).
    The frame it gets is the one the meter sends right after the port opened:
    the port-opening boundary (``teleinfo.serial_reader.serial``) writes the
    meter's current frame into the line once pyserial has opened it; it also
    ignores pyserial's EINVAL on configuring a pty (``bench_support`` in
    ``scripts/bench_ha`` explains that). Everything else is core's own.
    """

    def __init__(self, line: RawLine) -> None:
        """Core's entry (what its config flow stores) on ``line``."""
        self.line = line
        self.entry = MockConfigEntry(
            domain="teleinfo",
            title="Teleinfo",
            unique_id=METER_ID,
            data={"serial_port": line.path},
        )
        self.pending = b""
        self.started = 0
        self.finished = 0

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """Core's port opening and a count of its polls."""
        # Imported here: only the core benchmark needs pyserial and teleinfo.
        from homeassistant.components.teleinfo.coordinator import (
            TeleinfoCoordinator,
        )

        from .core_teleinfo_pty import PtyTolerantSerial

        feed = self

        class FeedOnOpen(PtyTolerantSerial):
            def open(self) -> None:
                super().open()
                feed.line.write(feed.pending)

        real_update = TeleinfoCoordinator._async_update_data

        async def counted_update(coordinator: Any) -> dict[str, str]:
            feed.started += 1
            try:
                return await real_update(coordinator)
            finally:
                feed.finished += 1

        with (
            patch("teleinfo.serial_reader.serial", SimpleNamespace(Serial=FeedOnOpen)),
            patch.object(TeleinfoCoordinator, "_async_update_data", counted_update),
        ):
            yield

    async def setup(
        self,
        hass: HomeAssistant,
        send_first: Callable[[], bytes],
        idle: Callable[[], None],
    ) -> None:
        """Set up (core's first refresh reads a frame)."""
        del idle  # nothing of core's setup waits on the clock
        self.entry.add_to_hass(hass)
        self.pending = send_first()
        assert await hass.config_entries.async_setup(self.entry.entry_id)

    def offer(self, data: bytes) -> None:
        """The frame the meter is sending now (a poll opening the port reads it)."""
        self.pending = data

    async def send(self, hass: HomeAssistant, data: bytes) -> None:
        """If a poll started at this frame's time, wait until it has read it."""
        del data  # offered before the clock moved (``offer``)
        if self.started > self.finished:
            await wait_real(lambda: self.finished == self.started, "core's poll")
            await hass.async_block_till_done()


@dataclass(slots=True)
class Hour:
    """One hour of the day (local start): the statistics against the meter."""

    start: datetime
    statistics_wh: int | None  # change of the long-term sum over the hour
    recorded_wh: int | None  # change of the last recorded state before each bound
    exact_wh: int  # change of the meter's index (its last frame before each bound)
    true_wh: Fraction  # the exact integral of the power over the hour
    #: Age (s) of the last recorded index at the hour's start and end.
    lag_s: tuple[float, float] | None = None

    @property
    def allowed_gap_wh(self) -> float:
        """The most the statistics may differ from the meter's index change.

        The recorded index lags the meter by ``lag_s`` at each bound; at most
        the subscribed power flows during a lag (+1 Wh of rounding).
        """
        if self.lag_s is None:
            return 0.0
        return SUBSCRIBED_WH_PER_HOUR * sum(self.lag_s) / 3600 + 1


@dataclass
class DayFigures:
    """What a simulated day left in the database."""

    variant: str
    hours_simulated: int
    frames: int
    wall_s: float
    energy_entity: str
    state_rows: dict[str, int]  # per entity of the entry
    all_state_rows: int
    db_bytes_before: int
    db_bytes_after: int
    hours: list[Hour]
    index_lag_s: list[float]  # age of the last recorded index at each hour bound
    #: The meter's SMAXSN register (VA) of each day that ended during the run.
    daily_peak_va: dict[date, int] = field(default_factory=dict)
    decoder: dict[str, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """State rows of the entry's entities."""
        return sum(self.state_rows.values())

    @property
    def db_growth(self) -> int:
        """Bytes the database grew by."""
        return self.db_bytes_after - self.db_bytes_before


def db_bytes(path: Path) -> int:
    """The database's size as a reader sees it (committed pages, WAL included)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
    return int((pages - free) * size)


async def run_day(
    hass: HomeAssistant,
    db_path: Path,
    *,
    variant: str,
    hours: int,
    core: bool = False,
    options: dict[str, Any] | None = None,
    corrupt: float = 0.0,
    seed: int = 4,
    mode: Mode = Mode.HISTORIC,
    progress: Callable[[str], None] | None = None,
) -> DayFigures:
    """Run ``hours`` simulated hours from ``DAY_START`` and read the database."""
    meter = SimulatedMeter(
        mode,
        1,
        "base",
        seed=seed,
        start=DAY_START - LEAD_IN,
        meter_id=METER_ID,
    )
    injector = FaultInjector(Faults(corrupt=corrupt), seed=seed) if corrupt else None
    line = RawLine()
    feed: OursFeed | CoreFeed = (
        CoreFeed(line) if core else OursFeed(line, options or {}, mode)
    )
    # The test harness logs every SQL statement at INFO; Home Assistant does not.
    # asyncio's slow-callback warnings measure the frozen clock's jumps, not work.
    quiet = {"sqlalchemy.engine": logging.WARNING, "asyncio": logging.ERROR}
    levels = {name: logging.getLogger(name).level for name in quiet}
    for name, level in quiet.items():
        logging.getLogger(name).setLevel(level)
    # The harness runs the loop in asyncio's debug mode, which extracts a stack
    # (with a stat() per frame) for every callback: most of the time, and not
    # how Home Assistant runs.
    debug = hass.loop.get_debug()
    hass.loop.set_debug(False)
    try:
        return await _run(
            hass,
            db_path,
            meter=meter,
            injector=injector,
            feed=feed,
            variant=variant,
            hours=hours,
            progress=progress,
        )
    finally:
        hass.loop.set_debug(debug)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        line.close()


async def _run(
    hass: HomeAssistant,
    db_path: Path,
    *,
    meter: SimulatedMeter,
    injector: FaultInjector | None,
    feed: OursFeed | CoreFeed,
    variant: str,
    hours: int,
    progress: Callable[[str], None] | None,
) -> DayFigures:
    await async_wait_recording_done(hass)
    before = db_bytes(db_path)
    end = DAY_START + timedelta(hours=hours)
    bounds = [DAY_START + timedelta(hours=h) for h in range(hours + 1)]
    index_at: dict[datetime, int] = {}
    true_at: dict[datetime, Fraction] = {}
    frames = 0
    wall = real_monotonic()
    last_index = meter.east
    last_true = meter.true_energy_wh
    peaks: dict[date, int] = {}
    day = meter.local_time.date()

    def next_frame() -> tuple[bytes, datetime]:
        """The meter's next frame and the time its last byte is on the line."""
        nonlocal last_index, last_true, frames, day
        data = meter.frame()
        index, true = meter.east, meter.true_energy_wh
        meter.advance(transmission_seconds(data, meter.mode))
        now = meter.local_time
        if now.date() != day:  # the meter has just moved SMAXSN to SMAXSN-1
            peaks[day] = meter.smaxsn_prev[0].va
            day = now.date()
        while len(index_at) < len(bounds) and now >= bounds[len(index_at)]:
            index_at[bounds[len(index_at)]] = last_index
            true_at[bounds[len(true_at)]] = last_true
        last_index, last_true = index, true
        frames += 1
        if injector is not None:
            data = injector.apply(data)
        return data, now

    clock_patch = patch.object(
        LinkyTicCoordinator, "clock", staticmethod(lambda: meter.clock_ms / 1000)
    )
    core_patch = (
        feed.patched() if isinstance(feed, CoreFeed) else contextlib.nullcontext()
    )
    # Our dependency (usb) imports much of Home Assistant (hassio, backup...) on the
    # import executor; under the frozen clock those imports crawl and hold the import
    # lock past the setup's bound: load it first, on real time, as HA does at start.
    assert await async_setup_component(hass, "usb", {})
    await hass.async_block_till_done()
    with clock_patch, core_patch:
        frozen: FrozenDateTimeFactory
        with freeze_time(meter.local_time.astimezone(UTC), tick=False) as frozen:  # type: ignore[assignment]

            def first() -> bytes:
                data, now = next_frame()
                frozen.move_to(now.astimezone(UTC))
                return data

            def idle() -> None:
                meter.advance(IDLE_STEP_S)
                frozen.move_to(meter.local_time.astimezone(UTC))

            await feed.setup(hass, first, idle)
            # Past the last bound by more than 10 s: the 5-minute tick at hh:00:10
            # compiles the last hour.
            while meter.local_time < end + timedelta(seconds=20):
                data, now = next_frame()
                if isinstance(feed, CoreFeed):
                    feed.offer(data)  # before the clock starts a due poll
                frozen.move_to(now.astimezone(UTC))
                async_fire_time_changed_exact(hass, now)
                await feed.send(hass, data)
                if frames % RECORDER_SYNC_FRAMES == 0:
                    await async_wait_recording_done(hass)
                if progress is not None and frames % 3600 == 0:
                    progress(f"{variant}: {now:%H:%M} simulated, {frames} frames")
            await async_wait_recording_done(hass)
            decoder = (
                feed.entry.runtime_data.counters.as_dict()
                if isinstance(feed, OursFeed)
                else {}
            )
            unload = hass.async_create_task(
                hass.config_entries.async_unload(feed.entry.entry_id)
            )
            await wait_real(unload.done, "the unload", idle)
            assert unload.result()
            await async_wait_recording_done(hass)
    wall = real_monotonic() - wall
    return _read_database(
        hass,
        db_path,
        feed.entry,
        variant=variant,
        hours_simulated=hours,
        frames=frames,
        wall_s=wall,
        db_bytes_before=before,
        index_at=index_at,
        true_at=true_at,
        decoder=decoder,
        daily_peak_va=peaks,
        faults=(
            {
                "corrupted_bytes": injector.stats.corrupted_bytes,
            }
            if injector is not None
            else {}
        ),
    )


def _energy_entity(
    hass: HomeAssistant, entry: MockConfigEntry
) -> tuple[str, list[str]]:
    """(the BASE energy index's entity id, every entity id of the entry)."""
    entries = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    suffix = "_energy_base" if entry.domain == DOMAIN else "_BASE"
    energy = next(e.entity_id for e in entries if e.unique_id.endswith(suffix))
    return energy, [e.entity_id for e in entries]


def _to_wh(value: float, unit: str | None) -> int:
    return round(value * 1000) if unit == "kWh" else round(value)


def _read_database(
    hass: HomeAssistant,
    db_path: Path,
    entry: MockConfigEntry,
    *,
    variant: str,
    hours_simulated: int,
    frames: int,
    wall_s: float,
    db_bytes_before: int,
    index_at: dict[datetime, int],
    true_at: dict[datetime, Fraction],
    decoder: dict[str, int],
    daily_peak_va: dict[date, int],
    faults: dict[str, int],
) -> DayFigures:
    energy, entity_ids = _energy_entity(hass, entry)
    with contextlib.closing(
        sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    ) as con:
        rows = dict(
            con.execute(
                "SELECT m.entity_id, COUNT(*) FROM states s JOIN states_meta m "
                "ON s.metadata_id = m.metadata_id GROUP BY m.entity_id"
            ).fetchall()
        )
        all_rows = con.execute("SELECT COUNT(*) FROM states").fetchone()[0]
        meta = con.execute(
            "SELECT id, unit_of_measurement FROM statistics_meta WHERE statistic_id = ?",
            (energy,),
        ).fetchone()
        sums: dict[float, float] = {}
        if meta is not None:
            sums = {
                start: total
                for start, total in con.execute(
                    "SELECT start_ts, sum FROM statistics WHERE metadata_id = ?",
                    (meta[0],),
                )
                if total is not None
            }
        recorded = [
            (at, state)
            for state, at in con.execute(
                "SELECT s.state, s.last_updated_ts FROM states s JOIN states_meta m "
                "ON s.metadata_id = m.metadata_id WHERE m.entity_id = ? "
                "ORDER BY s.last_updated_ts",
                (energy,),
            )
        ]
    stat_unit = meta[1] if meta is not None else None
    state_unit = stat_unit

    def recorded_before(bound: datetime) -> tuple[int, float] | None:
        """(the last recorded index before ``bound`` in Wh, its age in s)."""
        limit = bound.timestamp()
        found = None
        for at, state in recorded:
            if at >= limit:
                break
            with contextlib.suppress(ValueError, TypeError):
                found = (_to_wh(float(state), state_unit), limit - at)
        return found

    hours: list[Hour] = []
    lags: list[float] = []
    bounds = sorted(index_at)
    for start, stop in itertools.pairwise(bounds):
        before, after = sums.get(_ts(start - timedelta(hours=1))), sums.get(_ts(start))
        statistics = (
            _to_wh(after, stat_unit) - _to_wh(before, stat_unit)
            if before is not None and after is not None
            else None
        )
        rec_start, rec_stop = recorded_before(start), recorded_before(stop)
        hours.append(
            Hour(
                start=start,
                statistics_wh=statistics,
                recorded_wh=(
                    rec_stop[0] - rec_start[0]
                    if rec_start is not None and rec_stop is not None
                    else None
                ),
                exact_wh=index_at[stop] - index_at[start],
                true_wh=true_at[stop] - true_at[start],
                lag_s=(
                    (rec_start[1], rec_stop[1])
                    if rec_start is not None and rec_stop is not None
                    else None
                ),
            )
        )
    for bound in bounds:
        found = recorded_before(bound)
        if found is not None:
            lags.append(found[1])
    return DayFigures(
        variant=variant,
        hours_simulated=hours_simulated,
        frames=frames,
        wall_s=wall_s,
        energy_entity=energy,
        state_rows={e: rows.get(e, 0) for e in entity_ids},
        all_state_rows=all_rows,
        db_bytes_before=db_bytes_before,
        db_bytes_after=db_bytes(db_path),
        hours=hours,
        index_lag_s=lags,
        decoder=decoder,
        daily_peak_va=daily_peak_va,
        faults=faults,
    )


def _ts(when: datetime) -> float:
    """The statistics table's ``start_ts`` of the hour starting at ``when``."""
    return when.astimezone(UTC).timestamp()


def report(figures: DayFigures) -> str:
    """The figures as printed text."""
    out = [
        (
            f"== {figures.variant}: {figures.hours_simulated} h simulated, "
            f"{figures.frames} frames, {figures.wall_s:.0f} s wall"
        ),
        (
            f"state rows of the entry's {len(figures.state_rows)} entities: "
            f"{figures.rows} (whole states table: {figures.all_state_rows})"
        ),
        (
            f"database: {figures.db_bytes_before} -> {figures.db_bytes_after} bytes "
            f"(+{figures.db_growth})"
        ),
    ]
    out.extend(
        f"  {entity}: {count}"
        for entity, count in sorted(figures.state_rows.items(), key=lambda i: -i[1])
    )
    out.append(
        f"hourly Energy statistics of {figures.energy_entity} (Wh): "
        "statistics / recorded index / meter index / exact integral"
    )
    out.extend(
        f"  {hour.start:%H:%M} {_fmt(hour.statistics_wh)} {_fmt(hour.recorded_wh)} "
        f"{hour.exact_wh:7d} {float(hour.true_wh):9.1f}"
        for hour in figures.hours
    )
    stats = [h.statistics_wh for h in figures.hours if h.statistics_wh is not None]
    if stats:
        total = sum(stats)
        exact = sum(h.exact_wh for h in figures.hours)
        out.append(
            f"hours with statistics: {len(stats)}/{len(figures.hours)}; "
            f"largest hour {max(stats)} Wh (subscribed power allows "
            f"{SUBSCRIBED_WH_PER_HOUR}); day total {total} Wh vs meter {exact} Wh "
            f"({total - exact:+d} Wh); largest |statistics - meter| "
            f"{max(abs(_or0(h.statistics_wh) - h.exact_wh) for h in figures.hours)} Wh, "
            f"largest |statistics - recorded| "
            f"{max(abs(_or0(h.statistics_wh) - _or0(h.recorded_wh)) for h in figures.hours)}"
            " Wh"
        )
    if figures.index_lag_s:
        out.append(
            f"age of the last recorded index at the hour bounds: max "
            f"{max(figures.index_lag_s):.1f} s"
        )
    if figures.decoder:
        out.append(f"decoder counters: {figures.decoder}")
    if figures.faults:
        out.append(f"fault injection: {figures.faults}")
    return "\n".join(out)


def _fmt(value: int | None) -> str:
    return "      -" if value is None else f"{value:7d}"


def _or0(value: int | None) -> int:
    return 0 if value is None else value


# Fixtures of every recorder day (tests and benchmarks import them).

DB_NAME = "home-assistant_v2.db"


@pytest.fixture
def recorder_db_url(tmp_path: Path) -> str:
    """A real SQLite file (the harness's default is in memory)."""
    return f"sqlite:///{tmp_path / DB_NAME}"


@pytest.fixture
def recorder_config() -> dict[str, Any]:
    """Home Assistant's default commit interval (the harness commits every event)."""
    return {"commit_interval": 5}


@pytest.fixture
def enable_statistics() -> bool:
    """Let the recorder compile its 5-minute and hourly statistics (the harness does not)."""
    return True
