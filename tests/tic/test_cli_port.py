"""``decode`` on a serial port: a real pty that a simulated meter talks into.

The meter's frames go into the pty's master end (sped up to 115200 baud so
that a test reads dozens of frames in a second); ``decode`` opens the slave
end through serialx like a USB TIC module. Ctrl-C and a reader that goes away
are tried on a real process.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import termios
import threading
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from custom_components.linky_tic.tic import cli
from custom_components.linky_tic.tic.cli import main
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulator import SimulatedMeter
from custom_components.linky_tic.tic.simulator.pacing import Pacer
from tests.support.pty_line import PtyLine, pty_line, write_until_stopped

REPO = Path(__file__).parents[2]
TIMEOUT = 20.0
FAST_BAUD = 115200
METER_ID = "022275123456"
SIMULATE_CLI = "custom_components.linky_tic.tic.simulate_cli"
COMMAND = [sys.executable, "-m", "custom_components.linky_tic.tic", "decode"]


class _MasterEnd:
    """Writes into the pty's master end until told to stop."""

    def __init__(self, line: PtyLine, stop: threading.Event) -> None:
        self._fd = line.master
        self._stop = stop

    def write(self, data: bytes) -> None:
        write_until_stopped(self._fd, data, self._stop)


@contextmanager
def talking(line: PtyLine, payload: Iterator[bytes]) -> Iterator[None]:
    """Send ``payload`` into ``line`` from a thread, at FAST_BAUD, until the block exits."""
    stop = threading.Event()
    os.set_blocking(line.master, False)
    end = _MasterEnd(line, stop)
    pacer = Pacer()

    def run() -> None:
        for chunk in payload:
            if stop.is_set():
                return
            pacer.send(end, chunk, FAST_BAUD)

    thread = threading.Thread(target=run, name="pty-meter", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(TIMEOUT)


def meter_frames(mode: Mode) -> Iterator[bytes]:
    return SimulatedMeter(mode, seed=1).frames()


def noise() -> Iterator[bytes]:
    while True:
        yield bytes(range(32, 127)) * 4  # printable, no TIC group in it


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("mode", [Mode.HISTORIC, Mode.STANDARD])
def test_a_forced_mode_reads_the_port_at_its_rate_7e1(
    capsys: pytest.CaptureFixture[str], mode: Mode
) -> None:
    with pty_line() as line, talking(line, meter_frames(mode)):
        argv = ["decode", "--mode", mode.value, "--no-guard", "--duration", "1"]
        assert main([*argv, line.path]) == 0
        attributes = termios.tcgetattr(line.slave)
    out, err = capsys.readouterr()
    frames = json_lines(out)
    assert len(frames) >= 3  # dozens in a second at 115200 baud
    assert {frame["mode"] for frame in frames} == {mode.value}
    assert {frame["meter"] for frame in frames} == {METER_ID}
    summary = json_lines(err)[-1]
    assert summary["mode"] == mode.value
    assert summary["summary"]["frames"] == len(frames)
    assert summary["summary"]["checksum_errors"] == 0
    # the line was left at the mode's rate (a Linux pty keeps 8 bits and no parity
    # whatever it is asked, so 7E1 itself cannot be seen here; tic.port's tests
    # cover the same serialx settings)
    expected_speed = termios.B1200 if mode is Mode.HISTORIC else termios.B9600
    assert attributes[4] == attributes[5] == expected_speed


@pytest.mark.parametrize("mode", [Mode.HISTORIC, Mode.STANDARD])
def test_auto_mode_probes_the_port_then_decodes(
    capsys: pytest.CaptureFixture[str], mode: Mode
) -> None:
    with pty_line() as line, talking(line, meter_frames(mode)):
        assert main(["decode", "--redact", "--duration", "1", line.path]) == 0
    out, err = capsys.readouterr()
    probe = json_lines(err)[0]
    assert probe["probe"] == 1200  # historic's rate is tried first
    assert probe["mode"] == mode.value
    assert probe["confidence"] > 0
    frames = json_lines(out)
    assert frames
    assert {frame["mode"] for frame in frames} == {mode.value}
    assert {frame["meter"] for frame in frames} == {"022275******"}
    assert METER_ID not in out


def test_auto_mode_on_a_line_without_tic_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_PROBE_SECONDS", 0.3)  # 3 s per rate otherwise
    with pty_line() as line, talking(line, noise()):
        assert main(["decode", line.path]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    probes = [json.loads(line) for line in lines[:2]]
    assert [p["probe"] for p in probes] == [1200, 9600]
    assert [p["mode"] for p in probes] == [None, None]
    assert all("no valid TIC group" in p["reason"] for p in probes)
    assert lines[2] == f"error: no TIC signal on {line.path} at 1200 or 9600 baud"


def test_auto_mode_on_a_silent_line_says_no_bytes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_PROBE_SECONDS", 0.3)
    with pty_line() as line:
        assert main(["decode", line.path]) == 2
    err = capsys.readouterr().err
    assert "no bytes at 1200 baud" in err
    assert "no bytes at 9600 baud" in err
    assert err.rstrip().endswith("at 1200 or 9600 baud")


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        select.select([], [], [], 0.01)


def test_an_adapter_unplugged_while_decoding_exits_2_with_the_summary() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    meter = SimulatedMeter(seed=1).frames()
    try:
        with subprocess.Popen(
            [*COMMAND, "--mode", "historic", "--no-guard", path],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            wait_until(
                lambda: termios.tcgetattr(master)[4] == termios.B1200, "the opening"
            )
            out = b""
            deadline = time.monotonic() + TIMEOUT
            while out.count(b"\n") < 3:  # three frames decoded
                assert time.monotonic() < deadline, "no frame decoded"
                # a frame sent while serialx flushes the port is lost: send another
                os.write(master, next(meter))
                if select.select([process.stdout], [], [], 0.5)[0]:
                    out += os.read(process.stdout.fileno(), 65536)
            os.close(master)  # the USB adapter is pulled out
            master = -1
            rest, err = process.communicate(timeout=TIMEOUT)
    finally:
        os.close(slave)
        if master >= 0:
            os.close(master)
    assert process.returncode == 2
    decoded = json_lines((out + rest).decode())
    assert {frame["meter"] for frame in decoded} == {METER_ID}
    lines = err.decode().splitlines()
    assert lines[0].startswith(f"error: lost {path}: ")
    assert json.loads(lines[-1])["summary"]["frames"] == len(decoded)


def test_a_file_that_fails_while_read_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    special = "/proc/self/clear_refs"  # a regular file that cannot be read (EINVAL)
    assert main(["decode", special]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot read {special}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("mode", ["auto", "historic"])
def test_a_missing_port_exits_2(capsys: pytest.CaptureFixture[str], mode: str) -> None:
    assert main(["decode", "--mode", mode, "/dev/ttyLINKY-MISSING"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: cannot open /dev/ttyLINKY-MISSING: ")
    assert "No such file or directory" in err


def test_a_device_that_is_not_a_serial_port_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["decode", "--mode", "standard", "/dev/null"]) == 2
    assert capsys.readouterr().err.startswith("error: cannot open /dev/null: ")


def test_a_folder_is_not_a_capture(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["decode", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: no such file: {tmp_path}\n"


def test_decode_works_without_the_simulator(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, SIMULATE_CLI, None)  # not installed
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--max"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'simulate'" in capsys.readouterr().err
    assert "decode" in cli.build_parser().format_help()


def test_a_broken_simulator_install_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, SIMULATE_CLI)
    broken = "custom_components.linky_tic.tic.simulator.outputs"
    monkeypatch.setitem(sys.modules, broken, None)  # a dependency that is missing
    with pytest.raises(ModuleNotFoundError) as error:
        cli.build_parser()
    assert error.value.name == broken


# -- a real process -----------------------------------------------------------------


def test_ctrl_c_on_a_port_prints_the_summary() -> None:
    with (
        pty_line() as line,
        talking(line, meter_frames(Mode.HISTORIC)),
        subprocess.Popen(
            [*COMMAND, "--mode", "historic", "--no-guard", line.path],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as process,
    ):
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
        assert ready, "no frame decoded"
        first = json.loads(process.stdout.readline())
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert first["meter"] == METER_ID
    assert "Traceback" not in err
    summary = json.loads(err.splitlines()[-1])
    assert summary["mode"] == "historic"
    assert summary["summary"]["frames"] >= 1


def test_a_reader_that_goes_away_ends_decode_quietly(tmp_path: Path) -> None:
    capture = tmp_path / "many.tic"
    capture.write_bytes(b"".join(SimulatedMeter(seed=1).frames(2000)))
    with subprocess.Popen(
        [*COMMAND, str(capture)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert json.loads(process.stdout.readline())["mode"] == "historic"
        process.stdout.close()  # like `| head -1`
        err = process.stderr.read()
        assert process.wait(TIMEOUT) == 0
    assert err == b""
