"""A workspace: a folder of trip files, loaded together and checked across files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.model.trip import Trip
from planner.storage.errors import Problem, TripFileError
from planner.storage.reader import MAX_FILE_BYTES, parse_trip
from planner.storage.writer import LoadedTrip


def load_file(path: Path) -> LoadedTrip:
    """Load one trip file, keeping its exact text for saving later.

    Raises:
        TripFileError: the file is unreadable, not UTF-8, not TOML, or not a valid trip.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TripFileError([Problem(name, None, "", f"file is {size // 1024 // 1024} MB, larger than a trip file can be ({MAX_FILE_BYTES // 1024 // 1024} MB)")])
        raw = path.read_bytes()
    except OSError as exc:
        raise TripFileError([Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TripFileError([Problem(name, line, "", "not UTF-8 text (save the file as UTF-8)")]) from None
    if text.startswith("\ufeff"):
        raise TripFileError([Problem(name, 1, "", "starts with a byte-order mark; save as UTF-8 without BOM")])
    return LoadedTrip(path, text, parse_trip(text, name))


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


def load_workspace(folder: Path) -> Workspace:
    """Load every ``*.toml`` in ``folder``.

    Raises:
        TripFileError: listing the problems of every broken file (all files are tried).
    """
    if not folder.is_dir():
        raise TripFileError([Problem(str(folder), None, "", "no such folder (give --dir or set PLANNER_DIR)")])
    ws = Workspace(folder)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            lt = load_file(path)
        except TripFileError as exc:
            problems.extend(exc.problems)
            continue
        other = ws.files.get(lt.trip.id)
        if other is not None:
            problems.append(Problem(str(path), 1, "trip.id", f"trip id {lt.trip.id!r} is already used by {other.path.name}"))
            continue
        ws.files[lt.trip.id] = lt
    if problems:
        raise TripFileError(problems)
    return ws
