"""Build a typed ``Reading`` from a frame's validated values.

Everything a consumer needs is derived here once (phases, tariff option and
period, Tempo colours, EJP notices, overload, status, relays, meter info,
schedules), so nobody downstream parses a label's data again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from .meter_id import decode_meter_id
from .model import (
    Mode,
    Reading,
    Rejected,
    Status,
    TariffOption,
    TariffPeriod,
    TempoColor,
    Value,
)
from .registry import STANDARD_INDEX_PERIODS
from .schedule import parse_schedule
from .status import parse_status

_P = TariffPeriod

_HISTORIC_PERIODS: Mapping[str, TariffPeriod] = MappingProxyType(
    {
        "TH..": _P.BASE,
        "HC..": _P.OFF_PEAK,
        "HP..": _P.PEAK,
        "HN..": _P.EJP_NORMAL,
        "PM..": _P.EJP_PEAK,
        "HCJB": _P.BLUE_OFF_PEAK,
        "HPJB": _P.BLUE_PEAK,
        "HCJW": _P.WHITE_OFF_PEAK,
        "HPJW": _P.WHITE_PEAK,
        "HCJR": _P.RED_OFF_PEAK,
        "HPJR": _P.RED_PEAK,
    }
)
_OFF_PEAK_PERIODS = frozenset(
    {_P.OFF_PEAK, _P.BLUE_OFF_PEAK, _P.WHITE_OFF_PEAK, _P.RED_OFF_PEAK}
)
_PEAK_PERIODS = frozenset({_P.PEAK, _P.BLUE_PEAK, _P.WHITE_PEAK, _P.RED_PEAK})
_PTEC_COLOURS: Mapping[str, TempoColor] = MappingProxyType(
    {"B": TempoColor.BLUE, "W": TempoColor.WHITE, "R": TempoColor.RED}
)
_DEMAIN_COLOURS: Mapping[str, TempoColor] = MappingProxyType(
    {"BLEU": TempoColor.BLUE, "BLAN": TempoColor.WHITE, "ROUG": TempoColor.RED}
)
_HISTORIC_THREE_PHASE = frozenset(
    {"IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3", "ADIR1", "ADIR2", "ADIR3"}
)
_STANDARD_THREE_PHASE = frozenset(
    {"IRMS2", "IRMS3", "URMS2", "URMS3", "SINSTS1", "SINSTS2", "SINSTS3"}
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
    text = ngtf.upper()
    if "PRODUCTEUR" in text:
        return TariffOption.PRODUCER
    if "TEMPO" in text:
        return TariffOption.TEMPO
    if "EJP" in text:
        return TariffOption.EJP
    if "BASE" in text:
        return TariffOption.BASE
    if "PLEINE" in text or "CREUSE" in text or "HC" in text.split():
        return TariffOption.OFF_PEAK
    return TariffOption.OTHER


def _off_peak(period: TariffPeriod | None) -> bool | None:
    if period in _OFF_PEAK_PERIODS:
        return True
    if period in _PEAK_PERIODS:
        return False
    return None


def _relays(value: Value | None) -> tuple[bool, ...] | None:
    if not isinstance(value, int):
        return None
    return tuple(bool(value >> bit & 1) for bit in range(8))


def build_reading(
    mode: Mode,
    meter_id: str,
    received_at: float,
    values: dict[str, Value],
    timestamps: dict[str, datetime],
    *,
    rejected: list[Rejected],
    phases: int | None = None,
) -> Reading:
    """The immutable Reading of one frame.

    ``phases`` overrides the count read from the frame's own labels (the
    decoder remembers it across frames cut short).
    """
    if mode is Mode.HISTORIC:
        if phases is None:
            phases = 3 if not _HISTORIC_THREE_PHASE.isdisjoint(values) else 1
        return _historic(meter_id, received_at, values, rejected, phases)
    if phases is None:
        phases = 3 if not _STANDARD_THREE_PHASE.isdisjoint(values) else 1
    return _standard(meter_id, received_at, values, timestamps, rejected, phases)


def _historic(
    meter_id: str,
    received_at: float,
    values: dict[str, Value],
    rejected: list[Rejected],
    phases: int,
) -> Reading:
    optarif = values.get("OPTARIF")
    option = historic_option(optarif) if isinstance(optarif, str) else None
    ptec = values.get("PTEC")
    period = _HISTORIC_PERIODS.get(ptec) if isinstance(ptec, str) else None
    today = None
    if isinstance(ptec, str) and ptec[2:3] == "J":
        today = _PTEC_COLOURS.get(ptec[3])
    demain = values.get("DEMAIN")
    tomorrow = _DEMAIN_COLOURS.get(demain) if isinstance(demain, str) else None
    has_adir = "ADIR1" in values or "ADIR2" in values or "ADIR3" in values
    short_frame = has_adir and _SHORT_FRAME_LABELS.issuperset(values)
    return Reading(
        mode=Mode.HISTORIC,
        meter_id=meter_id,
        received_at=received_at,
        values=MappingProxyType(values),
        rejected=tuple(rejected),
        phases=phases,
        option=option,
        period=period,
        off_peak=_off_peak(period),
        tempo_today=today,
        tempo_tomorrow=tomorrow,
        ejp_notice="PEJP" in values,
        ejp_active=period is TariffPeriod.EJP_PEAK,
        overload="ADPS" in values or has_adir,
        short_frame=short_frame,
        meter=decode_meter_id(meter_id),
    )


def _standard(  # noqa: PLR0917  (private: one call site, in build_reading)
    meter_id: str,
    received_at: float,
    values: dict[str, Value],
    timestamps: dict[str, datetime],
    rejected: list[Rejected],
    phases: int,
) -> Reading:
    ngtf = values.get("NGTF")
    option = standard_option(ngtf) if isinstance(ngtf, str) else None
    status: Status | None = None
    stge = values.get("STGE")
    if isinstance(stge, str):
        status = parse_status(stge)  # the registry guarantees 8 hex digits
    ntarf = values.get("NTARF")
    if not isinstance(ntarf, int) and status is not None:
        ntarf = status.supplier_index + 1
    period: TariffPeriod | None = None
    if isinstance(ntarf, int) and option is not None:
        period = STANDARD_INDEX_PERIODS.get(option, {}).get(ntarf, TariffPeriod.OTHER)
    tomorrow_text = values.get("PJOURF+1")
    peak_text = values.get("PPOINTE")
    return Reading(
        mode=Mode.STANDARD,
        meter_id=meter_id,
        received_at=received_at,
        values=MappingProxyType(values),
        timestamps=MappingProxyType(timestamps),
        rejected=tuple(rejected),
        date=timestamps.get("DATE"),
        phases=phases,
        option=option,
        period=period,
        off_peak=_off_peak(period),
        tempo_today=status.tempo_today if status else None,
        tempo_tomorrow=status.tempo_tomorrow if status else None,
        ejp_notice=bool(status and status.mobile_peak_notice),
        ejp_active=bool(status and status.mobile_peak_active),
        overload=bool(status and status.over_reference_power),
        status=status,
        relays=_relays(values.get("RELAIS")),
        meter=decode_meter_id(meter_id),
        tomorrow_schedule=parse_schedule(tomorrow_text)
        if isinstance(tomorrow_text, str)
        else None,
        peak_schedule=parse_schedule(peak_text) if isinstance(peak_text, str) else None,
    )
