"""Save trips to TOML without disturbing what a person wrote by hand.

Saving is a three-way merge: the trip as it was loaded, the trip as it is now,
and the file's text (parsed with ``tomlkit``, which keeps comments, blank lines
and key order). Only keys whose value changed between the two models are
rewritten; everything else, including keys this planner does not produce
(``x-`` keys, an explicit ``tz`` equal to the default), stays as written. An
unchanged trip therefore saves to the identical bytes.

Files are replaced atomically: the new text goes to a temporary file in the
same folder, is flushed and fsynced, then renamed over the old one, and the
folder is fsynced, so a crash leaves either the old file or the new one.

Saving over a trip file first keeps what the file held as a backup beside it,
``.NAME.toml.bak`` (hidden, and not ``*.toml``, so never loaded as a trip),
written the same atomic way. Saves into one folder take a lock on the folder,
so two planners cannot both pass the "unchanged since loaded" check and then
overwrite each other; the check is made again just before the rename.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tomlkit is only needed to write; reading a workspace never pays for it
    import tomlkit
    from tomlkit.items import Table

from planner.model.trip import Event, Organisation, Person, Place, Source, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, zone_name
from planner.storage import fresh
from planner.storage.errors import FileChangedError
from planner.storage.reader import parse_trip

SECTIONS: tuple[str, ...] = ("sources", "people", "organisations", "places", "events")
"""Arrays of tables, in the order a new file lists them."""


@dataclass(frozen=True)
class LoadedTrip:
    """A trip together with the exact text it was read from."""

    path: Path
    text: str
    trip: Trip

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- model -> data


def trip_header(trip: Trip) -> dict[str, Any]:
    d: dict[str, Any] = {"id": trip.id, "title": trip.title}
    _put(d, "title_ko", trip.title_ko)
    d["status"] = trip.status
    d["home_tz"] = zone_name(trip.home_tz)
    if trip.local_tz is not None:
        d["local_tz"] = zone_name(trip.local_tz)
    if isinstance(trip.dates, InMonth):
        d["month"] = f"{trip.dates.year:04d}-{trip.dates.month:02d}"
    else:
        d["start"] = trip.dates.first
        d["end"] = trip.dates.last
    _put(d, "members", list(trip.members))
    _put(d, "year_evidence", trip.year_evidence)
    _put(d, "notes", trip.notes)
    return d


def source_data(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "outlet": s.outlet}
    for key in ("headline", "published", "file", "language"):
        _put(d, key, getattr(s, key))
    return d


def person_data(p: Person) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "name": p.name}
    for key in ("name_ko", "role", "org", "notes"):
        _put(d, key, getattr(p, key))
    return d


def organisation_data(o: Organisation) -> dict[str, Any]:
    d: dict[str, Any] = {"id": o.id, "name": o.name}
    for key in ("name_ko", "city", "notes"):
        _put(d, key, getattr(o, key))
    return d


def place_data(p: Place) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "name": p.name}
    for key in ("name_ko", "address", "city"):
        _put(d, key, getattr(p, key))
    if p.tz is not None:
        d["tz"] = zone_name(p.tz)
    if p.lat is not None:
        d["lat"] = p.lat
    if p.lon is not None:
        d["lon"] = p.lon
    return d


def event_data(trip: Trip, ev: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"id": ev.id, "title": ev.title}
    _put(d, "title_ko", ev.title_ko)
    d["kind"] = ev.kind
    d["status"] = ev.status
    w = ev.when
    place = trip.place(ev.place) if ev.place else None
    default_tz = (place.tz if place else None) or trip.event_tz
    if isinstance(w, Exact):
        d["start"] = w.start.replace(tzinfo=None)
        if w.end is not None:
            d["end"] = w.end.replace(tzinfo=None)
    elif isinstance(w, OnDate):
        d["date"] = w.day
    elif isinstance(w, PartOfDay):
        d["date"] = w.day
        d["part"] = w.part
    elif isinstance(w, Span):
        d["date"] = w.first
        d["end_date"] = w.last
    elif isinstance(w, InMonth):
        d["month"] = f"{w.year:04d}-{w.month:02d}"
    elif isinstance(w, Unscheduled):
        d["unscheduled"] = True
    if zone_name(ev.tz) != zone_name(default_tz):
        d["tz"] = zone_name(ev.tz)
    if isinstance(w, Exact) and w.end is not None and zone_name(w.end.tzinfo) != zone_name(w.start.tzinfo):
        d["end_tz"] = zone_name(w.end.tzinfo)
    _put(d, "place", ev.place)
    for key in ("people", "counterparts", "orgs"):
        _put(d, key, list(getattr(ev, key)))
    _put(d, "outcome", ev.outcome)
    _put(d, "notes", ev.notes)
    _put(d, "sources", list(ev.sources))
    if ev.repeat is not None:
        d["repeat"] = ev.repeat.rule
        _put(d, "except", list(ev.repeat.exceptions))
    _put(d, "ical_uid", ev.ical_uid)
    _put(d, "ical_sequence", ev.ical_sequence)
    _put(d, "ical_hash", ev.ical_hash)
    if ev.ical_modified is not None:
        d["ical_modified"] = ev.ical_modified
    return d


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value:
        d[key] = value


def section_items(trip: Trip, name: str) -> list[dict[str, Any]]:
    if name == "sources":
        return [source_data(s) for s in trip.sources]
    if name == "people":
        return [person_data(p) for p in trip.people]
    if name == "organisations":
        return [organisation_data(o) for o in trip.organisations]
    if name == "places":
        return [place_data(p) for p in trip.places]
    return [event_data(trip, e) for e in trip.events]


# ---------------------------------------------------------------- data -> text


def _item(value: Any) -> Any:
    import tomlkit

    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list) and len(value) > 3:
        arr = tomlkit.array()
        arr.extend(value)
        arr.multiline(True)
        return arr
    return value


def _table(data: dict[str, Any], *, blank_line_before: bool = False) -> Table:
    import tomlkit

    t = tomlkit.table()
    for key, value in data.items():
        t.add(key, _item(value))
    if blank_line_before:
        t.trivia.indent = "\n"  # tomlkit writes the indent before the [[header]]
    return t


_MISSING = object()


def _merge_table(table: Table, old: dict[str, Any] | None, new: dict[str, Any]) -> None:
    for key, value in new.items():
        if old is None or old.get(key, _MISSING) != value:
            table[key] = _item(value)
    if old is not None:
        for key in old:
            if key not in new and key in table:
                del table[key]


def _merge_section(doc: tomlkit.TOMLDocument, name: str, old: list[dict], new: list[dict]) -> None:
    import tomlkit
    from tomlkit.items import AoT

    old_by_id = {d["id"]: d for d in old}
    new_by_id = {d["id"]: d for d in new}
    if name not in doc:
        if new:
            aot = tomlkit.aot()
            for d in new:
                aot.append(_table(d, blank_line_before=True))
            doc.append(name, aot)
        return
    aot = doc[name]
    assert isinstance(aot, AoT)
    for i in reversed(range(len(aot))):
        if aot[i].get("id") not in new_by_id:
            del aot[i]
    present = set()
    for table in aot:
        ident = table.get("id")
        present.add(ident)
        _merge_table(table, old_by_id.get(ident), new_by_id[ident])
    for d in new:
        if d["id"] not in present:
            # The blank line before the next header belongs to the last table:
            # give the new last table one too, so the layout (and a later delete) stays clean.
            spaced = len(aot) > 0 and aot[-1].as_string().endswith("\n\n")
            table = _table(d)
            if spaced:
                table.add(tomlkit.nl())
            else:
                table.trivia.indent = "\n"
            aot.append(table)
    if len(aot) == 0:
        del doc[name]


def render(new: Trip, old: Trip | None = None, text: str | None = None) -> str:
    """The TOML text of ``new``: ``text`` edited in place when given, else a fresh file.

    Args:
        new: the trip to write.
        old: the trip as ``text`` was loaded (required with ``text``).
        text: the file's current text, whose comments and layout are kept.
    """
    if text is None or old is None:
        # Nothing to keep: written directly, in the layout tomlkit gives (and seconds faster).
        return fresh.document(trip_header(new), [(name, section_items(new, name)) for name in SECTIONS])
    import tomlkit

    doc = tomlkit.parse(text)
    _merge_table(doc["trip"], trip_header(old), trip_header(new))
    for name in SECTIONS:
        _merge_section(doc, name, section_items(old, name), section_items(new, name))
    out = tomlkit.dumps(doc)
    if text.endswith("\n") and not text.endswith("\n\n"):
        # Deleting the last table can leave its separating blank line at the end.
        out = out.rstrip("\r\n") + ("\r\n" if text.endswith("\r\n") else "\n")
    return out


# ---------------------------------------------------------------- files

BACKUP_SUFFIX = ".bak"
"""A saved trip ``NAME.toml`` keeps its previous version in ``.NAME.toml.bak`` beside it."""

LOCK_WAIT_SECONDS = 10.0
"""How long a save waits for another planner saving in the same folder."""

STALE_TEMP_SECONDS = 600.0
"""A trip's temporary file older than this was left by a crash and is removed on the next save."""


def backup_path(path: Path) -> Path:
    """Where saving keeps the version of ``path`` it replaced: ``.NAME.bak`` in the same folder.

    >>> backup_path(Path("trips/korea-2021.toml")).as_posix()
    'trips/.korea-2021.toml.bak'
    """
    return path.with_name(f".{path.name}{BACKUP_SUFFIX}")


def atomic_write(
    path: Path, data: bytes, *, mode: int | None = None, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    The data goes to a temporary file ``.NAME.XXXXXXXX.tmp`` in the same folder,
    is fsynced, renamed over ``path``, and the folder is fsynced. On any error
    the temporary file is removed and ``path`` is untouched.

    Args:
        mode: permission bits for the file (default: those of the file replaced,
            or the usual ones for a new file).
        before_replace: called just before the rename; raising there writes nothing.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is None:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                # mkstemp makes owner-only files; a new trip file gets the usual mode.
                mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename itself is done
    finally:
        os.close(fd)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` (POSIX ``flock``) while saving into it.

    Every planner save and create takes it, so two planners on one workspace
    save one after the other. Where locks are not available the save goes on
    without one (the check just before the rename still applies).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        fcntl = None  # type: ignore[assignment]
    fd = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
    try:
        if fd is not None:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OSError(
                            errno.EAGAIN,
                            f"another planner kept {folder} locked for {LOCK_WAIT_SECONDS:.0f} s; try again",
                        ) from None
                    time.sleep(0.01)
                except OSError:
                    break  # no locks on this file system
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock (so does the process dying)


def _read_current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files of ``path`` (and of its backup) that a killed save left behind.

    Called with the folder locked, so no other planner is writing them; only
    files older than :data:`STALE_TEMP_SECONDS` go, to spare any other writer.
    """
    now = time.time()
    for name in (path.name, backup_path(path).name):
        for tmp in path.parent.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - tmp.lstat().st_mtime >= STALE_TEMP_SECONDS and tmp.is_file():
                    tmp.unlink()


def save(loaded: LoadedTrip, trip: Trip, *, force: bool = False) -> LoadedTrip:
    """Write ``trip`` over the file ``loaded`` came from and return the new state.

    The text is checked by loading it back before anything touches the disk.
    What the file held is kept in :func:`backup_path` first. With the folder
    locked, the file is compared with what was loaded, and compared again just
    before the rename.

    Raises:
        FileChangedError: the file differs from what was loaded (unless ``force``).
        TripFileError: the trip would not load back (a bug; nothing is written).
        OSError: the folder refused the write (disk full, read-only); the old
            file is left intact. :func:`describe_write_error` says it plainly.
    """
    path = loaded.path
    text = render(trip, loaded.trip, loaded.text)
    checked = parse_trip(text, str(path))
    data = text.encode("utf-8")
    with _folder_lock(path.parent):
        current = _read_current(path)
        if not force and current != loaded.text.encode("utf-8"):
            raise FileChangedError(path)
        if current != data:
            _remove_stale_temps(path)

            def unchanged() -> None:
                if _read_current(path) != current:
                    raise FileChangedError(path)

            mode = None
            if current is not None:
                with contextlib.suppress(OSError):
                    mode = stat.S_IMODE(path.stat().st_mode)
                atomic_write(backup_path(path), current, mode=mode)
            atomic_write(path, data, mode=mode, before_replace=unchanged)
    return LoadedTrip(path, text, checked)


def create(path: Path, trip: Trip) -> LoadedTrip:
    """Write a new trip file; refuses to replace an existing one (FileExistsError)."""
    text = render(trip)
    checked = parse_trip(text, str(path))

    def absent() -> None:
        if path.exists():
            raise FileExistsError(errno.EEXIST, f"{path} already exists")

    with _folder_lock(path.parent):
        absent()
        atomic_write(path, text.encode("utf-8"), before_replace=absent)
    return LoadedTrip(path, text, checked)


_WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "no permission to write in the folder",
    errno.EPERM: "no permission to write in the folder",
    errno.EIO: "the disk reported an input/output error",
    errno.EFBIG: "the file is larger than this system allows",
}


def describe_write_error(exc: OSError) -> str:
    """A plain sentence for a failed write: "the disk is full (No space left on device)".

    >>> describe_write_error(OSError(28, "No space left on device"))
    'the disk is full (No space left on device)'
    """
    reason = _WRITE_ERRORS.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    return f"{reason} ({detail})" if reason else detail
