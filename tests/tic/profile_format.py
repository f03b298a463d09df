"""A structural check of a Firefox Profiler processed profile (format version 70).

Written from the profiler's TypeScript types (firefox-devtools/profiler,
``src/types/profile.ts`` and ``src/types/markers.ts``, 2026-08): required
keys and their types, the closed string sets (colours, display locations,
formats, graph types, tooltip sources), table columns of the declared length,
indexes that point inside their tables, and markers whose data match their
schema. The profiler itself has no schema; this is what a test can hold it to.
"""

from __future__ import annotations

import itertools
from typing import Any

CATEGORY_COLORS = {
    "transparent", "purple", "green", "orange", "yellow", "lightblue", "blue",
    "brown", "magenta", "red", "lightred", "darkgrey", "grey",
}  # fmt: skip
GRAPH_COLORS = {
    "blue", "green", "grey", "ink", "magenta", "orange", "purple", "red", "teal",
    "yellow",
}  # fmt: skip
DISPLAY_LOCATIONS = {
    "marker-chart", "marker-table", "timeline-overview", "timeline-memory",
    "timeline-ipc", "timeline-fileio", "timeline-network", "stack-chart",
}  # fmt: skip
FORMATS = {
    "url", "file-path", "sanitized-string", "string", "unique-string", "flow-id",
    "terminating-flow-id", "duration", "time", "seconds", "milliseconds",
    "microseconds", "nanoseconds", "bytes", "percentage", "integer", "decimal",
    "hexadecimal", "pid", "tid", "list",
}  # fmt: skip
MARKER_GRAPH_TYPES = {"bar", "line", "line-filled"}
COUNTER_GRAPH_TYPES = {"line-accumulated", "line-rate"}
TOOLTIP_SOURCES = {
    "count", "rate", "cpu-ratio", "accumulated", "count-range", "selection-total",
    "selection-rate", "committed-range-total", "sample-number",
}  # fmt: skip
TOOLTIP_UNITS = {"bytes", "bytes-per-second", "percent", "number"}
WEIGHT_TYPES = {"samples", "tracing-ms", "bytes"}

#: Table -> its columns (besides ``length``), as in RawProfileSharedData.
SHARED_TABLES = {
    "stackTable": ("frame", "prefixOffset"),
    "frameTable": (
        "address", "lib", "inlineDepth", "category", "subcategory", "func",
        "nativeSymbol", "innerWindowID", "line", "column", "originalLocation",
    ),
    "funcTable": (
        "name", "isJS", "relevantForJS", "resource", "source", "lineNumber",
        "columnNumber", "originalLocation",
    ),
    "resourceTable": ("name", "host", "type"),
    "nativeSymbols": ("libIndex", "address", "name", "functionSize"),
    "sources": (
        "id", "filename", "startLine", "startColumn", "sourceMapURL", "content",
    ),
    "sourceLocationTable": ("source", "line", "column"),
}  # fmt: skip
MARKER_COLUMNS = ("data", "name", "startTime", "endTime", "phase", "category")


class FormatError(AssertionError):
    """The profile does not have the processed format's structure."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise FormatError(message)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _table(table: Any, columns: tuple[str, ...], where: str) -> int:
    _check(isinstance(table, dict), f"{where}: not an object")
    length = table.get("length")
    _check(isinstance(length, int) and length >= 0, f"{where}.length")
    for column in columns:
        values = table.get(column)
        _check(isinstance(values, list), f"{where}.{column}: missing column")
        _check(len(values) == length, f"{where}.{column}: {len(values)} != {length}")
    return int(length)


def _check_meta(meta: Any, version: int) -> dict[str, dict[str, Any]]:
    _check(isinstance(meta, dict), "meta")
    for key in ("interval", "startTime", "processType", "version"):
        _check(_number(meta.get(key)), f"meta.{key}: a number")
    _check(meta.get("preprocessedProfileVersion") == version, "meta version")
    _check(isinstance(meta.get("product"), str), "meta.product")
    _check(meta.get("stackwalk") in {0, 1}, "meta.stackwalk: 0 or 1")
    categories = meta.get("categories")
    _check(isinstance(categories, list) and bool(categories), "meta.categories")
    for category in categories:
        _check(isinstance(category.get("name"), str), "category name")
        _check(category.get("color") in CATEGORY_COLORS, "category color")
        subcategories = category.get("subcategories")
        _check(isinstance(subcategories, list) and bool(subcategories), "subcategories")
    _check(any(c["color"] == "grey" for c in categories), "no grey default category")
    schemas: dict[str, dict[str, Any]] = {}
    for schema in meta.get("markerSchema", None) or []:
        name = schema.get("name")
        _check(isinstance(name, str) and name not in schemas, f"schema name {name}")
        display = schema.get("display")
        _check(isinstance(display, list), f"{name}.display")
        _check(set(display) <= DISPLAY_LOCATIONS, f"{name}.display: {display}")
        for schema_field in schema.get("fields"):
            _check(isinstance(schema_field.get("key"), str), f"{name} field key")
            _check(schema_field.get("format") in FORMATS, f"{name} field format")
        for graph in schema.get("graphs", []):
            _check(isinstance(graph.get("key"), str), f"{name} graph key")
            _check(graph.get("type") in MARKER_GRAPH_TYPES, f"{name} graph type")
            _check(graph.get("color", "blue") in GRAPH_COLORS, f"{name} graph color")
        for label in ("tooltipLabel", "tableLabel", "chartLabel", "description"):
            _check(isinstance(schema.get(label, ""), str), f"{name}.{label}")
        schemas[name] = schema
    _check("markerSchema" in meta, "meta.markerSchema")
    return schemas


def _check_counter(counter: Any, threads: int) -> None:
    name = counter.get("name")
    for key in ("name", "category", "description", "pid"):
        _check(isinstance(counter.get(key), str), f"counter {name}: {key}")
    _check(0 <= counter.get("mainThreadIndex", -1) < threads, f"{name} thread")
    samples = counter.get("samples")
    length = _table(samples, ("time", "count"), f"counter {name}.samples")
    times = samples["time"]
    _check(all(map(_number, times)), f"{name}: times")
    _check(all(map(_number, samples["count"])), f"{name}: counts")
    _check(all(a <= b for a, b in itertools.pairwise(times)), f"{name}: time order")
    _check(length > 0, f"{name}: no sample")
    display = counter.get("display")
    _check(isinstance(display, dict), f"{name}.display (required since version 62)")
    _check(display.get("graphType") in COUNTER_GRAPH_TYPES, f"{name} graphType")
    _check(display.get("color") in GRAPH_COLORS, f"{name} color")
    location = display.get("markerSchemaLocation")
    _check(location is None or location in DISPLAY_LOCATIONS, f"{name} location")
    _check(_number(display.get("sortWeight")), f"{name} sortWeight")
    for key in ("unit", "label"):
        _check(isinstance(display.get(key), str), f"{name} display.{key}")
    for row in display.get("tooltipRows"):  # required since version 63
        if row.get("type") == "separator":
            continue
        _check(row.get("type") == "value", f"{name} tooltip row type")
        _check(row.get("source") in TOOLTIP_SOURCES, f"{name} tooltip source")
        _check(row["format"].get("unit") in TOOLTIP_UNITS, f"{name} tooltip unit")
        _check(row["format"].get("scale") in {None, "power", "energy"}, "scale")
        _check(isinstance(row.get("label"), str), f"{name} tooltip label")


def _check_thread(
    thread: Any,
    n: int,
    strings: int,
    categories: int,
    schemas: dict[str, dict[str, Any]],
) -> None:
    where = f"threads[{n}]"
    for key in ("processType", "name", "pid"):
        _check(isinstance(thread.get(key), str), f"{where}.{key}")
    for key in ("processStartupTime", "registerTime"):
        _check(_number(thread.get(key)), f"{where}.{key}")
    for key in ("processShutdownTime", "unregisterTime"):
        _check(key in thread, f"{where}.{key}: required (null allowed)")
    _check(isinstance(thread.get("isMainThread"), bool), f"{where}.isMainThread")
    _check(isinstance(thread.get("pausedRanges"), list), f"{where}.pausedRanges")
    _check(isinstance(thread.get("tid"), int | str), f"{where}.tid")
    samples = thread.get("samples")
    _table(samples, ("stack",), f"{where}.samples")
    _check("time" in samples or "timeDeltas" in samples, f"{where}: sample times")
    _check(samples.get("weightType") in WEIGHT_TYPES, f"{where}: weightType")
    _check("weight" in samples, f"{where}: weight (null allowed)")
    markers = thread.get("markers")
    length = _table(markers, MARKER_COLUMNS, f"{where}.markers")
    for i in range(length):
        name, phase = markers["name"][i], markers["phase"][i]
        start, end = markers["startTime"][i], markers["endTime"][i]
        _check(isinstance(name, int) and 0 <= name < strings, f"marker {i}: name")
        _check(0 <= markers["category"][i] < categories, f"marker {i}: category")
        _check(phase in {0, 1, 2, 3}, f"marker {i}: phase")
        if phase in {0, 1, 2}:
            _check(_number(start), f"marker {i}: startTime")
        if phase in {1, 3}:
            _check(_number(end), f"marker {i}: endTime")
        if phase == 1:
            _check(start <= end, f"marker {i}: ends before it starts")
        data = markers["data"][i]
        if data is None:
            continue
        schema = schemas.get(data.get("type"))
        _check(schema is not None, f"marker {i}: no schema for {data.get('type')}")
        assert schema is not None
        keys = {f["key"] for f in schema["fields"]}
        _check(set(data) - {"type"} <= keys, f"marker {i}: fields not in its schema")
        for graph in schema.get("graphs", []):
            _check(graph["key"] in data, f"marker {i}: no {graph['key']} to draw")


def check_processed_profile(profile: Any, version: int = 70) -> None:
    """Raise ``FormatError`` where ``profile`` breaks the processed format's types."""
    _check(isinstance(profile, dict), "not an object")
    for key in ("meta", "libs", "shared", "threads"):
        _check(key in profile, f"missing {key}")
    schemas = _check_meta(profile["meta"], version)
    _check(isinstance(profile["libs"], list), "libs")
    shared = profile["shared"]
    for table, columns in SHARED_TABLES.items():
        _table(shared.get(table), columns, f"shared.{table}")
    strings = shared.get("stringArray")
    _check(isinstance(strings, list), "shared.stringArray")
    _check(all(isinstance(s, str) for s in strings), "stringArray: strings only")
    threads = profile["threads"]
    _check(isinstance(threads, list) and bool(threads), "threads")
    categories = len(profile["meta"]["categories"])
    for n, thread in enumerate(threads):
        _check_thread(thread, n, len(strings), categories, schemas)
    pids = {thread["pid"] for thread in threads}
    for counter in profile.get("counters", []):
        _check_counter(counter, len(threads))
        _check(counter["pid"] in pids, f"counter {counter['name']}: unknown pid")
