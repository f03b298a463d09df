"""Property tests: never raise, chunking never matters, encode -> decode round-trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.linky_tic.tic.decoder import Decoder, FrameClock
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode

from .helpers import CAPTURES


def decode_chunks(chunks: list[bytes]) -> list[dict[str, int | str]]:
    decoder = Decoder(clock=FrameClock())
    readings = []
    for chunk in chunks:
        readings += decoder.feed(chunk)
    readings += decoder.flush()
    return [dict(r.values) for r in readings]


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


REAL = b"".join(path.read_bytes() for path in sorted(CAPTURES.glob("*.txt")))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.lists(st.integers(min_value=0), max_size=20))
def test_arbitrary_bytes_never_raise_and_chunking_is_invisible(
    data: bytes, cuts: list[int]
) -> None:
    assert decode_chunks(split(data, cuts)) == decode_chunks([data])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0), max_size=200))
def test_real_captures_chunked_anywhere(cuts: list[int]) -> None:
    assert decode_chunks(split(REAL, cuts)) == decode_chunks([REAL])


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=len(REAL)))
def test_garbage_spliced_into_real_data_never_raises(junk: bytes, at: int) -> None:
    decode_chunks([REAL[:at] + junk + REAL[at:]])


_HISTORIC_VALUES = st.fixed_dictionaries(
    {
        "ADCO": st.from_regex(r"[0-9]{12}", fullmatch=True),
        "OPTARIF": st.sampled_from(["BASE", "HC..", "EJP.", "BBR("]),
        "ISOUSC": st.integers(1, 90).map(lambda n: f"{n:02d}"),
        "BASE": st.integers(0, 999_999_999).map(lambda n: f"{n:09d}"),
        "PTEC": st.sampled_from(["TH..", "HC..", "HP..", "HCJB", "HPJR"]),
        "IINST": st.integers(0, 200).map(lambda n: f"{n:03d}"),
        "PAPP": st.integers(0, 60000).map(lambda n: f"{n:05d}"),
        "MOTDETAT": st.from_regex(r"[0-9A-F]{6}", fullmatch=True),
    }
)


def _padded_text(length: int) -> st.SearchStrategy[str]:
    """Upper-case text with digits and punctuation, centred in ``length`` spaces."""
    text = st.from_regex(rf"[A-Z0-9 ./+'-]{{1,{length}}}", fullmatch=True)
    return text.filter(str.strip).map(lambda t: t.center(length))


_STANDARD_VALUES = st.fixed_dictionaries(
    {
        "ADSC": st.from_regex(r"[0-9]{12}", fullmatch=True),
        # Free text is padded with spaces to its fixed length, as meters send it.
        "NGTF": _padded_text(16),
        "EAST": st.integers(0, 999_999_999).map(lambda n: f"{n:09d}"),
        "URMS1": st.integers(0, 350).map(lambda n: f"{n:03d}"),
        "STGE": st.from_regex(r"[0-9A-F]{8}", fullmatch=True),
        "RELAIS": st.integers(0, 255).map(lambda n: f"{n:03d}"),
        "MSG1": _padded_text(32),
    }
)


def _expected(values: dict[str, str]) -> dict[str, int | str]:
    numeric = {"ISOUSC", "BASE", "IINST", "PAPP", "EAST", "URMS1", "RELAIS"}
    return {k: int(v) if k in numeric else v.strip() for k, v in values.items()}


@settings(max_examples=100, deadline=None)
@given(_HISTORIC_VALUES)
def test_historic_round_trip(values: dict[str, str]) -> None:
    frame = encode_frame(Mode.HISTORIC, list(values.items()))
    decoder = Decoder(Mode.HISTORIC, guard=False, clock=FrameClock())
    (reading,) = decoder.feed(frame)
    assert dict(reading.values) == _expected(values)
    assert decoder.counters.groups_ok == len(values)


@settings(max_examples=100, deadline=None)
@given(_STANDARD_VALUES, st.datetimes().map(lambda d: d.strftime("H%y%m%d%H%M%S")))
def test_standard_round_trip(values: dict[str, str], stamp: str) -> None:
    groups: list[tuple[str, str] | tuple[str, str, str | None]] = [
        *values.items(),
        ("SMAXSN", "01234", stamp),
    ]
    frame = encode_frame(Mode.STANDARD, groups)
    (reading,) = Decoder(None, guard=False, clock=FrameClock()).feed(frame)
    assert reading.mode is Mode.STANDARD
    expected = _expected(values)
    expected["SMAXSN"] = 1234
    assert dict(reading.values) == expected
    assert reading.timestamps["SMAXSN"].strftime("%y%m%d%H%M%S") == stamp[1:]
