"""The label registry: every TIC label we accept, its type and strict format.

A group whose checksum passes is still only as good as its label and data: a
6-bit checksum lets about one corrupted group in 64 through, so the label must
be known and the data must fit the label's format exactly (length and
character set), and numbers must be inside their physical range. Each row gives
the unit of its data as a comment.

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
    """What a label's data must look like and how it is read.

    Only what the decoder and the guard use: the mode is the table a spec is in,
    the length is in the pattern, and each row gives its unit as a comment.
    """

    label: str
    kind: Kind
    pattern: re.Pattern[str]  # the data must ``fullmatch`` it
    # The physical range of a NUMBER, inclusive, where it is narrower than its
    # digits allow (None: any value its digits can write).
    minimum: int | None = None
    maximum: int | None = None
    energy_index: bool = False  # a Wh index (cumulative, never goes down)
    cumulative: bool = False  # any totaliser the guard watches (Wh or varh)
    timestamped: bool = False  # standard mode: a horodate precedes the data
    free_text: bool = False  # supplier text: a change waits for confirmation


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
    digits: int,
    maximum: int | None = None,
    *,
    minimum: int | None = None,
    timestamped: bool = False,
) -> LabelSpec:
    """A number of exactly ``digits`` digits, within ``minimum``..``maximum`` if given."""
    return LabelSpec(
        label=label,
        kind=Kind.NUMBER,
        pattern=re.compile(rf"[0-9]{{{digits}}}"),
        minimum=minimum,
        maximum=maximum,
        timestamped=timestamped,
    )


def _index(label: str, *, wh: bool = True) -> LabelSpec:
    """A 9-digit totaliser the guard watches; ``wh``: an energy index (not varh)."""
    return LabelSpec(
        label=label,
        kind=Kind.NUMBER,
        pattern=re.compile(r"[0-9]{9}"),
        energy_index=wh,
        cumulative=True,
    )


def _text(
    label: str,
    pattern: re.Pattern[str] | str,
    *,
    timestamped: bool = False,
    free_text: bool = False,
) -> LabelSpec:
    return LabelSpec(
        label=label,
        kind=Kind.TEXT,
        pattern=re.compile(pattern),
        timestamped=timestamped,
        free_text=free_text,
    )


def _historic() -> list[LabelSpec]:
    specs = [
        _text("ADCO", r"[0-9]{12}"),
        # Tempo is "BBRx", x the relay programme: one character with bit 6
        # clear and bit 5 set (0x20-0x3F); Linky meters send "BBR(".
        _text("OPTARIF", r"BASE|HC\.\.|EJP\.|BBR[\x20-\x3F]"),
        _number("ISOUSC", 2, minimum=1),  # A
        _text("PTEC", r"TH\.\.|HC\.\.|HP\.\.|HN\.\.|PM\.\.|H[CP]J[BWR]"),
        _text("DEMAIN", r"----|BLEU|BLAN|ROUG"),
        _number("PEJP", 2, 30),  # min
        _number("IINST", 3, _MAX_CURRENT_A),  # A
        _number("ADPS", 3, _MAX_CURRENT_A),  # A
        _number("IMAX", 3, _MAX_CURRENT_A),  # A
        _number("PAPP", 5, _MAX_POWER_VA),  # VA
        _number("PMAX", 5, _MAX_POWER_VA),  # W
        _text("HHPHC", r"[ACDEY]"),  # the peak/off-peak schedule groups
        _text("MOTDETAT", r"[0-9A-F]{6}"),
        _text("PPOT", r"[0-9A-F]{2}"),
        _number("GAZ", 7),
        _number("AUTRE", 7),
    ]
    specs += [
        _index(label)  # Wh
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
        _number(f"{name}{phase}", 3, _MAX_CURRENT_A)  # A
        for phase in "123"
        for name in ("IINST", "IMAX", "ADIR")
    ]
    return specs


def _standard() -> list[LabelSpec]:
    specs = [
        _text("ADSC", r"[0-9]{12}"),
        _text("VTIC", r"[0-9]{2}"),
        _text("DATE", r"", timestamped=True),
        _text("NGTF", _free_text(16, unpadded=True), free_text=True),
        _text("LTARF", _free_text(16, unpadded=True), free_text=True),
        _index("EAST"),  # Wh
        _index("EAIT"),  # Wh
        _number("PREF", 2, 36, minimum=1),  # kVA
        _number("PCOUP", 2, 36, minimum=1),  # kVA
        _number("SINSTS", 5, _MAX_POWER_VA),  # VA
        _number("SINSTI", 5, _MAX_POWER_VA),  # VA
        _text("STGE", _HEX8),
        _text("MSG1", _free_text(32), free_text=True),
        _text("MSG2", _free_text(16), free_text=True),
        _text("PRM", r"[0-9]{14}"),
        _number("RELAIS", 3, 255),
        _number("NTARF", 2, 10, minimum=1),
        _number("NJOURF", 2),
        _number("NJOURF+1", 2),
        _text("PJOURF+1", _SCHEDULE),
        _text("PPOINTE", _SCHEDULE),
    ]
    specs += [_index(f"EASF{n:02d}") for n in range(1, 11)]  # Wh
    specs += [_index(f"EASD{n:02d}") for n in range(1, 5)]  # Wh
    specs += [_index(f"ERQ{n}", wh=False) for n in range(1, 5)]  # varh
    specs += [
        # SMAXSN, SMAXIN in VA; CCASN, CCAIN in W
        _number(f"{name}{suffix}", 5, _MAX_POWER_VA, timestamped=True)
        for suffix in ("", "-1")
        for name in ("SMAXSN", "SMAXIN", "CCASN", "CCAIN")
    ]
    for phase in "123":
        specs += [
            _number(f"IRMS{phase}", 3, _MAX_CURRENT_A),  # A
            _number(f"URMS{phase}", 3, _MAX_VOLTAGE_V),  # V
            _number(f"SINSTS{phase}", 5, _MAX_POWER_VA),  # VA
            _number(f"UMOY{phase}", 3, _MAX_VOLTAGE_V, timestamped=True),  # V
            _number(f"SMAXSN{phase}", 5, _MAX_POWER_VA, timestamped=True),  # VA
            _number(f"SMAXSN{phase}-1", 5, _MAX_POWER_VA, timestamped=True),  # VA
            _text(f"DPM{phase}", r"[0-9]{2}", timestamped=True),
            _text(f"FPM{phase}", r"[0-9]{2}", timestamped=True),
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
