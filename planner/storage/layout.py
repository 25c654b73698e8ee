"""Which trip files the comment-keeping writer can edit faithfully, and why not, at file and line.

``tomllib`` (the reader) accepts some TOML that ``tomlkit`` (the writer) cannot
keep: a value or key nested over 100 levels (tomlkit refuses it), a section
written as an inline array (``events = [{...}]``, which the writer cannot edit
table by table), and ``[[events]]`` tables split up by other tables (tomlkit
gathers them, so a save would move tables away from their comments). Any such
file is refused with the line to change, when it is loaded and again before a
save, so an edit is never made that cannot be written.

The check proper (:func:`editable`) parses with tomlkit, which costs ten times
a ``tomllib`` parse; loading runs it only when a cheap look at the text and the
parsed data (:func:`worth_checking`) finds one of those shapes possible. The
writer always runs it, since it parses with tomlkit anyway; and it checks what
it wrote by reading it back (:func:`planner.storage.writer.save`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from planner.storage.errors import Problem, TripFileError
from planner.storage.todict import SECTIONS

if TYPE_CHECKING:
    import tomlkit

SUSPICIOUS_DEPTH = 32
"""Data nested deeper than this is checked with tomlkit at load (tomlkit stops at 100 levels)."""

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_\-]+)[^\n]*$", re.MULTILINE)


def worth_checking(text: str, data: dict[str, Any]) -> bool:
    """Whether ``text`` (parsed as ``data``) may be a shape :func:`editable` refuses; cheap.

    False positives only cost a tomlkit parse; anything missed here is still
    refused before a save writes a byte.
    """
    runs: list[str] = []
    headers: dict[str, int] = {}
    for m in _HEADER.finditer(text):
        name = m.group(2).strip("\"'")
        if not runs or runs[-1] != name:
            if name in runs:
                return True  # [[events]] ... [[people]] ... [[events]]
            runs.append(name)
        if m.group(1) == "[[":
            headers[name] = headers.get(name, 0) + 1
    for name in SECTIONS:
        items = data.get(name)
        if isinstance(items, list) and len(items) != headers.get(name, 0):
            return True  # an inline array, or headers the scan could not see
    return "x-" in text and _depth(data) > SUSPICIOUS_DEPTH


def _depth(value: Any) -> int:
    # Iterative: the data may be nested as deep as tomllib allows.
    deepest = 0
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def editable(text: str, file: str) -> tomlkit.TOMLDocument:
    """``text`` as a tomlkit document the writer can edit, keeping every comment in its place.

    Raises:
        TripFileError: tomlkit cannot parse it, would not give it back byte for
            byte, or a section is not written as ``[[name]]`` tables.
    """
    import tomlkit
    from tomlkit.exceptions import ParseError
    from tomlkit.items import AoT

    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        reason = str(exc).split(" at line ")[0]
        raise _refuse(file, exc.line, f"{reason}; the planner could not save this file, so it refuses it") from None
    except Exception as exc:  # RecursionError, or a tomlkit bug: the same answer
        raise _refuse(
            file, None, f"the planner could not save this file ({type(exc).__name__}), so it refuses it"
        ) from None
    if doc.as_string() != text:
        raise _refuse(
            file,
            _first_difference(text, doc.as_string()),
            "tables of one kind are split up by other tables (write all [[events]] together, "
            "then all [[people]], and so on); saving would move tables away from their comments",
        )
    for name in SECTIONS:
        if name in doc and not isinstance(doc[name], AoT):
            raise _refuse(
                file,
                _key_line(text, name),
                f"{name}: write each entry as its own [[{name}]] table, not as an inline array or a table",
            )
    return doc


def _refuse(file: str, line: int | None, message: str) -> TripFileError:
    return TripFileError([Problem(file, line, "", message)])


def _first_difference(a: str, b: str) -> int | None:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return n
    return None


def _key_line(text: str, name: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*(\[\[?[ \t]*)?[\"']?{re.escape(name)}\b")
    for n, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return n
    return None
