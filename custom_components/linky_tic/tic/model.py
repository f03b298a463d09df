"""The data model shared by every stage of the TIC pipeline.

This module is the contract between the decoder (``framer`` -> ``groups`` ->
``registry`` -> ``guard``) and its users (the Home Assistant side, the command
line, the simulator's tests).  It holds plain immutable data and enums only:
no parsing, no I/O, and nothing from Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple


class Mode(StrEnum):
    """The two TIC modes of a Linky meter."""

    HISTORIC = "historic"
    STANDARD = "standard"


#: Line rate of each mode (both are 7 data bits, even parity, 1 stop bit).
BAUDRATE: Mapping[Mode, int] = MappingProxyType(
    {Mode.HISTORIC: 1200, Mode.STANDARD: 9600}
)


class TariffOption(StrEnum):
    """The tariff option the meter counts for."""

    BASE = "base"
    OFF_PEAK = "off_peak"  # HP/HC ("heures creuses")
    EJP = "ejp"
    TEMPO = "tempo"
    WEEKEND = "weekend"  # off-peak, peak and weekend ("HC et Week-End")
    PRODUCER = "producer"  # standard mode NGTF "PRODUCTEUR"
    OTHER = "other"  # a supplier calendar we do not know


class TariffPeriod(StrEnum):
    """The tariff period the meter is counting in right now."""

    BASE = "base"  # historic PTEC "TH.." or a single-index calendar
    OFF_PEAK = "off_peak"  # HC
    PEAK = "peak"  # HP
    EJP_NORMAL = "ejp_normal"  # HN
    EJP_PEAK = "ejp_peak"  # PM (pointe mobile)
    BLUE_OFF_PEAK = "blue_off_peak"
    BLUE_PEAK = "blue_peak"
    WHITE_OFF_PEAK = "white_off_peak"
    WHITE_PEAK = "white_peak"
    RED_OFF_PEAK = "red_off_peak"
    RED_PEAK = "red_peak"
    WEEKEND = "weekend"  # the weekend index of a weekend offer
    OTHER = "other"  # a supplier index we cannot name


#: The periods counted in off-peak hours, and those counted in peak hours
#: (the others, base, EJP, weekend..., are neither).
OFF_PEAK_PERIODS: frozenset[TariffPeriod] = frozenset(
    {
        TariffPeriod.OFF_PEAK,
        TariffPeriod.BLUE_OFF_PEAK,
        TariffPeriod.WHITE_OFF_PEAK,
        TariffPeriod.RED_OFF_PEAK,
    }
)
PEAK_PERIODS: frozenset[TariffPeriod] = frozenset(
    {
        TariffPeriod.PEAK,
        TariffPeriod.BLUE_PEAK,
        TariffPeriod.WHITE_PEAK,
        TariffPeriod.RED_PEAK,
    }
)


class TempoColor(StrEnum):
    """Colour of a Tempo day."""

    BLUE = "blue"
    WHITE = "white"
    RED = "red"


class Rejection(StrEnum):
    """Why a group or a value was not let through."""

    CHECKSUM = "checksum"
    MALFORMED = "malformed"  # no separator, bad timestamp, too short...
    UNKNOWN_LABEL = "unknown_label"
    BAD_FORMAT = "bad_format"  # data does not fit the label's format
    OUT_OF_RANGE = "out_of_range"  # outside the label's physical range
    INDEX_DECREASED = "index_decreased"
    INDEX_JUMP = "index_jump"  # rose faster than the meter's maximum power allows
    IDLE_INDEX_ROSE = "idle_index_rose"  # rose outside its tariff period (once)
    UNCONFIRMED = "unconfirmed"  # withheld until the next frame confirms it


#: Reasons that say "not yet", not "wrong": the value may well be true.
WITHHELD = frozenset({Rejection.UNCONFIRMED})


Value = int | str


@dataclass(frozen=True, slots=True)
class Rejected:
    """One group or value dropped from a frame, with the reason."""

    label: str
    reason: Rejection


@dataclass(frozen=True, slots=True)
class MeterInfo:
    """What the meter id (ADCO/ADSC, 12 digits) says about the meter."""

    manufacturer_code: int  # digits 1-2
    manufacturer: str  # e.g. "Sagemcom", or "Unknown (NN)"
    year: int  # digits 3-4, 2000 + yy
    type_code: int  # digits 5-6
    model: str  # e.g. "Linky single-phase 60 A"
    phases: int | None  # 1 or 3 when the type says so


@dataclass(frozen=True, slots=True)
class Status:
    """The standard-mode status register STGE, decoded (bit numbers per Enedis)."""

    raw: int
    dry_contact_open: bool  # bit 0
    breaker_open: bool  # bits 1-3 != 0 ("organe de coupure")
    breaker_state: int  # bits 1-3, 0 = closed
    cover_open: bool  # bit 4 ("cache-bornes distributeur")
    overvoltage: bool  # bit 6
    over_reference_power: bool  # bit 7 ("dépassement de la puissance de référence")
    producer: bool  # bit 8 (0 consumer, 1 producer)
    negative_energy: bool  # bit 9 (active energy flows out)
    supplier_index: int  # bits 10-13, 0-based index of the current EASF
    distributor_index: int  # bits 14-15, 0-based index of the current EASD
    clock_degraded: bool  # bit 16
    tic_mode_standard: bool  # bit 17 (0 historic, 1 standard)
    euridis: int  # bits 19-20
    cpl_status: int  # bits 21-22
    cpl_synchronised: bool  # bit 23
    tempo_today: TempoColor | None  # bits 24-25 (0 = no announcement)
    tempo_tomorrow: TempoColor | None  # bits 26-27
    mobile_peak_notice: int  # bits 28-29 (0 none, 1-3 = PM1-PM3)
    mobile_peak_active: int  # bits 30-31 (0 none, 1-3 = PM1-PM3)


@dataclass(frozen=True, slots=True)
class DaySchedule:
    """A PJOURF+1 / PPOINTE day profile: up to 11 switch points."""

    points: tuple[SchedulePoint, ...]


@dataclass(frozen=True, slots=True)
class SchedulePoint:
    """From ``hour:minute`` on, the action word ``action`` (4 hex digits) applies."""

    hour: int
    minute: int
    action: int  # bits 0-3 index of the supplier calendar (1-based), 4-9 relays...

    @property
    def supplier_index(self) -> int:
        """The 1-based EASF index this switch point selects (0 = no change)."""
        return self.action & 0x0F


#: The timestamps of a frame that carries none (historic mode).
NO_TIMESTAMPS: Mapping[str, datetime] = MappingProxyType({})


class Reading(NamedTuple):
    """One whole frame, decoded, validated and typed (immutable).

    ``values`` holds only the groups that passed every check: the checksum,
    the label registry's format, the physical range and the plausibility
    guard.  Numeric labels are ``int`` in the label's own unit (Wh, VA, A,
    V, varh, W...), the others are the data as sent, with padding trimmed.
    Everything below ``values`` is derived from them by the decoder, so a
    consumer never parses a label's data itself. A named tuple: one is built
    per frame, and a tuple is built several times faster than a frozen
    dataclass of 22 fields.
    """

    mode: Mode
    meter_id: str
    received_at: float  # time.monotonic() when the frame's last byte arrived
    values: Mapping[str, Value]
    timestamps: Mapping[str, datetime] = NO_TIMESTAMPS
    rejected: tuple[Rejected, ...] = ()
    date: datetime | None = None  # standard DATE (Europe/Paris, aware)
    phases: int = 1
    option: TariffOption | None = None
    period: TariffPeriod | None = None
    off_peak: bool | None = None
    tempo_today: TempoColor | None = None
    tempo_tomorrow: TempoColor | None = None
    ejp_notice: bool = False  # PEJP present (historic) or mobile peak announced
    ejp_active: bool = False  # EJP/mobile peak period running now
    overload: bool = False  # ADPS/ADIRn (historic) or STGE bit 7 (standard)
    short_frame: bool = False  # historic three-phase overload frame (ADIRn)
    status: Status | None = None
    relays: tuple[bool, ...] | None = None  # RELAIS, 8 relays, relay 1 first
    meter: MeterInfo | None = None
    tomorrow_schedule: DaySchedule | None = None  # PJOURF+1
    peak_schedule: DaySchedule | None = None  # PPOINTE


@dataclass(slots=True)
class Counters:
    """What the decoder has seen since it was created (monotonic counts)."""

    bytes: int = 0
    frames: int = 0  # whole frames that produced a Reading
    groups_ok: int = 0
    checksum_errors: int = 0
    malformed_groups: int = 0  # no separator, bad timestamp, unknown label, bad format
    implausible_values: int = 0  # out of range or rejected by the guard
    resyncs: int = 0  # frames dropped for length or missing start
    eots: int = 0  # frames interrupted by EOT

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain dict (for JSON and diagnostics)."""
        return {name: getattr(self, name) for name in self.__slots__}
