"""Trip files on disk: TOML <-> model, validation with file and line, atomic saving."""

from planner.storage.errors import FileChangedError, Problem, TripFileError
from planner.storage.reader import parse_trip
from planner.storage.workspace import Workspace, load_file, load_workspace
from planner.storage.writer import LoadedTrip, atomic_write, backup_path, create, describe_write_error, render, save

__all__ = [
    "FileChangedError",
    "LoadedTrip",
    "Problem",
    "TripFileError",
    "Workspace",
    "atomic_write",
    "backup_path",
    "create",
    "describe_write_error",
    "load_file",
    "load_workspace",
    "parse_trip",
    "render",
    "save",
]
