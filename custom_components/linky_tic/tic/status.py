"""The standard-mode status register STGE (8 hex digits), decoded bit by bit.

Bit numbers per Enedis-NOI-CPT_54E; ``model.Status`` names each field.
"""

from __future__ import annotations

from .model import Status, TempoColor

_TEMPO: dict[int, TempoColor | None] = {
    0: None,
    1: TempoColor.BLUE,
    2: TempoColor.WHITE,
    3: TempoColor.RED,
}


def _bits(raw: int, first: int, count: int) -> int:
    return (raw >> first) & ((1 << count) - 1)


def decode_status(raw: int) -> Status:
    """Decode the STGE register value."""
    breaker_state = _bits(raw, 1, 3)
    return Status(
        raw=raw,
        dry_contact_open=bool(raw & 1),
        breaker_open=breaker_state != 0,
        breaker_state=breaker_state,
        cover_open=bool(_bits(raw, 4, 1)),
        overvoltage=bool(_bits(raw, 6, 1)),
        over_reference_power=bool(_bits(raw, 7, 1)),
        producer=bool(_bits(raw, 8, 1)),
        negative_energy=bool(_bits(raw, 9, 1)),
        supplier_index=_bits(raw, 10, 4),
        distributor_index=_bits(raw, 14, 2),
        clock_degraded=bool(_bits(raw, 16, 1)),
        tic_mode_standard=bool(_bits(raw, 17, 1)),
        euridis=_bits(raw, 19, 2),
        cpl_status=_bits(raw, 21, 2),
        cpl_synchronised=bool(_bits(raw, 23, 1)),
        tempo_today=_TEMPO[_bits(raw, 24, 2)],
        tempo_tomorrow=_TEMPO[_bits(raw, 26, 2)],
        mobile_peak_notice=_bits(raw, 28, 2),
        mobile_peak_active=_bits(raw, 30, 2),
    )


def parse_status(text: str) -> Status:
    """Decode STGE as sent (8 hex digits); raises ValueError otherwise."""
    if len(text) != 8:
        raise ValueError(f"STGE must be 8 hex digits: {text!r}")
    return decode_status(int(text, 16))
