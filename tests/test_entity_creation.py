"""Entities are created when the meter first sends their value, checked once per new ``Sent``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from homeassistant.core import HomeAssistant

from custom_components.linky_tic.binary_sensor import BINARY_SENSORS
from custom_components.linky_tic.cost_sensor import COST_SENSORS, PRICE_SENSOR
from custom_components.linky_tic.entity import (
    LinkyTicEntityDescription,
    Sent,
    is_present,
    is_sent,
)
from custom_components.linky_tic.sensor import DERIVED_SENSORS, SENSORS
from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode, Reading
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.faults import FaultInjector, Faults

from .support.helpers import (
    FakeClock,
    Feeder,
    PtyLine,
    make_entry,
    setup_with_frames,
    watch_port_opens,
)

DESCRIPTIONS: tuple[LinkyTicEntityDescription, ...] = (
    *SENSORS,
    *DERIVED_SENSORS,
    *BINARY_SENSORS,
    PRICE_SENSOR,
    *COST_SENSORS,
)
INJECTED = "sensor.linky_injected_apparent_power"


def consumer_frame(meter: SimulatedMeter, injected_va: int | None = None) -> bytes:
    """The standard meter's next frame, with SINSTI when ``injected_va`` is given."""
    groups = list(meter.groups())
    if injected_va is not None:
        at = next(n for n, group in enumerate(groups) if group[0] == "SINSTS") + 1
        groups.insert(at, ("SINSTI", f"{injected_va:05d}", None))
    meter.advance(1.6)
    return encode_frame(Mode.STANDARD, groups)


async def test_an_entity_appears_when_its_label_first_shows_up_mid_stream(
    hass: HomeAssistant, line: PtyLine, clock: FakeClock
) -> None:
    meter = SimulatedMeter(Mode.STANDARD, seed=3)
    entry = make_entry(line.link, meter)
    with watch_port_opens() as watch:
        coordinator = await setup_with_frames(
            hass, entry, line, [consumer_frame(meter) for _ in range(3)], watch
        )
    feeder = Feeder(line, coordinator)
    for _ in range(20):  # the same creation key frame after frame
        clock.tick(1.6)
        await feeder.send(hass, consumer_frame(meter))
    await hass.async_block_till_done()
    assert hass.states.get(INJECTED) is None
    count = len(hass.states.async_entity_ids())

    clock.tick(1.6)
    await feeder.send(hass, consumer_frame(meter, injected_va=1234))
    await hass.async_block_till_done()
    injected = hass.states.get(INJECTED)
    assert injected is not None
    assert injected.state == "1234"
    assert hass.states.get("sensor.linky_total_injected_energy") is not None
    assert len(hass.states.async_entity_ids()) > count

    # the label goes again and comes back: its entity keeps its value, no duplicate
    count = len(hass.states.async_entity_ids())
    for injected_va in (None, 1500):
        clock.tick(1.6)
        await feeder.send(hass, consumer_frame(meter, injected_va=injected_va))
    await hass.async_block_till_done()
    assert hass.states.get(INJECTED).state == "1500"  # type: ignore[union-attr]
    assert len(hass.states.async_entity_ids()) == count


def simulated_readings(meter: SimulatedMeter, frames: int) -> Iterator[Reading]:
    """The meter's readings through a decoder, on a line that damages 1 byte in 100."""
    decoder = Decoder(clock=lambda: meter.clock_ms / 1000)
    damage = FaultInjector(Faults(corrupt=1e-2), seed=meter.seed)
    for frame in meter.frames(frames):
        yield from decoder.feed(damage.apply(frame))


PARIS = ZoneInfo("Europe/Paris")
METERS = [
    ("historic", 1, "base", False),
    ("historic", 1, "hc", False),
    ("historic", 3, "ejp", False),
    ("historic", 1, "tempo", False),
    ("standard", 1, "hc", False),
    ("standard", 3, "tempo", False),
    ("standard", 1, "ejp", False),
    ("standard", 1, "base", True),
]


def meter_readings(
    mode: str, phases: int, option: str, producer: bool
) -> list[Reading]:
    """Damaged frames around an off-peak switch and a day change, then the other mode."""
    meter = SimulatedMeter(
        mode,
        phases=phases,
        option=option,
        producer=producer,
        seed=len(mode) + phases,
        start=datetime(2026, 1, 14, 21, 58, 30, tzinfo=PARIS),
    )
    readings = list(simulated_readings(meter, 150))
    meter.switch_mode()
    readings += simulated_readings(meter, 100)
    return readings


@pytest.mark.parametrize(("mode", "phases", "option", "producer"), METERS)
def test_readings_that_say_the_same_create_the_same_entities(
    mode: str, phases: int, option: str, producer: bool
) -> None:
    """Every description's ``is_sent`` depends only on what ``Sent`` holds."""
    readings = meter_readings(mode, phases, option, producer)
    decisions: dict[Sent, tuple[bool, ...]] = {}
    for reading in readings:
        sent = tuple(
            is_sent(description, Sent.of(reading)) for description in DESCRIPTIONS
        )
        assert decisions.setdefault(Sent.of(reading), sent) == sent
    assert len(decisions) > 2  # damaged frames and the switch made new ones
    assert len(readings) > 240


def unnamed_calendar_reading(ngtf: str = "  SUPER SAISON  ") -> Reading:
    """A standard frame of supplier calendar ``ngtf``, every EASFnn counting.

    By default a calendar no option names.
    """
    meter = SimulatedMeter(Mode.STANDARD, seed=5)
    groups = [
        ("NGTF", ngtf, None) if group[0] == "NGTF" else group
        for group in meter.groups()
    ]
    groups = [
        (label, "000012345", stamp)
        if label.startswith("EASF")
        else (label, data, stamp)
        for label, data, stamp in groups
    ]
    (reading,) = Decoder(guard=False).feed(encode_frame(Mode.STANDARD, groups))
    return reading


def test_every_description_is_created_for_a_reading_that_sends_its_labels() -> None:
    """No description is dead: each one's entity is created by some meter's readings.

    And each is created by the first reading that carries its value (or, for a
    derived one, by the first reading of a meter that has it).
    """
    readings = [r for meter in METERS for r in meter_readings(*meter)]
    readings.append(unnamed_calendar_reading())
    readings.append(unnamed_calendar_reading(" HC et Week-End "))
    never = {d.key for d in DESCRIPTIONS}
    for reading in readings:
        sent = Sent.of(reading)
        for description in DESCRIPTIONS:
            if is_sent(description, sent):
                never.discard(description.key)
    assert never == set()
    # A reading carrying a description's labels creates it, unless has_fn says
    # the meter is of another kind (mode, phases, option) than the description's.
    for description in DESCRIPTIONS:
        if description.has_fn is not None or not description.labels:
            continue
        for reading in readings:
            if is_present(description, reading):
                assert is_sent(description, Sent.of(reading)), description.key
