"""Trip files on disk: TOML <-> model, validation with file and line, atomic saving.

The names below are imported on first use (PEP 562): a command that finds its
trips in the cache (:mod:`planner.storage.cache`) never loads the TOML reader,
the writer or the zone checks, and importing them all up front would cost
every command start-up time.
"""

from __future__ import annotations

from planner.lazy import lazy_names

_HOMES = {
    "FileChangedError": "errors",
    "Problem": "errors",
    "TripFileError": "errors",
    "parse_trip": "reader",
    "Workspace": "workspace",
    "load_file": "workspace",
    "load_workspace": "workspace",
    "atomic_write": "atomic",
    "backup_path": "atomic",
    "describe_write_error": "atomic",
    "LoadedTrip": "writer",
    "create": "writer",
    "render": "writer",
    "save": "writer",
}

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


__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals(), __all__)
