"""scripts/demo's engine: a simulated Linky on a pty and a real Home Assistant reading it.

Run through scripts/demo (which prepares the venv first). Starts the simulator and
`hass -c DIR` as children in their own process groups, does the onboarding, adds the
integration through its config flow, writes the dashboard, then waits for Ctrl-C (or, with
--check, until the meter's values change in Home Assistant) and stops every child.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import aiohttp
from demo_browser import error_lines, logged_in_page, page_checks, run_page_checks
from demo_config import (
    DASHBOARD_URL,
    write_config_dir,
    write_dashboard,
)
from demo_energy import save_prefs_command, tariff_indexes
from demo_ha import DemoError, HomeAssistantClient, MeterEntity
from demo_history import (
    DAYS,
    OPTION_OF_SIMULATOR,
    STEP_S,
    Joiner,
    ZeroPoint,
    backfill_start,
    import_backfills,
    meter_of_simulator,
    model_history,
    model_key,
    plan_backfill,
    prices_by_period,
    wait_until_imported,
    yesterday_change,
    zero_points,
)
from demo_insights import demo_insights

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / ".demo"
DOMAIN = "linky_tic"
CONF_DEVICE = "device"  # the keys of custom_components/linky_tic/const.py
CONF_MODE = "mode"
CONF_TARIFF = "tariff"
USERNAME = "demo"
PASSWORD = "demo"  # noqa: S105 - the documented password of a local demo account
UP_TIMEOUT = 300.0  # seconds for Home Assistant to answer
LIVE_TIMEOUT = 240.0  # seconds for the meter's values to appear and change
STOP_TIMEOUT = 30.0  # seconds for a child to stop after SIGTERM, then SIGKILL
JOIN_POLL_S = 2.0  # how often to look for the recorder's first live statistics
JOIN_TIMEOUT = (
    900.0  # the recorder compiles every 5 minutes: a bound, not a synchronisation
)
_PR_SET_PDEATHSIG = 1
# The simulator's --option -> the integration's tariff option (tic.model.TariffOption).
TARIFF_OPTIONS = {"base": "base", "hc": "off_peak", "ejp": "ejp", "tempo": "tempo"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the demo's command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/demo",
        description="Home Assistant with the Linky TIC integration on a simulated meter.",
    )
    parser.add_argument("--mode", choices=["historic", "standard"], default="standard")
    parser.add_argument(
        "--option", choices=["base", "hc", "ejp", "tempo"], default="tempo"
    )
    parser.add_argument("--phases", type=int, choices=[1, 3], default=1)
    parser.add_argument(
        "--producer", action="store_true", help="solar panels (standard mode)"
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="simulated seconds per real second (default 1)",
    )
    parser.add_argument(
        "--port", type=int, default=8123, help="Home Assistant's HTTP port"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where the demo keeps its configuration and logs (default .demo/)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=(
            "headless: exit 0 once Home Assistant shows changing meter values, its pages"
            " render in Chromium and its log has no ERROR line, else 1"
        ),
    )
    return parser.parse_args(argv)


class Stopwatch:
    """Prints the demo's steps with the time since start."""

    def __init__(self) -> None:
        """Start counting."""
        self.start = time.monotonic()

    def elapsed(self) -> float:
        """Seconds since start."""
        return time.monotonic() - self.start

    def say(self, message: str) -> None:
        """Print a step."""
        print(f"[{self.elapsed():6.1f} s] {message}", flush=True)


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the demo itself dies (even by SIGKILL)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


class Children:
    """The demo's child processes, each the leader of its own process group."""

    def __init__(self) -> None:
        """No child yet."""
        self._procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(
        self, name: str, argv: list[str], log: IO[bytes]
    ) -> subprocess.Popen[bytes]:
        """Start argv with its output in log."""
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - only calls prctl, before exec
        )
        self._procs.append((name, proc))
        return proc

    def why_stopped(self, name: str) -> str | None:
        """None while the child named name runs, else a sentence saying it stopped."""
        for child_name, proc in self._procs:
            if child_name == name and (code := proc.poll()) is not None:
                return f"{name} stopped unexpectedly (exit code {code})"
        return None

    def any_stopped(self) -> str | None:
        """None while every child runs, else why one stopped."""
        for name, _ in self._procs:
            if (reason := self.why_stopped(name)) is not None:
                return reason
        return None

    def stop(self, name: str) -> None:
        """Stop the child named name (SIGTERM, then SIGKILL after STOP_TIMEOUT)."""
        for child_name, proc in self._procs:
            if child_name == name:
                _stop_group(proc)
        self._procs = [(n, p) for n, p in self._procs if n != name]

    def stop_all(self) -> None:
        """SIGTERM every process group, wait, then SIGKILL what is left: no process stays."""
        for _, proc in reversed(self._procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for _, proc in reversed(self._procs):
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            # Kill the group even when its leader is gone: a grandchild may remain.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self._procs.clear()


def port_is_free(port: int) -> bool:
    """Whether 127.0.0.1:port can be bound now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


#: Example prices (EUR/kWh, taxes included, close to France's regulated tariffs of 2025), so
#: that the demo shows the price and cost sensors. Keys: the flow's price fields.
DEMO_PRICES: dict[str, float] = {
    "price_base": 0.2016,
    "price_off_peak": 0.1696,
    "price_peak": 0.2146,
    "price_ejp_normal": 0.1793,
    "price_ejp_peak": 0.6784,
    "price_blue_off_peak": 0.1288,
    "price_blue_peak": 0.1552,
    "price_white_off_peak": 0.1447,
    "price_white_peak": 0.1792,
    "price_red_off_peak": 0.1518,
    "price_red_peak": 0.6586,
    "price_weekend": 0.1696,  # a weekend offer's weekend index, priced as off-peak
}


def flow_answers(
    device: str, args: argparse.Namespace
) -> Callable[[str, dict[str, Any]], Any]:
    """Answer the config flow's questions as a user of this meter would."""

    def answer(step_id: str, field: dict[str, Any]) -> Any:
        name = field["name"]
        if name == "next_step_id":  # a menu: enter the port by hand
            options = list(field["options"])
            manual = [o for o in options if "manual" in o]
            return (manual or options)[0]
        if name == CONF_DEVICE:
            return device
        if name == CONF_MODE:
            return args.mode
        if (
            name == CONF_TARIFF
        ):  # what the flow read from the meter, else the simulated option
            return field.get("default") or TARIFF_OPTIONS[args.option]
        if name in DEMO_PRICES:
            return DEMO_PRICES[name]
        return field.get("default")

    return answer


def simulator_argv(args: argparse.Namespace, link: Path, kva: int) -> list[str]:
    """The simulate command for the demo's options."""
    argv = [
        sys.executable,
        "-m",
        "custom_components.linky_tic.tic",
        "simulate",
        "--mode",
        args.mode,
        "--phases",
        str(args.phases),
        "--option",
        args.option,
        "--kva",
        str(kva),
        "--speed",
        str(args.speed),
        "--link",
        str(link),
    ]
    if args.producer:
        argv.append("--producer")
    return argv


async def wait_for_link(link: Path, deadline: float, children: Children) -> None:
    """Wait until the simulator has made its pty's symlink."""
    while not await asyncio.to_thread(link.exists):
        if (reason := children.why_stopped("the simulator")) is not None:
            raise DemoError(reason)
        if time.monotonic() > deadline:
            raise DemoError(f"the simulator did not create {link} in time")
        await asyncio.sleep(0.2)  # polling interval of a bounded wait


async def wait_for_live_values(
    client: HomeAssistantClient,
    children: Children,
    watch: Stopwatch,
    deadline: float,
    on_entities: Callable[[list[MeterEntity]], None],
    *,
    until_change: bool,
) -> list[MeterEntity]:
    """Wait until the linky_tic sensors show values; return the entities.

    With until_change (the check), wait further until a value changes between two reads:
    proof that the meter is read live. A person sees the values as soon as they are shown.
    """
    first: dict[str, str] = {}
    announced = False
    known: set[str] = set()
    while True:
        if (reason := children.any_stopped()) is not None:
            raise DemoError(reason)
        entities = await client.meter_entities(DOMAIN)
        if {e.entity_id for e in entities} != known:
            known = {e.entity_id for e in entities}
            on_entities(entities)
        valid = {
            e.entity_id: e.state
            for e in entities
            if e.entity_id.startswith("sensor.")
            and e.state not in {"unknown", "unavailable"}
        }
        if valid and not announced:
            announced = True
            watch.say(f"Home Assistant shows {len(valid)} {DOMAIN} sensors with values")
            if not until_change:
                return entities
        changed = sorted(
            eid for eid, state in valid.items() if first.setdefault(eid, state) != state
        )
        if changed:
            watch.say(
                f"values change: {changed[0]} {first[changed[0]]} -> {valid[changed[0]]}"
                f" ({len(changed)} sensors changed)"
            )
            return entities
        if time.monotonic() > deadline:
            if not entities:
                raise DemoError(f"Home Assistant shows no {DOMAIN} entity")
            if not valid:
                raise DemoError(f"the {DOMAIN} sensors have no value")
            raise DemoError(f"the {DOMAIN} sensors' values did not change")
        await asyncio.sleep(2)  # polling interval of a bounded wait


async def start_home_assistant(
    session: aiohttp.ClientSession,
    *,
    base: str,
    config_dir: Path,
    work: Path,
    children: Children,
    watch: Stopwatch,
) -> HomeAssistantClient:
    """Start hass on config_dir, wait until it answers, onboard (or log in) the demo user."""
    with (work / "hass.log").open("ab") as hass_log:
        hass_argv = [
            str(Path(sys.executable).parent / "hass"),
            "-c",
            str(config_dir),
            "--skip-pip",
        ]
        children.start("Home Assistant", hass_argv, hass_log)
    client = HomeAssistantClient(session, base)
    await client.wait_until_up(
        time.monotonic() + UP_TIMEOUT, lambda: children.why_stopped("Home Assistant")
    )
    watch.say(f"Home Assistant answers on {base}")
    await client.onboard("Demo", USERNAME, PASSWORD)
    watch.say(f"onboarding done (user {USERNAME!r}, password {PASSWORD!r})")
    return client


async def configure_energy(
    client: HomeAssistantClient,
    args: argparse.Namespace,
    entities: list[MeterEntity],
    *,
    simulate_argv: list[str],
    started: datetime,
    watch: Stopwatch,
) -> Joiner:
    """Set up the Energy dashboard as the README says, and give it a month of history.

    Returns the joiner that moves the live sums up once the recorder has started them.
    """
    await client.command(save_prefs_command(entities, producer=args.producer))
    indexes = tariff_indexes(entities)
    watch.say(
        f"Energy dashboard: {len(indexes)} grid connections (one per index), priced by"
        " the Current price entity, Active power as the grid power"
        + (", Total injected energy as export" if args.producer else "")
    )
    info = await client.command({"type": "energy/info"})
    cost_sensors: dict[str, str] = info.get("cost_sensors", {})
    option = OPTION_OF_SIMULATOR[args.option]
    # statistic id -> (model key, unit, unit class, is an index)
    series: dict[str, tuple[str, str, str | None, bool]] = {}
    for entity in entities:
        key = model_key(entity.key, option)
        if key is None:
            continue
        unit = str(entity.attributes.get("unit_of_measurement", ""))
        is_index = key != "cost"
        series[entity.entity_id] = (key, unit, "energy" if is_index else None, is_index)
        if (cost_id := cost_sensors.get(entity.entity_id)) is not None:
            currency = "EUR"
            series[cost_id] = (key.replace("index:", "cost:"), currency, None, False)
    zeros: dict[str, ZeroPoint] = {}
    deadline = time.monotonic() + LIVE_TIMEOUT
    while set(zeros) != set(series):  # the recorder commits states every 5 s
        if time.monotonic() > deadline:
            missing = sorted(set(series) - set(zeros))
            raise DemoError(f"the recorder holds no state of {missing}")
        await asyncio.sleep(1)  # polling interval of a bounded wait
        zeros = await zero_points(client.command, series, started)
    now = time.time()
    model = await asyncio.to_thread(
        model_history,
        meter_of_simulator(simulate_argv),
        option,
        prices_by_period(DEMO_PRICES),
        backfill_start(now),
        int(max(z.when for z in zeros.values())) + STEP_S,
    )
    backfills = {
        statistic_id: plan_backfill(
            model,
            key,
            statistic_id,
            zeros[statistic_id],
            unit=unit,
            unit_class=unit_class,
            is_index=is_index,
        )
        for statistic_id, (key, unit, unit_class, is_index) in series.items()
    }
    await import_backfills(client.command, backfills.values())
    try:
        await wait_until_imported(
            client.command, backfills.values(), 1.0, time.monotonic() + LIVE_TIMEOUT
        )
    except TimeoutError as err:
        raise DemoError(str(err)) from err
    hours = max(len(b.rows) for b in backfills.values())
    watch.say(
        f"history: {DAYS} days ({hours} hours) of {len(backfills)} statistics imported"
        " from the simulator's household model"
    )
    return Joiner(backfills)


async def join_live(
    joiner: Joiner, client: HomeAssistantClient, watch: Stopwatch
) -> None:
    """Join the imported month to the live statistics once the recorder has started them."""
    await joiner.run(client.command, JOIN_POLL_S, time.monotonic() + JOIN_TIMEOUT)
    if joiner.done:
        watch.say(
            "history joined to the live statistics (the recorder's first 5 minutes)"
        )
    else:
        watch.say(
            f"history: the recorder did not start {sorted(set(joiner.backfills) - joiner.joined)}"
            f" in {JOIN_TIMEOUT:.0f} s: their live sums are not joined to the past month"
        )


async def look_with_browser(
    client: HomeAssistantClient,
    indexes: list[MeterEntity],
    failures_dir: Path,
    watch: Stopwatch,
) -> None:
    """Open the demo's pages in headless Chromium as the demo user; raise if one fails."""
    names = [str(e.attributes.get("friendly_name", e.entity_id)) for e in indexes]
    yesterday = await yesterday_change(client.command, [e.entity_id for e in indexes])
    async with logged_in_page(client.base, client.tokens_for_browser()) as page:
        watch.say("browser: headless Chromium started")
        checks = page_checks(names, yesterday)
        await run_page_checks(page, checks, failures_dir, watch.say)


def check_log(log: Path) -> None:
    """Raise DemoError when Home Assistant's log has an ERROR line."""
    errors = error_lines(log.read_text(encoding="utf-8", errors="replace"))
    if errors:
        shown = "\n  ".join(errors[:10])
        raise DemoError(f"{len(errors)} ERROR line(s) in {log}:\n  {shown}")


async def run(args: argparse.Namespace, children: Children, watch: Stopwatch) -> None:
    """Start everything, configure it, and wait: until values change (--check) or forever."""
    if not port_is_free(args.port):
        raise DemoError(
            f"port {args.port} is in use on 127.0.0.1 (choose another with --port)"
        )
    if args.check:
        work = DEMO_DIR / f"check-{args.port}"
        config_dir = work / "config"
    else:
        work = args.dir or DEMO_DIR
        config_dir = work / "config"
    # A fresh Home Assistant every time: the options may have changed since the last run.
    shutil.rmtree(config_dir, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    link = work / "ttyLINKY"
    link.unlink(missing_ok=True)
    (work / "hass.log").unlink(missing_ok=True)
    kva = 12 if args.phases == 3 else 6
    write_config_dir(config_dir, args.port, ROOT / "custom_components" / DOMAIN)

    started = datetime.now(UTC)
    simulate_argv = simulator_argv(args, link, kva)
    with (work / "simulator.log").open("wb") as sim_log:
        children.start("the simulator", simulate_argv, sim_log)
    await wait_for_link(link, time.monotonic() + 30, children)
    watch.say(
        f"simulated meter ({args.mode}, {args.option}, {args.phases} phase(s)) on {link}"
    )

    base = f"http://127.0.0.1:{args.port}"
    device = str(link.absolute())
    async with aiohttp.ClientSession() as session:
        client = await start_home_assistant(
            session,
            base=base,
            config_dir=config_dir,
            work=work,
            children=children,
            watch=watch,
        )
        await client.add_entry_through_flow(DOMAIN, flow_answers(device, args))
        watch.say("Linky TIC added through its config flow")

        def update_dashboard(entities: list[MeterEntity]) -> None:
            write_dashboard(config_dir, entities, kva)

        entities = await wait_for_live_values(
            client,
            children,
            watch,
            time.monotonic() + LIVE_TIMEOUT,
            update_dashboard,
            until_change=args.check,
        )
        watch.say(f"live values in {watch.elapsed():.1f} s")
        joiner = await configure_energy(
            client,
            args,
            entities,
            simulate_argv=simulate_argv[4:],
            started=started,
            watch=watch,
        )
        insights = demo_insights(
            client, entities, joiner, simulate_argv[4:], say=watch.say
        )
        if args.check:
            await insights
            await look_with_browser(
                client, tariff_indexes(entities), work / "failures", watch
            )
            check_log(config_dir / "home-assistant.log")
            watch.say(f"check passed in {watch.elapsed():.1f} s")
            return
        # What the person sees is ready: the dashboard with live values, the Energy
        # preferences and the month of history. The insights' own month (the daily maxima)
        # is imported and shown in Home Assistant from here on; their cards fill by themselves.
        await serve(
            client=client,
            children=children,
            watch=watch,
            joiner=joiner,
            insights=insights,
            update_dashboard=update_dashboard,
            work=work,
        )


async def serve(
    *,
    client: HomeAssistantClient,
    children: Children,
    watch: Stopwatch,
    joiner: Joiner,
    insights: Coroutine[Any, Any, None],
    update_dashboard: Callable[[list[MeterEntity]], None],
    work: Path,
) -> None:
    """Print the address, finish the insights and the join behind it, run until Ctrl-C."""
    config_dir = work / "config"
    watch.say("the dashboard and the Energy panel are ready")
    print(
        f"\nOpen {client.base}/{DASHBOARD_URL}/meter  (this machine logs in without a"
        f" password; elsewhere: user {USERNAME}, password {PASSWORD})\n"
        f"Logs: {work / 'hass.log'}, {config_dir / 'home-assistant.log'}\n"
        "The insights appear by themselves in a minute. Ctrl-C stops everything.",
        flush=True,
    )
    tasks = [
        asyncio.create_task(insights),
        asyncio.create_task(join_live(joiner, client, watch)),
    ]
    try:
        while (reason := children.any_stopped()) is None:
            # Late entities (a Tempo colour known later, a second phase...) join the dashboard.
            update_dashboard(await client.meter_entities(DOMAIN))
            for task in tasks:
                if task.done():
                    task.result()  # raises what went wrong
            # The dashboard's refresh interval, not a synchronisation.
            await asyncio.sleep(10)
        raise DemoError(reason)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def main(argv: list[str]) -> int:
    """Run the demo; return the exit code."""
    args = parse_args(argv)
    watch = Stopwatch()
    children = Children()
    loop = asyncio.new_event_loop()
    task = loop.create_task(run(args, children, watch))
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, task.cancel)
    code = 0
    try:
        loop.run_until_complete(task)
    except asyncio.CancelledError:
        watch.say("stopping")
    except DemoError as err:
        print(f"scripts/demo: {err}", file=sys.stderr, flush=True)
        code = 1
    finally:
        children.stop_all()
        loop.close()
        if args.check and code == 0:
            shutil.rmtree(DEMO_DIR / f"check-{args.port}", ignore_errors=True)
        elif args.check:
            print(
                f"scripts/demo: logs kept in {DEMO_DIR / f'check-{args.port}'}",
                file=sys.stderr,
            )
    watch.say("stopped, no process left")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
