"""The groups of one frame, in the order and with the field widths of a real Linky.

Orders and widths follow the real captures in ``shared/captures`` (historic
single-phase Tempo and three-phase BASE, standard single-phase BASE and
producer, standard three-phase Tempo).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .tariff import HISTORIC_INDEXES, OPTARIF, Option

if TYPE_CHECKING:
    from .meter import SimulatedMeter

Group = tuple[str, str, str | None]

MSG1 = "PAS DE" + " " * 10 + "MESSAGE" + " " * 9  # 32 characters
#: STGE bits always set by our meter: standard mode (17), Euridis on with security (19-20),
#: CPL "new/unlocked" (21).
STGE_BASE = 0x003A0000


def horodate(local: datetime) -> str:
    """A standard-mode timestamp: season letter (E summer, H winter) + YYMMDDhhmmss."""
    season = "E" if local.dst() else "H"
    return season + local.strftime("%y%m%d%H%M%S")


def historic_groups(meter: SimulatedMeter, *, short: bool = False) -> list[Group]:
    """The groups of a historic frame (a short overload frame if ``short``)."""
    local = meter.local_time
    tariff = meter.tariff
    currents = meter.currents()
    over = meter.overloaded_phases()
    if short:
        groups: list[Group] = [
            (f"ADIR{p}", f"{currents[p - 1]:03d}", None) for p in over
        ]
        groups.append(("ADCO", meter.meter_id, None))
        groups += [
            (f"IINST{p + 1}", f"{amps:03d}", None) for p, amps in enumerate(currents)
        ]
        return groups

    groups = [
        ("ADCO", meter.meter_id, None),
        ("OPTARIF", OPTARIF[meter.option], None),
        ("ISOUSC", f"{meter.isousc:02d}", None),
    ]
    groups += [
        (label, f"{meter.easf[i]:09d}", None)
        for i, label in enumerate(HISTORIC_INDEXES[meter.option])
    ]
    if meter.option is Option.EJP and tariff.ejp.notice(local):
        groups.append(("PEJP", "30", None))
    groups.append(("PTEC", tariff.ptec(local), None))
    if meter.option is Option.TEMPO:
        groups.append(("DEMAIN", tariff.demain(local), None))
    load = meter.load
    importing = load.net_w > 0
    apparent = sum(meter.phase_apparent_va()) if importing else 0
    papp = f"{round(apparent / 10) * 10:05d}"
    if meter.phases == 1:
        groups.append(("IINST", f"{currents[0]:03d}", None))
        if over:
            groups.append(("ADPS", f"{currents[0]:03d}", None))
        groups += [("IMAX", "090", None), ("PAPP", papp, None)]
    else:
        groups += [
            (f"IINST{p + 1}", f"{amps:03d}", None) for p, amps in enumerate(currents)
        ]
        groups += [(f"IMAX{p}", "060", None) for p in (1, 2, 3)]
        groups += [("PMAX", f"{meter.pmax_w:05d}", None), ("PAPP", papp, None)]
    groups += [("HHPHC", "A", None), ("MOTDETAT", "000000", None)]
    if meter.phases == 3:
        groups.append(("PPOT", "00", None))
    return groups


def standard_groups(meter: SimulatedMeter) -> list[Group]:
    """The groups of a standard frame."""
    local = meter.local_time
    tariff = meter.tariff
    load = meter.load
    phases = range(1, meter.phases + 1)
    suffixes = [""] if meter.phases == 1 else ["", "1", "2", "3"]
    supplier = tariff.supplier_index(local)
    distributor = tariff.distributor_index(local)
    importing = load.net_w > 0
    apparent = meter.phase_apparent_va()

    groups: list[Group] = [
        ("ADSC", meter.meter_id, None),
        ("VTIC", "02", None),
        ("DATE", "", horodate(local)),
        ("NGTF", tariff.ngtf(), None),
        ("LTARF", tariff.ltarf(local), None),
        ("EAST", f"{meter.east:09d}", None),
    ]
    groups += [
        (f"EASF{i + 1:02d}", f"{wh:09d}", None) for i, wh in enumerate(meter.easf)
    ]
    groups += [
        (f"EASD{i + 1:02d}", f"{wh:09d}", None) for i, wh in enumerate(meter.easd)
    ]
    if meter.producer:
        groups.append(("EAIT", f"{meter.eait:09d}", None))
        groups += [
            (f"ERQ{i + 1}", f"{varh:09d}", None) for i, varh in enumerate(meter.erq)
        ]
    currents = meter.currents()
    groups += [(f"IRMS{p}", f"{currents[p - 1]:03d}", None) for p in phases]
    groups += [(f"URMS{p}", f"{load.voltage[p - 1]:03d}", None) for p in phases]
    groups += [("PREF", f"{meter.kva:02d}", None), ("PCOUP", f"{meter.kva:02d}", None)]
    sinsts = [sum(apparent), *apparent] if importing else [0] * (meter.phases + 1)
    groups += [(f"SINSTS{s}", f"{sinsts[i]:05d}", None) for i, s in enumerate(suffixes)]
    groups += [
        (f"SMAXSN{s}", f"{meter.smaxsn[i].va:05d}", horodate(meter.smaxsn[i].at))
        for i, s in enumerate(suffixes)
    ]
    groups += [
        (
            f"SMAXSN{s}-1",
            f"{meter.smaxsn_prev[i].va:05d}",
            horodate(meter.smaxsn_prev[i].at),
        )
        for i, s in enumerate(suffixes)
    ]
    if meter.producer:
        sinsti = 0 if importing else sum(apparent)
        groups += [
            ("SINSTI", f"{sinsti:05d}", None),
            ("SMAXIN", f"{meter.smaxin.va:05d}", horodate(meter.smaxin.at)),
            ("SMAXIN-1", f"{meter.smaxin_prev.va:05d}", horodate(meter.smaxin_prev.at)),
        ]
    groups += [
        ("CCASN", f"{meter.ccasn[0]:05d}", horodate(meter.ccasn[1])),
        ("CCASN-1", f"{meter.ccasn_prev[0]:05d}", horodate(meter.ccasn_prev[1])),
    ]
    if meter.producer:
        groups += [
            ("CCAIN", f"{meter.ccain[0]:05d}", horodate(meter.ccain[1])),
            ("CCAIN-1", f"{meter.ccain_prev[0]:05d}", horodate(meter.ccain_prev[1])),
        ]
    volts, volts_at = meter.umoy
    groups += [(f"UMOY{p}", f"{volts[p - 1]:03d}", horodate(volts_at)) for p in phases]

    relay = tariff.relay_closed(local)
    stge = STGE_BASE | tariff.stge_bits(local)
    stge |= (0 if relay else 1) | (supplier - 1) << 10 | (distributor - 1) << 14
    if sinsts[0] > meter.kva * 1000:
        stge |= 1 << 7
    if meter.producer:
        stge |= 1 << 8
        if not importing:
            stge |= 1 << 9
    groups.append(("STGE", f"{stge:08X}", None))
    if meter.option is Option.EJP:
        peak = tariff.ejp.active_peak(local) or tariff.ejp.announced_peak(local)
        if peak is not None:
            groups += [
                ("DPM1", "00", " " + peak[0].strftime("%y%m%d%H%M%S")),
                ("FPM1", "00", " " + peak[1].strftime("%y%m%d%H%M%S")),
            ]
    groups += [
        ("MSG1", MSG1, None),
        ("PRM", meter.prm, None),
        ("RELAIS", f"{int(relay):03d}", None),
        ("NTARF", f"{supplier:02d}", None),
        ("NJOURF", "00", None),
        ("NJOURF+1", "00", None),
        ("PJOURF+1", tariff.tomorrow_schedule(local), None),
    ]
    ppointe = tariff.peak_schedule(local)
    if ppointe is not None:
        groups.append(("PPOINTE", ppointe, None))
    return groups
