"""The browser-test harness: a real `brink class` server in a child process, and headless
Chromium (the system's, never a downloaded one) driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("BRINK_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    return None


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running `brink class`."""

    process: subprocess.Popen
    port: int
    data: Path
    code: str
    token: str
    output: list[str]

    @property
    def url(self) -> str:
        """The students' address."""
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no chance to tidy up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """Ctrl-C (SIGINT), as the teacher would; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.stdout:
                self.process.stdout.close()


def start_server(data: Path, port: int | None = None, *extra: str) -> Server:
    """Start `brink class` on localhost; returns once it listens (it prints its addresses
    after binding the port)."""
    port = port or free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "game", "class", "--host", "127.0.0.1",
                             "--port", str(port), "--data", str(data), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Ctrl-C stops"):
            break
    else:
        raise AssertionError("the server did not start:\n" + "".join(lines))
    text = "".join(lines)
    code = re.search(r"Class code: (\w+)", text)
    token = re.search(r"token=(\S+)", text)
    assert code and token, text
    return Server(proc, port, data, code.group(1), token.group(1), lines)
