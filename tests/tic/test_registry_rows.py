"""Every numeric label's row, read through the decoder: its digits and its range.

Issue #12: mutation testing of ``tic/registry.py`` changed one number of one row at
a time (PEJP's ceiling, ISOUSC's floor, a label's name) and no test noticed. This
table is written from the Enedis documents (NOI-CPT_02E, NOI-CPT_54E: the number of
digits of each label, the ranges they give) and from the integration's physical
ceilings (200 A, 60 000 VA, 350 V, the registry's comments), apart from the
registry: each row is checked at its bounds, one digit short, and one past them.
"""

from __future__ import annotations

import pytest

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import (
    Mode,
    Rejected,
    Rejection,
    TariffOption,
)
from custom_components.linky_tic.tic.model import TariffPeriod as P
from custom_components.linky_tic.tic.registry import (
    ENERGY_INDEX_LABELS,
    LABELS,
    index_periods,
    period_index,
)

H, S = Mode.HISTORIC, Mode.STANDARD
AMPS, VOLT_AMPS, VOLTS, INDEX = 200, 60_000, 350, 999_999_999
STAMP = "E250612143000"  # a standard horodate: summer time, 2025-06-12 14:30:00

#: (mode, label, digits, minimum, maximum, timestamped)
Row = tuple[Mode, str, int, int, int, bool]
HISTORIC_INDEXES: tuple[str, ...] = ("BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM")
HISTORIC_INDEXES += tuple(f"BBR{p}J{c}" for c in "BWR" for p in ("HC", "HP"))
STANDARD_WH_INDEXES: tuple[str, ...] = (
    "EAST",
    "EAIT",
    *(f"EASF{n:02d}" for n in range(1, 11)),
)
STANDARD_WH_INDEXES += tuple(f"EASD{n:02d}" for n in range(1, 5))
ROWS: list[Row] = [
    (H, "ISOUSC", 2, 1, 99, False),
    (H, "PEJP", 2, 0, 30, False),
    (H, "IINST", 3, 0, AMPS, False),
    (H, "ADPS", 3, 0, AMPS, False),
    (H, "IMAX", 3, 0, AMPS, False),
    (H, "PAPP", 5, 0, VOLT_AMPS, False),
    (H, "PMAX", 5, 0, VOLT_AMPS, False),
    (H, "GAZ", 7, 0, 9_999_999, False),
    (H, "AUTRE", 7, 0, 9_999_999, False),
    *(
        (H, f"{n}{p}", 3, 0, AMPS, False)
        for p in "123"
        for n in ("IINST", "IMAX", "ADIR")
    ),
    *((H, label, 9, 0, INDEX, False) for label in HISTORIC_INDEXES),
    *((S, label, 9, 0, INDEX, False) for label in STANDARD_WH_INDEXES),
    *((S, f"ERQ{n}", 9, 0, INDEX, False) for n in range(1, 5)),
    (S, "PREF", 2, 1, 36, False),
    (S, "PCOUP", 2, 1, 36, False),
    (S, "SINSTS", 5, 0, VOLT_AMPS, False),
    (S, "SINSTI", 5, 0, VOLT_AMPS, False),
    (S, "RELAIS", 3, 0, 255, False),
    (S, "NTARF", 2, 1, 10, False),
    (S, "NJOURF", 2, 0, 99, False),
    (S, "NJOURF+1", 2, 0, 99, False),
    *(
        (S, f"{name}{day}", 5, 0, VOLT_AMPS, True)
        for day in ("", "-1")
        for name in ("SMAXSN", "SMAXIN", "CCASN", "CCAIN")
    ),
    *((S, f"IRMS{p}", 3, 0, AMPS, False) for p in "123"),
    *((S, f"URMS{p}", 3, 0, VOLTS, False) for p in "123"),
    *((S, f"SINSTS{p}", 5, 0, VOLT_AMPS, False) for p in "123"),
    *((S, f"UMOY{p}", 3, 0, VOLTS, True) for p in "123"),
    *(
        (S, f"SMAXSN{p}{day}", 5, 0, VOLT_AMPS, True)
        for p in "123"
        for day in ("", "-1")
    ),
]
METER_ID = {H: ("ADCO", "021861123456"), S: ("ADSC", "021861123456")}


def _read(mode: Mode, label: str, data: str, timestamped: bool) -> int | Rejection:
    """The value the frame gives ``label``, or why it was rejected."""
    group = (label, data, STAMP) if timestamped else (label, data)
    decoder = Decoder(mode, guard=False, clock=FrameClock())
    (reading,) = decoder.feed(encode_frame(mode, [METER_ID[mode], group]))
    if label in reading.values:
        value = reading.values[label]
        assert isinstance(value, int)
        return value
    (rejected,) = reading.rejected
    assert rejected.label == label
    return rejected.reason


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0].value}-{r[1]}" for r in ROWS])
def test_each_number_is_read_within_its_digits_and_range(row: Row) -> None:
    mode, label, digits, minimum, maximum, timestamped = row
    assert _read(mode, label, f"{minimum:0{digits}d}", timestamped) == minimum
    assert _read(mode, label, f"{maximum:0{digits}d}", timestamped) == maximum
    if maximum + 1 < 10**digits:
        above = f"{maximum + 1:0{digits}d}"
        assert _read(mode, label, above, timestamped) is Rejection.OUT_OF_RANGE
    if minimum > 0:
        below = f"{minimum - 1:0{digits}d}"
        assert _read(mode, label, below, timestamped) is Rejection.OUT_OF_RANGE
    short = f"{minimum:0{digits - 1}d}" if digits > 1 else ""
    assert _read(mode, label, short, timestamped) is Rejection.BAD_FORMAT


TEXTS = {
    H: {"ADCO", "OPTARIF", "PTEC", "DEMAIN", "HHPHC", "MOTDETAT", "PPOT"},
    S: {"ADSC", "VTIC", "DATE", "NGTF", "LTARF", "STGE", "MSG1", "MSG2", "PRM"}
    | {"PJOURF+1", "PPOINTE", "DPM1", "DPM2", "DPM3", "FPM1", "FPM2", "FPM3"},
}


@pytest.mark.parametrize("mode", [H, S])
def test_the_labels_accepted_are_those_of_the_documents(mode: Mode) -> None:
    numbers = {label for row_mode, label, *_ in ROWS if row_mode is mode}
    assert set(LABELS[mode]) == numbers | TEXTS[mode]


@pytest.mark.parametrize(
    ("label", "data"),
    [("MOTDETAT", "00A0F0"), ("PPOT", "0E")],  # hexadecimal, upper case as sent
)
def test_historic_hexadecimal_words(label: str, data: str) -> None:
    (reading,) = Decoder(H, guard=False, clock=FrameClock()).feed(
        encode_frame(H, [METER_ID[H], (label, data)])
    )
    assert reading.values[label] == data


@pytest.mark.parametrize(
    ("label", "first", "second"),
    [
        ("NGTF", "     TEMPO      ", "      BASE      "),
        ("LTARF", "  HEURE CREUSE  ", "  HEURE PLEINE  "),
        ("MSG1", f"{'PAS DE MESSAGE':<32}", f"{'COUPURE DEMAIN 14H':<32}"),
        ("MSG2", f"{'PAS DE MESSAGE':<16}", f"{'COUPURE 18H':<16}"),
    ],
)
def test_every_free_text_change_waits_for_the_next_frame(
    label: str, first: str, second: str
) -> None:
    decoder = Decoder(S, clock=FrameClock())

    def read(text: str) -> object:
        (reading,) = decoder.feed(encode_frame(S, [METER_ID[S], (label, text)]))
        return reading.values.get(label)

    assert read(first) == first.strip()
    assert read(second) is None  # held: a byte error could have made it
    assert read(second) == second.strip()


def test_the_energy_indexes_are_the_wh_totalisers() -> None:
    """What the Energy dashboard can be given: every Wh index, no varh one."""
    assert ENERGY_INDEX_LABELS[H] == frozenset(HISTORIC_INDEXES)
    assert ENERGY_INDEX_LABELS[S] == frozenset(STANDARD_WH_INDEXES)


@pytest.mark.parametrize("label", ["EAST", "ERQ1", "ERQ4", "EASD02"])
def test_the_guard_watches_every_totaliser(label: str) -> None:
    """A Wh or varh index that goes down is rejected (the guard keeps the last)."""
    decoder = Decoder(S, clock=FrameClock())
    frames = [
        encode_frame(S, [METER_ID[S], (label, f"{value:09d}")])
        for value in (5_000, 5_001, 5_002, 4_000)
    ]
    readings = [reading for frame in frames for reading in decoder.feed(frame)]
    assert readings[-2].values[label] == 5_002
    assert label not in readings[-1].values
    assert readings[-1].rejected == (Rejected(label, Rejection.INDEX_DECREASED),)


def test_the_index_periods_of_each_option() -> None:
    assert index_periods(H, TariffOption.WEEKEND) == {}  # no historic weekend offer
    assert index_periods(H, TariffOption.OTHER) == {}
    assert index_periods(H, None) == {}
    assert index_periods(S, TariffOption.WEEKEND) == {
        "EASF01": P.OFF_PEAK,
        "EASF02": P.PEAK,
        "EASF03": P.WEEKEND,
    }


@pytest.mark.parametrize(
    ("mode", "option", "period", "label"),
    [
        (S, TariffOption.WEEKEND, P.WEEKEND, "EASF03"),
        (S, TariffOption.TEMPO, P.RED_PEAK, "EASF06"),
        (H, TariffOption.TEMPO, P.WHITE_OFF_PEAK, "BBRHCJW"),
        (H, TariffOption.OFF_PEAK, P.PEAK, "HCHP"),
        (S, TariffOption.BASE, P.PEAK, None),  # not a period of the option
        (S, None, P.BASE, None),
    ],
)
def test_the_index_a_period_counts_on(
    mode: Mode, option: TariffOption | None, period: P, label: str | None
) -> None:
    assert period_index(mode, option, period) == label
