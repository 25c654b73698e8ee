"""Which of an imported entry's unmodelled lines a trip keeps (``ical_lines``), and which the export makes anew.

An entry from another calendar keeps what the planner has no field for
(alarms, TRANSP, other programs' properties) so the organisers' export gives
it back; what the planner writes itself from its own fields is left out, or a
round trip would double it.
"""

from __future__ import annotations

import re
from typing import Any

from planner.ical.series import description_text
from planner.ical.values import Item
from planner.model.trip import KIND_LABELS


def kept(item: Item, d: dict[str, Any], emails: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The item's unmodelled lines worth keeping: its DESCRIPTION only while it is the notes, CATEGORIES unless only the kind.

    A kept DESCRIPTION comes first: the export writes it in the DESCRIPTION's
    place, before the other kept lines, so a round trip gives the same list.
    What the export writes itself is not kept, so a round trip doubles nothing:
    ATTENDEE and ORGANIZER lines of the planner's own entries (``X-PLANNER-EVENT``)
    or of an address in ``emails`` (the trip's people), and the VALARMs of the
    planner's own entries (made from the event's reminders and the configuration:
    exactly ACTION:DISPLAY, the title as DESCRIPTION and a relative TRIGGER, see
    :mod:`planner.ical.attendees`); a VALARM another calendar added is kept.
    """
    first, out, depth = [], [], 0
    own = item.extras is not None or item.uid.endswith("@planner")
    lines = item.kept
    i = 0
    while i < len(lines):
        line = lines[i]
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if own and depth == 0 and _planner_alarm(lines[i : i + 5], item.title):
            i += 5
            continue
        i += 1
        if depth == 0 and name == "DESCRIPTION":
            if description_text(line) == d.get("notes", ""):
                first.append(line)
            continue
        if depth == 0 and name == "CATEGORIES" and item.categories == [KIND_LABELS.get(d.get("kind", ""), "")]:
            continue
        if depth == 0 and name in ("ATTENDEE", "ORGANIZER") and (own or _address(line) in emails):
            continue
        depth += (name == "BEGIN") - (name == "END")
        out.append(line)
    return first[:1] + out


def _address(line: str) -> str:
    """The e-mail of an ATTENDEE or ORGANIZER line (``mailto:`` value, lower case), else ``""``."""
    value = line.split(":", 1)[1] if ":" in line else ""
    # The value follows the parameters, whose quoted values may hold ':' (a CN "Kim: chair").
    m = re.search(r":mailto:([^:;\s\"]+)\s*$", line, re.IGNORECASE)
    return m.group(1).lower() if m else value.lower()


def _planner_alarm(block: list[str], title: str) -> bool:
    """Whether ``block`` is a VALARM as the planner writes it for an entry titled ``title``."""
    if len(block) != 5 or [line.upper() for line in (block[0], block[4])] != ["BEGIN:VALARM", "END:VALARM"]:
        return False
    action, description, trigger = block[1:4]
    return (
        action.upper() == "ACTION:DISPLAY"
        and description.upper().startswith("DESCRIPTION:")
        and description_text(description) == title.strip()
        and re.fullmatch(r"TRIGGER:-?P[0-9DTHMS]+", trigger, re.IGNORECASE) is not None
    )
