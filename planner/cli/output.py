"""Where a command's output goes: rich's console, made only when something needs it, or plain text to a pipe.

Importing rich's console costs a short command more than everything else it
does (about 40 ms here), and when the output is a pipe or a file rich adds
nothing: no colours, no styles. So :func:`planner.cli.main` hands the
commands a :class:`LazyConsole`, and ``planner list`` and ``planner agenda``
ask :func:`plain_width` first: when rich would print plain text, they lay it
out themselves (:mod:`planner.text.grid`, the same text to the character) and
rich is never imported.
"""

from __future__ import annotations

import os
import sys
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
    # rich's Console.size: COLUMNS, else the first of stdin, stdout, stderr that is a terminal, else 80.
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if width > 0 else None


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
