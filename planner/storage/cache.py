"""A derived cache of parsed trips, so a large workspace loads in milliseconds.

The trip files stay the truth. Parsing and checking 100 files of 10,000 events
takes about a second (``tomllib`` is pure Python); unpickling the same trips
takes a few milliseconds. So :func:`~planner.storage.workspace.load_workspace`
still reads every file's bytes (the writer needs the exact text anyway), hashes
them, and takes the trip from the cache only when the entry was made from
exactly those bytes by this planner version with this cache format; anything
else is parsed from the file as before, and the cache is rewritten.

Where it lives: one file per workspace folder in the per-user cache folder
(``platformdirs``; on Linux ``~/.cache/planner/workspaces/``), named after a
hash of the folder's absolute path. Not in the workspace, because a workspace
is often a git repository or a synced folder shared with other people, and a
cache is private, machine-specific and disposable. ``PLANNER_CACHE_DIR=DIR``
puts it elsewhere; ``PLANNER_CACHE=off`` turns it off.

Never trusted:

* the file starts with a magic line and a BLAKE2b checksum of the rest, so a
  truncated or damaged file is noticed before anything is decoded;
* the planner version, cache format, Python version and folder must match;
* each entry is keyed by the SHA-256 of the trip file's bytes, so an edited
  file never meets a stale entry;
* the pickles are decoded by an unpickler that can only build the model's own
  classes, dates and zones, and the result must be a :class:`Trip`;
* any failure at all (unreadable, garbage, wrong version, unknown class) means
  "no entry": the file is parsed, and a good cache is written over the bad one.
  Writing is atomic and best effort: an unwritable cache folder is ignored.

Files with problems are never cached, so errors are always found by parsing
and reported with file and line.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner import __version__
from planner.model.trip import Trip

FORMAT = 1
"""Raise when what is pickled changes shape (the model's classes, the file layout)."""

MAGIC = b"planner-trip-cache\n"
ENV_DIR = "PLANNER_CACHE_DIR"
ENV_SWITCH = "PLANNER_CACHE"
MAX_AGE_DAYS = 60
"""Caches of workspaces not loaded for this long are removed when another cache is written."""

_ALLOWED: dict[str, set[str]] = {
    "planner.model.trip": {"Trip", "Event", "Person", "Organisation", "Place", "Source", "Recurrence"},
    "planner.model.when": {"Exact", "OnDate", "PartOfDay", "Span", "InMonth", "Unscheduled"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "planner.storage.cache": {"_zone"},
    "builtins": {"tuple", "frozenset", "set"},
}


def _zone(key: str) -> ZoneInfo:
    """How a zone comes back from the cache: by name, the same object ``ZoneInfo(key)`` gives."""
    return ZoneInfo(key)


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # ZoneInfo pickles through getattr(ZoneInfo, "_unpickle"), and getattr is no
    # thing to allow in an unpickler; zones are stored by name instead.
    pickler.dispatch_table = {ZoneInfo: lambda z: (_zone, (z.key,))}
    pickler.dump(value)
    return buffer.getvalue()


class _ModelUnpickler(pickle.Unpickler):
    """Builds only the model's classes, dates and zones; anything else is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the trip cache")


def _loads(data: bytes) -> Any:
    return _ModelUnpickler(io.BytesIO(data)).load()


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("off", "0", "no", "false")


def cache_folder() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("planner", appauthor=False)) / "workspaces"


def cache_file(folder: Path) -> Path:
    """The cache file for the workspace ``folder``."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(folder))).hexdigest()[:32]
    return cache_folder() / f"{key}.cache"


def _identity(folder: Path) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "planner": __version__,
        "python": list(sys.version_info[:2]),
        "folder": os.path.abspath(folder),
    }


def digest(raw: bytes) -> str:
    """The key of a trip file's content: SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()


class TripCache:
    """The cached trips of one workspace folder: ``get`` by file name and content hash, ``put``, ``save``."""

    def __init__(self, folder: Path, *, path: Path | None = None):
        self.folder = folder
        self.path = path or cache_file(folder)
        self._entries: dict[str, tuple[str, bytes]] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._read()

    def _read(self) -> None:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return  # no cache yet, or unreadable: everything is a miss
        try:
            self._entries = self._decode(blob)
        except Exception:  # noqa: BLE001 - a damaged cache is simply not used
            self._entries = {}
            self._dirty = True

    def _decode(self, blob: bytes) -> dict[str, tuple[str, bytes]]:
        if not blob.startswith(MAGIC):
            raise ValueError("not a planner cache")
        body = blob[len(MAGIC) + 32:]
        if hashlib.blake2b(body, digest_size=32).digest() != blob[len(MAGIC): len(MAGIC) + 32]:
            raise ValueError("checksum mismatch")
        header, entries = _loads(body)
        if header != _identity(self.folder) or not isinstance(entries, dict):
            raise ValueError("made by another version or for another folder")
        for name, entry in entries.items():
            if not (isinstance(name, str) and isinstance(entry, tuple) and len(entry) == 2
                    and isinstance(entry[0], str) and isinstance(entry[1], bytes)):
                raise ValueError("malformed entry")
        return entries

    def get(self, name: str, key: str) -> Trip | None:
        """The trip cached for file ``name`` with content hash ``key``, or ``None``."""
        entry = self._entries.get(name)
        if entry is None or entry[0] != key:
            return None
        try:
            trip = _loads(entry[1])
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            trip = None
        if not isinstance(trip, Trip):
            del self._entries[name]
            self._dirty = True
            return None
        self._used.add(name)
        return trip

    def put(self, name: str, key: str, trip: Trip) -> None:
        try:
            data = _dumps(trip)
        except Exception:  # noqa: BLE001 - something unpicklable: just do not cache it
            return
        self._entries[name] = (key, data)
        self._used.add(name)
        self._dirty = True

    def save(self) -> None:
        """Write the cache if it changed, keeping only the files seen in this load. Best effort."""
        stale = set(self._entries) - self._used
        if not self._dirty and not stale:
            return
        entries = {name: self._entries[name] for name in sorted(self._used) if name in self._entries}
        body = pickle.dumps((_identity(self.folder), entries), protocol=pickle.HIGHEST_PROTOCOL)
        blob = MAGIC + hashlib.blake2b(body, digest_size=32).digest() + body
        from planner.storage.writer import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, blob)
        except OSError:
            return  # a read-only or full cache folder costs speed, never a load
        self._entries = entries
        self._dirty = False
        _prune(self.path)


def _prune(keep: Path) -> None:
    """Remove caches of workspaces that have not been loaded for :data:`MAX_AGE_DAYS`."""
    limit = time.time() - MAX_AGE_DAYS * 86400
    with contextlib.suppress(OSError):
        for other in keep.parent.glob("*.cache"):
            with contextlib.suppress(OSError):
                if other != keep and other.stat().st_mtime < limit:
                    other.unlink()


def open_cache(folder: Path) -> TripCache | None:
    """The cache for ``folder``, or ``None`` when caching is off."""
    if not enabled():
        return None
    try:
        return TripCache(folder)
    except Exception:  # noqa: BLE001 - never let the cache stop a load
        return None
