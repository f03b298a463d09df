"""Serve COUNT simulated meters, each on its own TCP bridge (socket://127.0.0.1:port).

A separate process for the scale benchmark (``test_bench_scale.py``): the meters'
work is not counted in Home Assistant's process. Each meter is a historic
single-phase BASE meter with its own meter id and seed; it sends a frame every
frame time at its line rate (1200 baud), in real time, as a TCP serial bridge
(ser2net, an ESP link) would pass it on. Prints ``meter_id url`` per meter,
then ``ready``; stops when its standard input closes and writes, to RESULT_JSON,
the BASE index values each meter sent (the cross-talk check reads them).

    python scripts/bench_ha/scale_meters.py COUNT RESULT_JSON
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from custom_components.linky_tic.tic.encoder import encode_frame
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.meter import (
    METER_TYPE,
    transmission_seconds,
)
from custom_components.linky_tic.tic.simulator.outputs import TcpSink


def meter_id(number: int) -> str:
    """The id of meter ``number`` (a valid single-phase Linky id, one per meter)."""
    return f"0222{METER_TYPE[1]}{100000 + number:06d}"


def main() -> None:
    count, result = int(sys.argv[1]), Path(sys.argv[2])
    meters = [
        SimulatedMeter(Mode.HISTORIC, 1, "base", seed=100 + n, meter_id=meter_id(n))
        for n in range(count)
    ]
    sinks = [TcpSink("127.0.0.1", 0) for _ in meters]
    sent: dict[str, list[int]] = {meter.meter_id: [] for meter in meters}
    for meter, sink in zip(meters, sinks, strict=True):
        print(meter.meter_id, sink.url)
    print("ready", flush=True)

    stop = threading.Event()

    def stop_at_end_of_input() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=stop_at_end_of_input, daemon=True).start()
    start = time.monotonic()
    # Spread the meters over a frame period, as independent meters are.
    due = [start + 1.5 * n / count for n in range(count)]
    while not stop.is_set():
        n = min(range(count), key=due.__getitem__)
        stop.wait(max(0.0, due[n] - time.monotonic()))
        if stop.is_set():
            break
        meter = meters[n]
        groups = meter.groups()
        sent[meter.meter_id] += [
            int(data) for label, data, _ in groups if label == "BASE"
        ]
        frame = encode_frame(meter.mode, groups)
        sinks[n].write(frame)
        seconds = transmission_seconds(frame, meter.mode)
        meter.advance(seconds)
        due[n] += seconds
    for sink in sinks:
        sink.close()
    result.write_text(json.dumps(sent))


if __name__ == "__main__":
    main()
