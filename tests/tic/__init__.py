"""Tests of the TIC protocol package (no Home Assistant needed)."""
