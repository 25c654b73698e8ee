"""Compact, restricted pickling of the model for the trip cache, so the model classes stay plain dataclasses.

Writing: :class:`ModelPickler` stores each model object by class and only the
fields that differ from their defaults, and zones by name. Reading:
:class:`ModelUnpickler` builds nothing but the model's classes, dates and
zones, and :class:`PlainUnpickler` no class at all.
"""

from __future__ import annotations

import copyreg
import io
import pickle
from dataclasses import MISSING, fields
from typing import Any

MODEL_CLASSES: dict[str, tuple[str, ...]] = {
    "planner.model.trip": ("Trip", "Event", "Person", "Organisation", "Place", "Source", "Override", "Recurrence"),
    "planner.model.when": ("Exact", "OnDate", "PartOfDay", "Span", "InMonth", "Unscheduled"),
}
"""The classes a cached trip is made of: pickled compactly, and the only ones of ours unpickled."""

_ALLOWED: dict[str, frozenset[str]] = {
    **{module: frozenset(names) for module, names in MODEL_CLASSES.items()},
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    __name__: frozenset({"zone"}),
    "builtins": frozenset({"tuple", "frozenset", "set"}),
}


def zone(key: str) -> Any:
    """How a zone comes back from the cache: by name, the same object ``ZoneInfo(key)`` gives."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(key)


def _compact(cls: type) -> Any:
    """The reducer of a model class: the class and the fields that differ from their defaults.

    A warm load is mostly unpickling events, and most of an event's nineteen
    fields keep their default: leaving those out makes the cache a sixth
    smaller and a load about a quarter faster. The object is rebuilt as pickle
    rebuilds any plain object (``cls.__new__``, then its ``__dict__``
    updated), so a left-out field has no instance value and reads the default
    the dataclass keeps on the class: it equals, hashes and prints exactly like
    the original. Only defaults the class really holds are left out.
    """
    defaults = {
        f.name: f.default
        for f in fields(cls)
        if f.default is not MISSING and cls.__dict__.get(f.name, MISSING) is f.default
    }
    newobj = copyreg.__newobj__  # type: ignore[attr-defined]  # pickle's NEWOBJ: the class, no arguments
    args = (cls,)

    def reduce(obj: Any) -> tuple[Any, ...]:
        state = {
            k: v
            for k, v in obj.__dict__.items()
            if k not in defaults or type(v) is not type(defaults[k]) or v != defaults[k]
        }
        return newobj, args, state

    return reduce


_DISPATCH: dict[type, Any] | None = None


def _dispatch_table() -> dict[type, Any]:
    """Reducers of the model classes and of zones; made on first use (the model and zoneinfo load only then)."""
    global _DISPATCH
    if _DISPATCH is None:
        import importlib
        from zoneinfo import ZoneInfo

        table: dict[type, Any] = {}
        for module, names in MODEL_CLASSES.items():
            loaded = importlib.import_module(module)
            for name in names:
                cls = getattr(loaded, name)
                table[cls] = _compact(cls)
        # ZoneInfo pickles through getattr(ZoneInfo, "_unpickle"), and getattr is no
        # thing to allow in an unpickler; zones are stored by name instead.
        table[ZoneInfo] = lambda z: (zone, (z.key,))
        _DISPATCH = table
    return _DISPATCH


class ModelPickler(pickle.Pickler):
    """Pickles the model compactly (see :func:`_compact`) and zones by name; anything else as pickle does."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = _dispatch_table()


def dumps(value: Any) -> bytes:
    """``value`` pickled by :class:`ModelPickler`."""
    buffer = io.BytesIO()
    ModelPickler(buffer).dump(value)
    return buffer.getvalue()


class ModelUnpickler(pickle.Unpickler):
    """Builds only the model's classes, dates and zones; anything else is refused."""

    def find_class(self, module: str, name: str) -> Any:
        found = _FOUND.get((module, name))
        if found is not None:  # a day's agenda unpickles its events one by one: each asks again
            return found
        if name in _ALLOWED.get(module, ()):
            found = _FOUND[(module, name)] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the trip cache")


_FOUND: dict[tuple[str, str], Any] = {}
"""The allowed classes found so far, by module and name."""


class PlainUnpickler(pickle.Unpickler):
    """Builds no class at all: for data of only strings, numbers, tuples and dicts."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the trip cache index")
