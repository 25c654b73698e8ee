"""Problems found in a trip file, each with the file, line and key path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a trip file, located as precisely as possible."""

    file: str
    line: int | None
    """1-based line number, or ``None`` when the key cannot be found in the text."""
    path: str
    """Key path such as ``events[3].tz`` (``events[3]`` is the fourth ``[[events]]``)."""
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class TripFileError(Exception):
    """A trip file could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class FileChangedError(Exception):
    """The file on disk changed since it was loaded; saving would overwrite someone's edit."""

    def __init__(self, path: Path, why: str = ""):
        self.path = path
        # Said the same to every front end: the TUI offers its own choices (reload, save as),
        # the command line says to run the command again.
        super().__init__(why or f"{path} changed on disk since it was read, so it was not overwritten")
