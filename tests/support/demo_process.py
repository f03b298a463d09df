"""A demo (scripts/demo) run by a test: a free port, its own directory, stopped by Ctrl-C."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo"
#: Seconds for the demo to be ready, or to stop: bounds for a failing run.
START_TIMEOUT = 600.0
STOP_TIMEOUT = 120.0
READY = b"\nOpen http"


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (asked in a child: the harness blocks sockets here)."""
    probe = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return int(found.stdout)


class DemoProcess:
    """scripts/demo on a free port, its configuration and logs in .demo/<name>-<port>."""

    def __init__(self, name: str, *args: str) -> None:
        """Prepare the command (nothing runs yet)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.work = work = ROOT / ".demo" / f"{name}-{self.port}"
        self.argv = [str(DEMO), "--port", str(self.port), "--dir", str(work), *args]
        self.output = b""
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the demo and return once it prints its address (live values are in)."""
        self._proc = proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT
        while READY not in self.output:
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the demo was not ready:\n{self.text}")
            ready, _, _ = select.select([proc.stdout], [], [], 5)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    self.stop()
                    raise AssertionError(f"the demo stopped early:\n{self.text}")
                self.output += chunk

    def stop(self) -> None:
        """Ctrl-C (SIGINT to its process group), as a user stops it; SIGKILL if stuck."""
        proc = self._proc
        if proc is None:
            return
        try:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
            rest, _ = proc.communicate(timeout=STOP_TIMEOUT)
            self.output += rest or b""
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            self._proc = None

    @property
    def text(self) -> str:
        """What the demo printed so far."""
        return self.output.decode(errors="replace")
