"""One export, cut into the calendar objects a CalDAV server stores (one UID each), and joined back.

CalDAV keeps one resource per UID (a series with its changed occurrences is
one resource), with the VTIMEZONEs it uses and no METHOD (RFC 4791 4.1). The
bytes come from :mod:`planner.usecases.export`, the one writer of .ics: this
module only regroups its components, so what a server holds is what
``planner export`` writes for the same reader. Everything here is pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Component

from planner.ical.writer import to_bytes

ITEMS = ("VEVENT", "VTODO")
DROPPED = ("METHOD",)
"""Calendar properties a stored CalDAV resource must not carry."""

COMPARED = (
    "UID",
    "RECURRENCE-ID",
    "SEQUENCE",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DUE",
    "DURATION",
    "STATUS",
    "LOCATION",
    "DESCRIPTION",
    "RRULE",
    "EXDATE",
)
"""What :func:`fingerprint` compares: the content people edit, and SEQUENCE (not the stamps)."""


def digest(data: bytes) -> str:
    """A short, stable name for some bytes (what the state records as "pushed")."""
    return hashlib.sha256(data).hexdigest()[:32]


def _tzids(comp: Component) -> set[str]:
    found: set[str] = set()
    for sub in comp.walk():
        for value in sub.values():
            for one in value if isinstance(value, list) else [value]:
                params = getattr(one, "params", None)
                if params and "TZID" in params:
                    found.add(str(params["TZID"]))
    return found


def split(data: bytes) -> dict[str, bytes]:
    """UID -> one stored resource's bytes, from a whole calendar file (the export's)."""
    top = Calendar.from_ical(data)
    zones = {str(c["TZID"]): c for c in top.subcomponents if c.name == "VTIMEZONE"}
    groups: dict[str, list[Component]] = {}
    for comp in top.subcomponents:
        if comp.name in ITEMS:
            groups.setdefault(str(comp["UID"]), []).append(comp)
    out: dict[str, bytes] = {}
    for uid, comps in groups.items():
        cal = Calendar()
        for name, value in top.items():
            if name not in DROPPED:
                cal[name] = value
        for tzid in sorted(set().union(*(_tzids(c) for c in comps))):
            if tzid in zones:
                cal.add_component(zones[tzid])
        for comp in comps:
            cal.add_component(comp)
        out[uid] = to_bytes(cal)
    return out


def join(objects: Iterable[bytes]) -> bytes:
    """One calendar file holding every item of ``objects`` (each zone once), for the importer."""
    cal = Calendar()
    cal.add("prodid", "-//planner//CalDAV pull//EN")
    cal.add("version", "2.0")
    zones: dict[str, Component] = {}
    items: list[Component] = []
    for data in objects:
        one = Calendar.from_ical(data)
        for name, value in one.items():
            if name.startswith("X-") and name not in cal:
                cal[name] = value
        for comp in one.subcomponents:
            if comp.name == "VTIMEZONE":
                zones.setdefault(str(comp["TZID"]), comp)
            elif comp.name in ITEMS:
                items.append(comp)
    for tzid in sorted(zones):
        cal.add_component(zones[tzid])
    for comp in items:
        cal.add_component(comp)
    return to_bytes(cal)


@dataclass(frozen=True)
class Summary:
    """What a report shows of one stored resource: its UID and main item, as text."""

    uid: str
    title: str
    start: str
    end: str
    location: str
    status: str
    sequence: int

    def lines(self) -> list[str]:
        """The version as a few ``name: value`` lines (empty values left out)."""
        fields = [
            ("title", self.title),
            ("start", self.start),
            ("end", self.end),
            ("where", self.location),
            ("status", self.status),
            ("sequence", str(self.sequence)),
        ]
        return [f"{k}: {v}" for k, v in fields if v]


def _text(comp: Component, name: str) -> str:
    value = comp.get(name)
    if value is None:
        return ""
    if hasattr(value, "to_ical"):
        raw = value.to_ical()
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return str(value)


def main_item(data: bytes) -> Component | None:
    """The first VEVENT or VTODO without a RECURRENCE-ID (else the first item), or ``None``."""
    cal = Calendar.from_ical(data)
    items = [c for c in cal.subcomponents if c.name in ITEMS]
    for comp in items:
        if "RECURRENCE-ID" not in comp:
            return comp
    return items[0] if items else None


def summary(data: bytes) -> Summary | None:
    """The report's view of a resource, or ``None`` when it holds no event or to-do."""
    comp = main_item(data)
    if comp is None:
        return None
    seq = comp.get("SEQUENCE")
    return Summary(
        uid=str(comp.get("UID", "")),
        title=str(comp.get("SUMMARY", "")),
        start=_text(comp, "DTSTART"),
        end=_text(comp, "DTEND") or _text(comp, "DUE"),
        location=str(comp.get("LOCATION", "")),
        status=str(comp.get("STATUS", "")),
        sequence=int(seq) if seq is not None else 0,
    )


def uid_of(data: bytes) -> str | None:
    """The UID a stored resource holds (``None`` when it holds no event or to-do, or cannot be read)."""
    try:
        comp = main_item(data)
    except ValueError:
        return None
    return str(comp["UID"]) if comp is not None and "UID" in comp else None


def fingerprint(data: bytes) -> tuple:
    """The edited content of a resource, stamps left out: equal for our own copy re-read from a server.

    Servers may re-serialize what they store (order, folding, parameter
    case), so bytes cannot be compared; the values of :data:`COMPARED` in
    each item can. Two copies of the version the planner pushed compare
    equal; a copy someone edited (title, time, place, status...) does not.
    """
    cal = Calendar.from_ical(data)
    out = []
    for comp in cal.subcomponents:
        if comp.name in ITEMS:
            out.append(tuple((name, _text(comp, name).strip()) for name in COMPARED))
    return tuple(sorted(out))
