"""The text of a brand-new trip file, written directly rather than through tomlkit.

A new file has no comments or layout to keep, so tomlkit's document model
(which costs seconds for a trip of 10,000 imported events) buys nothing. This
writes the layout :func:`planner.storage.writer.render` always gave a new
file: ``[trip]``, then each section as ``[[name]]`` tables after a blank line,
keys in the model's order, a string with a line break as a multi-line string,
and a list of more than three items one item a line.

Strings are TOML basic strings, escaped as tomlkit escapes them, except that
a carriage return is always written ``\\r`` (TOML readers turn a raw CRLF in
a multi-line string into a bare line feed), so every value loads back as it
was. Keys are the model's own, all bare.

:func:`proven` says whether a file's tables hold only values of the kinds
``tests/test_fresh_proof.py`` proves read back by ``tomllib`` as they were
written (a property test over any text, keys, numbers, dates, times and
nesting): for those, :func:`planner.storage.writer.create` need not parse
the text it writes to know it loads.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_BASIC = re.compile('[\x00-\x1f\x7f"\\\\]')
_MULTILINE = re.compile('[\x00-\x09\x0b-\x1f\x7f\\\\]|"""')
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _escape(match: re.Match[str]) -> str:
    s = match.group(0)
    if s == '"""':
        return '""\\"'
    return _ESCAPES.get(s) or f"\\u{ord(s):04x}"


def string(value: str) -> str:
    r'''A TOML basic string; one with a line break is multi-line, the breaks kept.

    >>> print(string('say "hi"\\there'))
    "say \"hi\"\\there"
    >>> print(string("line one\nline two"))
    """line one
    line two"""
    '''
    if "\n" not in value:
        return f'"{_BASIC.sub(_escape, value)}"'
    body = _MULTILINE.sub(_escape, value)
    if body.startswith("\n"):
        body = "\n" + body  # the line break right after the opening quotes is not part of the value
    return f'"""{body}"""'


def value(v: Any, *, top: bool = False) -> str:
    """One value as TOML: ``top`` for a key's own value (multi-line strings and long lists allowed)."""
    if isinstance(v, str):
        return string(v) if top else f'"{_BASIC.sub(_escape, v)}"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):  # a series' changed occurrence: an inline table
        return "{" + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        if top and (len(v) > 3 or any(isinstance(x, dict) for x in v)):
            return "[\n" + "".join(f"    {value(x)},\n" for x in v) + "]"
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} in a trip file")


def key(k: str) -> str:
    shown = _KEYS.get(k)
    if shown is None:
        shown = k if _BARE_KEY.fullmatch(k) else f'"{_BASIC.sub(_escape, k)}"'
        if len(_KEYS) < 1024:  # a trip file has a few dozen keys; anything else is not kept
            _KEYS[k] = shown
    return shown


_KEYS: dict[str, str] = {}


def table(header: str, data: dict[str, Any]) -> str:
    """``[header]`` (or ``[[name]]`` when given so) and its ``key = value`` lines."""
    lines = [header, "\n"]
    for k, v in data.items():
        kind = type(v)
        if kind is str and "\n" not in v:  # most values (10,000 events are written at once): as value() writes them
            shown = f'"{_BASIC.sub(_escape, v)}"'
        elif kind is datetime and v.tzinfo is None:
            shown = v.isoformat()
        else:
            shown = value(v, top=True)
        lines.append(f"{key(k)} = {shown}\n")
    return "".join(lines)


def document(trip: dict[str, Any], sections: list[tuple[str, list[dict[str, Any]]]]) -> str:
    """The whole file: the ``[trip]`` table, then each non-empty section's tables."""
    parts = [table("[trip]", trip)]
    for name, items in sections:
        parts.extend("\n" + table(f"[[{key(name)}]]", d) for d in items)
    return "".join(parts)


MAX_PROVEN_DEPTH = 8
"""Deepest nesting :func:`proven` accepts (a trip file's is 4: section, table, occurrences, occurrence)."""
_INT = range(-(2**63), 2**63)
_PLAIN = frozenset({str, bool, date})
_MINUTE = timedelta(minutes=1)
_KEY = frozenset({str})


def proven(trip: dict[str, Any], sections: list[tuple[str, list[dict[str, Any]]]]) -> bool:
    """Whether :func:`document` of these tables is within what the round-trip proof covers.

    That is: dicts with ``str`` keys, lists and tuples, nested at most
    :data:`MAX_PROVEN_DEPTH` deep, of ``str``, ``bool``, 64-bit ``int``,
    finite ``float``, ``date``, and ``datetime`` naive or with an offset of
    whole minutes (TOML has no seconds in an offset), each of exactly that
    type (a subclass may format itself otherwise). Text must also be UTF-8
    (no lone surrogate): the caller finds that out when it encodes the file.
    Anything else is read back by parsing, as before.
    """
    stack: list[tuple[Any, int]] = [(trip, 1)]
    stack.extend((items, 1) for _name, items in sections)
    plain = _PLAIN
    while stack:
        v, depth = stack.pop()
        t = type(v)
        if t in plain:
            continue
        if t is dict:
            if depth > MAX_PROVEN_DEPTH or not {*map(type, v)} <= _KEY:
                return False
            if {*map(type, v.values())} <= plain:
                continue  # most tables: text and dates only
            for x in v.values():
                tx = type(x)
                if tx in plain:
                    continue
                if tx is datetime:  # checked here, as below: an event's times and export stamp
                    if x.tzinfo is None:
                        continue
                    offset = x.utcoffset()
                    if offset is None or offset % _MINUTE:
                        return False
                    continue
                stack.append((x, depth + 1))
        elif t is list or t is tuple:
            if depth > MAX_PROVEN_DEPTH:
                return False
            stack.extend((x, depth + 1) for x in v if type(x) not in plain)
        elif t is datetime:
            offset = v.utcoffset()
            if v.tzinfo is not None and (offset is None or offset % _MINUTE):
                return False  # a zone with no offset, or seconds in it: TOML cannot say it
        elif t is int:
            if v not in _INT:
                return False
        elif t is float:
            if v != v or v in (float("inf"), float("-inf")):
                return False
        else:
            return False
    return True
