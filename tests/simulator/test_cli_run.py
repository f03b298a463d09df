"""``simulate`` run in-process: what each option does to the stream, each output, exit codes.

The real-time cases (pty, TCP) run the simulator in a thread at its true line
rate and read it like a TIC module's user would; Ctrl-C and a reader that goes
away are tried on a real process.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import (
    Mode,
    Reading,
    TariffOption,
    TariffPeriod,
    TempoColor,
)
from custom_components.linky_tic.tic.simulate_cli import main
from custom_components.linky_tic.tic.simulator.calendar import PARIS
from custom_components.linky_tic.tic.simulator.meter import DEFAULT_START

REPO = Path(__file__).resolve().parents[2]
CAPTURES = REPO.parent / "shared" / "captures"
TIMEOUT = 20.0
SUNDAY = "2026-01-18"  # never a random EJP day, and always a blue Tempo day


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the repository-wide fixture: these tests need no ``hass``."""


def decode(data: bytes) -> tuple[list[Reading], Decoder]:
    decoder = Decoder(guard=False)
    readings = decoder.feed(data)
    return readings, decoder


def to_file(tmp_path: Path, *argv: str) -> list[Reading]:
    out = tmp_path / "stream.tic"
    assert main([*argv, "--max", "--output", str(out)]) == 0
    readings, decoder = decode(out.read_bytes())
    assert decoder.counters.checksum_errors == 0
    return readings


def open_files_of_this_process() -> set[str]:
    names = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            names.add(str(fd.readlink()))
        except OSError:
            continue  # the fd that listed the folder, already closed
    return names


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "condition never came true"
        select.select([], [], [], 0.01)


@contextmanager
def running(argv: list[str]) -> Iterator[list[int]]:
    """Run ``main(argv)`` in a thread; yields a list that receives its exit code."""
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(main(argv)), name="simulate", daemon=True
    )
    thread.start()
    try:
        yield result
    finally:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the simulator did not stop"


# -- stdout and files ----------------------------------------------------------------


def test_stdout_carries_the_frames(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["--max", "--frames", "3", "--seed", "1"]) == 0
    out, err = capsysbinary.readouterr()
    readings, decoder = decode(out)
    assert len(readings) == 3
    assert decoder.counters.checksum_errors == 0
    assert all(r.mode is Mode.HISTORIC and r.phases == 1 for r in readings)
    assert readings[0].option is TariffOption.BASE
    assert err == b""


def test_file_output_is_complete_and_closed(tmp_path: Path) -> None:
    out = tmp_path / "three_phase.tic"
    argv = ["--max", "--frames", "4", "--seed", "2", "--phases", "3", "-o", str(out)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(argv) == 0
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert str(out) not in open_files_of_this_process()
    readings, _ = decode(out.read_bytes())
    assert len(readings) == 4
    assert all(r.phases == 3 for r in readings)


def test_seeded_runs_start_at_the_default_start_unless_told(tmp_path: Path) -> None:
    seeded = to_file(tmp_path, "--mode", "standard", "--seed", "4", "--frames", "1")
    assert seeded[0].date == DEFAULT_START
    told = to_file(
        tmp_path, "--mode", "standard", "--start", "2026-03-01T10:30", "--frames", "1"
    )
    assert told[0].date == datetime(2026, 3, 1, 10, 30, tzinfo=PARIS)
    before = datetime.now(PARIS).replace(microsecond=0)
    unseeded = to_file(tmp_path, "--mode", "standard", "--frames", "1")
    assert unseeded[0].date is not None
    assert before - timedelta(seconds=1) <= unseeded[0].date <= datetime.now(PARIS)


def test_kva_sets_the_subscription(tmp_path: Path) -> None:
    (historic,) = to_file(tmp_path, "--kva", "9", "--seed", "1", "--frames", "1")
    assert historic.values["ISOUSC"] == 45
    (standard,) = to_file(
        tmp_path, "--mode", "standard", "--kva", "9", "--seed", "1", "--frames", "1"
    )
    assert standard.values["PREF"] == 9


def test_off_peak_windows_reach_the_meter(tmp_path: Path) -> None:
    common = ("--option", "hc", "--seed", "1", "--frames", "1")
    at_eight = ("--start", "2026-01-15T08:00")
    (default,) = to_file(tmp_path, *common, *at_eight)
    assert default.period is TariffPeriod.PEAK  # 22:00-06:00 by default
    (moved,) = to_file(tmp_path, *common, *at_eight, "--offpeak", "07:00-09:00")
    assert moved.period is TariffPeriod.OFF_PEAK
    assert moved.values["PTEC"] == "HC.."


def test_pinned_tempo_colours_reach_the_meter(tmp_path: Path) -> None:
    common = ["--mode", "standard", "--option", "tempo", "--seed", "1"]
    common += ["--frames", "1", "--start", f"{SUNDAY}T12:00"]
    (unpinned,) = to_file(tmp_path, *common)
    assert unpinned.tempo_today is TempoColor.BLUE
    (pinned,) = to_file(
        tmp_path, *common, "--tempo-days", f"{SUNDAY}=red,2026-01-19=white"
    )
    assert pinned.tempo_today is TempoColor.RED
    assert pinned.tempo_tomorrow is TempoColor.WHITE
    assert pinned.period is TariffPeriod.RED_PEAK


def test_pinned_ejp_days_reach_the_meter(tmp_path: Path) -> None:
    common = ("--option", "ejp", "--seed", "1", "--frames", "1")
    at_nine = ("--start", f"{SUNDAY}T09:00")
    (unpinned,) = to_file(tmp_path, *common, *at_nine)
    assert unpinned.period is TariffPeriod.EJP_NORMAL
    (pinned,) = to_file(tmp_path, *common, *at_nine, "--ejp-days", SUNDAY)
    assert pinned.period is TariffPeriod.EJP_PEAK
    assert pinned.ejp_active


def test_unplugging_a_file_output_is_announced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readings = to_file(
        tmp_path, "--seed", "1", "--frames", "3", "--unplug", "0.000001:0.01"
    )
    assert len(readings) == 3  # a file just waits while "unplugged"
    err = capsys.readouterr().err
    assert err.count("simulate: port unplugged and back") == 3


def test_faults_on_the_command_line_damage_the_stream(tmp_path: Path) -> None:
    out = tmp_path / "noisy.tic"
    argv = ["--max", "--frames", "60", "--seed", "5", "--corrupt", "0.002"]
    assert main([*argv, "--garbage", "-o", str(out)]) == 0
    noisy = out.read_bytes()
    assert main(["--max", "--frames", "60", "--seed", "5", "-o", str(out)]) == 0
    clean = out.read_bytes()
    assert noisy != clean
    readings, decoder = decode(noisy)
    assert decoder.counters.checksum_errors + decoder.counters.malformed_groups > 0
    assert 0 < len(readings) <= 60


# -- replay ---------------------------------------------------------------------------


def test_replay_without_loop_stops_at_the_end_of_the_capture(tmp_path: Path) -> None:
    capture = CAPTURES / "historic_tempo_pyteleinfo.txt"
    out = tmp_path / "replayed.tic"
    argv = ["--replay", str(capture), "--mode", "historic", "--max", "--frames", "99"]
    assert main([*argv, "-o", str(out)]) == 0
    assert out.read_bytes() == capture.read_bytes()
    readings, _ = decode(out.read_bytes())
    assert len(readings) == 10


def test_replay_of_a_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.txt"
    assert main(["--replay", str(missing), "--max"]) == 2
    assert f"simulate: cannot read {missing}: No such file or directory" in (
        capsys.readouterr().err
    )


# -- outputs that cannot be opened ------------------------------------------------------


def test_an_output_in_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder.tic"
    assert main(["--max", "--frames", "1", "-o", str(target)]) == 2
    assert "simulate: cannot open the output" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.usefixtures("socket_enabled")  # the HA harness blocks sockets by default
def test_a_busy_tcp_port_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["--max", "--frames", "1", "--tcp", str(port)]) == 2
    assert "simulate: cannot open the output" in capsys.readouterr().err


# -- pty and TCP, in real time ------------------------------------------------------------


def test_pty_output_prints_its_path_and_removes_it_at_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--pty", "--max", "--frames", "2", "--seed", "1"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.startswith("/dev/pts/")
    assert not Path(path).exists()  # the port is gone with the simulator


def test_pty_link_is_read_like_a_serial_port(tmp_path: Path) -> None:
    link = tmp_path / "ttyLINKY"
    argv = ["--link", str(link), "--mode", "standard", "--frames", "2", "--seed", "1"]
    with running(argv) as result:
        wait_for(link.exists)
        fd = os.open(link, os.O_RDONLY | os.O_NOCTTY)
        try:
            data = b""
            deadline = time.monotonic() + TIMEOUT
            while data.count(b"\x03") < 2:
                left = max(0.0, deadline - time.monotonic())
                ready, _, _ = select.select([fd], [], [], left)
                assert ready, f"timed out with {len(data)} bytes"
                data += os.read(fd, 4096)
        finally:
            os.close(fd)
    assert result == [0]
    assert not link.exists()
    readings, decoder = decode(data)
    assert len(readings) == 2
    assert decoder.counters.checksum_errors == 0
    assert readings[0].date == DEFAULT_START


@pytest.mark.usefixtures("socket_enabled")
def test_tcp_output_serves_a_client(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = ["--tcp", f"127.0.0.1:{port}", "--mode", "standard", "--frames", "2"]
    with running([*argv, "--seed", "1"]) as result:
        client = None
        deadline = time.monotonic() + TIMEOUT
        while client is None:
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "the simulator never listened"
                select.select([], [], [], 0.01)
        with client:
            data = b""
            while chunk := client.recv(4096):  # until the simulator closes
                data += chunk
    assert result == [0]
    assert capsys.readouterr().out.strip() == f"socket://127.0.0.1:{port}"
    # a client that joins mid-frame gets its tail first, like a real line
    readings, decoder = decode(data[data.index(b"\x02") :])
    assert readings, "no whole frame reached the client"
    assert all(r.mode is Mode.STANDARD for r in readings)
    assert decoder.counters.checksum_errors == 0


# -- a real process: Ctrl-C and a reader that goes away --------------------------------------

COMMAND = [sys.executable, "-m", "custom_components.linky_tic.tic", "simulate"]


def test_ctrl_c_stops_quietly() -> None:
    with subprocess.Popen(
        [*COMMAND, "--speed", "60", "--seed", "1"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
        assert ready
        first = os.read(process.stdout.fileno(), 4096)
        process.send_signal(signal.SIGINT)
        _rest, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert b"Traceback" not in err
    assert first.startswith(b"\x02\nADCO ")  # the first frame's start


def test_a_reader_that_goes_away_ends_the_simulator_quietly() -> None:
    with subprocess.Popen(
        [*COMMAND, "--max"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.read(100)
        process.stdout.close()  # like `| head -c 100`
        err = process.stderr.read()
        assert process.wait(TIMEOUT) == 0
    assert err == b""
