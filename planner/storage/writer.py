"""Save trips to TOML without disturbing what a person wrote by hand: render, save, create.

Saving is a three-way merge: the trip as it was loaded, the trip as it is now,
and the file's text (parsed with ``tomlkit``, which keeps comments, blank lines
and key order). Only keys whose value changed between the two models are
rewritten; everything else, including keys this planner does not produce
(``x-`` keys, an explicit ``tz`` equal to the default), stays as written. An
unchanged trip therefore saves to the identical bytes.

The model becomes plain data in :mod:`planner.storage.todict`; the file is
replaced, with a backup and the folder locked, by :mod:`planner.storage.atomic`.
Under that lock the file is checked again just before the rename.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tomlkit is only needed to write; reading a workspace never pays for it
    import tomlkit
    from tomlkit.items import Table

from planner.model.trip import Trip
from planner.storage import fresh
from planner.storage.atomic import atomic_write, backup_path, folder_lock, read_current, remove_stale_temps
from planner.storage.errors import FileChangedError
from planner.storage.reader import parse_trip
from planner.storage.todict import SECTIONS, section_items, trip_header


@dataclass(frozen=True)
class LoadedTrip:
    """A trip together with the exact text it was read from."""

    path: Path
    text: str
    trip: Trip

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


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


def save(loaded: LoadedTrip, trip: Trip, *, force: bool = False) -> LoadedTrip:
    """Write ``trip`` over the file ``loaded`` came from and return the new state.

    The text is checked by loading it back before anything touches the disk.
    What the file held is kept in :func:`~planner.storage.atomic.backup_path` first. With the folder
    locked, the file is compared with what was loaded, and compared again just
    before the rename.

    Raises:
        FileChangedError: the file differs from what was loaded (unless ``force``).
        TripFileError: the trip would not load back (a bug; nothing is written).
        OSError: the folder refused the write (disk full, read-only); the old
            file is left intact. :func:`~planner.storage.atomic.describe_write_error` says it plainly.
    """
    path = loaded.path
    text = render(trip, loaded.trip, loaded.text)
    checked = parse_trip(text, str(path))
    data = text.encode("utf-8")
    with folder_lock(path.parent):
        current = read_current(path)
        if not force and current != loaded.text.encode("utf-8"):
            raise FileChangedError(path)
        if current != data:
            remove_stale_temps(path)

            def unchanged() -> None:
                if read_current(path) != current:
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

    with folder_lock(path.parent):
        absent()
        atomic_write(path, text.encode("utf-8"), before_replace=absent)
    return LoadedTrip(path, text, checked)
