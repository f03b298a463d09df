"""A month of history for the demo's Energy dashboard, from the simulator's household model.

Demo tooling only: the integration never invents data. The simulated meter's household
(`tic.simulator.Household`, the same seed and calendars as the live simulator) is sampled
every STEP_S seconds over the past DAYS days; each series (an energy index, the total import,
the injection, a cost) is its cumulative quantity from the first hour on.

How it joins the live statistics without a negative hour or a spike. Home Assistant's recorder
starts the sum of a sensor it has never compiled at 0, at the sensor's first recorded state (its
"zero point"), and only continues from its own latest 5-minute statistic. So:

- the past hours before the zero point's hour are imported (`recorder/import_statistics`) with
  sums that start from 0 at the first hour: the first hour shows its own energy, not a whole
  index;
- once the recorder has written the live series' first 5-minute statistic, every live sum
  (5-minute and hourly, from the zero point's hour on) is moved up by the model's quantity
  up to the zero point (`recorder/adjust_sum_statistics`, what Developer tools → Statistics
  does): the zero point's hour then counts the model's part before the zero point plus the live
  part after it, exactly once.

An index's imported `state` is the index itself: the live index at the zero point minus what
the model counted after each hour.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent)
)  # the repository's tic package
from custom_components.linky_tic.const import TOTAL_KEY, energy_key
from custom_components.linky_tic.tic.model import TariffOption, TariffPeriod
from custom_components.linky_tic.tic.registry import STANDARD_INDEX_PERIODS
from custom_components.linky_tic.tic.simulate_cli import (
    configure_parser,
    meter_from_args,
)
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.calendar import PARIS

DAYS = 30
STEP_S = 10  # seconds between two samples of the household's load
HOUR_S = 3600
WH_PER_KWH = 1000.0
#: The live simulator's --option -> the integration's tariff option.
OPTION_OF_SIMULATOR = {
    "base": TariffOption.BASE,
    "hc": TariffOption.OFF_PEAK,
    "ejp": TariffOption.EJP,
    "tempo": TariffOption.TEMPO,
}

#: Websocket command sender: a command without id -> its result.
Call = Callable[[dict[str, Any]], Awaitable[Any]]


def meter_of_simulator(simulate_argv: list[str]) -> SimulatedMeter:
    """The live simulator's meter, built from its own `simulate` options by its own code."""
    parser = argparse.ArgumentParser(prog="simulate")
    configure_parser(parser)
    return meter_from_args(parser.parse_args(simulate_argv))


@dataclass(frozen=True, slots=True)
class ModelHistory:
    """Cumulative quantities of the household model, one value per sample boundary.

    Keys: ``index:N`` (supplier index N, kWh), ``import`` and ``export`` (kWh), ``cost:N``
    (the cost of index N at its period's price, EUR), ``cost`` (all indexes, EUR).
    """

    start: int  # Unix second of the first sample (the top of an hour)
    step: int
    cumulative: Mapping[str, list[float]]

    @property
    def end(self) -> int:
        """Unix second of the last sample boundary."""
        return self.start + self.step * (len(next(iter(self.cumulative.values()))) - 1)

    def at(self, key: str, when: float) -> float:
        """The quantity ``key`` counted from ``start`` to the Unix time ``when``."""
        if not self.start <= when <= self.end:
            raise ValueError(f"{when} is outside the model's {self.start}..{self.end}")
        values = self.cumulative[key]
        position, rest = divmod(when - self.start, self.step)
        low = int(position)
        if low + 1 >= len(values):
            return values[-1]
        return values[low] + (values[low + 1] - values[low]) * rest / self.step


def model_history(
    meter: SimulatedMeter,
    option: TariffOption,
    prices: Mapping[TariffPeriod, float],
    start: int,
    end: int,
    *,
    step: int = STEP_S,
) -> ModelHistory:
    """Sample the meter's household and tariff from ``start`` to at least ``end``."""
    periods = STANDARD_INDEX_PERIODS.get(option, {})
    numbers = list(periods)
    keys = ["import", "export", "cost"]
    keys += [f"index:{n}" for n in numbers] + [f"cost:{n}" for n in numbers]
    totals = dict.fromkeys(keys, 0.0)
    cumulative: dict[str, list[float]] = {key: [0.0] for key in keys}
    household, tariff = meter.household, meter.tariff
    for second in range(start, end + step, step):
        net_w = household.load(second).net_w
        number = tariff.supplier_index(datetime.fromtimestamp(second, PARIS))
        if net_w > 0:
            kwh = net_w * step / 3600 / WH_PER_KWH
            totals["import"] += kwh
            if number in periods:
                cost = kwh * prices.get(periods[number], 0.0)
                totals[f"index:{number}"] += kwh
                totals[f"cost:{number}"] += cost
                totals["cost"] += cost
        else:
            totals["export"] += -net_w * step / 3600 / WH_PER_KWH
        for key in keys:
            cumulative[key].append(totals[key])
    return ModelHistory(start, step, cumulative)


def prices_by_period(flow_prices: Mapping[str, float]) -> dict[TariffPeriod, float]:
    """The config flow's price fields (``price_<period>``) by tariff period."""
    return {
        TariffPeriod(name.removeprefix("price_")): price
        for name, price in flow_prices.items()
        if name.startswith("price_")
    }


def model_key(entity_key: str, option: TariffOption) -> str | None:
    """The model's series behind one of the integration's entity keys, if any."""
    if entity_key == TOTAL_KEY:
        return "import"
    if entity_key == "energy_injected":
        return "export"
    if entity_key == "cost_total":
        return "cost"
    for number, period in STANDARD_INDEX_PERIODS.get(option, {}).items():
        if entity_key == energy_key(period):
            return f"index:{number}"
    return None


@dataclass(frozen=True, slots=True)
class ZeroPoint:
    """A sensor's first recorded numeric state: where the recorder starts its sum at 0."""

    when: float  # Unix time
    value: float


@dataclass(frozen=True, slots=True)
class Backfill:
    """What the demo writes for one statistic."""

    statistic_id: str
    unit: str
    unit_class: str | None
    rows: tuple[dict[str, Any], ...]
    junction: datetime  # the zero point's hour: live sums from here on are adjusted
    adjustment: float  # the model's quantity up to the zero point

    def import_command(self) -> dict[str, Any]:
        """The `recorder/import_statistics` command of the past hours."""
        return {
            "type": "recorder/import_statistics",
            "metadata": {
                "has_mean": False,
                "mean_type": 0,
                "has_sum": True,
                "name": None,
                "source": "recorder",
                "statistic_id": self.statistic_id,
                "unit_class": self.unit_class,
                "unit_of_measurement": self.unit,
            },
            "stats": list(self.rows),
        }

    def adjust_command(self) -> dict[str, Any]:
        """The `recorder/adjust_sum_statistics` command that joins the live sums."""
        return {
            "type": "recorder/adjust_sum_statistics",
            "statistic_id": self.statistic_id,
            "start_time": self.junction.isoformat(),
            "adjustment": self.adjustment,
            "adjustment_unit_of_measurement": self.unit,
        }


def plan_backfill(
    model: ModelHistory,
    key: str,
    statistic_id: str,
    zero: ZeroPoint,
    *,
    unit: str,
    unit_class: str | None,
    is_index: bool,
) -> Backfill:
    """The past hours of one statistic up to its zero point's hour, and the live adjustment.

    An index's state is the index (the zero point's value minus what came after each hour);
    a cost's state is its sum, with the first hour as its last reset.
    """
    junction_s = int(zero.when) - int(zero.when) % HOUR_S
    at_zero = model.at(key, zero.when)
    first = datetime.fromtimestamp(model.start, UTC)
    rows = []
    for hour_start in range(model.start, junction_s, HOUR_S):
        counted = model.at(key, hour_start + HOUR_S)
        row: dict[str, Any] = {
            "start": datetime.fromtimestamp(hour_start, UTC).isoformat(),
            "sum": round(counted, 6),
        }
        if is_index:
            row["state"] = round(zero.value - (at_zero - counted), 6)
        else:
            row["state"] = round(counted, 6)
            row["last_reset"] = first.isoformat()
        rows.append(row)
    return Backfill(
        statistic_id=statistic_id,
        unit=unit,
        unit_class=unit_class,
        rows=tuple(rows),
        junction=datetime.fromtimestamp(junction_s, UTC),
        adjustment=round(at_zero, 6),
    )


def backfill_start(now: float, days: int = DAYS) -> int:
    """The top of the hour ``days`` days before ``now`` (Unix seconds)."""
    start = int(now) - days * 86400
    return start - start % HOUR_S


async def zero_points(
    call: Call, entity_ids: Iterable[str], since: datetime
) -> dict[str, ZeroPoint]:
    """The first numeric state the recorder holds for each entity since ``since``."""
    wanted = sorted(set(entity_ids))
    history = await call(
        {
            "type": "history/history_during_period",
            "start_time": since.isoformat(),
            "entity_ids": wanted,
            "minimal_response": True,
            "no_attributes": True,
            "significant_changes_only": False,
            "include_start_time_state": False,
        }
    )
    found: dict[str, ZeroPoint] = {}
    for entity_id in wanted:
        for state in history.get(entity_id, []):
            try:
                value = float(state["s"])
            except ValueError:
                continue
            found[entity_id] = ZeroPoint(float(state["lu"]), value)
            break
    return found


async def import_backfills(call: Call, backfills: Iterable[Backfill]) -> None:
    """Send the past hours to the recorder."""
    for backfill in backfills:
        await call(backfill.import_command())


async def wait_until_imported(
    call: Call, backfills: Iterable[Backfill], poll_s: float, deadline: float
) -> None:
    """Wait until the recorder holds the last imported hour of every backfill.

    The import command only queues the rows; the Energy panel lists what exists when it opens.
    """
    last = {
        b.statistic_id: datetime.fromisoformat(b.rows[-1]["start"])
        for b in backfills
        if b.rows
    }
    while last:
        stored = await call(
            {
                "type": "recorder/statistics_during_period",
                "start_time": min(last.values()).isoformat(),
                "statistic_ids": sorted(last),
                "period": "hour",
                "types": ["sum"],
            }
        )
        for statistic_id, when in list(last.items()):
            rows = stored.get(statistic_id, [])
            if any(row["start"] == when.timestamp() * 1000 for row in rows):
                del last[statistic_id]
        if not last:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the recorder has not imported {sorted(last)}")
        await asyncio.sleep(poll_s)  # polling interval of a bounded wait


async def yesterday_change(call: Call, statistic_ids: Iterable[str]) -> float:
    """What the statistics counted yesterday (Home Assistant's calendar day), all ids added."""
    total = 0.0
    for statistic_id in statistic_ids:
        result = await call(
            {
                "type": "recorder/statistic_during_period",
                "statistic_id": statistic_id,
                "calendar": {"period": "day", "offset": -1},
                "types": ["change"],
            }
        )
        total += result.get("change") or 0.0
    return total


@dataclass(slots=True)
class Joiner:
    """Moves each live series up once the recorder has started it (see the module doc)."""

    backfills: dict[str, Backfill]
    joined: set[str] = field(default_factory=set)

    @property
    def done(self) -> bool:
        """Whether every live series is joined to its past."""
        return self.joined == set(self.backfills)

    async def join_started(self, call: Call) -> list[str]:
        """Adjust the series whose first 5-minute statistic exists; return their ids."""
        waiting = {k: b for k, b in self.backfills.items() if k not in self.joined}
        if not waiting:
            return []
        since = min(b.junction for b in waiting.values())
        started = await call(
            {
                "type": "recorder/statistics_during_period",
                "start_time": since.isoformat(),
                "statistic_ids": sorted(waiting),
                "period": "5minute",
                "types": ["sum"],
            }
        )
        now_joined = []
        for statistic_id, backfill in waiting.items():
            rows = started.get(statistic_id, [])
            if any(
                row["start"] >= backfill.junction.timestamp() * 1000 for row in rows
            ):
                await call(backfill.adjust_command())
                self.joined.add(statistic_id)
                now_joined.append(statistic_id)
        return now_joined

    async def run(self, call: Call, poll_s: float, deadline: float) -> None:
        """Join every series as soon as it starts (bounded by ``deadline``, monotonic)."""
        while not self.done and time.monotonic() < deadline:
            await self.join_started(call)
            if not self.done:
                await asyncio.sleep(poll_s)  # polling interval of a bounded wait
