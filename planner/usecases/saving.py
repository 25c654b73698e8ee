"""Saving an editing session's trips: each file write and what came of it, as a value to show.

The writes run in a worker thread while the screen stays responsive, so these
functions only read the session and touch the disk; the caller records a
success on the session afterwards (:meth:`Session.mark_saved`,
:meth:`Session.adopt_copy`), back on the thread that owns it. Failures are
returned rather than raised, so the screen only chooses how to say them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planner.model.trip import Trip
from planner.storage import FileChangedError, LoadedTrip, TripFileError, create, describe_write_error, load_file, save
from planner.usecases.editing import Session
from planner.usecases.export import ExportPlan, stamped_base
from planner.usecases.merging import MergePlan, plan_merge

Failure = Literal["changed-on-disk", "exists", "invalid", "write-failed"]
"""Why a trip was not written: its file changed since it was read, the new file exists,
the trip cannot be written as a trip file, or the disk refused."""


@dataclass(frozen=True)
class Written:
    """What came of writing one trip: ``loaded`` when it is on disk, else ``failure`` and ``reason``."""

    trip: Trip
    """The trip as written (or as it was meant to be)."""
    path: Path
    loaded: LoadedTrip | None = None
    failure: Failure | None = None
    reason: str = ""
    """Why, in words, for "invalid" and "write-failed"."""


def write_trip(session: Session, trip_id: str) -> Written:
    """Save the trip as edited over its file; the caller then calls ``session.mark_saved`` on success."""
    trip = session.trips[trip_id]
    loaded = session.loaded[trip_id]
    try:
        return Written(trip, loaded.path, loaded=save(loaded, trip))
    except FileChangedError:
        return Written(trip, loaded.path, failure="changed-on-disk")
    except TripFileError as exc:
        return Written(trip, loaded.path, failure="invalid", reason=str(exc))
    except OSError as exc:
        return Written(trip, loaded.path, failure="write-failed", reason=describe_write_error(exc))
    except Exception as exc:  # never end the session over a save: the edits stay, unsaved
        return Written(
            trip,
            loaded.path,
            failure="invalid",
            reason=f"cannot be saved ({type(exc).__name__}: {exc}); nothing was written",
        )


def merge_with_disk(session: Session, trip_id: str) -> tuple[LoadedTrip, MergePlan]:
    """Read the trip's file as it is now and plan merging it with the edits here.

    Raises:
        TripFileError: the file as it is now cannot be read as a trip.
    """
    theirs = load_file(session.loaded[trip_id].path)
    return theirs, plan_merge(session.loaded[trip_id].trip, session.trips[trip_id], theirs.trip)


def write_copy(path: Path, copy: Trip, like: LoadedTrip | None = None) -> Written:
    """Write ``copy`` (see :meth:`Session.copy_as`) as the new file ``path``, never over an existing one.

    ``like``: the original's file, whose comments and number formatting the copy keeps.
    """
    try:
        return Written(copy, path, loaded=create(path, copy, like=like))
    except FileExistsError:
        return Written(copy, path, failure="exists")
    except TripFileError as exc:
        return Written(copy, path, failure="invalid", reason=str(exc))
    except OSError as exc:
        return Written(copy, path, failure="write-failed", reason=describe_write_error(exc))
    except Exception as exc:  # never end the session over a save: the edits stay, unsaved
        return Written(
            copy, path, failure="invalid", reason=f"cannot be saved ({type(exc).__name__}: {exc}); nothing was written"
        )


def write_stamps(session: Session, plan: ExportPlan) -> dict[str, Written]:
    """Record an export's stamps in each changed trip's file (only those keys; in a worker thread).

    The caller then calls :meth:`Session.record_export` for each success.
    A file changed on disk is left alone ("changed-on-disk"): the export
    stands, and its stamps are recorded by the next export.
    """
    out: dict[str, Written] = {}
    for stamped in plan.trips:
        if stamped.id not in plan.changed or stamped.id not in session.loaded:
            continue
        loaded = session.loaded[stamped.id]
        base = stamped_base(loaded.trip, stamped)
        try:
            out[stamped.id] = Written(stamped, loaded.path, loaded=save(loaded, base))
        except FileChangedError:
            out[stamped.id] = Written(stamped, loaded.path, failure="changed-on-disk")
        except TripFileError as exc:
            out[stamped.id] = Written(stamped, loaded.path, failure="invalid", reason=str(exc))
        except OSError as exc:
            out[stamped.id] = Written(stamped, loaded.path, failure="write-failed", reason=describe_write_error(exc))
    return out
