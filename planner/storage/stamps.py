"""Recording export stamps in a trip file's text directly, without tomlkit: the fast path of a save.

``planner export`` changes nothing in a trip but each exported event's
``ical_*`` keys (SEQUENCE, digest, LAST-MODIFIED, an imported UID). The
comment-keeping merge of :mod:`planner.storage.writer` parses the whole file
with tomlkit for that, which is linear but slow: seconds for a thousand
events, most of a minute for a file of several megabytes. :func:`render_stamps`
makes the same edit on the text: for each changed event it finds that event's
``[[events]]`` table (the k-th ``[[events]]`` header is ``events[k]``; the
table ends at the next header line), replaces the value of an existing
``ical_x = ...`` line (its indentation, spacing and comment kept), or adds the
missing line where tomlkit adds a key: after the table's last line that is not
blank (a comment there included), indented as the header is. Values are
written as a new file writes them (:func:`planner.storage.fresh.value`), and
each line ends as the file's lines do (CRLF stays CRLF).

Anything unusual gives ``None``, and the writer's tomlkit merge runs instead:
a difference between the trips other than ``ical_*`` scalars, a removed key, a
header-like line that is not a plain ``[trip]`` or ``[[section]]`` header (a
sub-table, a quoted name, a line of a multi-line string or array), header
counts that do not match the trip (so no header line can hide in a string),
an ``ical_`` line the scan cannot read as ``key = scalar``, a key written
twice in one table, mixed line endings in a CRLF file. The text made is
parsed back and must give the intended trip, or it is not used.
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date

from planner.model.trip import Trip
from planner.storage import fresh
from planner.storage.errors import TripFileError
from planner.storage.reader import parse_trip
from planner.storage.todict import SECTIONS, event_data

_HEADER_LIKE = re.compile(r"^[ \t]*\[[^\n]*", re.MULTILINE)
_HEADER = re.compile(r"([ \t]*)\[(\[?)[ \t]*([A-Za-z0-9_-]+)[ \t]*(\]?)\][ \t]*(?:#[^\r\n]*)?\r?")
_ICAL_LIKE = re.compile(r"^[ \t]*[\"']?ical_[^\n]*", re.MULTILINE)
_SCALAR = "|".join(  # what an ical_ key holds: a string without escapes, an integer, a date-time
    (
        r'"[^"\\\r\n]*"',
        r"-?[0-9]+",
        "true",
        "false",
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9:.]+(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?",
    )
)
_ICAL_LINE = re.compile(rf"[ \t]*(ical_[a-z_]+)[ \t]*=[ \t]*({_SCALAR})[ \t]*(?:#[^\r\n]*)?\r?")
_OTHER_FIELDS = tuple(f.name for f in fields(Trip) if f.name != "events")


def render_stamps(new: Trip, old: Trip, text: str, file: str = "<trip>") -> str | None:
    """``text`` (which holds ``old``) with ``new``'s export stamps written in, or None to use the tomlkit merge."""
    if uses_crlf(text) and text.count("\n") != text.count("\r\n"):
        return None  # the tomlkit merge gives every line CRLF: leave that to it
    changes = _stamp_changes(new, old)
    if not changes:
        return None  # not the export case (an unchanged trip keeps the tomlkit path's checks too)
    out = _edit(text, old, changes)
    if out is None:
        return None
    try:
        checked = parse_trip(out, file)
    except TripFileError:
        return None
    return out if checked == new else None


def _stamp_changes(new: Trip, old: Trip) -> dict[int, list[tuple[str, str]]] | None:
    """Event index -> the ``(key, TOML value)`` pairs to write, in the order a new file lists them; None if
    the trips differ in anything but events' ``ical_*`` scalars."""
    if len(new.events) != len(old.events):
        return None
    if any(getattr(new, name) != getattr(old, name) for name in _OTHER_FIELDS):
        return None
    changes: dict[int, list[tuple[str, str]]] = {}
    for k, (a, b) in enumerate(zip(old.events, new.events, strict=True)):
        if a is b or a == b:
            continue
        before, after = event_data(old, a), event_data(new, b)
        if any(key not in after for key in before):
            return None
        edits = []
        for key, value in after.items():
            if before.get(key, _MISSING) == value:
                continue
            if not key.startswith("ical_") or not isinstance(value, (str, int, date)):
                return None
            written = fresh.value(value, top=True)
            if "\n" in written or "\r" in written:
                return None
            edits.append((key, written))
        if edits:
            changes[k] = edits
    return changes


_MISSING = object()


def _edit(text: str, old: Trip, changes: dict[int, list[tuple[str, str]]]) -> str | None:
    nl = "\r\n" if uses_crlf(text) else "\n"
    tables = _event_tables(text, old)
    if tables is None:
        return None
    pieces: list[str] = []
    done = 0
    for k in sorted(changes):
        start, end, indent = tables[k]
        found: dict[str, tuple[int, int]] = {}
        for m in _ICAL_LIKE.finditer(text, start, end):
            line = _ICAL_LINE.fullmatch(text, m.start(), m.end())
            if line is None or line.group(1) in found:
                return None
            found[line.group(1)] = line.span(2)
        added: list[str] = []
        replaced: list[tuple[int, int, str]] = []
        for key, value in changes[k]:
            if key in found:
                replaced.append((*found[key], value))
            else:
                added.append(f"{indent}{key} = {value}{nl}")
        replaced.sort()
        for a, b, value in replaced:
            pieces += [text[done:a], value]
            done = b
        if added:
            at, lead = _after_last_line(text, start, end)
            pieces += [text[done:at], nl if lead else "", *added]
            done = at
    pieces.append(text[done:])
    return "".join(pieces)


def _event_tables(text: str, old: Trip) -> list[tuple[int, int, str]] | None:
    """Each ``[[events]]`` table's ``(start, end, indentation)`` in ``text``, or None when the scan is unsure."""
    counts = {"trip": 0} | {name: 0 for name in SECTIONS}
    runs: list[str] = []
    starts: list[int] = []
    events: list[tuple[int, str]] = []
    for m in _HEADER_LIKE.finditer(text):
        h = _HEADER.fullmatch(text, m.start(), m.end())
        if h is None or h.group(3) not in counts:
            return None  # a sub-table, a quoted name, or a line of a string or array
        indent, double, name, closing = h.group(1, 2, 3, 4)
        if bool(double) != bool(closing) or bool(double) != (name != "trip"):
            return None
        if not runs or runs[-1] != name:
            if name in runs:
                return None  # tables of one kind split up: the tomlkit merge refuses that
            runs.append(name)
        counts[name] += 1
        starts.append(m.start())
        if name == "events":
            if indent.strip(" "):
                return None  # tomlkit indents added keys by the header's spaces only
            events.append((m.start(), indent))
    if counts["trip"] != 1 or any(counts[name] != len(getattr(old, name)) for name in SECTIONS):
        return None  # a header line the scan missed or took from a string
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    return [(start, ends[start], indent) for start, indent in events]


def _after_last_line(text: str, start: int, end: int) -> tuple[int, bool]:
    """Where a key added to the table ``text[start:end]`` goes (after its last line that is not blank),
    and whether a line break must come first (the file ends there without one)."""
    last = start + len(text[start:end].rstrip(" \t\r\n"))
    newline = text.find("\n", last, end)
    if newline == -1:
        return end, True
    return newline + 1, False


def uses_crlf(text: str) -> bool:
    """Whether the file's lines end in CRLF (as its first line does)."""
    end = text.find("\n")
    return end > 0 and text[end - 1] == "\r"
