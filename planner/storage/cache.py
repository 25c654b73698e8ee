"""A derived cache of parsed trips, so a large workspace loads in milliseconds.

The trip files stay the truth. Parsing and checking 100 files of 10,000 events
takes about a second (``tomllib`` is pure Python); unpickling the same trips
takes a few tens of milliseconds, and the short commands need far less.

Where it lives: one folder per workspace in the per-user cache folder
(``platformdirs``; on Linux ``~/.cache/planner/workspaces/``), named after a
hash of the workspace's absolute path. Not in the workspace, because a
workspace is often a git repository or a synced folder shared with other
people, and a cache is private, machine-specific and disposable.
``PLANNER_CACHE_DIR=DIR`` puts it elsewhere; ``PLANNER_CACHE=off`` turns it off.

What it holds:

* ``index``: for each trip file, in file-name order, its name, the SHA-256 of
  its bytes, its ``stat`` signature (size, modification and change times,
  inode, device) and a :class:`~planner.model.summary.TripSummary` (what
  ``planner trips`` lists, and the days the trip's events can fall on); and
  whether the load that wrote it found no problem at all ("complete");
* ``<sha256>.trip``: one pickled trip per file content. Named by content, so
  saving one edited trip writes one small file and the index, not the whole
  workspace again;
* ``<sha256>.days``: the same trip's day index (:mod:`planner.storage.cache_days`):
  its events pickled one by one and, for each day, those that can fall on it,
  so ``planner agenda DAY`` and ``planner list --from --to`` unpickle only those.

Two ways in:

* :func:`~planner.storage.workspace.load_workspace` (every command that may
  save, and the TUI) reads every file's bytes anyway (the writer needs the
  exact text), hashes them, and takes a trip from the cache only when the
  index names that file with exactly that hash; anything else is parsed and
  the cache is updated.
* :func:`~planner.storage.catalog.open_catalog` (``planner trips``, ``list``
  and ``agenda``, which only read) reads no trip file: it trusts the index only
  when it is complete and every ``*.toml`` file of the folder has an unchanged
  ``stat`` signature (see :mod:`planner.storage.catalog`). A file changed less
  than :data:`RACY_SECONDS` before the load that indexed it gets no signature.

Never trusted:

* every file starts with a magic line and a CRC-32 of the rest, so a
  truncated or damaged file (a crash while writing, a flipped bit) is noticed
  before anything is decoded;
* the cache format, planner version, Python version and folder must match,
  in the index and in each trip file (which also names its content hash);
* the index is plain strings, numbers and tuples, decoded by an unpickler
  that builds no class at all; trip files by one that can only build the
  model's own classes, dates and zones (:mod:`planner.storage.pickling`),
  and the result must be a ``Trip``;
* any failure at all (unreadable, garbage, wrong version, unknown class)
  means "no entry": a damaged index means nothing in the cache is used, a
  damaged trip file that this trip is parsed again; and a good cache is
  written over the bad one. Writing is atomic (a new file renamed over the
  old) and best effort: an unwritable cache folder is ignored;
* the cache folders are made private (0700), and one that belongs to another
  user or that others may write to is not used at all
  (:mod:`planner.storage.cachedir`).

Files with problems are never cached, and an index written by a load with
problems is not complete, so errors are always found by parsing and reported
with file and line.
"""

from __future__ import annotations

import binascii
import contextlib
import io
import os
import pickle
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import __version__
from planner.model.summary import TripSummary
from planner.storage.cache_days import seal_days
from planner.storage.cachedir import ENV_DIR as ENV_DIR
from planner.storage.cachedir import ENV_SWITCH as ENV_SWITCH
from planner.storage.cachedir import cache_dir as cache_dir
from planner.storage.cachedir import cache_folders, make_private, usable
from planner.storage.cachedir import enabled as enabled
from planner.storage.pickling import ModelUnpickler, PlainUnpickler, dumps
from planner.storage.regular import Signature, stat_key

if TYPE_CHECKING:
    from planner.model.trip import Trip

FORMAT = 5
"""Raise when what is stored changes shape (the model's classes, the summary, the pickling, the file layout).

5: a day index beside each trip (``<sha256>.days``, :mod:`planner.storage.cache_days`);
``Override`` pickled (trips with a moved occurrence were never cached before).

3: pickled by :mod:`planner.storage.pickling` (zones by ``planner.storage.pickling.zone``),
in folders named by :func:`planner.storage.cachedir.cache_dir`.
"""

MAGIC = b"planner-trip-cache-index\n"
TRIP_MAGIC = b"planner-trip-cache-trip\n"
INDEX = "index"
MAX_AGE_DAYS = 60
"""Caches of workspaces not loaded for this long are removed when another cache is written."""
RACY_SECONDS = 2
"""A file changed this recently gets no ``stat`` signature (FAT's clock ticks every 2 seconds)."""
STRAY_SECONDS = 3600
"""Half-written temporary files of a crashed writer older than this are removed."""


def seal(magic: bytes, body: bytes) -> bytes:
    return magic + binascii.crc32(body).to_bytes(4, "big") + body


def _unseal(magic: bytes, blob: bytes) -> bytes:
    """The body of a sealed file. CRC-32, as zip and PNG use, notices accidental damage;
    what keeps a hostile file from doing harm is the unpicklers of :mod:`planner.storage.pickling`."""
    if not blob.startswith(magic):
        raise ValueError("not a planner cache file")
    body = blob[len(magic) + 4 :]
    if binascii.crc32(body).to_bytes(4, "big") != blob[len(magic) : len(magic) + 4]:
        raise ValueError("checksum mismatch")
    return body


def cache_file(folder: Path) -> Path:
    """The index of the workspace ``folder``'s cache."""
    return cache_dir(folder) / INDEX


def trip_file(folder: Path, sha: str) -> Path:
    """Where the trip parsed from the bytes with SHA-256 ``sha`` is cached for ``folder``."""
    return cache_dir(folder) / f"{sha}.trip"


def cache_identity(folder: Path) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "planner": __version__,
        "python": list(sys.version_info[:2]),
        "folder": os.path.abspath(folder),
    }


Record = tuple[str, str, "Signature | None", tuple[Any, ...]]
"""An index entry: file name, SHA-256 of its bytes, ``stat`` signature, summary record."""


def signature(st: os.stat_result, now_ns: int) -> Signature | None:
    """What tells a changed file from an unchanged one without reading it; ``None`` if changed too recently.

    ``now_ns`` is the time just before ``st`` was taken.
    """
    racy = RACY_SECONDS * 1_000_000_000
    if abs(now_ns - st.st_mtime_ns) < racy or abs(now_ns - st.st_ctime_ns) < racy:
        return None
    return stat_key(st)


def decode_index(blob: bytes, identity: dict[str, Any]) -> tuple[bool, tuple[Record, ...], list[TripSummary]]:
    """Whether the index is complete, its entries, and their summaries; ``ValueError`` (or any error) if bad."""
    body = _unseal(MAGIC, blob)
    header, complete, records = PlainUnpickler(io.BytesIO(body)).load()
    if header != identity or type(complete) is not bool or not isinstance(records, tuple):
        raise ValueError("made by another version or for another folder")
    for r in records:
        if not (
            isinstance(r, tuple)
            and len(r) == 4
            and isinstance(r[0], str)
            and isinstance(r[1], str)
            and (r[2] is None or (isinstance(r[2], tuple) and len(r[2]) == 5 and all(type(v) is int for v in r[2])))
        ):
            raise ValueError("malformed entry")
    return complete, records, [TripSummary.from_record(r[3]) for r in records]


def read_trip(dir_: Path, identity: dict[str, Any], sha: str) -> Trip | None:
    """The cached trip of content ``sha``, or ``None`` if missing, damaged or not a trip."""
    from planner.model.trip import Trip

    try:
        body = _unseal(TRIP_MAGIC, (dir_ / f"{sha}.trip").read_bytes())
        header, key, trip = ModelUnpickler(io.BytesIO(body)).load()
    except Exception:
        return None
    if header != identity or key != sha or not isinstance(trip, Trip):
        return None
    return trip


def seal_trip(identity: dict[str, Any], sha: str, trip: Trip) -> bytes:
    """The bytes of a cached trip file: ``trip``, parsed from content ``sha``, pickled and sealed."""
    return seal(TRIP_MAGIC, dumps((identity, sha, trip)))


def write_cache_file(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically (readers see the old file or the new), without fsync.

    A cache needs no durability: after a crash a half-written file fails its
    checksum and is rebuilt, and the fsyncs a trip file gets would slow a first
    load by one per trip. The file is private (0600), as trips may be.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class TripCache:
    """The cache of one workspace folder during a full load: ``get`` by name and content hash, ``put``, ``save``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.dir = cache_dir(folder)
        self._identity = cache_identity(folder)
        self._stored: tuple[Record, ...] = ()
        self._stored_complete: bool | None = None
        """``None`` when there is no usable index on disk."""
        self._known: dict[str, Record] = {}
        self._records: list[Record] = []
        self._new: dict[str, bytes] = {}
        self._new_days: dict[str, bytes] = {}
        self._read()

    def _read(self) -> None:
        try:
            blob = (self.dir / INDEX).read_bytes()
        except OSError:
            return  # no cache yet, or unreadable: everything is a miss
        try:
            complete, records, _summaries = decode_index(blob, self._identity)
        except Exception:
            return
        self._stored, self._stored_complete = records, complete
        self._known = {r[0]: r for r in records}

    def get(self, name: str, sha: str, sig: Signature | None) -> Trip | None:
        """The trip cached for file ``name`` with content hash ``sha``, or ``None``."""
        known = self._known.get(name)
        if known is None or known[1] != sha:
            return None
        trip = read_trip(self.dir, self._identity, sha)
        if trip is not None:
            self._records.append((name, sha, sig, known[3]))
        return trip

    def put(self, name: str, sha: str, sig: Signature | None, trip: Trip) -> None:
        """Cache ``trip``, just parsed from file ``name`` whose bytes hash to ``sha``."""
        try:
            summary = TripSummary.of(trip, with_days=True).to_record()
            self._new[sha] = seal_trip(self._identity, sha, trip)
            self._new_days[sha] = seal_days(self._identity, sha, trip)  # see planner.storage.cache_days
        except Exception:
            return
        self._records.append((name, sha, sig, summary))

    def save(self, *, complete: bool) -> None:
        """Write what changed, keeping only the files seen in this load. Best effort.

        ``complete``: the load found no problem, so :func:`~planner.storage.catalog.open_catalog` may use the index.
        """
        records = tuple(self._records)
        if not self._new and records == self._stored and complete == self._stored_complete:
            return
        body = pickle.dumps((self._identity, complete, records), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            folders = cache_folders(self.folder)
            make_private(folders)
            if not usable(folders):  # someone else made one of them first
                return
            for sha, data in self._new.items():
                write_cache_file(self.dir / f"{sha}.trip", data)
            for sha, data in self._new_days.items():
                write_cache_file(self.dir / f"{sha}.days", data)
            write_cache_file(self.dir / INDEX, seal(MAGIC, body))
        except OSError:
            return  # a read-only or full cache folder costs speed, never a load
        self._stored, self._stored_complete = records, complete
        self._known = {r[0]: r for r in records}
        self._new = {}
        self._new_days = {}
        self._tidy({r[1] for r in records})
        _prune(self.folder, self.dir)

    def _tidy(self, shas: set[str]) -> None:
        """Remove the trip files no entry names any more, and temporary files of crashed writers."""
        limit = time.time() - STRAY_SECONDS
        with contextlib.suppress(OSError), os.scandir(self.dir) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    unused = entry.name.endswith((".trip", ".days")) and entry.name[:-5] not in shas
                    if unused or (entry.name.endswith(".tmp") and entry.stat().st_mtime < limit):
                        os.unlink(entry.path)


def _prune(folder: Path, keep: Path) -> None:
    """Remove caches of workspaces not loaded for :data:`MAX_AGE_DAYS`, and this one's caches of older formats.

    Only what this module writes is removed (a 32-digit hex name holding only
    cache files): ``PLANNER_CACHE_DIR`` may point at a folder with other things in it.
    """
    import hashlib

    limit = time.time() - MAX_AGE_DAYS * 86400
    path = os.fsencode(os.path.abspath(folder))
    legacy = hashlib.sha256(path).hexdigest()[:32] + ".cache"  # format 1
    legacy_dir = hashlib.blake2b(path, digest_size=16).hexdigest()  # format 2
    with contextlib.suppress(OSError), os.scandir(keep.parent) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.path == str(keep):
                    continue
                if entry.is_dir(follow_symlinks=False) and _ours(entry.name, 0):
                    index = os.path.join(entry.path, INDEX)
                    used = os.stat(index).st_mtime if os.path.exists(index) else entry.stat().st_mtime
                    if used < limit or entry.name == legacy_dir:
                        _remove_cache_dir(entry.path)
                elif (
                    entry.is_file(follow_symlinks=False)
                    and _ours(entry.name, len(".cache"))
                    and (entry.name == legacy or entry.stat().st_mtime < limit)
                ):
                    os.unlink(entry.path)


def _ours(name: str, suffix: int) -> bool:
    """Whether ``name`` (less ``suffix`` characters) is a 32-digit hex key, as this module names things."""
    key = name[: len(name) - suffix] if suffix else name
    return len(key) == 32 and all(c in "0123456789abcdef" for c in key) and (not suffix or name.endswith(".cache"))


def _remove_cache_dir(path: str) -> None:
    """Remove a workspace's cache folder, but only if it holds nothing but cache files."""
    names = os.listdir(path)
    if not all(
        n == INDEX or n.endswith((".trip", ".days")) or (n.startswith(".") and n.endswith(".tmp")) for n in names
    ):
        return
    for n in names:
        os.unlink(os.path.join(path, n))
    os.rmdir(path)


def open_cache(folder: Path) -> TripCache | None:
    """The cache for a full load of ``folder``, or ``None`` when caching is off."""
    if not enabled():
        return None
    try:
        if not usable(cache_folders(folder)):
            return None
        return TripCache(folder)
    except Exception:
        return None
