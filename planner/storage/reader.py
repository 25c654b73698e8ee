"""Read a trip file (TOML) into a :class:`~planner.model.Trip`, each problem located at its file and line.

Parsing uses the standard library's ``tomllib``, which is fast and strict;
comments and layout only matter when saving, which re-reads the text with
``tomlkit`` (see :mod:`planner.storage.writer`); a file ``tomlkit`` could not
edit faithfully is refused here already (:mod:`planner.storage.layout`). Checking the data is the
model's (:mod:`planner.model.validate`), which names each problem by key path;
this module turns key paths into lines of the file with its
:class:`~planner.storage.locate.Locator`.
"""

from __future__ import annotations

import re
import tomllib

from planner.model.checker import InvalidTrip, Issue
from planner.model.trip import Trip
from planner.model.validate import build_trip as build_from_data
from planner.storage import layout
from planner.storage.errors import Problem, TripFileError
from planner.storage.locate import Locator

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Trip files larger than this are refused before parsing (a trip is kilobytes)."""


def parse_trip(text: str, file: str = "<trip>") -> Trip:
    """Parse and validate the text of one trip file.

    Raises:
        TripFileError: listing every problem, each with file, line and key path.
    """
    return build_trip(parse_data(text, file), file, Locator(text))


def parse_data(text: str, file: str = "<trip>") -> dict:
    """The tables of one trip file's text, not yet validated (:func:`build_trip` does that).

    Raises:
        TripFileError: the text is too large, not TOML, or a layout the writer could not edit.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise TripFileError(
            [Problem(file, None, "", f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; not a trip file?")]
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of_toml_error(str(exc))
        raise TripFileError([Problem(file, line, "", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise TripFileError([Problem(file, None, "", "arrays or tables nested too deeply; not a trip file?")]) from None
    if layout.worth_checking(text, data):
        layout.editable(text, file)  # what the writer could not save faithfully is refused now, not at a save
    return data


def _line_of_toml_error(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def build_trip(data: dict, file: str, locator: Locator) -> Trip:
    """Validate parsed TOML data and build the trip (see :func:`parse_trip`)."""
    try:
        return build_from_data(data)
    except InvalidTrip as exc:
        raise TripFileError([_problem(issue, file, locator) for issue in exc.issues]) from None


def _problem(issue: Issue, file: str, locator: Locator) -> Problem:
    message = issue.message
    if issue.first:
        # Lines are only looked up for problems: finding them means scanning the text.
        first = locator.line(issue.first)
        message += f" (first on line {first})" if first else ""
    return Problem(file, locator.line(issue.path), issue.path, message)
