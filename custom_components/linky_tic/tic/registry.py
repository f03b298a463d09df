"""The label registry: every TIC label we accept, its type, unit and strict format.

A group whose checksum passes is still only as good as its label and data: a
6-bit checksum lets about one corrupted group in 64 through, so the label must
be known and the data must fit the label's format exactly (length and
character set), and numbers must be inside their physical range.

Sources: Enedis-NOI-CPT_02E (historic, electronic meters) and
Enedis-NOI-CPT_54E (Linky, historic and standard).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from .model import Mode, TariffOption, TariffPeriod


class Kind(StrEnum):
    """How a label's data is typed in a Reading."""

    NUMBER = "number"  # int in ``unit``
    TEXT = "text"  # str, padding trimmed


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """What a label is and what its data must look like."""

    label: str
    mode: Mode
    kind: Kind
    unit: str | None
    length: int  # length of the data as sent (free text: padded length)
    pattern: re.Pattern[str]  # the data must ``fullmatch`` it
    minimum: int | None = None  # physical range of a NUMBER, inclusive
    maximum: int | None = None
    energy_index: bool = False  # a Wh index (cumulative, never goes down)
    cumulative: bool = False  # any totaliser the guard watches (Wh or varh)
    timestamped: bool = False  # standard mode: a horodate precedes the data
    free_text: bool = False  # supplier text: a change waits for confirmation


def _digits(count: int) -> re.Pattern[str]:
    return re.compile(rf"[0-9]{{{count}}}")


_HEX8 = re.compile(r"[0-9A-F]{8}")

#: One character of Enedis free text (NGTF, LTARF, MSG1, MSG2): letters of both
#: cases (suppliers name their calendars in mixed case, e.g. "HC et Week-End"),
#: digits, space and punctuation: the printable ASCII without "@", "`" and
#: "{|}~". The 6-bit checksum misses exactly the byte errors worth 64 (bit 6
#: flipped, a byte 0x00/0x40 lost or added). With this set such an error turns
#: an upper-case letter into a control character, a space into a backquote, or
#: adds/removes an "@" or a NUL: all rejected here. It can also swap a
#: lower-case letter and its twin 64 below (digits and ``!"#$%&'()*+,-./:``),
#: which no stateless format can tell from a real text of mixed case: the
#: guard holds a changed free text until the next frame confirms it.
_TEXT_CHAR = r"[\x20-\x3F\x41-\x5F\x61-\x7A]"
_TEXT_EDGE = r"[\x21-\x3F\x41-\x5F\x61-\x7A]"  # the same, not a space


def _free_text(length: int, *, unpadded: bool = False) -> re.Pattern[str]:
    """Exactly ``length`` text characters (the meter pads with spaces).

    ``unpadded`` also accepts the text with its padding removed (no leading or
    trailing space, 1 to ``length`` characters): a published capture shows
    NGTF that way, and a byte error cannot strip all of the padding.
    """
    exact = f"{_TEXT_CHAR}{{{length}}}"
    if not unpadded:
        return re.compile(exact)
    return re.compile(
        f"{exact}|{_TEXT_EDGE}(?:{_TEXT_CHAR}{{0,{length - 2}}}{_TEXT_EDGE})?"
    )


_BLOCK = r"(?:(?:[01][0-9]|2[0-3])[0-5][0-9][0-9A-F]{4}|NONUTILE)"
_SCHEDULE = re.compile(rf"{_BLOCK}(?: {_BLOCK}){{0,10}}")

# Physical ceilings, generous on purpose: they only catch values no Linky can send.
_MAX_CURRENT_A = 200  # 90 A meters plus overload headroom
_MAX_POWER_VA = 60_000  # 36 kVA is the ceiling of a C5 (Linky) delivery point
_MAX_VOLTAGE_V = 350


def _number(
    label: str,
    mode: Mode,
    unit: str | None,
    length: int,
    maximum: int,
    *,
    minimum: int = 0,
    index: bool = False,
    timestamped: bool = False,
) -> LabelSpec:
    return LabelSpec(
        label=label,
        mode=mode,
        kind=Kind.NUMBER,
        unit=unit,
        length=length,
        pattern=_digits(length),
        minimum=minimum,
        maximum=maximum,
        energy_index=index and unit == "Wh",
        cumulative=index,
        timestamped=timestamped,
    )


def _text(
    label: str,
    mode: Mode,
    length: int,
    pattern: re.Pattern[str] | str,
    *,
    timestamped: bool = False,
    free_text: bool = False,
) -> LabelSpec:
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    return LabelSpec(
        label=label,
        mode=mode,
        kind=Kind.TEXT,
        unit=None,
        length=length,
        pattern=compiled,
        timestamped=timestamped,
        free_text=free_text,
    )


_INDEX_MAX = 999_999_999


def _historic() -> list[LabelSpec]:
    h = Mode.HISTORIC
    specs = [
        _text("ADCO", h, 12, r"[0-9]{12}"),
        # Tempo is "BBRx", x the relay programme: one character with bit 6
        # clear and bit 5 set (0x20-0x3F); Linky meters send "BBR(".
        _text("OPTARIF", h, 4, r"BASE|HC\.\.|EJP\.|BBR[\x20-\x3F]"),
        _number("ISOUSC", h, "A", 2, 99, minimum=1),
        _text("PTEC", h, 4, r"TH\.\.|HC\.\.|HP\.\.|HN\.\.|PM\.\.|H[CP]J[BWR]"),
        _text("DEMAIN", h, 4, r"----|BLEU|BLAN|ROUG"),
        _number("PEJP", h, "min", 2, 30),
        _number("IINST", h, "A", 3, _MAX_CURRENT_A),
        _number("ADPS", h, "A", 3, _MAX_CURRENT_A),
        _number("IMAX", h, "A", 3, _MAX_CURRENT_A),
        _number("PAPP", h, "VA", 5, _MAX_POWER_VA),
        _number("PMAX", h, "W", 5, _MAX_POWER_VA),
        _text("HHPHC", h, 1, r"[ACDEY]"),  # the peak/off-peak schedule groups
        _text("MOTDETAT", h, 6, r"[0-9A-F]{6}"),
        _text("PPOT", h, 2, r"[0-9A-F]{2}"),
        _number("GAZ", h, None, 7, 9_999_999),
        _number("AUTRE", h, None, 7, 9_999_999),
    ]
    specs += [
        _number(label, h, "Wh", 9, _INDEX_MAX, index=True)
        for label in (
            "BASE",
            "HCHC",
            "HCHP",
            "EJPHN",
            "EJPHPM",
            "BBRHCJB",
            "BBRHPJB",
            "BBRHCJW",
            "BBRHPJW",
            "BBRHCJR",
            "BBRHPJR",
        )
    ]
    specs += [
        _number(f"{name}{phase}", h, "A", 3, _MAX_CURRENT_A)
        for phase in "123"
        for name in ("IINST", "IMAX", "ADIR")
    ]
    return specs


def _standard() -> list[LabelSpec]:
    s = Mode.STANDARD
    specs = [
        _text("ADSC", s, 12, r"[0-9]{12}"),
        _text("VTIC", s, 2, r"[0-9]{2}"),
        _text("DATE", s, 0, r"", timestamped=True),
        _text("NGTF", s, 16, _free_text(16, unpadded=True), free_text=True),
        _text("LTARF", s, 16, _free_text(16, unpadded=True), free_text=True),
        _number("EAST", s, "Wh", 9, _INDEX_MAX, index=True),
        _number("EAIT", s, "Wh", 9, _INDEX_MAX, index=True),
        _number("PREF", s, "kVA", 2, 36, minimum=1),
        _number("PCOUP", s, "kVA", 2, 36, minimum=1),
        _number("SINSTS", s, "VA", 5, _MAX_POWER_VA),
        _number("SINSTI", s, "VA", 5, _MAX_POWER_VA),
        _text("STGE", s, 8, _HEX8),
        _text("MSG1", s, 32, _free_text(32), free_text=True),
        _text("MSG2", s, 16, _free_text(16), free_text=True),
        _text("PRM", s, 14, r"[0-9]{14}"),
        _number("RELAIS", s, None, 3, 255),
        _number("NTARF", s, None, 2, 10, minimum=1),
        _number("NJOURF", s, None, 2, 99),
        _number("NJOURF+1", s, None, 2, 99),
        _text("PJOURF+1", s, 98, _SCHEDULE),
        _text("PPOINTE", s, 98, _SCHEDULE),
    ]
    specs += [
        _number(f"EASF{n:02d}", s, "Wh", 9, _INDEX_MAX, index=True)
        for n in range(1, 11)
    ]
    specs += [
        _number(f"EASD{n:02d}", s, "Wh", 9, _INDEX_MAX, index=True) for n in range(1, 5)
    ]
    specs += [
        _number(f"ERQ{n}", s, "varh", 9, _INDEX_MAX, index=True) for n in range(1, 5)
    ]
    specs += [
        _number(f"{name}{suffix}", s, unit, 5, _MAX_POWER_VA, timestamped=True)
        for suffix in ("", "-1")
        for name, unit in (
            ("SMAXSN", "VA"),
            ("SMAXIN", "VA"),
            ("CCASN", "W"),
            ("CCAIN", "W"),
        )
    ]
    for phase in "123":
        specs += [
            _number(f"IRMS{phase}", s, "A", 3, _MAX_CURRENT_A),
            _number(f"URMS{phase}", s, "V", 3, _MAX_VOLTAGE_V),
            _number(f"SINSTS{phase}", s, "VA", 5, _MAX_POWER_VA),
            _number(f"UMOY{phase}", s, "V", 3, _MAX_VOLTAGE_V, timestamped=True),
            _number(f"SMAXSN{phase}", s, "VA", 5, _MAX_POWER_VA, timestamped=True),
            _number(f"SMAXSN{phase}-1", s, "VA", 5, _MAX_POWER_VA, timestamped=True),
            _text(f"DPM{phase}", s, 2, r"[0-9]{2}", timestamped=True),
            _text(f"FPM{phase}", s, 2, r"[0-9]{2}", timestamped=True),
        ]
    return specs


LABELS_HISTORIC: Mapping[str, LabelSpec] = MappingProxyType(
    {spec.label: spec for spec in _historic()}
)
LABELS_STANDARD: Mapping[str, LabelSpec] = MappingProxyType(
    {spec.label: spec for spec in _standard()}
)
LABELS: Mapping[Mode, Mapping[str, LabelSpec]] = MappingProxyType(
    {Mode.HISTORIC: LABELS_HISTORIC, Mode.STANDARD: LABELS_STANDARD}
)

#: The Wh energy indexes of each mode (what the Energy dashboard can use).
ENERGY_INDEX_LABELS: Mapping[Mode, frozenset[str]] = MappingProxyType(
    {
        mode: frozenset(label for label, spec in table.items() if spec.energy_index)
        for mode, table in LABELS.items()
    }
)

#: The meter id label of each mode.
METER_ID_LABEL: Mapping[Mode, str] = MappingProxyType(
    {Mode.HISTORIC: "ADCO", Mode.STANDARD: "ADSC"}
)

#: The labels whose value identifies the household (personal data), each with
#: how many of its first digits say nothing personal: the meter id's maker,
#: year and type (6 of its 12); nothing of the delivery point (PRM).
IDENTIFIER_LABELS: Mapping[str, int] = MappingProxyType(
    {"ADCO": 6, "ADSC": 6, "PRM": 0}
)


#: Labels only a three-phase meter sends.
THREE_PHASE_LABELS: Mapping[Mode, frozenset[str]] = MappingProxyType(
    {
        Mode.HISTORIC: frozenset(
            {"IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3"}
            | {"ADIR1", "ADIR2", "ADIR3"}
        ),
        Mode.STANDARD: frozenset(
            {"IRMS2", "IRMS3", "URMS2", "URMS3", "SINSTS1", "SINSTS2", "SINSTS3"}
        ),
    }
)


def spec(mode: Mode, label: str) -> LabelSpec | None:
    """The spec of ``label`` in ``mode``, or None when the label is unknown."""
    return LABELS[mode].get(label)


_P = TariffPeriod

#: Per historic tariff option, each of its periods as the meter names it in
#: PTEC, with the energy index that counts it and its period. The option's
#: periods, in this order, are also the standard supplier indexes EASF01...
#: (and NTARF 1...) of the same option's calendar.
HISTORIC_PERIODS: Mapping[TariffOption, Mapping[str, tuple[str, TariffPeriod]]] = (
    MappingProxyType(
        {
            TariffOption.BASE: {"TH..": ("BASE", _P.BASE)},
            TariffOption.OFF_PEAK: {
                "HC..": ("HCHC", _P.OFF_PEAK),
                "HP..": ("HCHP", _P.PEAK),
            },
            TariffOption.EJP: {
                "HN..": ("EJPHN", _P.EJP_NORMAL),
                "PM..": ("EJPHPM", _P.EJP_PEAK),
            },
            TariffOption.TEMPO: {
                "HCJB": ("BBRHCJB", _P.BLUE_OFF_PEAK),
                "HPJB": ("BBRHPJB", _P.BLUE_PEAK),
                "HCJW": ("BBRHCJW", _P.WHITE_OFF_PEAK),
                "HPJW": ("BBRHPJW", _P.WHITE_PEAK),
                "HCJR": ("BBRHCJR", _P.RED_OFF_PEAK),
                "HPJR": ("BBRHPJR", _P.RED_PEAK),
            },
        }
    )
)

#: The periods each tariff option is priced for (an unknown option: one price).
OPTION_PERIODS: Mapping[TariffOption, tuple[TariffPeriod, ...]] = MappingProxyType(
    {
        **{
            option: tuple(period for _, period in by_ptec.values())
            for option, by_ptec in HISTORIC_PERIODS.items()
        },
        # Weekend offers ("HC et Week-End"...), standard mode only: off-peak
        # and peak on week days, the weekend on its own index (EASF03). The
        # user can give each index another name in the options.
        TariffOption.WEEKEND: (_P.OFF_PEAK, _P.PEAK, _P.WEEKEND),
        TariffOption.OTHER: (_P.OTHER,),
    }
)

#: Historic PTEC (the period counting now) -> the energy index it counts on.
HISTORIC_PTEC_INDEX: Mapping[str, str] = MappingProxyType(
    {
        ptec: index
        for by_ptec in HISTORIC_PERIODS.values()
        for ptec, (index, _) in by_ptec.items()
    }
)

#: Historic PTEC -> the tariff period it names.
HISTORIC_PTEC_PERIOD: Mapping[str, TariffPeriod] = MappingProxyType(
    {
        ptec: period
        for by_ptec in HISTORIC_PERIODS.values()
        for ptec, (_, period) in by_ptec.items()
    }
)

#: Supplier index number (EASFnn, NTARF) -> period, per standard tariff option.
STANDARD_INDEX_PERIODS: Mapping[TariffOption, Mapping[int, TariffPeriod]] = (
    MappingProxyType(
        {
            option: dict(enumerate(periods, start=1))
            for option, periods in OPTION_PERIODS.items()
            if option is not TariffOption.OTHER
        }
    )
)


def index_periods(mode: Mode, option: TariffOption | None) -> dict[str, TariffPeriod]:
    """The energy index labels a tariff option counts on, each with its period.

    Historic: the option's own labels (``HCHC`` -> off-peak ...). Standard: the
    supplier indexes ``EASF01``..``EASF06`` named by the option's calendar.
    An unknown option (or ``OTHER``/``PRODUCER``) gives an empty mapping.
    """
    if option is None:
        return {}
    if mode is Mode.HISTORIC:
        return dict(HISTORIC_PERIODS.get(option, {}).values())
    return {
        f"EASF{number:02d}": period
        for number, period in STANDARD_INDEX_PERIODS.get(option, {}).items()
    }


def period_index(
    mode: Mode, option: TariffOption | None, period: TariffPeriod
) -> str | None:
    """The energy index label ``option`` counts ``period`` on, if any."""
    for label, label_period in index_periods(mode, option).items():
        if label_period is period:
            return label
    return None
