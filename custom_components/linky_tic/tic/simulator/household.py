"""The household behind the simulated meter: what it draws, second by second.

``Household.load(second)`` is a pure function of the Unix second and the seed:
the same second always gives the same load, so the meter can integrate it
exactly and a test can integrate it again independently. Loads are constant
over each whole second.

The appliances (watts are active power):

- standby base load (box, fridge electronics, VMC...), 100-250 W, varying by day;
- a fridge compressor, ~120 W, on ~15 min every ~50 min (the duty cycle
  measured in the field);
- cooking peaks around noon and in the evening (1.5-3.5 kW for 20-60 min) and a
  morning kettle;
- a water heater (2.2 kW, 3 kW on three-phase) that runs at the start of each
  off-peak window until its daily need is met;
- occasional overloads: a few minutes where everything runs at once and the
  current goes above the subscribed current (``overloads_per_day``);
- for a producer, solar panels with a day-length and cloud model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .calendar import DEFAULT_OFF_PEAK, PARIS, OffPeakWindows, stable_random

NOMINAL_VOLTAGE = 230


@dataclass(frozen=True, slots=True)
class Load:
    """What the household does during one second.

    ``active_w`` is the consumption of each phase (W, >= 0), ``solar_w`` the
    production of each phase (W, >= 0), ``power_factor`` the consumption's
    cos(phi), ``voltage`` each phase's RMS voltage (V).
    """

    active_w: tuple[int, ...]
    solar_w: tuple[int, ...]
    power_factor: float
    voltage: tuple[int, ...]

    @property
    def net_w(self) -> int:
        """Net active power seen by the meter (W): > 0 imported, < 0 exported."""
        return sum(self.active_w) - sum(self.solar_w)

    def phase_apparent_va(self, phase: int) -> float:
        """Apparent power of one phase (VA), whichever way the energy flows.

        The consumption carries the reactive power (its power factor), the
        solar inverter injects at unity power factor.
        """
        active = self.active_w[phase]
        reactive = active * math.tan(math.acos(self.power_factor))
        return math.hypot(active - self.solar_w[phase], reactive)

    @property
    def reactive_var(self) -> float:
        """Reactive power of the consumption (var, inductive)."""
        return sum(self.active_w) * math.tan(math.acos(self.power_factor))


@dataclass(frozen=True, slots=True)
class _Event:
    start: int  # second of the local day
    duration: int  # seconds
    watts: int

    def power(self, second_of_day: int) -> int:
        return self.watts if 0 <= second_of_day - self.start < self.duration else 0


@dataclass(frozen=True, slots=True)
class _DayPlan:
    standby_w: int
    fridge_period: int  # seconds
    fridge_on: int  # seconds
    fridge_offset: int
    events: tuple[_Event, ...]
    overloads: tuple[_Event, ...]
    heater_minutes: int
    sunny: float  # 0.2-1.0


class Household:
    """A seeded household model (see the module docstring)."""

    def __init__(
        self,
        seed: int = 0,
        *,
        phases: int = 1,
        producer: bool = False,
        limit_current_a: int = 30,
        heater_windows: OffPeakWindows = DEFAULT_OFF_PEAK,
        overloads_per_day: float = 1.0,
        solar_peak_w: int = 3000,
    ) -> None:
        """Create the household.

        ``limit_current_a`` is the subscribed current per phase (ISOUSC): an
        overload pushes one phase above it.
        """
        if phases not in (1, 3):
            raise ValueError("phases must be 1 or 3")
        self.seed = seed
        self.phases = phases
        self.producer = producer
        self.limit_current_a = limit_current_a
        self.heater_windows = heater_windows
        self.overloads_per_day = overloads_per_day
        self.solar_peak_w = solar_peak_w
        self._plan = lru_cache(maxsize=8)(self._make_plan)

    # -- the day plan ------------------------------------------------------

    def _make_plan(self, day: date) -> _DayPlan:
        n = day.toordinal()

        def rnd(*key: object) -> float:
            return stable_random("household", self.seed, n, *key)

        def between(low: float, high: float, *key: object) -> int:
            return int(low + (high - low) * rnd(*key))

        events = [
            # morning kettle, lunch, dinner (oven + hob), a washing machine
            _Event(between(6.5 * 3600, 8 * 3600, "k"), between(120, 240, "kd"), 2000),
            _Event(
                between(11.75 * 3600, 13 * 3600, "l"),
                between(1200, 2700, "ld"),
                between(1500, 3000, "lw"),
            ),
            _Event(
                between(18.75 * 3600, 20.5 * 3600, "d"),
                between(1800, 3600, "dd"),
                between(2000, 3500, "dw"),
            ),
            _Event(
                between(9 * 3600, 17 * 3600, "w"),
                between(1800, 5400, "wd"),
                between(300, 2000, "ww"),
            ),
        ]
        overloads: list[_Event] = []
        count = int(self.overloads_per_day) + (rnd("oc") < self.overloads_per_day % 1)
        limit_va = self.limit_current_a * NOMINAL_VOLTAGE
        for i in range(count):
            start = between(7 * 3600, 22 * 3600, "o", i)
            # enough on one phase to go 2-8 A above the subscribed current
            extra = limit_va + between(2, 8, "ox", i) * NOMINAL_VOLTAGE
            overloads.append(_Event(start, between(30, 240, "od", i), extra))
        return _DayPlan(
            standby_w=between(100, 250, "s"),
            fridge_period=between(47 * 60, 53 * 60, "fp"),
            fridge_on=between(13 * 60, 17 * 60, "fo"),
            fridge_offset=between(0, 3600, "ff"),
            events=tuple(events),
            overloads=tuple(overloads),
            heater_minutes=between(60, 200, "h"),
            sunny=0.2 + 0.8 * rnd("sun"),
        )

    # -- the load ----------------------------------------------------------

    def load(self, second: int) -> Load:
        """The household's load during the Unix second ``second``."""
        local = datetime.fromtimestamp(second, PARIS)
        plan = self._plan(local.date())
        sod = local.hour * 3600 + local.minute * 60 + local.second
        jitter = _noise(self.seed, second)

        standby = plan.standby_w + jitter % 11 - 5
        fridge = (
            120
            if (second + plan.fridge_offset) % plan.fridge_period < plan.fridge_on
            else 0
        )
        cooking = sum(event.power(sod) for event in plan.events)
        overload = max((event.power(sod) for event in plan.overloads), default=0)
        minute = sod // 60
        window = self.heater_windows.window_at(minute)
        heater_w = 2200 if self.phases == 1 else 3000
        heater = (
            heater_w
            if window is not None and window.elapsed(minute) < plan.heater_minutes
            else 0
        )

        if self.phases == 1:
            # an overload is "everything at once": it replaces, not adds
            total = max(standby + fridge + cooking + heater, overload)
            active: tuple[int, ...] = (total,)
        else:
            third = standby // 3
            l1 = third + heater
            l2 = third + cooking
            l3 = standby - 2 * third + fridge
            active = (max(l1, overload), l2, l3)

        solar = self._solar(second, local, plan) if self.producer else 0
        solar_phases = (solar,) if self.phases == 1 else (solar // 3,) * 3
        power_factor = 0.92 + (jitter % 7) / 100 if heater == 0 else 0.99
        current = max(active) / NOMINAL_VOLTAGE
        voltage = tuple(
            int(
                232
                + 3 * math.sin(2 * math.pi * sod / 86400 + p)
                - current * 0.08
                + (_noise(p, second) % 3)
                - 1
            )
            for p in range(self.phases)
        )
        return Load(active, solar_phases, power_factor, voltage)

    def _solar(self, second: int, local: datetime, plan: _DayPlan) -> int:
        """Solar production (W): a sine over the daylight hours, seasons and clouds."""
        day_of_year = local.timetuple().tm_yday
        hour_utc = (second % 86400) / 3600
        half_day = 6.0 + 2.0 * math.sin(2 * math.pi * (day_of_year - 80) / 365)
        rise, set_ = 11.9 - half_day, 11.9 + half_day
        if not rise < hour_utc < set_:
            return 0
        elevation = math.sin(math.pi * (hour_utc - rise) / (set_ - rise))
        clouds = 0.5 + 0.5 * stable_random("cloud", self.seed, second // 600)
        season = 0.6 + 0.4 * (half_day - 4.0) / 4.0
        return int(self.solar_peak_w * season * plan.sunny * clouds * elevation**1.5)


def _noise(seed: int, second: int) -> int:
    """A cheap deterministic pseudo-random integer for second-level jitter."""
    x = (second * 2654435761 + seed * 40503 + 0x9E3779B9) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 2246822519) & 0xFFFFFFFF
    return x ^ (x >> 13)
