"""What a sync remembers between runs, per trip and calendar: a small JSON file beside the workspace.

``<workspace>/.planner/sync/<trip id>--<key>.json``, where the key is made
from the server URL, the user, the calendar name, the person and the reader
level, so two calendars of one trip never share a state. The folder starts
with a dot, so the workspace never loads it as trips, and the trip files'
content never holds any of it. Files are written atomically
(:func:`planner.storage.atomic.atomic_write`), after every request that
changed the server, so a sync cut off half-way leaves a state that says
exactly what reached the server.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from planner.storage.atomic import atomic_write

FOLDER = ".planner"
"""The workspace's folder of planner state (sync states, feed tokens), hidden from the trip listing."""

VERSION = 1


@dataclass
class Entry:
    """One resource the sync tracks."""

    href: str
    etag: str | None
    """The ETag the server gave it when this sync last wrote or read it."""
    pushed: str | None
    """Digest of the bytes the planner last pushed (or agreed with), ``None`` when it never did."""
    origin: str = "planner"
    """``planner`` (published by the planner: may be deleted by it) or ``server`` (pulled from others)."""


@dataclass
class SyncState:
    """A trip's state for one calendar on one server."""

    trip: str
    url: str
    user: str
    calendar: str
    person: str = ""
    level: str = ""
    calendar_path: str = ""
    last_sync: str = ""
    """ISO time of the last sync that finished without a network error."""
    last_attempt: str = ""
    ctag: str | None = None
    sync_token: str | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    """UID -> what the planner published or took in."""
    waiting: list[str] = field(default_factory=list)
    """UIDs of the server's changes that the last sync left waiting (proposals not pulled)."""

    def to_json(self) -> bytes:
        data = asdict(self)
        data["version"] = VERSION
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> SyncState:
        data: dict[str, Any] = json.loads(raw)
        data.pop("version", None)
        entries = {uid: Entry(**e) for uid, e in data.pop("entries", {}).items()}
        return cls(**data, entries=entries)


def state_key(url: str, user: str, calendar: str, person: str, level: str) -> str:
    """A short name for one server, user, calendar and reader (the state file's suffix)."""
    raw = "\n".join([url.rstrip("/"), user, calendar, person, level])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def state_path(folder: Path, trip_id: str, key: str) -> Path:
    return folder / FOLDER / "sync" / f"{trip_id}--{key}.json"


def load(path: Path) -> SyncState | None:
    """The state in ``path``, or ``None`` when there is none yet.

    Raises ``ValueError`` when the file cannot be read as a state (it is not
    replaced silently: the message names it, so a person can remove it).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return SyncState.from_json(raw)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path}: not a sync state the planner can read ({exc}); remove it to start afresh") from None


def save(path: Path, state: SyncState) -> None:
    """Write the state atomically (the folder is made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, state.to_json(), mode=0o600)


def states_of(folder: Path, trip_id: str) -> list[SyncState]:
    """Every readable sync state of a trip (for "last synced" in the TUI)."""
    out = []
    for path in sorted((folder / FOLDER / "sync").glob(f"{trip_id}--*.json")):
        try:
            state = load(path)
        except (OSError, ValueError):
            continue
        if state is not None and state.trip == trip_id:
            out.append(state)
    return out
