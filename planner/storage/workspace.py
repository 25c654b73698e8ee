"""A workspace: a folder of trip files, loaded together and checked across files."""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from planner.model.summary import TripSummary
from planner.model.trip import Trip
from planner.storage import files
from planner.storage.cache import TripCache, open_cache, signature
from planner.storage.errors import Problem, TripFileError
from planner.storage.reader import parse_trip
from planner.storage.regular import kind, trip_paths
from planner.storage.writer import LoadedTrip


def load_file(path: Path) -> LoadedTrip:
    """Load one trip file, keeping its exact text for saving later.

    Raises:
        TripFileError: the file is unreadable, not UTF-8, not TOML, or not a valid trip.
    """
    _raw, text = files.read(path)
    return LoadedTrip(path, text, parse_trip(text, str(path)))


def _load_cached(path: Path, cache: TripCache | None) -> LoadedTrip:
    """:func:`load_file`, taking the trip from ``cache`` when it was made from these exact bytes."""
    if cache is None:
        return load_file(path)
    now = time.time_ns()
    raw, text, st = files.read_stat(path)
    key = files.digest(raw)
    sig = signature(st, now)
    trip = cache.get(path.name, key, sig)
    if trip is None:
        trip = parse_trip(text, str(path))
        cache.put(path.name, key, sig, trip)
    return LoadedTrip(path, text, trip)


def missing_folder(folder: Path) -> Problem:
    """What is wrong with a workspace ``folder`` that is not a folder, naming the first link that leads nowhere."""
    hint = "give --dir or set PLANNER_DIR"
    for part in (*reversed(folder.parents), folder):
        if part.is_symlink() and not part.exists():
            target = os.readlink(part)
            return Problem(
                str(folder),
                None,
                "",
                f"{part} is a symbolic link to {target}, which does not exist "
                f"(create that folder, mount what holds it, or {hint})",
            )
    try:
        mode = folder.stat().st_mode
    except OSError:
        return Problem(str(folder), None, "", f"no such folder ({hint})")
    return Problem(str(folder), None, "", f"not a folder but {kind(mode)} ({hint})")


@dataclass
class Workspace:
    """The trips of one folder, by id, in file-name order."""

    folder: Path
    files: dict[str, LoadedTrip] = field(default_factory=dict)

    @property
    def trips(self) -> list[Trip]:
        return [lt.trip for lt in self.files.values()]

    def trip(self, trip_id: str) -> Trip | None:
        lt = self.files.get(trip_id)
        return lt.trip if lt else None

    @property
    def summaries(self) -> list[TripSummary]:
        """What ``planner trips`` lists, as :class:`~planner.storage.catalog.Catalog` gives it too."""
        return [TripSummary.of(t) for t in self.trips]

    def trips_on(self, day: date, person: str | None = None) -> list[Trip]:
        """Every trip: a superset of those that can fall on ``day``, as the catalog's answer is."""
        return self.trips

    def trips_between(self, start: date, end: date, person: str | None = None) -> list[Trip]:
        """Every trip, whole: a superset of what the catalog gives for the days ``start`` to ``end``."""
        return self.trips


def load_workspace(folder: Path) -> Workspace:
    """Load every ``*.toml`` in ``folder`` but the hidden ones (see :func:`planner.storage.regular.trip_paths`).

    Raises:
        TripFileError: listing the problems of every broken file (all files are tried).
    """
    if not folder.is_dir():
        raise TripFileError([missing_folder(folder)])
    ws = Workspace(folder)
    problems: list[Problem] = []
    # Trips parsed before, from the same bytes, come from the derived cache (see planner.storage.cache).
    # Loading makes a few hundred thousand objects and no garbage: the cyclic collector
    # would only walk them over and over (a third of the time), so it waits, and then
    # files them with the old objects (freeze + unfreeze) instead of walking them once more.
    cache = open_cache(folder)
    collecting = gc.isenabled()
    gc.disable()
    try:
        _load_all(folder, ws, cache, problems)
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
    if cache is not None:
        cache.save(complete=not problems)
    if problems:
        raise TripFileError(problems)
    return ws


def _load_all(folder: Path, ws: Workspace, cache: TripCache | None, problems: list[Problem]) -> None:
    for path in trip_paths(folder):
        try:
            lt = _load_cached(path, cache)
        except TripFileError as exc:
            problems.extend(exc.problems)
            continue
        other = ws.files.get(lt.trip.id)
        if other is not None:
            problems.append(
                Problem(str(path), 1, "trip.id", f"trip id {lt.trip.id!r} is already used by {other.path.name}")
            )
            continue
        ws.files[lt.trip.id] = lt
