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
from planner.storage import FileChangedError, LoadedTrip, TripFileError, create, describe_write_error, save
from planner.usecases.editing import Session

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


def write_copy(path: Path, copy: Trip) -> Written:
    """Write ``copy`` (see :meth:`Session.copy_as`) as the new file ``path``, never over an existing one."""
    try:
        return Written(copy, path, loaded=create(path, copy))
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
