"""The TIC protocol: framing, groups, labels, validation. Imports nothing from Home Assistant."""
