"""A real CalDAV server for the sync tests: Radicale on loopback, one per test, in the test's own folder.

Why a subprocess (``python -m radicale``) rather than Radicale in-process:
the interrupted-sync test stops the server half-way through a push, the way a
dropped connection or a restarting host would, and starts it again on the same
storage. Each test gets its own free port and storage folder, so the tests run
side by side under pytest-xdist. Authentication is htpasswd with plain
passwords, so a wrong password gets a real 401; Radicale's delay after a failed
login is turned off so that test stays quick.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

USER = "organiser"
PASSWORD = "correct horse"


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 20.0) -> None:
    """Return once something accepts connections on ``port``; fail with the server's output if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"the server exited with {proc.returncode}: {out}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class Radicale:
    """One Radicale server: its folder, port and process; ``stop()`` and ``start()`` keep the storage."""

    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def configure(self) -> Path:
        (self.folder / "collections").mkdir(parents=True, exist_ok=True)
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\nsomeone:else\n", encoding="utf-8")
        config = self.folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n",
            encoding="utf-8",
        )
        return config

    def start(self) -> None:
        config = self.configure()
        env = {k: v for k, v in os.environ.items() if not k.startswith("RADICALE")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        wait_for_port(self.port, self.proc)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A running Radicale with user ``organiser`` (password ``correct horse``), stopped after the test."""
    server = Radicale(tmp_path / "radicale")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class CuttingProxy:
    """An HTTP proxy in front of a server that stops the server after ``cut_after`` PUT requests.

    The PUT that trips it is forwarded first (so the server may have stored
    it), then the server is stopped and the connection dropped without an
    answer: the client sees the network fail mid-push, as it would if the
    host went down.
    """

    def __init__(self, server: Radicale, cut_after: int):
        self.server = server
        self.cut_after = cut_after
        self.puts = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                cut = False
                if self.command == "PUT":
                    proxy.puts += 1
                    cut = proxy.puts >= proxy.cut_after
                if proxy.server.proc is None:
                    self.close_connection = True
                    return  # the server is down: no answer at all
                conn = http.client.HTTPConnection("127.0.0.1", proxy.server.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body, headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                if cut:
                    proxy.server.stop()
                    self.close_connection = True
                    return
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCALENDAR = do_MKCOL = _forward
            do_OPTIONS = do_PROPPATCH = do_HEAD = do_POST = _forward

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
