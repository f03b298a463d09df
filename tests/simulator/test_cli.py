"""The ``simulate`` command line, end to end in a subprocess."""

from __future__ import annotations

import argparse
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custom_components.linky_tic.tic.decoder import Decoder
from custom_components.linky_tic.tic.model import Mode
from custom_components.linky_tic.tic.simulate_cli import add_simulate_parser, main, run

REPO = Path(__file__).resolve().parents[2]
CAPTURES = REPO.parent / "shared" / "captures"
COMMAND = [sys.executable, "-m", "custom_components.linky_tic.tic.simulate_cli"]
TIMEOUT = 20.0


def simulate(*args: str) -> bytes:
    done = subprocess.run(
        [*COMMAND, *args], cwd=REPO, capture_output=True, timeout=TIMEOUT, check=True
    )
    return done.stdout


def in_process(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "stream.bin"
    assert main([*args, "--output", str(out)]) == 0
    return out.read_bytes()


def test_max_frames_to_stdout_is_reproducible_and_decodes(tmp_path: Path) -> None:
    args = (
        "--max",
        "--frames",
        "5",
        "--seed",
        "3",
        "--mode",
        "standard",
        "--phases",
        "3",
    )
    first = simulate(*args)
    assert first == in_process(tmp_path, *args)
    decoder = Decoder(guard=False)
    readings = decoder.feed(first)
    assert len(readings) == 5
    assert decoder.counters.checksum_errors == 0
    assert all(r.mode is Mode.STANDARD and r.phases == 3 for r in readings)


def test_mode_switch_and_eot_on_the_command_line(tmp_path: Path) -> None:
    out = in_process(
        tmp_path, "--max", "--frames", "8", "--seed", "1", "--mode-switch", "4"
    )
    readings = Decoder(guard=False).feed(out)
    assert [r.mode for r in readings] == [Mode.HISTORIC] * 4 + [Mode.STANDARD] * 4
    damaged = in_process(
        tmp_path, "--max", "--frames", "20", "--seed", "1", "--eot", "0.3"
    )
    decoder = Decoder(guard=False)
    assert len(decoder.feed(damaged)) + decoder.counters.eots == 20
    assert decoder.counters.eots > 0


def test_replay_a_capture(tmp_path: Path) -> None:
    capture = CAPTURES / "historic_tempo_pyteleinfo.txt"
    out = in_process(
        tmp_path, "--replay", str(capture), "--max", "--loop", "--frames", "25"
    )
    readings = Decoder(guard=False).feed(out)
    assert len(readings) == 25  # 10 frames in the file, looped
    assert out.startswith(capture.read_bytes())


def test_bad_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["--corrupt", "2"], ["--unplug", "x"], ["--offpeak", "25:00-06:00"]):
        with pytest.raises(SystemExit) as exit_info:
            main(bad)
        assert exit_info.value.code == 2
    assert "rate" in capsys.readouterr().err
    assert main(["--max", "--frames", "-1"]) == 2


def test_subcommand_registration() -> None:
    parser = argparse.ArgumentParser()
    add_simulate_parser(parser.add_subparsers())
    args = parser.parse_args(["simulate", "--option", "tempo", "--max"])
    assert args.func is run
    assert args.option == "tempo"


def wait_for(condition: object, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never came true"
        select.select([], [], [], 0.01)


def test_pty_output_with_link_and_unplug(tmp_path: Path) -> None:
    link = tmp_path / "linky"
    with subprocess.Popen(
        [*COMMAND, "--link", str(link), "--speed", "10", "--unplug", "1.5:0.8"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
            assert ready
            slave = process.stdout.readline().decode().strip()
            assert slave.startswith("/dev/")
            wait_for(link.exists)
            fd = os.open(link, os.O_RDONLY | os.O_NOCTTY)
            data = b""
            deadline = time.monotonic() + TIMEOUT
            while data.count(b"\x03") < 2:
                readable: list[int] = [fd]
                ready_fds, _, _ = select.select(
                    readable, [], [], max(0.0, deadline - time.monotonic())
                )
                assert ready_fds
                data += os.read(fd, 4096)
            os.close(fd)
            assert Decoder(guard=False).feed(data)
            wait_for(lambda: not link.exists())  # unplugged: the path is gone
            wait_for(link.exists)  # and back
        finally:
            process.terminate()
