"""Read a trip file (TOML) into a :class:`~planner.model.Trip`, checking everything.

Parsing uses the standard library's ``tomllib``, which is fast and strict;
comments and layout only matter when saving, which re-reads the text with
``tomlkit`` (see :mod:`planner.storage.writer`). Validation does not stop at
the first mistake: it collects every problem, each with the file, line and
key path, so a person fixes a file in one pass.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from planner.model.timeline import never_happens
from planner.model.trip import (
    EVENT_KINDS,
    STATUSES,
    TRIP_STATUSES,
    Event,
    Organisation,
    Person,
    Place,
    Recurrence,
    Source,
    Trip,
)
from planner.model.when import PARTS_OF_DAY, YEARS, Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When
from planner.storage.errors import Problem, TripFileError
from planner.storage.locate import Locator

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Trip files larger than this are refused before parsing (a trip is kilobytes)."""

# YEARS (the years a trip file's dates may fall in) lives in planner.model.when, so that
# parsing a date on the command line does not load this module; it is imported from there.

ID_RE = re.compile(r"^[a-z0-9][a-z0-9\-]{0,79}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")

TRIP_KEYS = {
    "id",
    "title",
    "title_ko",
    "status",
    "home_tz",
    "local_tz",
    "start",
    "end",
    "month",
    "members",
    "year_evidence",
    "notes",
}
SOURCE_KEYS = {"id", "outlet", "headline", "published", "file", "language"}
PERSON_KEYS = {"id", "name", "name_ko", "role", "org", "notes"}
ORG_KEYS = {"id", "name", "name_ko", "city", "notes"}
PLACE_KEYS = {"id", "name", "name_ko", "address", "city", "tz", "lat", "lon"}
EVENT_KEYS = {
    "id",
    "title",
    "title_ko",
    "kind",
    "status",
    "start",
    "end",
    "tz",
    "end_tz",
    "date",
    "end_date",
    "part",
    "month",
    "unscheduled",
    "place",
    "people",
    "counterparts",
    "orgs",
    "outcome",
    "notes",
    "sources",
    "repeat",
    "except",
    "ical_uid",
    "ical_sequence",
    "ical_hash",
    "ical_modified",
}
TOP_KEYS = {"trip", "sources", "people", "organisations", "places", "events"}


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises ``ValueError`` with a readable reason."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Asia/Seoul')") from None


@dataclass
class _Checker:
    """Collects problems while converting one file."""

    file: str
    locator: Locator
    problems: list[Problem]

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.locator.line(path), path, message))

    def get(
        self,
        table: dict,
        path: str,
        key: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        if key not in table:
            if required:
                self.add(path, f"missing required key '{key}'")
            return default
        value = table[key]
        # TOML's true is a Python int too: only accept it where a boolean is wanted.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.add(f"{path}.{key}", f"expected {_type_name(kind)}, got {_type_name(type(value))} {value!r:.60}")
            return default
        return value

    def text(self, table: dict, path: str, key: str, *, required: bool = False) -> str:
        return self.get(table, path, key, str, required=required, default="")

    def ids(self, table: dict, path: str, key: str) -> tuple[str, ...]:
        values = self.get(table, path, key, list, default=[])
        out = []
        for i, v in enumerate(values):
            if not isinstance(v, str):
                self.add(f"{path}.{key}", f"item {i + 1} should be an id (text), got {v!r:.60}")
            else:
                # Interned: the same id in many events is then one string, which the trip
                # cache pickles once per trip instead of once per mention (a faster load).
                out.append(sys.intern(v))
        return tuple(out)

    def zone(self, table: dict, path: str, key: str, *, required: bool = False) -> tzinfo | None:
        name = self.get(table, path, key, str, required=required)
        if name is None:
            return None
        try:
            return zone(name)
        except ValueError as exc:
            self.add(f"{path}.{key}", str(exc))
            return None

    def unknown_keys(self, table: dict, path: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed and not key.startswith("x-"):
                hint = _closest(key, allowed)
                # A key may be any quoted text: quote it so a message stays one short line.
                shown = key if re.fullmatch(r"[A-Za-z0-9_\-]{1,60}", key) else repr(key[:60])
                self.add(f"{path}.{shown}", f"unknown key '{shown}'" + (f" (did you mean '{hint}'?)" if hint else ""))

    def check_id(self, table: dict, path: str) -> str:
        value = self.text(table, path, "id", required=True)
        if value and not ID_RE.match(value):
            self.add(f"{path}.id", f"id {value!r} should use lower-case letters, digits and '-' only")
        return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
        date: "a date",
        datetime: "a date-time",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.75)
    return hits[0] if hits else None


def parse_trip(text: str, file: str = "<trip>") -> Trip:
    """Parse and validate the text of one trip file.

    Raises:
        TripFileError: listing every problem, each with file, line and key path.
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
    return build_trip(data, file, Locator(text))


def _line_of_toml_error(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def build_trip(data: dict, file: str, locator: Locator) -> Trip:
    """Validate parsed TOML data and build the trip (see :func:`parse_trip`)."""
    c = _Checker(file, locator, [])
    c.unknown_keys(data, "", TOP_KEYS)
    head = data.get("trip")
    if not isinstance(head, dict):
        c.add("trip", "missing the [trip] table")
        raise TripFileError(c.problems)

    trip_id = c.check_id(head, "trip")
    c.unknown_keys(head, "trip", TRIP_KEYS)
    title = c.text(head, "trip", "title", required=True)
    home_tz = c.zone(head, "trip", "home_tz", required=True)
    local_tz = c.zone(head, "trip", "local_tz")
    status = c.text(head, "trip", "status") or "planned"
    if status not in TRIP_STATUSES:
        c.add("trip.status", f"unknown status {status!r}; use one of: {', '.join(TRIP_STATUSES)}")
    dates = _trip_dates(c, head)

    sources = tuple(_entries(c, data, "sources", SOURCE_KEYS, _source))
    organisations = tuple(_entries(c, data, "organisations", ORG_KEYS, _organisation))
    org_ids = {o.id for o in organisations}
    people = tuple(_entries(c, data, "people", PERSON_KEYS, _person))
    places = tuple(_entries(c, data, "places", PLACE_KEYS, _place))
    person_ids = {p.id for p in people}
    for i, p in enumerate(people):
        if p.org and p.org not in org_ids:
            c.add(f"people[{i}].org", f"no organisation {p.org!r} is declared in [[organisations]]")

    members = c.ids(head, "trip", "members")
    for m in members:
        if m not in person_ids:
            c.add("trip.members", f"no person {m!r} is declared in [[people]]")

    context = _EventContext(
        trip_tz=local_tz or home_tz,
        places={p.id: p for p in places},
        people=person_ids,
        orgs=org_ids,
        sources={s.id for s in sources},
        dates=dates,
    )
    events: list[Event] = []
    first_index: dict[str, int] = {}
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        c.add("events", "should be an array of tables: write each event under [[events]]")
        raw_events = []
    for i, raw in enumerate(raw_events):
        path = f"events[{i}]"
        if not isinstance(raw, dict):
            c.add(path, "each event should be a table under [[events]]")
            continue
        ev = _event(c, raw, path, context)
        if ev is None:
            continue
        if ev.id in first_index:
            # Lines are only looked up for problems: finding them means scanning the text.
            first = locator.line(f"events[{first_index[ev.id]}].id")
            where = f" (first on line {first})" if first else ""
            c.add(f"{path}.id", f"duplicate event id {ev.id!r}{where}")
            continue
        first_index[ev.id] = i
        events.append(ev)

    if c.problems or home_tz is None or dates is None:
        raise TripFileError(c.problems)
    return Trip(
        id=trip_id,
        title=title,
        title_ko=c.text(head, "trip", "title_ko"),
        status=status,
        home_tz=home_tz,
        local_tz=local_tz,
        dates=dates,
        members=members,
        notes=c.text(head, "trip", "notes"),
        year_evidence=c.text(head, "trip", "year_evidence"),
        sources=sources,
        people=people,
        organisations=organisations,
        places=places,
        events=tuple(events),
    )


def _trip_dates(c: _Checker, head: dict) -> Span | InMonth | None:
    has_range = "start" in head or "end" in head
    if has_range and "month" in head:
        c.add("trip.month", "give either start/end or month, not both")
        return None
    if "month" in head:
        return _month(c, head, "trip")
    start = c.get(head, "trip", "start", date, required=True)
    end = c.get(head, "trip", "end", date, required=True)
    if isinstance(start, datetime) or isinstance(end, datetime):
        c.add("trip.start", "trip dates are days (2021-10-18), not date-times")
        return None
    if start is None or end is None:
        return None
    for key, value in (("start", start), ("end", end)):
        if value.year not in YEARS:
            c.add(f"trip.{key}", _year_problem(value.year))
            return None
    if end < start:
        c.add("trip.end", f"the trip ends ({end}) before it starts ({start})")
        return None
    return Span(start, end)


def _month(c: _Checker, table: dict, path: str) -> InMonth | None:
    value = c.get(table, path, "month", str)
    m = MONTH_RE.match(value or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        c.add(f"{path}.month", f'month should look like "2023-10", got {value!r}')
        return None
    if int(m.group(1)) not in YEARS:
        c.add(f"{path}.month", _year_problem(int(m.group(1))))
        return None
    return InMonth(int(m.group(1)), int(m.group(2)))


def _entries(c: _Checker, data: dict, name: str, allowed: set[str], build: Callable) -> list:
    raw = data.get(name, [])
    if not isinstance(raw, list):
        c.add(name, f"should be an array of tables: write each entry under [[{name}]]")
        return []
    seen: set[str] = set()
    out = []
    for i, table in enumerate(raw):
        path = f"{name}[{i}]"
        if not isinstance(table, dict):
            c.add(path, f"each entry should be a table under [[{name}]]")
            continue
        c.unknown_keys(table, path, allowed)
        ident = c.check_id(table, path)
        if ident in seen:
            c.add(f"{path}.id", f"duplicate id {ident!r} in [[{name}]]")
            continue
        seen.add(ident)
        item = build(c, table, path, ident)
        if item is not None:
            out.append(item)
    return out


def _source(c: _Checker, t: dict, path: str, ident: str) -> Source:
    published = t.get("published", "")
    if isinstance(published, (date, datetime)):
        published = published.isoformat()
    elif not isinstance(published, str):
        c.add(f"{path}.published", "expected a date or text")
        published = ""
    return Source(
        id=ident,
        outlet=c.text(t, path, "outlet", required=True),
        headline=c.text(t, path, "headline"),
        published=published,
        file=c.text(t, path, "file"),
        language=c.text(t, path, "language"),
    )


def _person(c: _Checker, t: dict, path: str, ident: str) -> Person:
    return Person(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        role=c.text(t, path, "role"),
        org=c.text(t, path, "org"),
        notes=c.text(t, path, "notes"),
    )


def _organisation(c: _Checker, t: dict, path: str, ident: str) -> Organisation:
    return Organisation(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        city=c.text(t, path, "city"),
        notes=c.text(t, path, "notes"),
    )


def _place(c: _Checker, t: dict, path: str, ident: str) -> Place:
    lat = c.get(t, path, "lat", (int, float))
    lon = c.get(t, path, "lon", (int, float))
    if lat is not None and not -90 <= lat <= 90:
        c.add(f"{path}.lat", f"latitude {lat} is not between -90 and 90")
        lat = None
    if lon is not None and not -180 <= lon <= 180:
        c.add(f"{path}.lon", f"longitude {lon} is not between -180 and 180")
        lon = None
    return Place(
        id=ident,
        name=c.text(t, path, "name", required=True),
        name_ko=c.text(t, path, "name_ko"),
        address=c.text(t, path, "address"),
        city=c.text(t, path, "city"),
        tz=c.zone(t, path, "tz"),
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
    )


@dataclass(frozen=True)
class _EventContext:
    trip_tz: tzinfo | None
    places: dict[str, Place]
    people: set[str]
    orgs: set[str]
    sources: set[str]
    dates: Span | InMonth | None


def _event(c: _Checker, t: dict, path: str, ctx: _EventContext) -> Event | None:
    before = len(c.problems)
    c.unknown_keys(t, path, EVENT_KEYS)
    ident = c.check_id(t, path)
    title = c.text(t, path, "title", required=True)
    kind = c.text(t, path, "kind") or "other"
    if kind not in EVENT_KINDS:
        c.add(f"{path}.kind", f"unknown kind {kind!r}; use one of: {', '.join(EVENT_KINDS)}")
    status = c.text(t, path, "status") or "confirmed"
    if status not in STATUSES:
        c.add(f"{path}.status", f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")

    place_id = sys.intern(c.text(t, path, "place"))  # interned, as ids are (see _Checker.ids)
    place = ctx.places.get(place_id) if place_id else None
    if place_id and place is None:
        c.add(f"{path}.place", f"no place {place_id!r} is declared in [[places]]")
    tz = c.zone(t, path, "tz") or (place.tz if place else None) or ctx.trip_tz
    end_tz = c.zone(t, path, "end_tz")

    people = c.ids(t, path, "people")
    counterparts = c.ids(t, path, "counterparts")
    for key, values in (("people", people), ("counterparts", counterparts)):
        for v in values:
            if v not in ctx.people:
                c.add(f"{path}.{key}", f"no person {v!r} is declared in [[people]]")
    orgs = c.ids(t, path, "orgs")
    for v in orgs:
        if v not in ctx.orgs:
            c.add(f"{path}.orgs", f"no organisation {v!r} is declared in [[organisations]]")
    sources = c.ids(t, path, "sources")
    for v in sources:
        if v not in ctx.sources:
            c.add(f"{path}.sources", f"no source {v!r} is declared in [[sources]]")

    when = _when(c, t, path, tz, end_tz) if tz is not None else None
    if when is not None and ctx.dates is not None:
        _check_inside_trip(c, path, when, ctx.dates)
    repeat = _repeat(c, t, path, when)

    if len(c.problems) > before or when is None or tz is None:
        return None
    return Event(
        id=ident,
        title=title,
        title_ko=c.text(t, path, "title_ko"),
        kind=sys.intern(kind),
        status=sys.intern(status),
        when=when,
        tz=tz,
        place=place_id,
        people=people,
        counterparts=counterparts,
        orgs=orgs,
        outcome=c.text(t, path, "outcome"),
        notes=c.text(t, path, "notes"),
        sources=sources,
        repeat=repeat,
        **_ical_state(c, t, path),
    )


def _ical_state(c: _Checker, t: dict, path: str) -> dict[str, Any]:
    """The optional keys the iCalendar export keeps to raise SEQUENCE only on real changes."""
    uid = c.text(t, path, "ical_uid")
    if uid and (len(uid) > 255 or any(ord(ch) < 32 or ord(ch) == 127 for ch in uid)):
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
            c.add(f"{path}.ical_modified", _year_problem(modified.year))
            modified = None
        elif modified.tzinfo is None:
            c.add(f"{path}.ical_modified", "write it in UTC with a Z, such as 2021-10-19T01:00:00Z")
            modified = None
        else:
            modified = modified.astimezone(UTC)
    return {"ical_uid": uid, "ical_sequence": sequence, "ical_hash": digest, "ical_modified": modified}


WHEN_FORMS = ("start", "date", "month", "unscheduled")


def _when(c: _Checker, t: dict, path: str, tz: tzinfo, end_tz: tzinfo | None) -> When | None:
    forms = [k for k in WHEN_FORMS if k in t]
    if not forms:
        c.add(path, "says nothing about when: give start, date, month, or unscheduled = true")
        return None
    if len(forms) > 1:
        c.add(f"{path}.{forms[1]}", f"give only one of {', '.join(forms)} (they are different precisions)")
        return None
    form = forms[0]
    stray = {
        "start": ("end_date", "part"),
        "date": ("end", "end_tz"),
        "month": ("end", "end_date", "part", "end_tz"),
        "unscheduled": ("end", "end_date", "part", "end_tz"),
    }[form]
    for key in stray:
        if key in t:
            c.add(f"{path}.{key}", f"'{key}' does not go with '{form}'")
            return None
    if form == "start":
        start = _datetime(c, t, path, "start", tz)
        if start is None:
            return None
        end = _datetime(c, t, path, "end", end_tz or tz) if "end" in t else None
        if "end" in t and end is None:
            return None
        if end is not None and end < start:
            c.add(f"{path}.end", f"the end ({_fmt(end)}) is before the start ({_fmt(start)})")
            return None
        return Exact(start, end)
    if form == "date":
        day = _day(c, t, path, "date")
        if day is None:
            return None
        if "end_date" in t:
            if "part" in t:
                c.add(f"{path}.part", "a part of day does not go with a span of days")
                return None
            last = _day(c, t, path, "end_date")
            if last is None:
                return None
            if last < day:
                c.add(f"{path}.end_date", f"the span ends ({last}) before it starts ({day})")
                return None
            return Span(day, last)
        if "part" in t:
            part = c.get(t, path, "part", str)
            if part not in PARTS_OF_DAY:
                c.add(f"{path}.part", f"unknown part of day {part!r}; use one of: {', '.join(PARTS_OF_DAY)}")
                return None
            return PartOfDay(day, part)
        return OnDate(day)
    if form == "month":
        return _month(c, t, path)
    if c.get(t, path, "unscheduled", bool) is not True:
        c.add(f"{path}.unscheduled", "write unscheduled = true, or give a date")
        return None
    return Unscheduled()


def _fmt(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M")


def _datetime(c: _Checker, t: dict, path: str, key: str, tz: tzinfo) -> datetime | None:
    value = t[key]
    if not isinstance(value, datetime):
        kind = "a date" if isinstance(value, date) else repr(value)[:60]
        c.add(
            f"{path}.{key}",
            f"expected a date-time such as 2021-10-19T10:00:00, got {kind}"
            + ("; for a day without a time write date = ..." if isinstance(value, date) else ""),
        )
        return None
    if value.year not in YEARS:
        c.add(f"{path}.{key}", _year_problem(value.year))
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _year_problem(year: int) -> str:
    return f"the year {year} is not between {YEARS[0]} and {YEARS[-1]}; a typing mistake?"


def _day(c: _Checker, t: dict, path: str, key: str) -> date | None:
    value = t[key]
    if isinstance(value, datetime) or not isinstance(value, date):
        c.add(
            f"{path}.{key}",
            f"expected a date such as 2021-10-19, got {value!r:.60}"
            + ("; for a time write start = ..." if isinstance(value, datetime) else ""),
        )
        return None
    if value.year not in YEARS:
        c.add(f"{path}.{key}", _year_problem(value.year))
        return None
    return value


def _check_inside_trip(c: _Checker, path: str, when: When, dates: Span | InMonth) -> None:
    if isinstance(when, Unscheduled):
        return
    if isinstance(when, Exact):
        first = when.start.date()
        last = (when.end or when.start).date()
        key = "start"
    elif isinstance(when, (Span, InMonth)):
        first, last = when.first, when.last
        key = "month" if isinstance(when, InMonth) else "date"
    else:
        first = last = when.day
        key = "date"
    if isinstance(when, InMonth):
        # "Sometime in October" fits a trip in October: the month need only overlap.
        if last < dates.first or first > dates.last:
            c.add(f"{path}.month", f"{when.label()} does not overlap the trip ({dates.first} to {dates.last})")
        return
    if first < dates.first or last > dates.last:
        shown = f"{first}" if first == last else f"{first} to {last}"
        c.add(f"{path}.{key}", f"{shown} is outside the trip ({dates.first} to {dates.last})")


def _repeat(c: _Checker, t: dict, path: str, when: When | None) -> Recurrence | None:
    rule = c.get(t, path, "repeat", str)
    exceptions = c.get(t, path, "except", list, default=[])
    if rule is None:
        if exceptions:
            c.add(f"{path}.except", "'except' only goes with 'repeat'")
        return None
    if when is not None and not isinstance(when, (Exact, OnDate, PartOfDay)):
        c.add(f"{path}.repeat", f"only a dated event can repeat, not one that is {when.label()}")
        return None
    rule = rule.strip().removeprefix("RRULE:")
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        c.add(f"{path}.repeat", f"not a valid RRULE ({exc})")
        return None
    if when is not None and never_happens(rule, when.local_date()):  # type: ignore[arg-type]
        c.add(f"{path}.repeat", f"no day ever matches {rule[:80]!r}; check its BY... parts")
        return None
    days = []
    for v in exceptions:
        if isinstance(v, datetime) or not isinstance(v, date):
            c.add(f"{path}.except", f"expected dates such as 2019-12-19, got {v!r:.60}")
        elif v.year not in YEARS:
            c.add(f"{path}.except", _year_problem(v.year))
        else:
            days.append(v)
    return Recurrence(rule, tuple(days))
