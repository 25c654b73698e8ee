"""Find the line of a key path (``events[3].tz``) in the text of a TOML file.

``tomllib`` gives values without positions, which is what makes it fast. When
a value is wrong, this finds where it was written, by scanning table headers
and ``key =`` lines. It understands the layout trip files use (tables and
arrays of tables with plain keys); for anything else it falls back to the
nearest enclosing header, or ``None``.

>>> text = "[trip]\\nid = 'x'\\n\\n[[events]]\\nid = 'a'\\n[[events]]\\nid = 'b'\\ntz = 'Mars/Base'\\n"
>>> Locator(text).line("events[1].tz")
8
>>> Locator(text).line("trip.id")
2
>>> Locator(text).line("events[1]")
6
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")
_PATH = re.compile(r"^([A-Za-z0-9_\-]+)(?:\[(\d+)\])?(?:\.(.+))?$")


class Locator:
    """Maps key paths to 1-based line numbers in one file's text."""

    def __init__(self, text: str):
        # Nothing is scanned until a line is asked for: files without problems never need it.
        self._text = text
        self._lines: list[str] = []
        self._blocks: list[tuple[str, int | None, int, int]] | None = None

    def _scan(self) -> list[tuple[str, int | None, int, int]]:
        if self._blocks is not None:
            return self._blocks
        self._lines = self._text.splitlines()
        # (name, index within array or None, first line, last line), 1-based
        self._blocks = []
        counts: dict[str, int] = {}
        current: tuple[str, int | None, int] | None = None
        in_multiline = False
        for n, raw in enumerate(self._lines, start=1):
            if raw.count('"""') % 2 == 1 or raw.count("'''") % 2 == 1:
                in_multiline = not in_multiline
                continue
            if in_multiline:
                continue
            m = _HEADER.match(raw)
            if not m:
                continue
            if current:
                self._blocks.append((*current, n - 1))
            name = m.group(2).strip().strip("\"'")
            if m.group(1) == "[[":
                idx = counts.get(name, 0)
                counts[name] = idx + 1
                current = (name, idx, n)
            else:
                current = (name, None, n)
        if current:
            self._blocks.append((*current, len(self._lines)))
        return self._blocks

    def line(self, path: str) -> int | None:
        """The line where ``path`` is written, else its table's header, else ``None``."""
        m = _PATH.match(path)
        if not m:
            return None
        table, idx, rest = m.group(1), m.group(2), m.group(3)
        index = int(idx) if idx is not None else None
        for name, i, first, last in self._scan():
            if name == table and i == index:
                if rest:
                    key = rest.split(".")[0].split("[")[0]
                    found = self._key_line(key, first + 1, last)
                    if found:
                        return found
                return first
        return None

    def _key_line(self, key: str, first: int, last: int) -> int | None:
        for n in range(first, last + 1):
            m = _KEY.match(self._lines[n - 1])
            if m and m.group(1).strip("\"'") == key:
                return n
        return None
