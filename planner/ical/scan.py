"""The structure of an .ics file: unfolded content lines, properties and BEGIN/END components (:func:`scan`).

Structure is checked here rather than by icalendar's parser so that every
error names the line it is on. Messages hold ``{file}``, which
:func:`planner.ical.values.parse` fills in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Calendar files larger than this are refused before reading."""
MAX_LINE_CHARS = 256 * 1024
"""Longest content line (after unfolding) accepted; a summary is never near this."""
MAX_ITEMS = 20_000
MAX_DEPTH = 6

_NAME = re.compile(r"[A-Za-z0-9-]+")


class IcsError(Exception):
    """A calendar file cannot be imported; ``messages`` each name the file and line."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(slots=True)
class Prop:
    name: str
    params: dict[str, str]
    value: str
    line: int
    raw: str = ""
    """The content line as written (unfolded)."""


@dataclass
class Component:
    name: str
    line: int
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def first(self, name: str) -> Prop | None:
        for p in self.props:
            if p.name == name:
                return p
        return None

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def raw_lines(self) -> list[str]:
        """The component as its (unfolded) content lines, BEGIN to END."""
        out = [f"BEGIN:{self.name}", *(p.raw for p in self.props)]
        for child in self.children:
            out += child.raw_lines()
        return [*out, f"END:{self.name}"]


def unescape(value: str) -> str:
    r"""TEXT value with ``\n``, ``\,``, ``\;`` and ``\\`` unescaped.

    >>> unescape(r"Lotte Hotel\, Seoul\nroom 3\\4")
    'Lotte Hotel, Seoul\nroom 3\\4'
    """
    if "\\" not in value:
        return value  # most values: nothing to unescape
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    out: list[tuple[int, str]] = []
    parts: list[str] = []
    start = 0
    size = 0
    for n, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if raw[:1] in (" ", "\t") and parts:
            parts.append(raw[1:])
            size += len(raw) - 1
        else:
            if parts:
                out.append((start, "".join(parts)))
            parts, start, size = [raw], n, len(raw)
        if size > MAX_LINE_CHARS:
            name = _NAME.match(parts[0])
            what = name.group(0).upper() if name else "a line"
            raise IcsError(
                [
                    (
                        f"{{file}}:{start}: {what} is longer than {MAX_LINE_CHARS // 1024} KB; "
                        "not a real calendar entry (the file is refused)"
                    )
                ]
            )
    if parts:
        out.append((start, "".join(parts)))
    return [(n, s) for n, s in out if s.strip()]


_SIMPLE = re.compile(r"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=[^\";:]*)*):", re.ASCII)
"""A line's name and parameters when no value is quoted: :func:`_split`'s common case, read in one match."""


def _split(line: str, n: int) -> Prop:
    simple = _SIMPLE.match(line)
    if simple is not None:
        name, params_text = simple.groups()
        params: dict[str, str] = {}
        if params_text:
            for param in params_text[1:].split(";"):
                key, _, value = param.partition("=")
                params[key.upper()] = value
        return Prop(name.upper(), params, line[simple.end() :], n, line)
    return _split_quoted(line, n)


def _split_quoted(line: str, n: int) -> Prop:
    """A line with quoted parameter values (``CN="Kim, H."``), or a malformed one, read character by character."""
    m = _NAME.match(line)
    if not m:
        raise IcsError([f"{{file}}:{n}: not an iCalendar content line: {line[:60]!r}"])
    name = m.group(0).upper()
    i = m.end()
    params: dict[str, str] = {}
    while i < len(line) and line[i] == ";":
        pm = _NAME.match(line, i + 1)
        if not pm or pm.end() >= len(line) or line[pm.end()] != "=":
            raise IcsError([f"{{file}}:{n}: {name}: malformed parameter"])
        key = pm.group(0).upper()
        i = pm.end() + 1
        values = []
        while True:
            if i < len(line) and line[i] == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise IcsError([f"{{file}}:{n}: {name}: unclosed quote in parameter {key}"])
                values.append(line[i + 1 : close])
                i = close + 1
            else:
                j = i
                while j < len(line) and line[j] not in ",;:":
                    j += 1
                values.append(line[i:j])
                i = j
            if i < len(line) and line[i] == ",":
                i += 1
                continue
            break
        params[key] = ",".join(values)
    if i >= len(line) or line[i] != ":":
        raise IcsError([f"{{file}}:{n}: {name}: missing ':' before the value"])
    return Prop(name, params, line[i + 1 :], n, line)


def _shown(name: str) -> str:
    """A component name as an error message may quote it: short, and control characters escaped."""
    return name[:40] if _NAME.fullmatch(name[:40] or "-") else repr(name[:40])


def scan(text: str) -> Component:
    """The VCALENDAR tree of ``text``, checking BEGIN/END nesting; errors hold ``{file}``."""
    lines = _content_lines(text)
    if not lines:
        raise IcsError(["{file}: the file is empty"])
    stack: list[Component] = []
    root: Component | None = None
    count = 0
    for n, line in lines:
        prop = _split(line, n)
        if prop.name == "BEGIN":
            name = _shown(prop.value.strip().upper())
            if not stack and root is not None:
                raise IcsError([f"{{file}}:{n}: BEGIN:{name} after END:VCALENDAR"])
            if not stack and name != "VCALENDAR":
                raise IcsError([f"{{file}}:{n}: the file should start with BEGIN:VCALENDAR, not BEGIN:{name}"])
            if len(stack) >= MAX_DEPTH:
                raise IcsError([f"{{file}}:{n}: components nested too deep"])
            count += 1
            if count > MAX_ITEMS:
                raise IcsError([f"{{file}}:{n}: more than {MAX_ITEMS} components; not an itinerary"])
            comp = Component(name, n)
            if stack:
                stack[-1].children.append(comp)
            else:
                root = comp
            stack.append(comp)
        elif prop.name == "END":
            name = _shown(prop.value.strip().upper())
            if not stack:
                raise IcsError([f"{{file}}:{n}: END:{name} without a matching BEGIN"])
            if stack[-1].name != name:
                open_ = stack[-1]
                raise IcsError(
                    [
                        (
                            f"{{file}}:{n}: END:{name} found, but BEGIN:{open_.name} on line "
                            f"{open_.line} is not closed (END:{open_.name} missing)"
                        )
                    ]
                )
            stack.pop()
        else:
            if not stack:
                where = "after END:VCALENDAR" if root is not None else "before BEGIN:VCALENDAR"
                raise IcsError([f"{{file}}:{n}: {prop.name} {where}"])
            stack[-1].props.append(prop)
    if stack:
        open_ = stack[-1]
        raise IcsError([f"{{file}}:{open_.line}: BEGIN:{open_.name} is never closed (END:{open_.name} missing)"])
    assert root is not None
    return root
