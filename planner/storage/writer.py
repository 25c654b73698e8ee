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
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from planner.model.trip import Event, Organisation, Person, Place, Source, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, zone_name
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
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list) and len(value) > 3:
        arr = tomlkit.array()
        arr.extend(value)
        arr.multiline(True)
        return arr
    return value


def _table(data: dict[str, Any], *, blank_line_before: bool = False) -> Table:
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
        doc = tomlkit.document()
        doc.add("trip", _table(trip_header(new)))
        for name in SECTIONS:
            items = section_items(new, name)
            if items:
                aot = tomlkit.aot()
                for d in items:
                    aot.append(_table(d, blank_line_before=True))
                doc.append(name, aot)
        return tomlkit.dumps(doc)
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

def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            # mkstemp makes owner-only files; a new trip file gets the usual mode.
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
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
        pass
    finally:
        os.close(fd)


def save(loaded: LoadedTrip, trip: Trip, *, force: bool = False) -> LoadedTrip:
    """Write ``trip`` over the file ``loaded`` came from and return the new state.

    The text is checked by loading it back before anything touches the disk.

    Raises:
        FileChangedError: the file differs from what was loaded (unless ``force``).
        TripFileError: the trip would not load back (a bug; nothing is written).
        OSError: the folder refused the write; the old file is left intact.
    """
    if not force:
        try:
            current = loaded.path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            current = None
        if current != loaded.text:
            raise FileChangedError(loaded.path)
    text = render(trip, loaded.trip, loaded.text)
    checked = parse_trip(text, str(loaded.path))
    if text != loaded.text:
        atomic_write(loaded.path, text.encode("utf-8"))
    return LoadedTrip(loaded.path, text, checked)


def create(path: Path, trip: Trip) -> LoadedTrip:
    """Write a new trip file; refuses to replace an existing one."""
    text = render(trip)
    checked = parse_trip(text, str(path))
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    atomic_write(path, text.encode("utf-8"))
    return LoadedTrip(path, text, checked)
