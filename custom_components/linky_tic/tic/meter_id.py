"""What a meter id (ADCO/ADSC, 12 digits) says: maker, year, meter type.

Layout (Enedis): ``MM YY TT NNNNNN`` - manufacturer code, year of manufacture
(2000 + YY), device type code, serial number. The type codes listed are the
Linky ones from the Enedis device type table (plus the older electronic
"compteur bleu" codes seen in the field); unknown codes give ``phases=None``.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

from .model import MeterInfo

MANUFACTURERS = MappingProxyType(
    {
        1: "Crouzet / Monetel",
        2: "Sagem / Sagemcom",
        3: "Schlumberger / Actaris / Itron",
        4: "Landis+Gyr",
        5: "Sauter / Stepper Energie / Zellweger",
        6: "Itron",
        7: "MAEC",
        8: "Matra-Chauvin Arnoux / Enerdis",
        9: "Faure-Herman",
        10: "Sevme / SIS",
        11: "Magnol / Elster / Honeywell",
        12: "Gaz Thermique",
        14: "Ghielmetti / Dialog E.S. / Micronique",
        15: "Mecelec",
        16: "Legrand / Baco",
        17: "SERD-Schlumberger",
        18: "Schneider / Merlin Gerin / Gardy",
        19: "General Electric / Power Control",
        20: "Nuovo Pignone / Dresser",
        21: "SCLE",
        22: "EDF",
        23: "GDF / GDF-Suez",
        24: "Hager / General Electric",
        25: "Delta Dore",
        26: "RIZ",
        27: "Iskraemeco",
        28: "GMT",
        29: "Analog Devices",
        30: "Michaud",
        31: "Hexing Electrical",
        32: "Siame",
        33: "Larsen & Toubro",
        34: "Elster / Honeywell",
        35: "Electronic Afzar Azma",
        36: "Advanced Electronic Company",
        37: "AEM",
        38: "Zhejiang Chint Instrument & Meter",
        39: "ZIV",
        70: "Landis+Gyr (export)",
        71: "Stepper Energie France",
        81: "Sagem / Sagemcom",
        82: "Landis+Gyr",
        83: "Elster / Honeywell",
        84: "Sagem / Sagemcom",
        85: "Itron",
    }
)

#: type code -> (model, phases)
METER_TYPES: MappingProxyType[int, tuple[str, int | None]] = MappingProxyType(
    {
        1: ("Electronic single-phase multi-rate (1st gen)", 1),
        5: ("Electronic single-phase single-rate (1st gen)", 1),
        9: ("Electronic three-phase (1st gen)", 3),
        15: ("Electronic single-phase multi-rate without BBR", 1),
        20: ("Electronic single-phase multi-rate half-rate (1st gen)", 1),
        21: ("Electronic three-phase half-rate (1st gen)", 3),
        22: ("Electronic single-phase multi-rate (2nd gen)", 1),
        23: ("Electronic single-phase multi-rate half-rate (2nd gen)", 1),
        25: ("Electronic single-phase single-rate (2nd gen)", 1),
        26: ("Electronic three-phase 2000 (2nd gen)", 3),
        27: ("Electronic three-phase 2000 half-rate (2nd gen)", 3),
        28: ("Electronic single-phase multi-rate 2007 (3rd gen)", 1),
        29: ("Electronic single-phase 2007 half-rate (3rd gen)", 1),
        30: ("Electronic three-phase 2007 (3rd gen)", 3),
        31: ("Electronic three-phase 2007 half-rate (3rd gen)", 3),
        60: ("Linky single-phase 60 A G1", 1),
        61: ("Linky single-phase 60 A G3", 1),
        62: ("Linky single-phase 90 A G1", 1),
        63: ("Linky three-phase 60 A G1", 3),
        64: ("Linky single-phase 60 A G3", 1),
        65: ("Linky single-phase 90 A G3 (trial)", 1),
        67: ("Linky single-phase 90 A G1 (pilot)", 1),
        68: ("Linky three-phase 60 A G1 (pilot)", 3),
        70: ("Linky single-phase 60 A G3 (interoperability)", 1),
        71: ("Linky three-phase 60 A G3 (interoperability)", 3),
        75: ("Linky single-phase 90 A G3", 1),
        76: ("Linky three-phase 60 A G3", 3),
    }
)


@lru_cache(maxsize=16)
def decode_meter_id(meter_id: str) -> MeterInfo | None:
    """Decode a 12-digit meter id, or None when it is not one."""
    if len(meter_id) != 12 or not meter_id.isascii() or not meter_id.isdigit():
        return None
    maker = int(meter_id[0:2])
    type_code = int(meter_id[4:6])
    model, phases = METER_TYPES.get(
        type_code, (f"Unknown type ({type_code:02d})", None)
    )
    return MeterInfo(
        manufacturer_code=maker,
        manufacturer=MANUFACTURERS.get(maker, f"Unknown ({maker:02d})"),
        year=2000 + int(meter_id[2:4]),
        type_code=type_code,
        model=model,
        phases=phases,
    )
