"""The default price table (dated) and how a table is read.

A table maps a tariff (``TariffOption`` value: ``base``, ``off_peak``,
``tempo``) to its rows by subscribed power (kVA, as a string: the table is
stored as JSON in the entry's options), each row giving the subscription
(EUR per month, ``subscription``) and the price of each tariff period
(EUR/kWh, keyed by ``TariffPeriod`` value).

To update the defaults when the regulated tariff changes: edit
``DEFAULT_PRICE_TABLE`` and ``PRICE_TABLE_DATE`` below (one place), or, for one
installation, the "price table" field of the integration's options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from .tic.model import TariffOption, TariffPeriod
from .tic.registry import OPTION_PERIODS

#: The subscribed powers one can choose (kVA).
SUBSCRIBED_KVA: Final = (3, 6, 9, 12, 15, 18, 24, 30, 36)
SUBSCRIPTION: Final = "subscription"

#: The day the default table's prices came into force.
PRICE_TABLE_DATE: Final = "2025-02-01"
#: Where they come from (shown with the insights).
PRICE_TABLE_SOURCE: Final = "EDF Tarif Bleu, TTC"

#: The tariffs compared, each with the periods it must price: the meter's
#: own periods of that option (``OPTION_PERIODS``, the one table of them).
COMPARED_TARIFFS: Final = (TariffOption.BASE, TariffOption.OFF_PEAK, TariffOption.TEMPO)
TARIFF_PERIODS: Final[Mapping[TariffOption, tuple[TariffPeriod, ...]]] = (
    MappingProxyType({tariff: OPTION_PERIODS[tariff] for tariff in COMPARED_TARIFFS})
)

_B, _HC, _HP = TariffPeriod.BASE, TariffPeriod.OFF_PEAK, TariffPeriod.PEAK


def _base(subscription: float, kwh: float) -> dict[str, float]:
    return {SUBSCRIPTION: subscription, _B.value: kwh}


def _off_peak(subscription: float, hc: float, hp: float) -> dict[str, float]:
    return {SUBSCRIPTION: subscription, _HC.value: hc, _HP.value: hp}


#: Tempo kWh prices (blue HC, blue HP, white HC, white HP, red HC, red HP).
_TEMPO_KWH: Final = (0.1288, 0.1552, 0.1447, 0.1792, 0.1518, 0.6586)


def _tempo(subscription: float) -> dict[str, float]:
    row = {SUBSCRIPTION: subscription}
    row.update(
        (period.value, price)
        for period, price in zip(
            TARIFF_PERIODS[TariffOption.TEMPO], _TEMPO_KWH, strict=True
        )
    )
    return row


#: EUR per month and EUR/kWh by tariff and subscribed power.
#: Provenance (README, "The price table"): the 6 and 9 kVA Base rows and the
#: 6 kVA HP/HC row are the figures issue #14 gives as the published EDF Tarif
#: Bleu; every other row (3 and 12-36 kVA Base, 9-36 kVA HP/HC, all Tempo rows
#: and the Tempo kWh prices) is an estimate, NOT verified against a published
#: grid. A search for EDF's grid of PRICE_TABLE_DATE (2026-12-04) found none to
#: cite: the pages found give other figures for 1 February 2025 (Base
#: 20.16 c€/kWh on kelwatt.fr/prix/tarif-bleu-edf, 19.06 c€/kWh on
#: commentcamarche.net/maison/33531-edf-option-tempo-vis/), so even the issue's
#: rows and the date are unconfirmed. Check against EDF's grid before use.
DEFAULT_PRICE_TABLE: Final[Mapping[str, Mapping[str, Mapping[str, float]]]] = (
    MappingProxyType(
        {
            TariffOption.BASE.value: {
                "3": _base(9.69, 0.1558),
                "6": _base(11.47, 0.1558),
                "9": _base(14.27, 0.1605),
                "12": _base(17.03, 0.1605),
                "15": _base(19.74, 0.1605),
                "18": _base(22.37, 0.1605),
                "24": _base(28.17, 0.1605),
                "30": _base(33.64, 0.1605),
                "36": _base(39.39, 0.1605),
            },
            TariffOption.OFF_PEAK.value: {
                "6": _off_peak(13.14, 0.1360, 0.1821),
                "9": _off_peak(16.61, 0.1360, 0.1821),
                "12": _off_peak(19.83, 0.1360, 0.1821),
                "15": _off_peak(22.91, 0.1360, 0.1821),
                "18": _off_peak(25.93, 0.1360, 0.1821),
                "24": _off_peak(32.45, 0.1360, 0.1821),
                "30": _off_peak(38.50, 0.1360, 0.1821),
                "36": _off_peak(44.62, 0.1360, 0.1821),
            },
            TariffOption.TEMPO.value: {
                "6": _tempo(15.50),
                "9": _tempo(19.49),
                "12": _tempo(23.38),
                "15": _tempo(27.01),
                "18": _tempo(30.79),
                "30": _tempo(46.31),
                "36": _tempo(54.29),
            },
        }
    )
)


@dataclass(frozen=True, slots=True)
class Offer:
    """One tariff at one subscribed power."""

    tariff: TariffOption
    kva: int
    subscription_month: float  # EUR per month
    prices: Mapping[TariffPeriod, float]  # EUR/kWh

    def subscription_for(self, days: float) -> float:
        """The subscription paid over ``days`` days (12 months a year)."""
        return self.subscription_month * 12 * days / 365


class PriceTableError(ValueError):
    """A price table that cannot be used (the message says where)."""


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PriceTableError(f"{where}: not a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise PriceTableError(f"{where}: not a positive number")
    return number


def parse_price_table(table: Any) -> dict[TariffOption, dict[int, Offer]]:
    """Check a table (as stored in the options) and read it.

    Every tariff and power is optional; a row must have its subscription and
    every period of its tariff. Raises ``PriceTableError`` otherwise.
    """
    if not isinstance(table, Mapping):
        raise PriceTableError("the table is not a mapping")
    offers: dict[TariffOption, dict[int, Offer]] = {}
    for name, rows in table.items():
        try:
            tariff = TariffOption(name)
        except ValueError:
            raise PriceTableError(f"{name}: unknown tariff") from None
        if tariff not in TARIFF_PERIODS:
            raise PriceTableError(f"{name}: not a compared tariff")
        if not isinstance(rows, Mapping):
            raise PriceTableError(f"{name}: not a mapping of kVA rows")
        for kva_text, row in rows.items():
            where = f"{name} {kva_text} kVA"
            try:
                kva = int(str(kva_text))
            except ValueError:
                raise PriceTableError(f"{where}: not a power in kVA") from None
            if kva not in SUBSCRIBED_KVA:
                raise PriceTableError(f"{where}: not a subscribed power")
            if not isinstance(row, Mapping):
                raise PriceTableError(f"{where}: not a mapping")
            if SUBSCRIPTION not in row:
                raise PriceTableError(f"{where}: no {SUBSCRIPTION}")
            prices = {}
            for period in TARIFF_PERIODS[tariff]:
                if period.value not in row:
                    raise PriceTableError(f"{where}: no {period.value} price")
                prices[period] = _number(row[period.value], f"{where} {period.value}")
            offers.setdefault(tariff, {})[kva] = Offer(
                tariff,
                kva,
                _number(row[SUBSCRIPTION], f"{where} {SUBSCRIPTION}"),
                MappingProxyType(prices),
            )
    return offers


def default_price_table() -> dict[str, dict[str, dict[str, float]]]:
    """A plain copy of the default table (for the options form)."""
    return {
        tariff: {kva: dict(row) for kva, row in rows.items()}
        for tariff, rows in DEFAULT_PRICE_TABLE.items()
    }
