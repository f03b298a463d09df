"""Tariff options of the simulated meter: which index counts, and how each mode names it.

Supplier indexes (EASF, 1-based) per option, as Linky meters number them:

- BASE: 01 base;
- HC: 01 off-peak (HC), 02 peak (HP);
- EJP: 01 normal days (HN), 02 mobile peak (PM);
- Tempo: 01/02 blue HC/HP, 03/04 white HC/HP, 05/06 red HC/HP.

Historic mode sends the same registers under the historic labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ..model import TempoColor  # noqa: TID252 (the tic package is imported under two names)
from .calendar import (
    DEFAULT_OFF_PEAK,
    EjpCalendar,
    OffPeakWindows,
    TempoCalendar,
)


class Option(StrEnum):
    """The tariff options the simulator knows."""

    BASE = "base"
    HC = "hc"
    EJP = "ejp"
    TEMPO = "tempo"


COLOR_RANK = {TempoColor.BLUE: 0, TempoColor.WHITE: 1, TempoColor.RED: 2}
DEMAIN = {
    None: "----",
    TempoColor.BLUE: "BLEU",
    TempoColor.WHITE: "BLAN",
    TempoColor.RED: "ROUG",
}
COLOR_WORD = {
    TempoColor.BLUE: "BLEU",
    TempoColor.WHITE: "BLANC",
    TempoColor.RED: "ROUGE",
}
COLOR_LETTER = {TempoColor.BLUE: "B", TempoColor.WHITE: "W", TempoColor.RED: "R"}
#: STGE code of a Tempo colour (bits 24-25 today, 26-27 tomorrow).
COLOR_CODE = {TempoColor.BLUE: 1, TempoColor.WHITE: 2, TempoColor.RED: 3}

HISTORIC_INDEXES: dict[Option, tuple[str, ...]] = {
    Option.BASE: ("BASE",),
    Option.HC: ("HCHC", "HCHP"),
    Option.EJP: ("EJPHN", "EJPHPM"),
    Option.TEMPO: ("BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"),
}
OPTARIF = {
    Option.BASE: "BASE",
    Option.HC: "HC..",
    Option.EJP: "EJP.",
    Option.TEMPO: "BBR(",
}
NGTF = {
    Option.BASE: "BASE",
    Option.HC: "H PLEINE/CREUSE",
    Option.EJP: "EJP",
    Option.TEMPO: "TEMPO",
}
NOT_USED = "NONUTILE"


def pad16(text: str) -> str:
    """Centre ``text`` in 16 characters, like the meter's NGTF/LTARF."""
    return text.center(16)


@dataclass(frozen=True, slots=True)
class Tariff:
    """One tariff option with its calendars."""

    option: Option
    off_peak: OffPeakWindows = DEFAULT_OFF_PEAK
    tempo: TempoCalendar = field(default_factory=TempoCalendar)
    ejp: EjpCalendar = field(default_factory=EjpCalendar)

    @property
    def index_count(self) -> int:
        """How many supplier indexes the option uses."""
        return len(HISTORIC_INDEXES[self.option])

    def is_off_peak(self, local: datetime) -> bool:
        """Whether ``local`` is in an off-peak period (HC and Tempo only)."""
        minute = local.hour * 60 + local.minute
        if self.option is Option.HC:
            return self.off_peak.is_off_peak(minute)
        if self.option is Option.TEMPO:
            return DEFAULT_OFF_PEAK.is_off_peak(minute)
        return False

    def supplier_index(self, local: datetime) -> int:
        """The 1-based EASF index counting at ``local``."""
        match self.option:
            case Option.BASE:
                return 1
            case Option.HC:
                return 1 if self.is_off_peak(local) else 2
            case Option.EJP:
                return 2 if self.ejp.active_peak(local) else 1
            case Option.TEMPO:
                rank = COLOR_RANK[self.tempo.today(local)]
                return 2 * rank + (1 if self.is_off_peak(local) else 2)

    def distributor_index(self, local: datetime) -> int:
        """The 1-based EASD index: off-peak/peak for HC, a single index otherwise."""
        if self.option is Option.HC and not self.is_off_peak(local):
            return 2
        return 1

    def relay_closed(self, local: datetime) -> bool:
        """The meter's dry contact (relay 1) follows off-peak for the water heater."""
        return self.is_off_peak(local)

    # -- historic names ----------------------------------------------------

    def ptec(self, local: datetime) -> str:
        """Historic PTEC of the period at ``local``."""
        index = self.supplier_index(local)
        match self.option:
            case Option.BASE:
                return "TH.."
            case Option.HC:
                return "HC.." if index == 1 else "HP.."
            case Option.EJP:
                return "HN.." if index == 1 else "PM.."
            case Option.TEMPO:
                color = self.tempo.today(local)
                return ("HC" if index % 2 else "HP") + "J" + COLOR_LETTER[color]

    # -- standard names ----------------------------------------------------

    def ltarf(self, local: datetime) -> str:
        """Standard LTARF (16 characters) of the period at ``local``."""
        index = self.supplier_index(local)
        match self.option:
            case Option.BASE:
                text = "BASE"
            case Option.HC:
                text = "HEURE CREUSE" if index == 1 else "HEURE PLEINE"
            case Option.EJP:
                text = "HEURE NORMALE" if index == 1 else "POINTE MOBILE"
            case Option.TEMPO:
                color = self.tempo.today(local)
                text = ("HC" if index % 2 else "HP") + "  " + COLOR_WORD[color]
        return pad16(text)

    def ngtf(self) -> str:
        """Standard NGTF (16 characters)."""
        return pad16(NGTF[self.option])

    def tomorrow_schedule(self, local: datetime) -> str:
        """Standard PJOURF+1: tomorrow's switch points (11 blocks of 8 characters)."""
        blocks: list[str]
        match self.option:
            case Option.BASE:
                blocks = ["00008001"]
            case Option.HC:
                blocks = [
                    f"{minute // 60:02d}{minute % 60:02d}" + ("C001" if off else "8002")
                    for minute, off in self.off_peak.switch_points()
                ]
            case Option.EJP:
                tomorrow = local.date() + timedelta(days=1)
                blocks = ["00008001"]
                if self.ejp.is_ejp_day(tomorrow):
                    blocks.append("07008002")
            case Option.TEMPO:
                color = self.tempo.tomorrow(local) or TempoColor.BLUE
                base = 2 * COLOR_RANK[color]
                blocks = [
                    f"0000400{base + 1}",
                    f"0600400{base + 2}",
                    f"2200400{base + 1}",
                ]
        return " ".join(blocks + [NOT_USED] * (11 - len(blocks)))

    def peak_schedule(self, local: datetime) -> str | None:
        """Standard PPOINTE: the profile of an announced mobile peak day (EJP)."""
        if self.option is not Option.EJP or self.ejp.announced_peak(local) is None:
            return None
        blocks = ["00008001", "07008002"]
        return " ".join(blocks + [NOT_USED] * 9)

    def stge_bits(self, local: datetime) -> int:
        """STGE bits 24-31: Tempo colours and mobile peaks."""
        bits = 0
        if self.option is Option.TEMPO:
            bits |= COLOR_CODE[self.tempo.today(local)] << 24
            tomorrow = self.tempo.tomorrow(local)
            if tomorrow is not None:
                bits |= COLOR_CODE[tomorrow] << 26
        if self.option is Option.EJP:
            if self.ejp.announced_peak(local) is not None:
                bits |= 1 << 28
            if self.ejp.active_peak(local) is not None:
                bits |= 1 << 30
        return bits

    def demain(self, local: datetime) -> str:
        """Historic DEMAIN (Tempo): tomorrow's colour once announced."""
        return DEMAIN[self.tempo.tomorrow(local)]
