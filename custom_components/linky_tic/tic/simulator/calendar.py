"""Tariff calendars of the simulated meter: off-peak windows, Tempo colours, EJP days.

Everything here is a pure function of the local (Europe/Paris) time and a seed,
so the simulated meter is deterministic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..model import TempoColor  # noqa: TID252 (the tic package is imported under two names)

PARIS = ZoneInfo("Europe/Paris")

#: A Tempo day runs from 06:00 to 06:00 the next day; off-peak is 22:00-06:00.
TEMPO_DAY_START = time(6)
#: Tomorrow's Tempo colour / EJP day is announced from this local time on.
ANNOUNCE_AT = time(11)
#: An EJP day's peak runs from 07:00 to 01:00 the next day; PEJP warns 30 min before.
EJP_START = time(7)
EJP_HOURS = 18
EJP_NOTICE = timedelta(minutes=30)


def stable_random(*parts: object) -> float:
    """A deterministic number in [0, 1) from ``parts`` (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64


@dataclass(frozen=True, slots=True)
class Window:
    """A daily window ``[start, end)`` in minutes of the local day; may wrap midnight."""

    start: int
    end: int

    def contains(self, minute: int) -> bool:
        """Whether ``minute`` (0-1439) falls in the window."""
        if self.start <= self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def elapsed(self, minute: int) -> int:
        """Minutes since the window opened (valid when ``contains(minute)``)."""
        return (minute - self.start) % 1440


@dataclass(frozen=True, slots=True)
class OffPeakWindows:
    """The off-peak ("heures creuses") windows of an HC contract."""

    windows: tuple[Window, ...]

    @classmethod
    def parse(cls, text: str) -> OffPeakWindows:
        """Parse ``"22:00-06:00"`` or ``"02:00-07:00+13:00-16:00"``."""
        windows: list[Window] = []
        for part in text.replace(",", "+").split("+"):
            try:
                start_text, end_text = part.strip().split("-")
                windows.append(Window(_minute(start_text), _minute(end_text)))
            except ValueError as err:
                raise ValueError(
                    f"bad off-peak window {part!r} (want HH:MM-HH:MM)"
                ) from err
        if not windows or any(w.start == w.end for w in windows):
            raise ValueError(f"bad off-peak windows {text!r}")
        total = sum((w.end - w.start) % 1440 for w in windows)
        if total > 1440:
            raise ValueError(f"off-peak windows overlap: {text!r}")
        return cls(tuple(windows))

    def window_at(self, minute: int) -> Window | None:
        """The window containing ``minute``, if any."""
        for window in self.windows:
            if window.contains(minute):
                return window
        return None

    def is_off_peak(self, minute: int) -> bool:
        """Whether ``minute`` of the local day is off-peak."""
        return self.window_at(minute) is not None

    def switch_points(self) -> list[tuple[int, bool]]:
        """(minute, off_peak) switch points of a day, starting with 00:00."""
        points = {0} | {w.start for w in self.windows} | {w.end for w in self.windows}
        return [(m, self.is_off_peak(m)) for m in sorted(points)]


def _minute(text: str) -> int:
    hour_text, minute_text = text.strip().split(":")
    hour, minute = int(hour_text), int(minute_text)
    if not (0 <= hour <= 24 and 0 <= minute < 60) or hour * 60 + minute > 1440:
        raise ValueError(text)
    return (hour * 60 + minute) % 1440


DEFAULT_OFF_PEAK = OffPeakWindows.parse("22:00-06:00")


@dataclass(frozen=True, slots=True)
class TempoCalendar:
    """Seeded Tempo colours: red and white days only in winter, never on Sundays.

    ``overrides`` pins the colour of given days (the Tempo day that starts at
    06:00 on that date).
    """

    seed: int = 0
    overrides: dict[date, TempoColor] = field(default_factory=dict)

    def color(self, day: date) -> TempoColor:
        """The colour of the Tempo day starting at 06:00 on ``day``."""
        if day in self.overrides:
            return self.overrides[day]
        if day.weekday() == 6:
            return TempoColor.BLUE
        draw = stable_random("tempo", self.seed, day.toordinal())
        winter = day.month in (11, 12, 1, 2, 3)
        if winter and day.weekday() < 5 and draw < 0.15:
            return TempoColor.RED
        if (winter and draw < 0.4) or draw < 0.05:
            return TempoColor.WHITE
        return TempoColor.BLUE

    @staticmethod
    def tempo_day(local: datetime) -> date:
        """The date of the Tempo day ``local`` belongs to (days start at 06:00)."""
        return (local - timedelta(hours=TEMPO_DAY_START.hour)).date()

    def today(self, local: datetime) -> TempoColor:
        """The colour of the Tempo day in progress."""
        return self.color(self.tempo_day(local))

    def tomorrow(self, local: datetime) -> TempoColor | None:
        """Tomorrow's colour once announced (from 11:00), else ``None``."""
        day = self.tempo_day(local)
        announced = local.date() > day or local.time() >= ANNOUNCE_AT
        return self.color(day + timedelta(days=1)) if announced else None


@dataclass(frozen=True, slots=True)
class EjpCalendar:
    """Seeded EJP days (winter weekdays, about one in six) plus pinned ``days``."""

    seed: int = 0
    days: frozenset[date] = frozenset()

    def is_ejp_day(self, day: date) -> bool:
        """Whether ``day`` has a mobile peak from 07:00 to 01:00 the next day."""
        if day in self.days:
            return True
        winter = day.month in (11, 12, 1, 2, 3)
        return (
            winter
            and day.weekday() < 5
            and stable_random("ejp", self.seed, day.toordinal()) < 0.18
        )

    def peak_bounds(self, day: date) -> tuple[datetime, datetime]:
        """Start and end (local, aware) of ``day``'s mobile peak."""
        start = datetime.combine(day, EJP_START, PARIS)
        return start, start + timedelta(hours=EJP_HOURS)

    def active_peak(self, local: datetime) -> tuple[datetime, datetime] | None:
        """The peak running at ``local``, if any."""
        for day in (local.date(), local.date() - timedelta(days=1)):
            if self.is_ejp_day(day):
                start, end = self.peak_bounds(day)
                if start <= local < end:
                    return start, end
        return None

    def announced_peak(self, local: datetime) -> tuple[datetime, datetime] | None:
        """A peak announced (from 11:00 the day before) but not started yet."""
        for day in (local.date(), local.date() + timedelta(days=1)):
            if self.is_ejp_day(day):
                start, end = self.peak_bounds(day)
                announce = datetime.combine(day - timedelta(days=1), ANNOUNCE_AT, PARIS)
                if announce <= local < start:
                    return start, end
        return None

    def notice(self, local: datetime) -> bool:
        """Whether the historic PEJP notice (30 min before the peak) is on."""
        peak = self.announced_peak(local)
        return peak is not None and peak[0] - local <= EJP_NOTICE
