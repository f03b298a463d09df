"""Constants of the Linky TIC integration."""

from typing import Final

DOMAIN: Final = "linky_tic"
