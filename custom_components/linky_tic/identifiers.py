"""The household's identifiers (meter id, PRM) as titles and messages may show them.

Both identify a household (personal data): a title, a form or an error shows
only their last digits.
"""

from __future__ import annotations

from typing import Final

#: How many digits of an identifier stay visible in titles and messages.
VISIBLE_DIGITS: Final = 4
_MASK: Final = "•"


def mask_identifier(value: str) -> str:
    """Hide all but the last ``VISIBLE_DIGITS`` characters: ``••••••••3456``."""
    hidden = max(len(value) - VISIBLE_DIGITS, 0)
    return _MASK * hidden + value[hidden:]
