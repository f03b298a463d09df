"""The simulated Linky meter: a simulated clock, exact energy registers, frames.

The meter integrates the household's net active power (constant over each
whole second) in integer watt-milliseconds, so no rounding is ever lost: an
index rises by one Wh each time its accumulator crosses 3,600,000 W.ms, the
remainder is kept, and ``imported_wms`` is the exact integral since the start.
Every Wh goes to the index of the tariff period it was counted in, so
EAST is always the sum of the EASF indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from ..encoder import encode_frame  # noqa: TID252 (the tic package is imported under two names)
from ..model import BAUDRATE, Mode  # noqa: TID252 (the tic package is imported under two names)
from .calendar import (
    DEFAULT_OFF_PEAK,
    PARIS,
    EjpCalendar,
    OffPeakWindows,
    TempoCalendar,
    stable_random,
)
from .frames import historic_groups, standard_groups
from .household import Household, Load
from .tariff import Option, Tariff

WMS_PER_WH = 3_600_000
#: Default simulation start when none is given: a winter weekday morning.
DEFAULT_START = datetime(2026, 1, 15, 8, 0, tzinfo=PARIS)
SYNTHETIC_PRM = "12345678901234"
#: Silence between two frames on the line (s).
FRAME_GAP_S = 0.025
LOAD_CURVE_S = 1800
VOLTAGE_PERIOD_S = 600
#: A Linky meter type code (ADCO/ADSC digits 5-6): 90 A single-phase, 60 A three-phase.
METER_TYPE = {1: 75, 3: 76}


def transmission_seconds(frame: bytes, mode: Mode) -> float:
    """How long ``frame`` takes on the line: 10 bits a byte (7E1) plus the gap."""
    return len(frame) * 10 / BAUDRATE[mode] + FRAME_GAP_S


@dataclass(slots=True)
class Peak:
    """A daily maximum of apparent power and when it happened."""

    va: int
    at: datetime


class SimulatedMeter:
    """A Linky meter on a simulated clock, fed by a ``Household``."""

    def __init__(
        self,
        mode: Mode | str = Mode.HISTORIC,
        phases: int = 1,
        option: Option | str = Option.BASE,
        producer: bool = False,
        *,
        seed: int = 0,
        start: datetime | None = None,
        kva: int | None = None,
        off_peak: OffPeakWindows | str = DEFAULT_OFF_PEAK,
        tempo: TempoCalendar | None = None,
        ejp: EjpCalendar | None = None,
        overloads_per_day: float = 1.0,
        household: Household | None = None,
        meter_id: str | None = None,
        prm: str = SYNTHETIC_PRM,
    ) -> None:
        """Create a meter; ``start`` is local Paris time if naive."""
        if phases not in (1, 3):
            raise ValueError("phases must be 1 or 3")
        self.mode = Mode(mode)
        self.phases = phases
        self.option = Option(option)
        self.producer = producer
        self.seed = seed
        if isinstance(off_peak, str):
            off_peak = OffPeakWindows.parse(off_peak)
        self.tariff = Tariff(
            self.option,
            off_peak,
            tempo or TempoCalendar(seed),
            ejp or EjpCalendar(seed),
        )
        self.kva = kva or (6 if phases == 1 else 12)
        #: Subscribed current per phase, as ISOUSC (kVA x 5 / phases).
        self.isousc = self.kva * 5 // phases
        heater_windows = off_peak if self.option is Option.HC else DEFAULT_OFF_PEAK
        self.household = household or Household(
            seed,
            phases=phases,
            producer=producer,
            limit_current_a=self.isousc,
            heater_windows=heater_windows,
            overloads_per_day=overloads_per_day,
        )
        self.meter_id = meter_id or f"0222{METER_TYPE[phases]}123456"
        self.prm = prm

        start = start or DEFAULT_START
        if start.tzinfo is None:
            start = start.replace(tzinfo=PARIS)
        self.clock_ms = int(start.timestamp() * 1000)

        # energy registers (Wh / varh) and their exact remainders (W.ms)
        total = 5_000_000 + int(20_000_000 * self._rnd("east"))
        count = self.tariff.index_count
        shares = [0.5 + self._rnd("share", i) for i in range(count)]
        self.easf = [0] * 10
        for i in range(count):
            self.easf[i] = int(total * shares[i] / sum(shares))
        self.easd = [0] * 4
        if self.option is Option.HC:
            self.easd[0], self.easd[1] = self.easf[0], self.easf[1]
        else:
            self.easd[0] = sum(self.easf)
        self.eait = int(3_000_000 * self._rnd("eait")) if producer else 0
        self.erq = [int(total * 0.05), int(self.eait * 0.01), int(self.eait * 0.03), 0]
        self.imported_wms = 0  # exact integral of the imported active power
        self._import_rest = 0
        self._export_rest = 0
        self._reactive_rest = [0, 0, 0, 0]

        self._cached: tuple[int, Load] | None = None
        self._tariff_cache: tuple[int, int, int] | None = None

        # statistics: daily peaks, load curve, average voltages
        now = self.local_time
        self._day = now.date()
        self.pmax_w = 0
        #: SMAXSN (and SMAXSN1-3 on three-phase meters)
        self._peak_count = 1 if phases == 1 else 4
        self.smaxsn: list[Peak] = [Peak(0, now) for _ in range(self._peak_count)]
        self.smaxsn_prev = [
            self._yesterday_peak("s", i) for i in range(self._peak_count)
        ]
        self.smaxin = Peak(0, now)
        self.smaxin_prev = self._yesterday_peak("i", 0) if producer else Peak(0, now)
        load = self.load
        second = self.clock_ms // 1000
        curve_end = self._local(second - second % LOAD_CURVE_S)
        self.ccasn = (max(load.net_w, 0), curve_end)
        self.ccasn_prev = (
            max(load.net_w, 0),
            curve_end - timedelta(seconds=LOAD_CURVE_S),
        )
        self.ccain = (max(-load.net_w, 0), curve_end)
        self.ccain_prev = (
            max(-load.net_w, 0),
            curve_end - timedelta(seconds=LOAD_CURVE_S),
        )
        self.umoy = (load.voltage, self._local(second - second % VOLTAGE_PERIOD_S))
        self._track_peaks(second, load)
        self._curve_import = 0
        self._curve_export = 0
        self._curve_ms = 0
        self._volt_sum = [0] * phases
        self._volt_ms = 0

    # -- helpers -----------------------------------------------------------

    def _rnd(self, *key: object) -> float:
        return stable_random("meter", self.seed, *key)

    def _yesterday_peak(self, kind: str, phase: int) -> Peak:
        day = self.local_time.date() - timedelta(days=1)
        at = datetime.combine(day, datetime.min.time(), PARIS) + timedelta(
            seconds=int(86400 * self._rnd(kind, "at", phase))
        )
        share = 1 if phase == 0 else 3
        return Peak(
            int(self.kva * 1000 * (0.3 + 0.5 * self._rnd(kind, phase)) / share), at
        )

    @staticmethod
    def _local(second: int) -> datetime:
        return datetime.fromtimestamp(second, PARIS)

    def _load_at(self, second: int) -> Load:
        if self._cached is None or self._cached[0] != second:
            self._cached = (second, self.household.load(second))
        return self._cached[1]

    def _indexes_at(self, second: int) -> tuple[int, int]:
        minute = second // 60
        if self._tariff_cache is None or self._tariff_cache[0] != minute:
            local = self._local(minute * 60)
            self._tariff_cache = (
                minute,
                self.tariff.supplier_index(local),
                self.tariff.distributor_index(local),
            )
        return self._tariff_cache[1], self._tariff_cache[2]

    # -- the clock ---------------------------------------------------------

    @property
    def local_time(self) -> datetime:
        """The simulated local time (Europe/Paris, aware), to the millisecond."""
        return datetime.fromtimestamp(self.clock_ms / 1000, PARIS)

    @property
    def load(self) -> Load:
        """The household's load right now."""
        return self._load_at(self.clock_ms // 1000)

    @property
    def true_energy_wh(self) -> Fraction:
        """The exact integral of the imported active power since the start (Wh)."""
        return Fraction(self.imported_wms, WMS_PER_WH)

    @property
    def east(self) -> int:
        """Total imported active energy (Wh), the sum of the supplier indexes."""
        return sum(self.easf)

    def advance(self, seconds: float) -> None:
        """Run the simulated clock ``seconds`` forward, integrating every second."""
        if seconds < 0:
            raise ValueError("the meter's clock cannot go back")
        target = self.clock_ms + round(seconds * 1000)
        while self.clock_ms < target:
            second = self.clock_ms // 1000
            end = min(target, (second + 1) * 1000)
            self._integrate(second, end - self.clock_ms)
            self.clock_ms = end
            if end % 1000 == 0:
                self._second_boundary(end // 1000)

    def advance_to(self, when: datetime) -> None:
        """Run the simulated clock forward to ``when``."""
        self.advance(max(0.0, when.timestamp() - self.clock_ms / 1000))

    def _integrate(self, second: int, ms: int) -> None:
        load = self._load_at(second)
        supplier, distributor = self._indexes_at(second)
        net = load.net_w
        reactive = round(load.reactive_var)
        if net > 0:
            self.imported_wms += net * ms
            self._curve_import += net * ms
            whole, self._import_rest = divmod(self._import_rest + net * ms, WMS_PER_WH)
            self.easf[supplier - 1] += whole
            self.easd[distributor - 1] += whole
            quadrant = 0
        else:
            self._curve_export -= net * ms
            whole, self._export_rest = divmod(self._export_rest - net * ms, WMS_PER_WH)
            self.eait += whole
            quadrant = 1
        whole, self._reactive_rest[quadrant] = divmod(
            self._reactive_rest[quadrant] + reactive * ms, WMS_PER_WH
        )
        self.erq[quadrant] += whole
        self._curve_ms += ms
        for phase, volts in enumerate(load.voltage):
            self._volt_sum[phase] += volts * ms
        self._volt_ms += ms
        self._track_peaks(second, load)

    def _track_peaks(self, second: int, load: Load) -> None:
        apparent = [round(load.phase_apparent_va(p)) for p in range(self.phases)]
        importing = load.net_w > 0
        self.pmax_w = max(self.pmax_w, load.net_w)
        total = sum(apparent)
        values = [total, *apparent][: self._peak_count] if importing else []
        for i, va in enumerate(values):
            if va > self.smaxsn[i].va:
                self.smaxsn[i] = Peak(va, self._local(second))
        if not importing and total > self.smaxin.va:
            self.smaxin = Peak(total, self._local(second))

    def _second_boundary(self, second: int) -> None:
        local = self._local(second)
        if second % LOAD_CURVE_S == 0 and self._curve_ms:
            self.ccasn_prev, self.ccain_prev = self.ccasn, self.ccain
            self.ccasn = (self._curve_import // self._curve_ms, local)
            self.ccain = (self._curve_export // self._curve_ms, local)
            self._curve_import = self._curve_export = self._curve_ms = 0
        if second % VOLTAGE_PERIOD_S == 0 and self._volt_ms:
            volts = tuple(round(v / self._volt_ms) for v in self._volt_sum)
            self.umoy = (volts, local)
            self._volt_sum = [0] * self.phases
            self._volt_ms = 0
        if local.date() != self._day:
            self._new_day(local.date(), local)

    def _new_day(self, day: date, local: datetime) -> None:
        self._day = day
        self.smaxsn_prev = self.smaxsn
        self.smaxsn = [Peak(0, local) for _ in range(self._peak_count)]
        self.smaxin_prev = self.smaxin
        self.smaxin = Peak(0, local)
        self.pmax_w = 0

    # -- instantaneous values ---------------------------------------------

    def phase_apparent_va(self) -> list[int]:
        """Apparent power of each phase right now (VA)."""
        load = self.load
        return [round(load.phase_apparent_va(p)) for p in range(self.phases)]

    def currents(self) -> list[int]:
        """RMS current of each phase right now, whole amperes (IINST/IRMS)."""
        load = self.load
        return [
            round(load.phase_apparent_va(p) / load.voltage[p])
            for p in range(self.phases)
        ]

    def overloaded_phases(self) -> list[int]:
        """1-based phases whose current is above the subscribed current (ISOUSC)."""
        return [i + 1 for i, amps in enumerate(self.currents()) if amps > self.isousc]

    # -- frames ------------------------------------------------------------

    def groups(self) -> list[tuple[str, str, str | None]]:
        """The groups of the frame the meter would send now."""
        if self.mode is Mode.HISTORIC:
            groups = historic_groups(self, short=self._short_frame_due())
        else:
            groups = standard_groups(self)
        return groups

    def _short_frame_due(self) -> bool:
        """Three-phase historic meters send short frames while a phase is over ISOUSC."""
        return self.phases == 3 and bool(self.overloaded_phases())

    def frame(self, at: datetime | None = None) -> bytes:
        """Encode the frame sent at ``at`` (default: now), advancing the clock to it."""
        if at is not None:
            self.advance_to(at)
        return encode_frame(self.mode, self.groups())

    def frames(self, count: int | None = None) -> Iterator[bytes]:
        """Frames back to back, the clock advancing by each frame's line time."""
        sent = 0
        while count is None or sent < count:
            data = self.frame()
            yield data
            self.advance(transmission_seconds(data, self.mode))
            sent += 1

    def switch_mode(self) -> Mode:
        """Reprogram the meter to the other TIC mode; returns the new mode."""
        self.mode = Mode.STANDARD if self.mode is Mode.HISTORIC else Mode.HISTORIC
        return self.mode
