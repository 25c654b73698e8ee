"""Issue, InvalidTrip and the Checker that collects issues by key path while plain data becomes model objects.

A key path names a value in the plain data, as ``events[3].start`` (the
fourth entry of ``events``, its ``start``). Nothing here knows where the data
came from: each reader maps key paths to its own places (a TOML file's lines,
a calendar file's lines).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from planner.model.names import ID_RE, zone
from planner.model.when import YEARS


@dataclass(frozen=True)
class Issue:
    """One thing wrong in trip data, by key path."""

    path: str
    """Key path such as ``events[3].tz``; empty for the data as a whole."""
    message: str
    first: str = ""
    """For a duplicate, the key path of the first one, which a reader may locate for the message."""


class InvalidTrip(Exception):
    """Trip data could not become a trip; ``issues`` lists every reason found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(f"{i.path}: {i.message}" if i.path else i.message for i in issues))


@dataclass
class Checker:
    """Collects issues while converting one trip's data."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, path: str, message: str, first: str = "") -> None:
        self.issues.append(Issue(path, message, first))

    def get(
        self,
        table: dict,
        path: str,
        key: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        if key not in table:
            if required:
                self.add(path, f"missing required key '{key}'")
            return default
        value = table[key]
        if type(value) is kind:
            return value  # most values: of exactly the kind asked for (a bool only where a bool is asked for)
        # TOML's true is a Python int too: only accept it where a boolean is wanted.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.add(f"{path}.{key}", f"expected {_type_name(kind)}, got {_type_name(type(value))} {value!r:.60}")
            return default
        return value

    def text(self, table: dict, path: str, key: str, *, required: bool = False) -> str:
        value: str = self.get(table, path, key, str, required=required, default="")
        return value

    def ids(self, table: dict, path: str, key: str) -> tuple[str, ...]:
        values = self.get(table, path, key, list, default=[])
        out = []
        for i, v in enumerate(values):
            if not isinstance(v, str):
                self.add(f"{path}.{key}", f"item {i + 1} should be an id (text), got {v!r:.60}")
            else:
                # Interned: the same id in many events is then one string, which the trip
                # cache pickles once per trip instead of once per mention (a faster load).
                out.append(sys.intern(v))
        return tuple(out)

    def zone(self, table: dict, path: str, key: str, *, required: bool = False) -> tzinfo | None:
        name = self.get(table, path, key, str, required=required)
        if name is None:
            return None
        try:
            return zone(name)
        except ValueError as exc:
            self.add(f"{path}.{key}", str(exc))
            return None

    def unknown_keys(self, table: dict, path: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed and not key.startswith("x-"):
                hint = _closest(key, allowed)
                # A key may be any quoted text: quote it so a message stays one short line.
                shown = key if re.fullmatch(r"[A-Za-z0-9_\-]{1,60}", key) else repr(key[:60])
                self.add(f"{path}.{shown}", f"unknown key '{shown}'" + (f" (did you mean '{hint}'?)" if hint else ""))

    def check_id(self, table: dict, path: str) -> str:
        value = self.text(table, path, "id", required=True)
        if value and not ID_RE.fullmatch(value):
            self.add(f"{path}.id", f"id {value!r} should use lower-case letters, digits and '-' only")
        return value


def year_problem(year: int) -> str:
    """The message for a year outside :data:`~planner.model.when.YEARS`."""
    return f"the year {year} is not between {YEARS[0]} and {YEARS[-1]}; a typing mistake?"


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
        date: "a date",
        datetime: "a date-time",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib  # only a file with a mistake pays for loading it

    hits = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
    return hits[0] if hits else None
