"""Build a typed ``Reading`` from a frame's validated values.

Everything a consumer needs is derived here once (phases, tariff option and
period, Tempo colours, EJP notices, overload, status, relays, meter info,
schedules), so nobody downstream parses a label's data again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .calendars import calendar_option
from .meter_id import decode_meter_id
from .model import (
    OFF_PEAK_PERIODS,
    PEAK_PERIODS,
    Mode,
    Reading,
    Rejected,
    Status,
    TariffOption,
    TariffPeriod,
    TempoColor,
    Value,
)
from .registry import (
    HISTORIC_PTEC_PERIOD,
    STANDARD_INDEX_PERIODS,
    THREE_PHASE_LABELS,
)
from .schedule import parse_schedule
from .status import parse_status

_PTEC_COLOURS: Mapping[str, TempoColor] = MappingProxyType(
    {"B": TempoColor.BLUE, "W": TempoColor.WHITE, "R": TempoColor.RED}
)
_DEMAIN_COLOURS: Mapping[str, TempoColor] = MappingProxyType(
    {"BLEU": TempoColor.BLUE, "BLAN": TempoColor.WHITE, "ROUG": TempoColor.RED}
)
_SHORT_FRAME_LABELS = frozenset(
    {"ADCO", "ADIR1", "ADIR2", "ADIR3", "IINST1", "IINST2", "IINST3"}
)


def historic_option(optarif: str) -> TariffOption:
    """The tariff option of a historic OPTARIF value."""
    if optarif == "BASE":
        return TariffOption.BASE
    if optarif.startswith("HC"):
        return TariffOption.OFF_PEAK
    if optarif.startswith("EJP"):
        return TariffOption.EJP
    if optarif.startswith("BBR"):
        return TariffOption.TEMPO
    return TariffOption.OTHER


def standard_option(ngtf: str) -> TariffOption:
    """The tariff option of a standard NGTF (supplier calendar name)."""
    return calendar_option(ngtf)


# The same few texts come frame after frame; what they decode to is immutable.
_standard_option = lru_cache(maxsize=16)(standard_option)
_status = lru_cache(maxsize=64)(parse_status)
_schedule = lru_cache(maxsize=64)(parse_schedule)


def _off_peak(period: TariffPeriod | None) -> bool | None:
    if period in OFF_PEAK_PERIODS:
        return True
    if period in PEAK_PERIODS:
        return False
    return None


def _relays(value: Value | None) -> tuple[bool, ...] | None:
    if not isinstance(value, int):
        return None
    return tuple(bool(value >> bit & 1) for bit in range(8))


def phases_told(mode: Mode, values: Mapping[str, Value]) -> int | None:
    """1 or 3 when the frame's labels tell, else None (a frame cut short)."""
    if not THREE_PHASE_LABELS[mode].isdisjoint(values):
        return 3
    if mode is Mode.HISTORIC:
        return 1 if "IINST" in values else None
    return 1 if "URMS1" in values and "SINSTS" in values else None


def build_reading(  # noqa: PLR0917  (the decoder's one call site)
    mode: Mode,
    meter_id: str,
    received_at: float,
    values: dict[str, Value],
    timestamps: dict[str, datetime],
    rejected: list[Rejected],
    phases: int,
) -> Reading:
    """The immutable Reading of one frame (``phases``: as the decoder knows it)."""
    derived = (
        _historic(values) if mode is Mode.HISTORIC else _standard(values, timestamps)
    )
    return Reading(
        mode=mode,
        meter_id=meter_id,
        received_at=received_at,
        values=MappingProxyType(values),
        rejected=tuple(rejected),
        phases=phases,
        meter=decode_meter_id(meter_id),
        **derived,
    )


def _ptec_fields(
    ptec: str,
) -> tuple[TariffPeriod | None, bool | None, TempoColor | None, bool]:
    """(period, off_peak, tempo_today, ejp_active) of a historic PTEC value."""
    period = HISTORIC_PTEC_PERIOD.get(ptec)
    today = _PTEC_COLOURS.get(ptec[3]) if ptec[2:3] == "J" else None
    return period, _off_peak(period), today, period is TariffPeriod.EJP_PEAK


#: Every PTEC the registry lets through, worked out once (others: on the fly).
_PTEC_FIELDS = MappingProxyType(
    {ptec: _ptec_fields(ptec) for ptec in HISTORIC_PTEC_PERIOD}
)
_NO_PTEC: tuple[TariffPeriod | None, bool | None, TempoColor | None, bool] = (
    None,
    None,
    None,
    False,
)
#: Every OPTARIF the registry lets through but the Tempo ones (on the fly).
_OPTARIF_OPTIONS = MappingProxyType(
    {optarif: historic_option(optarif) for optarif in ("BASE", "HC..", "EJP.")}
)


def _historic(values: dict[str, Value]) -> dict[str, Any]:
    """The fields a historic frame's values give."""
    optarif = values.get("OPTARIF")
    option = None
    if isinstance(optarif, str):
        option = _OPTARIF_OPTIONS.get(optarif) or historic_option(optarif)
    ptec = values.get("PTEC")
    ptec_fields = _NO_PTEC
    if isinstance(ptec, str):
        ptec_fields = _PTEC_FIELDS.get(ptec) or _ptec_fields(ptec)
    period, off_peak, today, ejp_active = ptec_fields
    demain = values.get("DEMAIN")
    has_adir = "ADIR1" in values or "ADIR2" in values or "ADIR3" in values
    return {
        "option": option,
        "period": period,
        "off_peak": off_peak,
        "tempo_today": today,
        "tempo_tomorrow": (
            _DEMAIN_COLOURS.get(demain) if isinstance(demain, str) else None
        ),
        "ejp_notice": "PEJP" in values,
        "ejp_active": ejp_active,
        "overload": "ADPS" in values or has_adir,
        "short_frame": has_adir and _SHORT_FRAME_LABELS.issuperset(values),
    }


def _standard(
    values: dict[str, Value], timestamps: dict[str, datetime]
) -> dict[str, Any]:
    """The fields a standard frame's values and timestamps give."""
    ngtf = values.get("NGTF")
    option = _standard_option(ngtf) if isinstance(ngtf, str) else None
    status: Status | None = None
    stge = values.get("STGE")
    if isinstance(stge, str):
        status = _status(stge)  # the registry guarantees 8 hex digits
    ntarf = values.get("NTARF")
    if not isinstance(ntarf, int) and status is not None:
        ntarf = status.supplier_index + 1
    period: TariffPeriod | None = None
    if isinstance(ntarf, int) and option is not None:
        period = STANDARD_INDEX_PERIODS.get(option, {}).get(ntarf, TariffPeriod.OTHER)
    tomorrow_text = values.get("PJOURF+1")
    peak_text = values.get("PPOINTE")
    return {
        "timestamps": MappingProxyType(timestamps),
        "date": timestamps.get("DATE"),
        "option": option,
        "period": period,
        "off_peak": _off_peak(period),
        "tempo_today": status.tempo_today if status else None,
        "tempo_tomorrow": status.tempo_tomorrow if status else None,
        "ejp_notice": bool(status and status.mobile_peak_notice),
        "ejp_active": bool(status and status.mobile_peak_active),
        "overload": bool(status and status.over_reference_power),
        "status": status,
        "relays": _relays(values.get("RELAIS")),
        "tomorrow_schedule": (
            _schedule(tomorrow_text) if isinstance(tomorrow_text, str) else None
        ),
        "peak_schedule": (_schedule(peak_text) if isinstance(peak_text, str) else None),
    }
