"""nginx serving a static export (geoapp export) on a free localhost port, for tests.

The export must know its address before it is written (the OGC API's links are absolute),
so the port is chosen first. Without nginx the tests skip, except under CI=true.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from geoapp.web.hosting import nginx_config


def nginx_or_skip() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        message = "nginx not found (install Debian's nginx-light; `make test` does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


class Nginx:
    """nginx in the foreground serving ``root`` on ``port`` (and ``app`` behind it)."""

    def __init__(self, root: Path, port: int, runtime: Path, app: str | None = None):
        runtime.mkdir(parents=True, exist_ok=True)
        conf = runtime / "nginx.conf"
        # Started by root, nginx's workers would be "nobody", who cannot read pytest's folders.
        user = getpass.getuser() if os.geteuid() == 0 else None
        conf.write_text(nginx_config(root, f"127.0.0.1:{port}", runtime, app, user))
        self.process = subprocess.Popen(
            [nginx_or_skip(), "-c", str(conf), "-p", str(runtime), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{port}"
        try:
            wait_for_port(port)
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.process.stderr.read().decode()) from None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stderr.close()
