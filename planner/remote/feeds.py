"""Published feeds: their secret tokens (kept in the workspace), their bytes, and a loopback server to try them.

Each feed is served under an unguessable file name, ``<feed id>-<token>.ics``;
the tokens live in ``<workspace>/.planner/feeds.toml`` (owner-only), never in
the folder that is published. Rotating a feed gives it a new token and
removes the old file, so the old address stops working.

:func:`serve` is :mod:`http.server` on 127.0.0.1 only, read-only, with no
folder listing (the tokens cannot be enumerated) and nothing but the feeds'
``.ics`` files answered. It is for trying feeds out on one machine, not for
the internet: it has no TLS, no rate limits, no logging worth the name.
"""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from planner.remote.state import FOLDER
from planner.storage.atomic import atomic_write

REFRESH = "PT1H"
"""How often a calendar app should re-read a feed (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""

FEEDS_FILE = "feeds.toml"


@dataclass
class FeedRecord:
    """One feed as the workspace remembers it."""

    id: str
    token: str
    trip: str
    person: str = ""
    level: str = ""
    file: str = ""
    """The file name last written for it in the published folder."""
    published: str = ""
    """ISO time it was last written."""


def feeds_path(folder: Path) -> Path:
    return folder / FOLDER / FEEDS_FILE


def new_token() -> str:
    """A fresh secret: 24 URL-safe characters (144 random bits)."""
    return secrets.token_urlsafe(18)


def file_name(record: FeedRecord) -> str:
    """``<feed id>-<token>.ics``: readable, and unguessable without the token."""
    return f"{record.id}-{record.token}.ics"


def load_feeds(folder: Path) -> tuple[dict[str, FeedRecord], str]:
    """The workspace's feeds by id (none yet: empty) and the base URL last given.

    Raises ``ValueError`` naming the file when it is unreadable.
    """
    path = feeds_path(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, ""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        records = {fid: FeedRecord(id=fid, **rec) for fid, rec in data.get("feeds", {}).items()}
        return records, str(data.get("base_url", ""))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: not a feeds file the planner can read ({exc})") from None


def save_feeds(folder: Path, records: dict[str, FeedRecord], base_url: str = "") -> Path:
    """Write the feeds file atomically, readable by its owner only (it holds the secrets)."""
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment("Secret feed tokens of `planner publish`: anyone with a token can read that feed."))
    if base_url:
        doc["base_url"] = base_url
    table = tomlkit.table()
    for fid in sorted(records):
        rec = asdict(records[fid])
        rec.pop("id")
        table[fid] = rec
    doc["feeds"] = table
    path = feeds_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"), mode=0o600)
    return path


def with_refresh(data: bytes) -> bytes:
    """The export's bytes with REFRESH-INTERVAL and X-PUBLISHED-TTL, after ``BEGIN:VCALENDAR``; nothing else changes."""
    first = b"BEGIN:VCALENDAR\r\n"
    assert data.startswith(first)
    extra = f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}\r\nX-PUBLISHED-TTL:{REFRESH}\r\n".encode("ascii")
    return first + extra + data[len(first) :]


class _FeedHandler(SimpleHTTPRequestHandler):
    """GET and HEAD of the folder's ``.ics`` files; everything else (listings, dot files, other methods) 404/405."""

    server_version = "planner-feeds"
    sys_version = ""
    extensions_map = {".ics": "text/calendar; charset=utf-8"}

    def send_head(self) -> Any:
        name = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if "/" in name or name.startswith(".") or not name.endswith(".ics"):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def list_directory(self, path: Any) -> Any:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a token in a shared terminal's scrollback is a token given away

    def _refuse(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse


def feed_server(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """A read-only HTTP server of ``folder``'s feeds on 127.0.0.1 (``port`` 0: any free one).

    The port is bound (``server_address`` says which) but not yet listened
    on: call ``server_activate()`` once the feeds are written, then
    ``serve_forever()``, so nobody is ever answered from a half-written folder.
    """

    class Handler(_FeedHandler):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, directory=str(folder), **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler, bind_and_activate=False)
    try:
        server.server_bind()
    except OSError:
        server.server_close()
        raise
    return server
