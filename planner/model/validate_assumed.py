"""``assumed``: the keys of a table that do not come from the trip's sources.

A seeded or drafted trip says what its sources say; where a value was filled in
from elsewhere (an address looked up, a city inferred, outside reports), the
table lists that key in ``assumed = ["address", "lat"]`` and the agenda and the
TUI mark the value. Only keys the table itself writes may be listed: a key
that is absent cannot be assumed.
"""

from __future__ import annotations

from planner.model.checker import Checker

NOT_ASSUMABLE = frozenset({"id", "assumed", "ical_uid", "ical_sequence", "ical_hash", "ical_modified", "ical_lines"})


def assumed(c: Checker, t: dict, path: str) -> tuple[str, ...]:
    """The ``assumed`` keys of table ``t`` at ``path`` (each once, each a key of ``t``)."""
    raw = t.get("assumed")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        c.add(f"{path}.assumed", 'expected a list of key names, such as ["place", "address"]')
        return ()
    out: list[str] = []
    for key in raw:
        if key in NOT_ASSUMABLE:
            c.add(f"{path}.assumed", f"{key!r} is the planner's own key; it cannot be assumed")
        elif key not in t:
            c.add(f"{path}.assumed", f"{key!r} is not written in this table, so it cannot be assumed")
        elif key in out:
            c.add(f"{path}.assumed", f"{key!r} is listed twice")
        else:
            out.append(key)
    return tuple(out)
