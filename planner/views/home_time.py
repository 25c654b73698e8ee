"""The home-zone time beside the event's own, with the day when it is another one.

In the both-zones view ``10:00 KST │ 20:00 CDT`` hid that 20:00 CDT is the day
before; the home column now says ``20:00 CDT -1d`` (short, so it survives a
narrow column), and the detail pane's longer form is ``(Mon 18)``.
"""

from __future__ import annotations

from typing import cast

from planner.model.timeline import Occurrence
from planner.model.when import Exact
from planner.text.labels import time_label


def day_shift(occ: Occurrence) -> int:
    """How many days the home zone's start is from the event zone's (0 for an inexact time)."""
    if occ.when.precision != "exact":
        return 0
    w = cast(Exact, occ.when)
    return (w.start.astimezone(occ.zone("home")).date() - w.start.date()).days


def home_time(occ: Occurrence) -> str:
    """``20:00 CDT -1d``: the start (and end) in the trip's home zone, and the day shift if any."""
    if occ.when.precision != "exact":
        return ""
    shift = day_shift(occ)
    label = time_label(occ, "home")
    return f"{label} {shift:+d}d" if shift else label
