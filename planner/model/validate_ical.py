"""Checks of the keys the iCalendar export keeps in a trip file: UID, SEQUENCE, hash, LAST-MODIFIED, kept lines.

They are written by the planner itself (``planner export`` and ``planner
import``), but a trip file is edited by hand too, so they are checked like
every other key: a UID is one short line, a SEQUENCE is not negative, a
LAST-MODIFIED is in UTC and in the years a trip can have.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from planner.model.checker import Checker, year_problem
from planner.model.validate_repeat import ical_lines
from planner.model.when import YEARS

_CONTROL = re.compile("[\x00-\x1f\x7f]")
"""A control character: a UID is one line of printable text."""


def ical_state(c: Checker, t: dict, path: str) -> dict[str, Any]:
    """The optional keys the iCalendar export keeps to raise SEQUENCE only on real changes."""
    uid = c.text(t, path, "ical_uid")
    if uid and (len(uid) > 255 or _CONTROL.search(uid)):
        c.add(f"{path}.ical_uid", "a UID must be one line of at most 255 characters")
        uid = ""
    sequence = c.get(t, path, "ical_sequence", int, default=0)
    if sequence < 0:
        c.add(f"{path}.ical_sequence", f"should be 0 or more, got {sequence}")
        sequence = 0
    digest = c.text(t, path, "ical_hash")
    modified = c.get(t, path, "ical_modified", datetime)
    if modified is not None:
        if modified.year not in YEARS:
            c.add(f"{path}.ical_modified", year_problem(modified.year))
            modified = None
        elif modified.tzinfo is None:
            c.add(f"{path}.ical_modified", "write it in UTC with a Z, such as 2021-10-19T01:00:00Z")
            modified = None
        else:
            modified = modified.astimezone(UTC)
    return {
        "ical_uid": uid,
        "ical_sequence": sequence,
        "ical_hash": digest,
        "ical_modified": modified,
        "ical_lines": ical_lines(c, t, path),
    }
