"""Importing a calendar file into a trip: read it, merge it by UID, write the trip file once.

The command line's ``planner import`` calls this; so will any other front end
that imports (a TUI dialog, a sync's pull). What it decides once: the size
limit of a calendar file, that a new trip is created only when the file holds
an event, that an existing trip file is written only when the merge changed
it, and that nothing is written at all when the file cannot be read.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from planner.ical.merge import Outcome
    from planner.storage.writer import LoadedTrip


class NothingToImport(ValueError):
    """The file holds no event, and there is no trip yet to merge into: no empty trip is created."""


def read_calendar(path: Path) -> bytes:
    """The bytes of a calendar file, refused (``ValueError``) past the reader's size limit.

    Raises ``OSError`` when the file cannot be read, or is not a regular file
    (a named pipe, a device such as ``/dev/zero``, a folder: nothing is read
    from it, and no read waits or goes on past the limit).
    """
    from planner.ical.reader import MAX_FILE_BYTES
    from planner.storage.regular import TooLarge, read_regular

    try:
        data, _st = read_regular(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        raise ValueError(
            f"{path}: {exc.size // 1024 // 1024} MB is more than a calendar "
            f"file can be ({MAX_FILE_BYTES // 1024 // 1024} MB)"
        ) from None
    return data


class TripFileTaken(FileExistsError):
    """A new trip's file appeared before the import could create it (another planner, most likely).

    ``holds`` is the trip id the file holds now (the same id when a
    concurrent import of the same trip won), or ``None`` when it cannot be
    read as a trip file.
    """

    def __init__(self, path: Path, trip_id: str, holds: str | None):
        super().__init__(errno.EEXIST, f"{path} already exists", str(path))
        self.path = path
        self.trip_id = trip_id
        self.holds = holds


def _held_id(path: Path) -> str | None:
    """The id of the trip in the file ``path``, or ``None`` when it is not a readable, valid trip file."""
    import stat

    from planner.storage import TripFileError, load_file

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # a FIFO would block the read
        held: str = load_file(path).trip.id
        return held
    except (OSError, TripFileError):
        return None


@dataclass(frozen=True)
class Imported:
    """What :func:`import_calendar` did."""

    target: Path
    """The trip file written (or left as it was, when nothing changed)."""
    created: bool
    """Whether the trip file is new."""
    outcome: Outcome
    """The merge: events added, updated, unchanged and skipped, and notices."""

    @property
    def verb(self) -> str:
        """``created``, ``updated`` or ``unchanged``: how a report names what happened to the trip file."""
        if self.created:
            return "created"
        return "updated" if (self.outcome.added or self.outcome.updated) else "unchanged"


def import_calendar(
    folder: Path, loaded: LoadedTrip | None, trip_id: str, data: bytes, source: str, *, tz: ZoneInfo | None = None
) -> Imported:
    """Merge the calendar ``data`` (named ``source`` in messages) into ``trip_id`` and write its file.

    ``loaded`` is the trip's file as loaded, or ``None`` for a new trip, which
    is written to ``folder/<trip_id>.toml``. Raises, with nothing written:
    ``IcsError`` (the file cannot be read as a calendar), :class:`NothingToImport`,
    ``FileChangedError`` (the trip file changed on disk since it was loaded),
    :class:`TripFileTaken` (a ``FileExistsError``: a new trip's file name is taken) and ``OSError``.
    """
    from planner.ical.reader import merge, parse
    from planner.storage import create, save

    parsed = parse(data, source)
    outcome = merge(parsed, source, trip_id, loaded.trip if loaded else None, tz=tz)
    if loaded is not None:
        if outcome.trip != loaded.trip:
            save(loaded, outcome.trip)
        return Imported(loaded.path, False, outcome)
    target = folder / f"{trip_id}.toml"
    if not outcome.added:
        raise NothingToImport(f"{source} holds no event to import, so no trip {trip_id!r} was created")
    try:
        create(target, outcome.trip)
    except FileExistsError:
        raise TripFileTaken(target, trip_id, _held_id(target)) from None
    return Imported(target, True, outcome)
