"""A capture's timeline as a Firefox Profiler file (profiler.firefox.com).

The profiler loads "processed" profiles: a JSON object whose
``meta.preprocessedProfileVersion`` says the format version; older versions
are upgraded on load, there is no JSON schema. What is written here follows
the format's TypeScript types (``src/types/profile.ts`` and
``src/types/markers.ts`` of firefox-devtools/profiler, 2026-08, processed
format version 70, Gecko format 36) and ``docs-developer/CHANGELOG-formats.md``:

- power tracks are counters of category ``power``: each sample holds the
  energy used since the previous sample, in pWh, stamped at its end; the
  profiler draws it as power (energy / time). Apparent power (VA, per phase
  when the meter sends it) is written as if it were W, and the active power
  the integration derives from the energy index next to it;
- currents and voltages are markers whose schema declares ``graphs``: the
  profiler gives them a track of their own, one line per phase;
- tariff periods and overloads are interval markers, rejected groups or values
  (with the reason) and mode changes instant markers, shown in the timeline,
  the marker chart and the marker table.

Times are milliseconds from the first frame. There are no stack samples: one
thread, "TIC", carries the markers.
"""

from __future__ import annotations

from typing import Any

from .timeline import PHASES, EventKind, Sample, Timeline

#: The processed profile format written (profiler's PROCESSED_PROFILE_VERSION).
PROCESSED_PROFILE_VERSION = 70
#: The Gecko profile format version of the same profiler (``meta.version``).
GECKO_PROFILE_VERSION = 36

_PWH_PER_WS = 1e12 / 3600  # picowatt-hours in one watt-second
_CATEGORIES = [
    {"name": "Other", "color": "grey", "subcategories": ["Other"]},
    {"name": "TIC", "color": "blue", "subcategories": ["Other"]},
]
_TIC = 1  # category index of every marker
_INSTANT, _INTERVAL = 0, 1  # marker phases
_PID = "1"

#: Marker schema name -> (marker name, display label of one marker).
_CURRENT = "TicCurrent"
_VOLTAGE = "TicVoltage"
_MARKER_SCHEMA: list[dict[str, Any]] = [
    {
        "name": EventKind.PERIOD.value,
        "tooltipLabel": "Tariff period {marker.data.period}",
        "tableLabel": "{marker.data.period} (sent as {marker.data.sent})",
        "chartLabel": "{marker.data.period}",
        "display": ["marker-chart", "marker-table", "timeline-overview"],
        "description": "The tariff period the meter counts in",
        "fields": [
            {"key": "period", "label": "Period", "format": "string"},
            {"key": "sent", "label": "Sent as", "format": "string"},
        ],
    },
    {
        "name": EventKind.OVERLOAD.value,
        "tooltipLabel": "Overload",
        "display": ["marker-chart", "marker-table", "timeline-overview"],
        "description": "The meter reports a current over the subscribed one",
        "fields": [],
    },
    {
        "name": EventKind.REJECTED.value,
        "tooltipLabel": "Rejected {marker.data.label}: {marker.data.reason}",
        "tableLabel": "{marker.data.label}: {marker.data.reason}",
        "chartLabel": "{marker.data.label}",
        "display": ["marker-chart", "marker-table", "timeline-overview"],
        "description": "A group or a value the decoder did not let through",
        "fields": [
            {"key": "label", "label": "Label", "format": "string"},
            {"key": "reason", "label": "Reason", "format": "string"},
        ],
    },
    {
        "name": EventKind.MODE.value,
        "tooltipLabel": "Mode {marker.data.from} to {marker.data.to}",
        "display": ["marker-chart", "marker-table", "timeline-overview"],
        "description": "The meter sends in another TIC mode",
        "fields": [
            {"key": "from", "label": "From", "format": "string"},
            {"key": "to", "label": "To", "format": "string"},
        ],
    },
]
_EVENT_NAMES = {
    EventKind.PERIOD: "Tariff period",
    EventKind.OVERLOAD: "Overload",
    EventKind.REJECTED: "Rejected",
    EventKind.MODE: "Mode change",
}
_GRAPH_COLORS = ("blue", "orange", "green")


def _power_counter(
    name: str, description: str, times: list[float], watts: list[float | None]
) -> dict[str, Any]:
    """A ``power`` counter: the energy of each sample's interval, end-stamped, pWh.

    A frame that lacks the value gives no sample: the next one covers both
    intervals at its own power (a gap is not drawn as a fall to 0).
    """
    stamps: list[float] = []
    counts: list[float] = []
    for time_s, power in zip(times, watts, strict=True):
        if power is None:
            continue
        elapsed = time_s - stamps[-1] if stamps else 0.0
        counts.append(round(power * elapsed * _PWH_PER_WS))
        stamps.append(time_s)
    return {
        "name": name,
        "category": "power",
        "description": description,
        "pid": _PID,
        "mainThreadIndex": 0,
        "samples": {
            "time": [round(t * 1000, 3) for t in stamps],
            "count": counts,
            "length": len(stamps),
        },
        "display": {
            "graphType": "line-rate",
            "unit": "pWh",
            "color": "grey",
            "markerSchemaLocation": None,
            "sortWeight": 30,
            "label": name,
            "tooltipRows": [
                {
                    "type": "value",
                    "source": "count",
                    "format": {"unit": "number", "scale": "power"},
                    "label": "Power",
                }
            ],
        },
    }


def _counters(samples: list[Sample]) -> list[dict[str, Any]]:
    times = [s.time_s for s in samples]
    series: list[tuple[str, str, list[float | None]]] = [
        (
            "Apparent power",
            "Apparent power sent by the meter (VA, drawn as W)",
            [s.apparent_va for s in samples],
        ),
    ]
    for n, phase in enumerate(PHASES):
        series.append(
            (
                f"Apparent power L{phase}",
                f"Apparent power of phase {phase} (VA, drawn as W)",
                [s.apparent_phase_va[n] for s in samples],
            )
        )
    series.append(
        (
            "Active power (derived)",
            "Active power derived from the energy index, as the integration does (W)",
            [s.active_w for s in samples],
        )
    )
    return [
        _power_counter(name, description, times, values)
        for name, description, values in series
        if any(value is not None for value in values)
    ]


class _Markers:
    """The thread's raw marker table and the profile's string array."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}
        self.table: dict[str, list[Any]] = {
            key: []
            for key in ("data", "name", "startTime", "endTime", "phase", "category")
        }

    def string(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.strings)
            self.strings.append(text)
        return self._index[text]

    def add(
        self, name: str, start_s: float, end_s: float | None, data: dict[str, Any]
    ) -> None:
        table = self.table
        table["data"].append(data)
        table["name"].append(self.string(name))
        table["startTime"].append(round(start_s * 1000, 3))
        table["endTime"].append(None if end_s is None else round(end_s * 1000, 3))
        table["phase"].append(_INSTANT if end_s is None else _INTERVAL)
        table["category"].append(_TIC)

    def raw_table(self) -> dict[str, Any]:
        return {**self.table, "length": len(self.table["name"])}


def _graph_schema(name: str, label: str, unit: str, keys: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "tooltipLabel": label,
        "tableLabel": label,
        "display": ["marker-table"],
        "description": f"{label} sent by the meter ({unit}), one line per phase",
        "fields": [{"key": key, "label": key, "format": "integer"} for key in keys],
        "graphs": [
            {"key": key, "type": "line", "color": _GRAPH_COLORS[n]}
            for n, key in enumerate(keys)
        ],
    }


def _graph_markers(
    markers: _Markers, samples: list[Sample], name: str, values: str
) -> list[str]:
    """One marker per sample holding every phase the capture sends; the keys used."""
    phases = [
        n
        for n in range(len(PHASES))
        if any(getattr(s, values)[n] is not None for s in samples)
    ]
    keys = [f"L{PHASES[n]}" for n in phases]
    for sample in samples:
        row = getattr(sample, values)
        if not phases or any(row[n] is None for n in phases):
            continue
        data: dict[str, Any] = {"type": name}
        data.update((key, row[n]) for key, n in zip(keys, phases, strict=True))
        markers.add(name.removeprefix("Tic"), sample.time_s, None, data)
    return keys


def _empty(columns: str) -> dict[str, Any]:
    """A table with these (space-separated) columns and no row."""
    return {column: [] for column in columns.split()} | {"length": 0}


def _empty_shared(strings: list[str]) -> dict[str, Any]:
    """``profile.shared``: no stack, frame or function (no stack samples)."""
    return {
        "stackTable": _empty("frame prefixOffset"),
        "frameTable": _empty(
            "address lib inlineDepth category subcategory func nativeSymbol "
            "innerWindowID line column originalLocation"
        ),
        "funcTable": _empty(
            "name isJS relevantForJS resource source lineNumber columnNumber "
            "originalLocation"
        ),
        "resourceTable": _empty("name host type"),
        "nativeSymbols": _empty("libIndex address name functionSize"),
        "stringArray": strings,
        "sources": _empty("id filename startLine startColumn sourceMapURL content"),
        "sourceLocationTable": _empty("source line column"),
    }


def profile(line: Timeline, *, name: str = "Linky TIC capture") -> dict[str, Any]:
    """The processed profile (format ``PROCESSED_PROFILE_VERSION``) of a timeline."""
    markers = _Markers()
    schema = list(_MARKER_SCHEMA)
    for event in line.events:
        data: dict[str, Any] = {"type": event.kind.value, **event.fields}
        markers.add(_EVENT_NAMES[event.kind], event.time_s, event.end_s, data)
    for schema_name, label, unit, values in (
        (_CURRENT, "Current", "A", "current_a"),
        (_VOLTAGE, "Voltage", "V", "voltage_v"),
    ):
        keys = _graph_markers(markers, line.samples, schema_name, values)
        if keys:
            schema.append(_graph_schema(schema_name, label, unit, keys))
    end_ms = round(line.end_s * 1000, 3)
    product = name if line.meter_model is None else f"{name} ({line.meter_model})"
    return {
        "meta": {
            "interval": line.period_s * 1000,
            "startTime": line.start_epoch_ms,
            "profilingStartTime": 0,
            "profilingEndTime": end_ms,
            "processType": 0,
            "product": product,
            "importedFrom": "linky_tic",
            "stackwalk": 0,
            "version": GECKO_PROFILE_VERSION,
            "preprocessedProfileVersion": PROCESSED_PROFILE_VERSION,
            "categories": _CATEGORIES,
            "markerSchema": schema,
            "symbolicated": True,
            "usesOnlyOneStackType": True,
            "sourceCodeIsNotOnSearchfox": True,
            "extra": [
                {
                    "label": "Decoder counters",
                    "entries": [
                        {"label": key, "format": "integer", "value": value}
                        for key, value in line.counters.items()
                    ],
                }
            ],
        },
        "libs": [],
        "counters": _counters(line.samples),
        "shared": _empty_shared(markers.strings),
        "threads": [
            {
                "processType": "default",
                "processStartupTime": 0,
                "processShutdownTime": end_ms,
                "registerTime": 0,
                "unregisterTime": None,
                "pausedRanges": [],
                "showMarkersInTimeline": True,
                "name": "TIC",
                "isMainThread": True,
                "processName": "Linky meter",
                "pid": _PID,
                "tid": 1,
                "samples": {
                    "stack": [],
                    "time": [],
                    "weight": None,
                    "weightType": "samples",
                    "length": 0,
                },
                "markers": markers.raw_table(),
            }
        ],
    }
