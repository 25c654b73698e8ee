"""Merging a trip edited here with its file changed elsewhere: per event, person, place, per header field.

When a trip file changes on disk while the planner holds unsaved edits, there
are three versions: the trip as it was loaded (the base), as edited here
(ours) and as the file holds it now (theirs). An entry (an event, a person,
an organisation, a place, a source, or one field of the trip's header) that
only one side changed takes that side's version; one both sides changed in
different ways is a :class:`Conflict`, resolved by choosing ours or theirs.

The merged trip is then saved over the file as it is now, through the same
comment-keeping writer as every save (:func:`planner.storage.save`, itself a
three-way merge of the text): only the entries that differ from the file are
rewritten, so the other program's comments and layout stay. Used by the TUI's
"merge" answer; no Textual here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from planner.model.trip import Trip

Side = Literal["ours", "theirs"]
SECTIONS = ("sources", "people", "organisations", "places", "events")
"""The trip's lists of entries with ids, merged entry by entry."""
_NAMES = {
    "sources": "source",
    "people": "person",
    "organisations": "organisation",
    "places": "place",
    "events": "event",
}


@dataclass(frozen=True)
class Conflict:
    """One entry both sides changed differently: ``ours`` or ``theirs`` is ``None`` where that side deleted it."""

    section: str
    """``"trip"`` for a header field, else one of :data:`SECTIONS`."""
    ident: str
    """The entry's id (the field's name for the header)."""
    ours: Any
    theirs: Any

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.ident)

    def lines(self, trip: Trip, side: Side) -> list[tuple[str, bool]]:
        """That side's version as ``key = value`` lines, in file shape, each with whether the other side differs."""
        mine, other = (self.ours, self.theirs) if side == "ours" else (self.theirs, self.ours)
        a, b = _as_data(trip, self.section, self.ident, mine), _as_data(trip, self.section, self.ident, other)
        if a is None:
            return [("(deleted)", True)]
        return [(f"{k} = {_short(v)}", b is None or b.get(k, _MISSING) != v) for k, v in a.items()]

    @property
    def label(self) -> str:
        """What the entry is, for people: ``event robot-mou``, ``trip field notes``."""
        if self.section == "trip":
            return f"trip field {self.ident}"
        return f"{_NAMES[self.section]} {self.ident}"


@dataclass
class MergePlan:
    """What merging gives: the merged trip before conflicts are settled, and the conflicts."""

    base: Trip
    ours: Trip
    theirs: Trip
    conflicts: list[Conflict] = field(default_factory=list)
    taken_ours: list[str] = field(default_factory=list)
    """Entries where our change was kept (labels)."""
    taken_theirs: list[str] = field(default_factory=list)
    """Entries where the file's change was taken (labels)."""

    def resolve(self, choices: dict[tuple[str, str], Side] | None = None) -> Trip:
        """The merged trip; each conflict takes the side in ``choices`` (ours when not chosen)."""
        chosen = choices or {}
        picks = {c.key: (c.ours if chosen.get(c.key, "ours") == "ours" else c.theirs) for c in self.conflicts}
        return _merge(self.base, self.ours, self.theirs, picks=picks)


_MISSING = object()


def _as_data(trip: Trip, section: str, ident: str, value: Any) -> dict[str, Any] | None:
    from planner.storage import todict  # only to show a conflict: not paid for at start-up

    if value is None:
        return None
    if section == "trip":
        return {ident: value if isinstance(value, (str, int, tuple)) else str(value)}
    makers: dict[str, Callable[[Any], dict[str, Any]]] = {
        "sources": todict.source_data,
        "people": todict.person_data,
        "organisations": todict.organisation_data,
        "places": todict.place_data,
    }
    maker = makers.get(section)
    return maker(value) if maker else todict.event_data(trip, value)


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _pick(base: Any, ours: Any, theirs: Any) -> tuple[Any, Side | None, bool]:
    """Three-way choice: (value, the side whose change it is or None, conflict?)."""
    if ours == theirs:
        return ours, None, False
    if ours == base:
        return theirs, "theirs", False
    if theirs == base:
        return ours, "ours", False
    return ours, None, True


def _merge(
    base: Trip, ours: Trip, theirs: Trip, *, picks: dict[tuple[str, str], Any], plan: MergePlan | None = None
) -> Trip:
    header: dict[str, Any] = {}
    for f in fields(Trip):
        if f.name in SECTIONS:
            continue
        b, o, t = getattr(base, f.name), getattr(ours, f.name), getattr(theirs, f.name)
        value, side, clash = _pick(b, o, t)
        key = ("trip", f.name)
        if clash:
            if plan is not None:
                plan.conflicts.append(Conflict("trip", f.name, o, t))
            value = picks.get(key, o)
        elif plan is not None and side is not None:
            (plan.taken_ours if side == "ours" else plan.taken_theirs).append(f"trip field {f.name}")
        header[f.name] = value
    lists: dict[str, Any] = {}
    for name in SECTIONS:
        lists[name] = _merge_section(name, getattr(base, name), getattr(ours, name), getattr(theirs, name), picks, plan)
    return replace(theirs, **header, **lists)


def _merge_section(
    name: str, base: tuple, ours: tuple, theirs: tuple, picks: dict[tuple[str, str], Any], plan: MergePlan | None
) -> tuple:
    by_base = {e.id: e for e in base}
    by_ours = {e.id: e for e in ours}
    by_theirs = {e.id: e for e in theirs}
    # The file's order first (theirs), then what only we added, in our order.
    order = [e.id for e in theirs] + [e.id for e in ours if e.id not in by_theirs]
    out = []
    for ident in order:
        b, o, t = by_base.get(ident), by_ours.get(ident), by_theirs.get(ident)
        value, side, clash = _pick(b, o, t)
        if clash:
            if plan is not None:
                plan.conflicts.append(Conflict(name, ident, o, t))
            value = picks.get((name, ident), o)
        elif plan is not None and side is not None:
            (plan.taken_ours if side == "ours" else plan.taken_theirs).append(f"{_NAMES[name]} {ident}")
        if value is not None:
            out.append(value)
    return tuple(out)


def plan_merge(base: Trip, ours: Trip, theirs: Trip) -> MergePlan:
    """Compare the three versions of a trip: what merges by itself, and what conflicts."""
    plan = MergePlan(base, ours, theirs)
    _merge(base, ours, theirs, picks={}, plan=plan)
    return plan
