"""Merging a read calendar into a trip by UID (:func:`merge`), with what was added, updated, unchanged or skipped (:class:`Outcome`).

The trip is rebuilt as plain data and checked by :func:`planner.model.validate.build_trip`;
while building it, :func:`merge` records which item (and so which line of the
.ics file) each event entry came from, to place the issues found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from planner.ical.entry import content_hash
from planner.ical.keeping import kept
from planner.ical.placing import Ids, Placer, Places, occurrences, slug
from planner.ical.planner_data import EXTRA_FIELDS, as_date, event_problem
from planner.ical.scan import IcsError
from planner.ical.values import Item, Parsed
from planner.model.checker import InvalidTrip, Issue
from planner.model.names import ID_RE
from planner.model.trip import Event, Trip
from planner.model.validate import build_trip
from planner.model.when import zone_name
from planner.storage import todict

_REFERRED = ("people", "organisations", "places", "sources")
_PLANNER_UID = re.compile(r"^([a-z0-9][a-z0-9\-]*)\.([a-z0-9][a-z0-9\-]*)@planner$")


@dataclass
class Outcome:
    """What :func:`merge` did, for printing."""

    trip: Trip
    added: list[Event] = field(default_factory=list)
    updated: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)
    skipped: list[tuple[Item, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _uid_of(trip_id: str, ev: Event) -> str:
    return ev.ical_uid or f"{trip_id}.{ev.id}@planner"


def _definitions(info: dict[str, Any] | None, name: str) -> list[dict[str, Any]]:
    if info is None or not isinstance(info.get(name), list):
        return []
    return [d for d in info[name] if isinstance(d, dict)]


def merge(
    parsed: Parsed,
    file: str,
    trip_id: str,
    existing: Trip | None,
    *,
    tz: ZoneInfo | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Merge the calendar into ``existing`` (or a new trip ``trip_id``); nothing is written.

    Raises:
        IcsError: an event cannot be placed (a floating time with no zone, an end
            before its start, a reference the trip cannot hold ...), naming the line.
    """
    now = now or datetime.now(UTC)
    mg = Placer(parsed, file, trip_id, existing, tz, now)
    info = mg.trip_info

    # Start from the trip as it is (as TOML data), or a new one.
    if existing is not None:
        header = todict.trip_header(existing)
        sections = {name: todict.section_items(existing, name) for name in todict.SECTIONS}
    else:
        header = {"id": trip_id}
        sections = {name: [] for name in todict.SECTIONS}
        if info is not None:
            for key, value in info["trip"].items():
                if key != "id":
                    header[key] = as_date(value)
        header["title"] = parsed.name or header.get("title") or trip_id
    for name in ("sources", "people", "organisations", "places"):
        have = {d["id"] for d in sections[name]}
        for t in parsed.trips:
            for d in _definitions(t, name):
                if d.get("id") not in have and isinstance(d.get("id"), str):
                    sections[name].append({k: as_date(v) if k == "published" else v for k, v in d.items()})
                    have.add(d["id"])

    notices = list(parsed.notices)
    known = {name: {d["id"] for d in sections[name] if isinstance(d.get("id"), str)} for name in _REFERRED}
    for item in parsed.items:
        problem = event_problem(item.extras, known) if item.extras is not None else ""
        if problem:  # read as from a calendar that dropped the planner's data
            item.extras = None
            notices.append(
                f"{file}:{item.extras_line} ({item.label()}): {problem}; "
                "ignored, the event is read from its standard properties"
            )

    by_uid = {_uid_of(trip_id, ev): ev for ev in (existing.events if existing else ())}
    # ATTENDEE and ORGANIZER lines of these addresses are the trip's people, which the export writes itself.
    emails = {str(d["email"]).strip().lower() for d in sections["people"] if isinstance(d.get("email"), str)}
    index_of = {d["id"]: i for i, d in enumerate(sections["events"])}
    event_ids = Ids(set(index_of))
    places = Places(sections["places"])
    outcome_kind: dict[str, str] = {}
    item_of: dict[str, Item] = {}
    # The item each event entry came from, by key path (events[3]): its issues are reported at that item's line.
    origin: dict[str, Item] = {}
    skipped: list[tuple[Item, str]] = []
    changes: dict[str, list[Item]] = {}
    for item in parsed.items:
        if item.recurrence_id is not None:
            changes.setdefault(item.uid, []).append(item)
    series_uids = {i.uid for i in parsed.items if i.recurrence_id is None and i.rule and not i.skip}
    for uid, found in changes.items():
        if uid not in series_uids:
            skipped += [
                (i, i.skip or "a changed occurrence (RECURRENCE-ID) of a series the file does not hold") for i in found
            ]
    for item in parsed.items:
        if item.recurrence_id is not None:
            continue
        matched = by_uid.get(item.uid)
        when = None if item.skip else mg.when(item, matched)  # placing it may find a reason to skip it
        if item.skip:
            skipped.append((item, item.skip))
            continue
        if when is None:
            continue
        extras = item.extras or {}
        title = item.title
        if "part" in when and title.endswith(f" ({when['part']})"):
            title = title[: -len(when["part"]) - 3]
        title = title or "(no title)"  # Google writes no SUMMARY for an untitled event
        d = {"title": title, "kind": mg.kind(item), "status": mg.status(item, matched)}
        d.update(when)
        rep = mg.repeat(item, when)
        if rep is not None:
            if not any(k in when for k in ("start", "date")) or "end_date" in when:
                skipped.append((item, "a repeating event over several days is not supported"))
                continue
            d["repeat"] = rep[0]
            if matched is not None and matched.repeat is not None and _same_rule(matched.repeat.rule, rep[0]):
                d["repeat"] = matched.repeat.rule  # keep the text as the person wrote it
            if rep[1]:
                d["except"] = rep[1]
            changed, problem = occurrences(mg, d, changes.get(item.uid, []))
            if problem:
                skipped.append((item, problem))
                continue
            if changed:
                d["occurrences"] = changed
        if matched is not None:
            # Keep what only the planner knows, unless the planner's data (if any) gives it anew.
            old = dict(sections["events"][index_of[matched.id]])
            for key in (
                "start",
                "end",
                "tz",
                "end_tz",
                "date",
                "end_date",
                "part",
                "month",
                "unscheduled",
                "repeat",
                "except",
                "occurrences",
                "ical_lines",
                "title",
                "status",
            ):
                old.pop(key, None)
            d = {**old, **d}
            if matched.kind != "other" and d["kind"] == "other" and "kind" not in extras:
                d["kind"] = matched.kind
            d.update((key, extras[key]) for key in EXTRA_FIELDS if extras.get(key))  # absent or empty: kept
            if "reminders" in extras:  # an empty list is news: no reminders
                d["reminders"] = extras["reminders"]
        elif item.extras is not None:
            for key in EXTRA_FIELDS:
                if key in extras:
                    d[key] = extras[key]
        else:
            if item.description:
                d["notes"] = item.description
            if item.location:
                d["place"] = places.place_for(item, d.get("tz"))
        for key in ("ical_uid", "ical_sequence", "ical_hash", "ical_modified", "ical_lines"):
            d.pop(key, None)
        lines = kept(item, d, emails)
        if lines:
            d["ical_lines"] = lines
        if matched is not None:
            ev_id = matched.id
            old_d = sections["events"][index_of[ev_id]]
            for key in ("ical_uid", "ical_sequence", "ical_hash", "ical_modified"):
                if key in old_d:
                    d[key] = old_d[key]
            d = {"id": ev_id, **{k: v for k, v in d.items() if k != "id"}}
            sections["events"][index_of[ev_id]] = d
            origin[f"events[{index_of[ev_id]}]"] = item
            outcome_kind[ev_id] = "matched"
        else:
            m = _PLANNER_UID.fullmatch(item.uid)
            given = extras.get("id")
            if isinstance(given, str) and ID_RE.fullmatch(given):
                wanted = given
            elif m:
                wanted = str(m.group(2))  # the event id of a planner UID; the group always takes part
            else:
                wanted = slug(title)
            ev_id = event_ids.new(wanted)
            if item.uid != f"{trip_id}.{ev_id}@planner":
                d["ical_uid"] = item.uid
            d = {"id": ev_id, **d}
            index_of[ev_id] = len(sections["events"])
            origin[f"events[{index_of[ev_id]}]"] = item
            sections["events"].append(d)
            outcome_kind[ev_id] = "added"
        item_of[ev_id] = item
    if mg.errors:
        raise IcsError(mg.errors)

    notices += _fit_dates(header, sections["events"], existing, mg, item_of)
    if mg.errors:
        raise IcsError(mg.errors)
    data = {"trip": header, **{k: v for k, v in sections.items() if v}}
    trip = _build(data, file, origin)

    # Decide added / updated / unchanged, and keep SEQUENCE honest.
    out_events = []
    result = Outcome(trip, notices=notices, skipped=skipped)
    for ev in trip.events:
        status = outcome_kind.get(ev.id)
        came = item_of.get(ev.id)
        if status is None or came is None:
            out_events.append(ev)
            continue
        digest = content_hash(trip, ev)
        if status == "added":
            ev = ev.with_export_record(digest, came.sequence, came.modified or mg.now)
            result.added.append(ev)
        else:
            was = existing.event(ev.id) if existing else None
            assert was is not None
            if _same(existing, was, trip, ev):
                ev = was
                result.unchanged.append(ev)
            elif came.sequence < was.ical_sequence:
                ev = was  # the trip's is the newer version
                result.skipped.append(
                    (
                        came,
                        f"older than what the trip has: skipped (SEQUENCE {came.sequence}; the trip's is {was.ical_sequence})",
                    )
                )
            else:
                seq = max(came.sequence, was.ical_sequence + 1)
                stamp = (
                    came.modified
                    if came.modified and (was.ical_modified is None or came.modified > was.ical_modified)
                    else mg.now
                )
                ev = ev.with_export_record(digest, seq, stamp)
                result.updated.append(ev)
        out_events.append(ev)
    result.trip = replace(trip, events=tuple(out_events))
    return result


def _same_rule(a: str, b: str) -> bool:
    """Whether two RRULE values say the same thing (part order and ``+`` signs aside)."""
    from icalendar.prop import vRecur

    try:
        return bool(vRecur.from_ical(a).to_ical() == vRecur.from_ical(b).to_ical())
    except (ValueError, TypeError):
        return a == b


def _same(old_trip: Trip | None, old: Event, new_trip: Trip, new: Event) -> bool:
    strip = ("ical_uid", "ical_sequence", "ical_hash", "ical_modified")
    a = {k: v for k, v in todict.event_data(old_trip, old).items() if k not in strip}  # type: ignore[arg-type]
    b = {k: v for k, v in todict.event_data(new_trip, new).items() if k not in strip}
    return a == b


def _event_days(d: dict[str, Any]) -> tuple[date, date] | None:
    if "start" in d:
        end = d.get("end", d["start"])
        return d["start"].date(), end.date()
    if "date" in d:
        return d["date"], d.get("end_date", d["date"])
    if "month" in d:
        y, m = (int(x) for x in d["month"].split("-"))
        first = date(y, m, 1)
        return first, date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return None


def _fit_dates(
    header: dict[str, Any], events: list[dict[str, Any]], existing: Trip | None, mg: Placer, items: dict[str, Item]
) -> list[str]:
    """Give a new trip its dates and zones; widen an existing trip's dates to hold what was imported."""
    notices: list[str] = []
    spans = [(s, d) for d in events if (s := _event_days(d)) is not None]
    if existing is None:
        zones = Counter(d["tz"] for d in events if isinstance(d.get("tz"), str))
        common = zones.most_common(1)[0][0] if zones else None
        if "home_tz" not in header:
            home = mg.tz_option or mg.parsed.default_zone
            header["home_tz"] = zone_name(home) if home else common
            if header["home_tz"] is None:
                mg.errors.append(f"{mg.file}: cannot tell the new trip's home zone: give --tz ZONE")
                return notices
            if common and common != header["home_tz"]:
                header["local_tz"] = common
        if not any(k in header for k in ("start", "month")):
            if not spans:
                mg.errors.append(
                    f"{mg.file}: no event has a date, so the new trip's dates are unknown; create the trip file first"
                )
                return notices
            months = {d["month"] for d in events if "month" in d}
            if len(months) == len(spans) == len({m for m in months}) and len(months) == 1:
                header["month"] = months.pop()
            else:
                header["start"] = min(s[0][0] for s in spans)
                header["end"] = max(s[0][1] for s in spans)
    if "month" in header:
        try:
            y, m = (int(x) for x in str(header["month"]).split("-")[:2])
            first, last = date(y, m, 1), date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        except (ValueError, OverflowError):
            return notices  # a month from X-PLANNER-TRIP that is no month: checking the trip says so
    elif isinstance(header.get("start"), date) and isinstance(header.get("end"), date):
        first, last = header["start"], header["end"]
    else:
        return notices
    lo, hi = first, last
    for s, d in spans:
        if "month" not in d:
            lo, hi = min(lo, s[0]), max(hi, s[1])
    for s, d in spans:
        # A month need only overlap the trip ("sometime in October" fits a trip in October).
        if "month" in d and s[1] < lo:
            lo = s[1]
        elif "month" in d and s[0] > hi:
            hi = s[0]
    if (lo, hi) != (first, last):
        header.pop("month", None)
        header["start"], header["end"] = lo, hi
        notices.append(f"the trip now runs {lo} to {hi} to hold the imported events")
    return notices


def _build(data: dict[str, Any], file: str, origin: dict[str, Item]) -> Trip:
    """The trip ``data`` describes; its issues are reported at the lines of the items in ``origin``."""
    try:
        return build_trip(data)
    except InvalidTrip as exc:
        raise IcsError([_located(issue, file, origin) for issue in exc.issues]) from None


def _located(issue: Issue, file: str, origin: dict[str, Item]) -> str:
    """``file:line (event ...): key: message`` for an issue in an imported event, else ``file: path: message``."""
    entry, _, key = issue.path.partition(".")
    item = origin.get(entry)
    if item is not None:
        shown = f"{key}: " if key else ""
        return f"{file}:{item.line} ({item.label()}): {shown}{issue.message}"
    return f"{file}: {issue.path}: {issue.message}" if issue.path else f"{file}: {issue.message}"


__all__ = ["Outcome", "merge", "slug"]
