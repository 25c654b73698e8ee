"""Where a command's output goes: rich's console, made only when something needs it, or text written directly.

Importing rich's console costs a short command about as much as everything
else it does (some 40 ms here). So :func:`planner.cli.main` hands the
commands a :class:`LazyConsole`, and ``planner list`` and ``planner agenda``
print through :func:`print_laid_out`: their output is laid out by
:mod:`planner.text.grid` (the same text as rich's, to the character) and
written as plain text to a pipe or a file, or with the escape codes rich's
``Style.render`` gives to a terminal, without importing rich's console. Only
what this module does not know as rich does (a variable forcing colours, a
dumb or Windows terminal, a style word it has no code for) goes through rich.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")
"""Environment variables with which rich may print styles to a pipe: then rich decides."""


class LazyConsole:
    """A ``rich.console.Console(**options)`` made on first use; until then nothing of rich is imported."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Any = None

    @property
    def made(self) -> bool:
        return self._console is not None

    def get(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def plain_width(console: Any) -> int | None:
    """The width rich would lay plain text out at on ``console``, or ``None`` when it would print styles.

    A console not made yet is judged as rich would judge it (standard output
    not a terminal, nothing in the environment forcing styles, UTF-8), without
    making it; a rich console by its own answers.
    """
    if isinstance(console, LazyConsole) and not console.made:
        if console._options.get("file") is not None or console._options.get("stderr"):
            return None
        return _plain_stdout_width()
    console = console.get() if isinstance(console, LazyConsole) else console
    if console.color_system is not None or console.record or console.legacy_windows:
        return None
    if not console.encoding.startswith("utf"):
        return None
    width: int = console.width
    return width if width > 0 else None


def output_file(console: Any) -> TextIO:
    """The file ``console`` writes to."""
    if isinstance(console, LazyConsole) and not console.made:
        return sys.stdout
    file: TextIO = console.file
    return file


def _plain_stdout_width() -> int | None:
    environ = os.environ
    if any(name in environ for name in FORCING) or "idlelib" in getattr(sys.stdin, "__module__", ""):
        return None
    out = sys.stdout
    try:
        if out is None or out.isatty():
            return None
    except ValueError:
        return None
    if not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    return _rich_width()


def write_styled(console: Any, lines: list[list[tuple[str, str]]]) -> bool:
    """Write laid-out lines to a terminal ``console`` with rich's styles, without rich's rendering pipeline.

    Each span becomes the escape codes rich's ``Style.render`` gives it for the
    console's colour system (``NO_COLOR`` respected); ``False`` (nothing
    written) for a console this does not know how to write to: a recording
    one, legacy Windows, no colour system.
    """
    con = console.get() if isinstance(console, LazyConsole) else console
    from rich.color import ColorSystem

    systems = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR}
    system = systems.get(con.color_system or "")
    if system is None or con.record or con.legacy_windows:
        return False
    rendered: dict[str, Any] = {}

    def render(text: str, style: str) -> str:
        if not style:
            return text
        found = rendered.get(style)
        if found is None:
            found = con.get_style(style)
            if con.no_color:
                found = found.without_color
            rendered[style] = found
        result: str = found.render(text, color_system=system)
        return result

    out = con.file
    out.write("".join("".join(render(text, style) for text, style in line) + "\n" for line in lines))
    out.flush()
    return True


SGR_ATTRIBUTES = (("bold", "1"), ("dim", "2"), ("italic", "3"), ("underline", "4"), ("reverse", "7"), ("strike", "9"))
"""Style words and their SGR codes, in the order rich writes them."""
SGR_COLORS = {
    "black": "30",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
    "white": "37",
}
"""The standard colours: rich writes them with these codes in every colour system."""


def sgr_codes(style: str, no_color: bool = False) -> str | None:
    """The codes rich's ``Style.parse(style).render`` writes (``""`` for none), or ``None`` for a word not known here."""
    words = style.split()
    attributes = {word for word in words if word in dict(SGR_ATTRIBUTES)}
    colors = [word for word in words if word in SGR_COLORS]
    if len(attributes) + len(colors) != len(words) or len(colors) > 1:
        return None
    codes = [code for word, code in SGR_ATTRIBUTES if word in attributes]
    if colors and not no_color:
        codes.append(SGR_COLORS[colors[0]])
    return ";".join(codes)


def _own_terminal_width() -> int | None:
    """The width of standard output when it is a terminal rich would write standard colours to, else ``None``."""
    environ = os.environ
    if sys.platform == "win32" or any(name in environ for name in FORCING):
        return None
    if environ.get("TERM", "").strip().lower() in ("dumb", "unknown"):
        return None
    out = sys.stdout
    try:
        if out is None or not out.isatty():
            return None
    except ValueError:
        return None
    if not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    return _rich_width()


def _rich_width() -> int | None:
    """The width rich's Console would take: COLUMNS, else the first of stdin, stdout, stderr that is a terminal, else 80."""
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if width > 0 else None


def ansi_text(lines: list[list[tuple[str, str]]], no_color: bool = False) -> str | None:
    """The lines with each span's escape codes as rich writes them; ``None`` if a style is not known here."""
    found: dict[str, str | None] = {}
    out = []
    for line in lines:
        for text, style in line:
            if not style or not text:
                out.append(text)
                continue
            codes = found[style] if style in found else found.setdefault(style, sgr_codes(style, no_color))
            if codes is None:
                return None
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        out.append("\n")
    return "".join(out)


def print_laid_out(console: Any, blocks: Callable[[Any], list[Any]]) -> bool:
    """Print ``blocks(cells)`` laid out by :mod:`planner.text.grid`; ``False`` (nothing printed) to leave it to rich.

    To a pipe or a file: plain text. To a terminal: with the escape codes rich
    would write, without rich's console when this module knows the terminal as
    rich would, else through :func:`write_styled`.
    """
    import rich.cells

    from planner.text.grid import lay_out, lay_out_text

    width = plain_width(console)
    if width is not None:
        plain = lay_out_text(blocks(rich.cells), width, rich.cells)
        if plain is None:
            return False
        text = plain
    else:
        fresh = isinstance(console, LazyConsole) and not console.made
        width = _own_terminal_width() if fresh else None
        if width is None:
            con = console.get() if isinstance(console, LazyConsole) else console
            lines = lay_out(blocks(rich.cells), con.width, rich.cells)
            return lines is not None and write_styled(con, lines)
        lines = lay_out(blocks(rich.cells), width, rich.cells)
        styled = None if lines is None else ansi_text(lines, no_color=os.environ.get("NO_COLOR", "") != "")
        if styled is None:
            return False
        text = styled
    out = output_file(console)
    out.write(text)
    out.flush()
    return True
