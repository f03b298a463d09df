"""A virtual Linky meter: a household, a meter on a simulated clock, a TIC stream.

Nothing here imports Home Assistant. The programmatic API::

    meter = SimulatedMeter(Mode.STANDARD, phases=1, option="hc", seed=4)
    data = meter.frame()          # one encoded frame at the simulated time
    meter.advance(60)             # integrate one minute of household load
    for data in meter.frames(10): # ten frames back to back at line rate
        ...
"""

from __future__ import annotations

from .calendar import EjpCalendar, OffPeakWindows, TempoCalendar
from .household import Household, Load
from .meter import SimulatedMeter, transmission_seconds
from .tariff import Option

__all__ = [
    "EjpCalendar",
    "Household",
    "Load",
    "OffPeakWindows",
    "Option",
    "SimulatedMeter",
    "TempoCalendar",
    "transmission_seconds",
]
