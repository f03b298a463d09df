"""Tests of the Linky TIC integration."""
