"""Save trips to TOML without disturbing what a person wrote by hand: render, save, create.

Saving is a three-way merge: the trip as it was loaded, the trip as it is now,
and the file's text (parsed with ``tomlkit``, which keeps comments, blank lines
and key order). Only keys whose value changed between the two models are
rewritten; everything else, including keys this planner does not produce
(``x-`` keys, an explicit ``tz`` equal to the default), stays as written. An
unchanged trip therefore saves to the identical bytes. A save that only records
export stamps (``ical_*`` keys) edits the text directly, to the same bytes,
without tomlkit (:mod:`planner.storage.stamps`).

The model becomes plain data in :mod:`planner.storage.todict`; the file is
replaced, with a backup and the folder locked, by :mod:`planner.storage.atomic`.
Under that lock the file is checked again just before the rename.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # tomlkit is only needed to write; reading a workspace never pays for it
    import tomlkit
    from tomlkit.items import Table

from planner.model.trip import Trip
from planner.storage import fresh, layout, stamps
from planner.storage.atomic import atomic_write, backup_path, folder_lock, read_current, remove_stale_temps
from planner.storage.errors import FileChangedError, Problem, TripFileError
from planner.storage.locate import Locator
from planner.storage.reader import MAX_FILE_BYTES, build_trip, parse_data, parse_trip
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
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        # A series' changed occurrences: one inline table a line, readable and editable in place.
        tables = tomlkit.array()
        for d in value:
            inline = tomlkit.inline_table()
            inline.update(d)
            tables.append(inline)
        tables.multiline(True)
        return tables
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


def render(new: Trip, old: Trip | None = None, text: str | None = None, *, file: str = "<trip>") -> str:
    """The TOML text of ``new``: ``text`` edited in place when given, else a fresh file.

    Args:
        new: the trip to write.
        old: the trip as ``text`` was loaded (required with ``text``).
        text: the file's current text, whose comments, layout and line endings are kept.
        file: the file's name, for messages.

    Raises:
        TripFileError: ``text`` is a shape the writer cannot edit faithfully (see
            :func:`planner.storage.layout.editable`).
    """
    if text is None or old is None:
        # Nothing to keep: written directly, in the layout tomlkit gives (and seconds faster).
        return fresh.document(trip_header(new), [(name, section_items(new, name)) for name in SECTIONS])
    # Recording export stamps only: the text edited directly (tomlkit takes seconds for a large file).
    quick = stamps.render_stamps(new, old, text, file)
    if quick is not None:
        return quick
    import tomlkit

    doc = layout.editable(text, file)
    _merge_table(doc["trip"], trip_header(old), trip_header(new))
    for name in SECTIONS:
        _merge_section(doc, name, section_items(old, name), section_items(new, name))
    out = tomlkit.dumps(doc)
    crlf = stamps.uses_crlf(text)
    if crlf:
        # tomlkit writes the lines it adds with LF: every line takes the file's CRLF.
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    if text.endswith("\n") and not text.endswith("\n\n") and not text.endswith("\r\n\r\n"):
        # Deleting the last table can leave its separating blank line at the end.
        out = out.rstrip("\r\n") + ("\r\n" if crlf else "\n")
    return out


def _tables(trip: Trip) -> dict[str, Any]:
    """The tables a fresh file of ``trip`` holds: ``trip`` and each non-empty section."""
    tables: dict[str, Any] = {"trip": trip_header(trip)}
    for name in SECTIONS:
        items = section_items(trip, name)
        if items:
            tables[name] = items
    return tables


def _read_back(text: str, file: str, trip: Trip, tables: dict[str, Any] | None) -> Trip:
    """The trip the text about to be written reads back as; a text that does not read is refused.

    The text is parsed as any trip file is (TOML, size, layout). When it holds
    exactly ``tables``, the tables rendered from ``trip`` in memory, reading the
    file gives ``trip`` back, so the tables are not validated a second time
    (about a third of importing a 10,000-event calendar); otherwise they are
    validated and built as a load would.

    When ``text`` is :func:`planner.storage.fresh.document` of ``tables`` and
    :func:`_loads_unparsed` holds, it is not even parsed: ``tomllib`` reading
    back such a text as ``tables`` is what ``tests/test_fresh_proof.py``
    proves, for any values of those kinds (parsing 10,000 events took a
    fifth of their import).
    """
    if tables is not None and _loads_unparsed(text, tables):
        return trip
    data = parse_data(text, file)
    if tables is not None and data == _as_toml(tables):
        return trip
    return build_trip(data, file, Locator(text))


def _loads_unparsed(text: str, tables: dict[str, Any]) -> bool:
    """Whether the fresh file ``text`` of ``tables`` is known to load back as them, unparsed.

    What a load checks besides the TOML is checked here as a load would: the
    size, and the cheap look for a shape the comment-keeping writer could not
    edit (:func:`planner.storage.layout.worth_checking`; a file it flags is
    parsed, and checked with tomlkit, as before). The values must be of the
    kinds :func:`planner.storage.fresh.proven` accepts, and the text UTF-8.
    """
    if not fresh.proven(tables["trip"], [(name, tables.get(name, [])) for name in SECTIONS]):
        return False
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False  # a lone surrogate: what a full read-back does with it stays its call
    return size <= MAX_FILE_BYTES and not layout.worth_checking(text, tables)


def _as_toml(v: Any) -> Any:
    """``v`` as TOML reads it back: tuples become lists (the writer writes both as arrays)."""
    if isinstance(v, dict):
        return {k: _as_toml(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_as_toml(x) for x in v]
    return v


def _same_trip(a: Trip, b: Trip) -> bool:
    """Whether two trips would be written as the same tables (the order of entries aside)."""
    if trip_header(a) != trip_header(b):
        return False
    return all(
        sorted(section_items(a, name), key=repr) == sorted(section_items(b, name), key=repr) for name in SECTIONS
    )


# ---------------------------------------------------------------- files


def save(loaded: LoadedTrip, trip: Trip, *, force: bool = False) -> LoadedTrip:
    """Write ``trip`` over the file ``loaded`` came from and return the new state.

    The merge is against the file's own text: the trip it was loaded as is
    parsed again from ``loaded.text``, never taken on trust (it may come from
    the cache), and a trip that does not match its text is not saved. The new
    text is checked by loading it back before anything touches the disk: it
    must give back ``trip``. What the file held is kept in
    :func:`~planner.storage.atomic.backup_path` first. With the folder locked,
    the file is compared with what was loaded, and compared again just before
    the rename. A symbolic link is written through: the file it points to is
    replaced (atomically, in its own folder, with its backup beside it), and
    the link stays.

    Raises:
        FileChangedError: the file differs from what was loaded (unless ``force``),
            or what was loaded does not match the text it was loaded from.
        TripFileError: the file is a shape the writer cannot edit faithfully, or
            the trip would not load back as it is; nothing is written.
        OSError: the folder refused the write (disk full, read-only); the old
            file is left intact. :func:`~planner.storage.atomic.describe_write_error` says it plainly.
    """
    path = loaded.path
    name = str(path)
    try:
        # The trip as its file holds it (the layout checked too): what the merge starts from.
        old = parse_trip(loaded.text, name)
        if old != loaded.trip:
            raise FileChangedError(
                path, f"{path} does not hold the trip that was loaded (a stale or damaged cache?); nothing was written"
            )
        text = render(trip, old, loaded.text, file=name)
        checked = parse_trip(text, name)
        if not _same_trip(checked, trip):
            raise TripFileError(
                [Problem(name, None, "", "saving would not give back the trip as edited (a writer bug?)")]
            )
    except TripFileError as exc:
        raise TripFileError([_not_written(p) for p in exc.problems]) from None
    except FileChangedError:
        raise
    except Exception as exc:  # tomlkit or the merge failed: say so, write nothing
        raise TripFileError(
            [Problem(name, None, "", f"cannot be saved ({type(exc).__name__}: {exc}); nothing was written")]
        ) from None
    data = text.encode("utf-8")
    target = _write_target(path)
    with folder_lock(target.parent):
        current = read_current(target)
        if not force and current != loaded.text.encode("utf-8"):
            raise FileChangedError(path)
        if current != data:
            remove_stale_temps(target)

            def unchanged() -> None:
                if read_current(target) != current:
                    raise FileChangedError(path)

            mode = None
            if current is not None:
                with contextlib.suppress(OSError):
                    mode = stat.S_IMODE(target.stat().st_mode)
                atomic_write(backup_path(target), current, mode=mode)
            atomic_write(target, data, mode=mode, before_replace=unchanged)
    return LoadedTrip(path, text, checked)


def _not_written(problem: Problem) -> Problem:
    return replace(problem, message=f"{problem.message}; nothing was written")


def _write_target(path: Path) -> Path:
    """The file a save replaces: ``path``, or the file a symbolic link ``path`` points to (even through links)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def create(path: Path, trip: Trip, *, like: LoadedTrip | None = None) -> LoadedTrip:
    """Write a new trip file; refuses to replace an existing one, or a symbolic link (FileExistsError).

    ``like``: the file this one is a copy of ("save as"): its text is the
    starting point, so its comments, layout and number formatting carry over
    and only what differs is rewritten (as :func:`save` does). Without it, or
    when its text does not hold its trip, a fresh file is written.
    """
    tables: dict[str, Any] | None = None
    try:
        tables = _tables(trip)
        text = fresh.document(tables["trip"], [(name, tables.get(name, [])) for name in SECTIONS])
        if like is not None:
            with contextlib.suppress(TripFileError):
                old = parse_trip(like.text, str(like.path))
                if old == like.trip:
                    text = render(trip, old, like.text, file=str(path))
                    tables = None  # the copy's text: read back in full
    except Exception as exc:  # a value the writer cannot write: say so, write nothing
        raise TripFileError(
            [Problem(str(path), None, "", f"cannot be written ({type(exc).__name__}: {exc}); nothing was written")]
        ) from None
    checked = _read_back(text, str(path), trip, tables)
    if like is not None and not _same_trip(checked, trip):  # the copy's text must give back the trip
        text = render(trip)
        checked = parse_trip(text, str(path))

    def absent() -> None:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, f"{path} already exists")

    with folder_lock(path.parent):
        absent()
        atomic_write(path, text.encode("utf-8"), before_replace=absent)
    return LoadedTrip(path, text, checked)
