"""Supplier calendar names (standard NGTF, LTARF) -> the tariff option they count for.

Suppliers name their calendars freely, in upper or mixed case and with their
own spacing: ``BASE``, ``H PLEINE/CREUSE``, ``H PLEINE-CREUSE``, ``HPHC``,
``HC``, ``TEMPO``, ``EJP``, ``HC et Week-End``, ``PRODUCTEUR``... A name is
matched without regard to case or spaces: first against the spellings real
meters and public converters show, then by its words (``TEMPO``, ``EJP``,
``WEEK-END``/``WE``, ``BASE``, ``PLEINE``/``CREUSE``/``HC``/``HP``). A name
that says none of them is ``OTHER``: its supplier indexes keep their numbers
(``EASF03``), and the user can name each one in the options.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .model import TariffOption

_O = TariffOption

#: Known spellings, upper case, every space removed.
KNOWN_NAMES: Mapping[str, TariffOption] = MappingProxyType(
    {
        "BASE": _O.BASE,
        "HPLEINE/CREUSE": _O.OFF_PEAK,
        "HPLEINE-CREUSE": _O.OFF_PEAK,
        "HPHC": _O.OFF_PEAK,
        "HP/HC": _O.OFF_PEAK,
        "HC/HP": _O.OFF_PEAK,
        "HC": _O.OFF_PEAK,
        "HEURESCREUSES": _O.OFF_PEAK,
        "TEMPO": _O.TEMPO,
        "EJP": _O.EJP,
        "HCETWEEK-END": _O.WEEKEND,
        "HCWEEK-END": _O.WEEKEND,
        "HC+WEEK-END": _O.WEEKEND,
        "WEEK-END": _O.WEEKEND,
        "HCWE": _O.WEEKEND,
        "PRODUCTEUR": _O.PRODUCER,
    }
)
_WORDS = re.compile(r"[A-Z0-9]+")


def _key(name: str) -> str:
    """``name`` matched case- and space-insensitively."""
    return "".join(name.upper().split())


def calendar_option(name: str) -> TariffOption:
    """The tariff option a supplier calendar name (NGTF, or LTARF) stands for."""
    key = _key(name)
    known = KNOWN_NAMES.get(key)
    if known is not None:
        return known
    words = set(_WORDS.findall(name.upper()))
    if "PRODUCTEUR" in key:
        return _O.PRODUCER
    if "TEMPO" in key:
        return _O.TEMPO
    if "EJP" in key:
        return _O.EJP
    if "WEEKEND" in key.replace("-", "") or "WE" in words:
        return _O.WEEKEND
    if "BASE" in key:
        return _O.BASE
    if "PLEINE" in key or "CREUSE" in key or words & {"HC", "HP", "HPHC"}:
        return _O.OFF_PEAK
    return _O.OTHER
