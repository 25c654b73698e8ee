"""The read-only view of a workspace from its cache index alone, for ``planner trips``, ``list`` and ``agenda``.

:func:`open_catalog` reads no trip file: it trusts the index of
:mod:`planner.storage.cache` only when it is complete and lists exactly the
``*.toml`` files of the folder (but hidden ones, as a full load), each with an
unchanged ``stat`` signature, as git and make decide what changed. Any edit,
save, ``touch``, rename, added or removed file changes a signature (the change time moves whenever a file is
written, even when its modification time is put back), and then the command
loads the workspace in full, which rewrites the index. A file changed less
than :data:`~planner.storage.cache.RACY_SECONDS` before the load that indexed
it gets no signature: a second edit within the same tick of a coarse
file-system clock could leave every field equal, so until a later load sees it
settled, this fast way is not taken for that workspace.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.storage import cache
from planner.storage.cache_days import read_days
from planner.storage.cachedir import cache_folders, usable
from planner.storage.regular import Signature, same_trip_files

SLACK = timedelta(days=3)
"""Days around a window in which a trip's own dates still count (an instant's day differs by two at most between zones)."""

if TYPE_CHECKING:
    from planner.model.summary import TripSummary
    from planner.model.trip import Trip
    from planner.storage.cache_days import DayIndex


class Catalog:
    """The trips of a workspace as its cache index describes them, for commands that only read.

    Made by :func:`open_catalog` only when every trip file is unchanged since a
    load that found no problem, so it answers as a full load would: the same
    trips in the same order. Trips are unpickled when first asked for, so
    ``planner trips`` reads none and ``planner agenda DAY`` only those whose
    days can include ``DAY``.
    """

    def __init__(
        self,
        folder: Path,
        dir_: Path,
        identity: dict[str, Any],
        records: tuple[cache.Record, ...],
        summaries: list[TripSummary],
    ):
        self.folder = folder
        self._dir = dir_
        self._identity = identity
        self._records = records
        self.summaries = summaries
        self._trips: dict[int, Trip] = {}
        self._indexes: dict[int, DayIndex | None] = {}

    def signatures(self) -> tuple[tuple[str, Signature | None], ...]:
        """Each trip file's name and the ``stat`` signature it was found with (what :mod:`~planner.storage.answers` keeps)."""
        return tuple((name, sig) for name, _sha, sig, _summary in self._records)

    @property
    def trips(self) -> list[Trip]:
        """Every trip, in file-name order."""
        return [self._trip(i) for i in range(len(self._records))]

    def trip(self, trip_id: str) -> Trip | None:
        for i, summary in enumerate(self.summaries):
            if summary.id == trip_id:
                return self._trip(i)
        return None

    def trips_on(self, day: date, person: str | None = None) -> list[Trip]:
        """The trips, in order, that can have an occurrence on ``day`` (in any zone), and those describing ``person``.

        The second kind is there for an agenda's "personal agenda of ...": the
        name comes from the first trip, in file order, that describes the person.
        Each trip holds only the events that can fall on the day (and those on
        no day), from its day index (see :meth:`trips_between`).
        """
        return [
            self._window(i, day, day)
            for i, s in enumerate(self.summaries)
            if s.may_fall_on(day) or (person is not None and person in s.people)
        ]

    def trips_between(self, start: date, end: date, person: str | None = None) -> list[Trip]:
        """The trips, in order, that can have something to list from ``start`` to ``end``, each with only that.

        A trip is kept when an occurrence of its events can fall in the window
        (its summary's days), or its own dates meet the window (its months and
        unscheduled items are listed then), or it describes ``person``. It
        holds only the events that can fall in the window and those on no day,
        from its day index (:mod:`planner.storage.cache_days`), unpickling only
        those; the whole trip when its index is missing or damaged.
        Occurrences, agendas and filters over the window come out as over the
        whole trips.
        """
        lo, hi = start - SLACK, end + SLACK
        return [
            self._window(i, start, end)
            for i, s in enumerate(self.summaries)
            if s.days is None
            or (s.days[0] <= end.toordinal() and start.toordinal() <= s.days[1])
            or (s.first <= hi and lo <= s.last)
            or (person is not None and person in s.people)
        ]

    def _window(self, i: int, start: date, end: date) -> Trip:
        if i not in self._trips:
            if i not in self._indexes:
                self._indexes[i] = read_days(self._dir, self._identity, self._records[i][1])
            index = self._indexes[i]
            if index is not None:
                try:
                    return index.between(start, end)
                except Exception:
                    self._indexes[i] = None  # damaged: the whole trip, below
        return self._trip(i)

    def _trip(self, i: int) -> Trip:
        trip = self._trips.get(i)
        if trip is None:
            name, sha, _sig, _summary = self._records[i]
            trip = cache.read_trip(self._dir, self._identity, sha)
            if trip is None:
                trip = self._reparse(name, sha)
            self._trips[i] = trip
        return trip

    def _reparse(self, name: str, sha: str) -> Trip:
        """A missing or damaged trip entry: the file is parsed, as a full load would, and the entry written again."""
        from planner.storage import files, reader

        path = self.folder / name
        raw, text, _st = files.read_stat(path)
        trip = reader.parse_trip(text, str(path))
        if files.digest(raw) == sha:  # the file is still what the index says: repair the entry
            with contextlib.suppress(Exception):
                cache.write_cache_file(self._dir / f"{sha}.trip", cache.seal_trip(self._identity, sha, trip))
        return trip


def open_catalog(folder: Path) -> Catalog | None:
    """A :class:`Catalog` of ``folder`` from its cache index alone, or ``None`` when that cannot be trusted.

    ``None`` (and the caller loads the workspace in full) unless the cache is
    on, its folders are private (:mod:`planner.storage.cachedir`), the index is intact, made by this version, complete, and lists
    exactly the folder's trip files, each with its ``stat`` signature
    unchanged.
    """
    if not cache.enabled():
        return None
    try:
        return _open_catalog(folder)
    except Exception:
        return None


def _open_catalog(folder: Path) -> Catalog | None:
    folders = cache_folders(folder)
    if not usable(folders):
        return None
    dir_ = folders[-1]
    try:
        blob = (dir_ / cache.INDEX).read_bytes()
    except OSError:
        return None
    identity = cache.cache_identity(folder)
    complete, records, summaries = cache.decode_index(blob, identity)
    if not complete or not folder.is_dir():
        return None
    # Exactly the files a full load lists, each unchanged.
    if not same_trip_files(folder, [(name, sig) for name, _sha, sig, _summary in records]):
        return None
    return Catalog(folder, dir_, identity, records, summaries)
