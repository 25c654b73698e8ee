"""Trip files on disk: TOML <-> model, validation with file and line, atomic saving.

The names below are imported on first use (PEP 562): a command that finds its
trips in the cache (:mod:`planner.storage.cache`) never loads the TOML reader,
the writer or the zone checks, and importing them all up front would cost
every command start-up time.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "FileChangedError": "errors",
    "Problem": "errors",
    "TripFileError": "errors",
    "parse_trip": "reader",
    "Workspace": "workspace",
    "load_file": "workspace",
    "load_workspace": "workspace",
    "LoadedTrip": "writer",
    "atomic_write": "writer",
    "backup_path": "writer",
    "create": "writer",
    "describe_write_error": "writer",
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'planner.storage' has no attribute {name!r}")
    value = getattr(import_module(f"planner.storage.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
