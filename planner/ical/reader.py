""".ics files -> planner events, merged into a trip by UID.

Reading is in two steps. :func:`parse` checks the file's structure itself
(content lines, BEGIN/END nesting, sizes) so that every error names a line,
then converts each VEVENT and VTODO into an :class:`Item` using icalendar's
value parsers. :func:`merge` matches items to a trip's events by UID and
returns the new trip plus what was added, updated, left unchanged and skipped;
nothing is written here, so a bad file never touches a trip.

What it understands, besides the planner's own exports:

* Google Calendar: UTC times (``...Z``) and ``X-WR-TIMEZONE``, the calendar's zone;
* Outlook: Windows zone names (``Korea Standard Time``, ``Central Standard Time``);
* ``/mozilla.org/.../America/New_York`` style TZIDs and ``X-LIC-LOCATION``;
* floating times (no zone), all-day events, RRULE with EXDATE, DURATION instead of DTEND.

Which zone a floating time (no TZID, no ``Z``) is read in: ``--tz`` if
given, else ``X-WR-TIMEZONE``, else the zone of the event it updates, else
the trip's zone of events; with none of these it is refused. A UTC time is
an instant already: it is shown in the zone of the event it updates, else
in that same order of zones, else in UTC.

What the planner's own file carries in ``X-PLANNER-EVENT`` (people, place,
outcome, notes, Korean title) is used for new events; for an event that the
trip already has and that comes back without it (Google drops unknown
properties), only what a calendar can change is taken: title, time, status
and repetition.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from planner.model.timeline import never_happens
from planner.model.trip import KIND_LABELS, Event, Trip
from planner.model.when import PARTS_OF_DAY, zone_name
from planner.storage import writer as toml_writer
from planner.storage.errors import TripFileError
from planner.storage.locate import Locator
from planner.storage.reader import ID_RE, YEARS, build_trip, zone

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Calendar files larger than this are refused before reading."""
MAX_LINE_CHARS = 256 * 1024
"""Longest content line (after unfolding) accepted; a summary is never near this."""
MAX_ITEMS = 20_000
MAX_DEPTH = 6

_NAME = re.compile(r"[A-Za-z0-9-]+")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_PLANNER_UID = re.compile(r"^([a-z0-9][a-z0-9\-]*)\.([a-z0-9][a-z0-9\-]*)@planner$")


class IcsError(Exception):
    """A calendar file cannot be imported; ``messages`` each name the file and line."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


# ---------------------------------------------------------------- structure


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str
    line: int


@dataclass
class Component:
    name: str
    line: int
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def first(self, name: str) -> Prop | None:
        for p in self.props:
            if p.name == name:
                return p
        return None

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    out: list[tuple[int, str]] = []
    parts: list[str] = []
    start = 0
    size = 0
    for n, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if raw[:1] in (" ", "\t") and parts:
            parts.append(raw[1:])
            size += len(raw) - 1
        else:
            if parts:
                out.append((start, "".join(parts)))
            parts, start, size = [raw], n, len(raw)
        if size > MAX_LINE_CHARS:
            name = _NAME.match(parts[0])
            what = name.group(0).upper() if name else "a line"
            raise IcsError(
                [
                    (
                        f"{{file}}:{start}: {what} is longer than {MAX_LINE_CHARS // 1024} KB; "
                        "not a real calendar entry (the file is refused)"
                    )
                ]
            )
    if parts:
        out.append((start, "".join(parts)))
    return [(n, s) for n, s in out if s.strip()]


def _split(line: str, n: int) -> Prop:
    m = _NAME.match(line)
    if not m:
        raise IcsError([f"{{file}}:{n}: not an iCalendar content line: {line[:60]!r}"])
    name = m.group(0).upper()
    i = m.end()
    params: dict[str, str] = {}
    while i < len(line) and line[i] == ";":
        pm = _NAME.match(line, i + 1)
        if not pm or pm.end() >= len(line) or line[pm.end()] != "=":
            raise IcsError([f"{{file}}:{n}: {name}: malformed parameter"])
        key = pm.group(0).upper()
        i = pm.end() + 1
        values = []
        while True:
            if i < len(line) and line[i] == '"':
                close = line.find('"', i + 1)
                if close < 0:
                    raise IcsError([f"{{file}}:{n}: {name}: unclosed quote in parameter {key}"])
                values.append(line[i + 1 : close])
                i = close + 1
            else:
                j = i
                while j < len(line) and line[j] not in ",;:":
                    j += 1
                values.append(line[i:j])
                i = j
            if i < len(line) and line[i] == ",":
                i += 1
                continue
            break
        params[key] = ",".join(values)
    if i >= len(line) or line[i] != ":":
        raise IcsError([f"{{file}}:{n}: {name}: missing ':' before the value"])
    return Prop(name, params, line[i + 1 :], n)


def _shown(name: str) -> str:
    """A component name as an error message may quote it: short, and control characters escaped."""
    return name[:40] if _NAME.fullmatch(name[:40] or "-") else repr(name[:40])


def scan(text: str) -> Component:
    """The VCALENDAR tree of ``text``, checking BEGIN/END nesting; errors hold ``{file}``."""
    lines = _content_lines(text)
    if not lines:
        raise IcsError(["{file}: the file is empty"])
    stack: list[Component] = []
    root: Component | None = None
    count = 0
    for n, line in lines:
        prop = _split(line, n)
        if prop.name == "BEGIN":
            name = _shown(prop.value.strip().upper())
            if not stack and root is not None:
                raise IcsError([f"{{file}}:{n}: BEGIN:{name} after END:VCALENDAR"])
            if not stack and name != "VCALENDAR":
                raise IcsError([f"{{file}}:{n}: the file should start with BEGIN:VCALENDAR, not BEGIN:{name}"])
            if len(stack) >= MAX_DEPTH:
                raise IcsError([f"{{file}}:{n}: components nested too deep"])
            count += 1
            if count > MAX_ITEMS:
                raise IcsError([f"{{file}}:{n}: more than {MAX_ITEMS} components; not an itinerary"])
            comp = Component(name, n)
            if stack:
                stack[-1].children.append(comp)
            else:
                root = comp
            stack.append(comp)
        elif prop.name == "END":
            name = _shown(prop.value.strip().upper())
            if not stack:
                raise IcsError([f"{{file}}:{n}: END:{name} without a matching BEGIN"])
            if stack[-1].name != name:
                open_ = stack[-1]
                raise IcsError(
                    [
                        (
                            f"{{file}}:{n}: END:{name} found, but BEGIN:{open_.name} on line "
                            f"{open_.line} is not closed (END:{open_.name} missing)"
                        )
                    ]
                )
            stack.pop()
        else:
            if not stack:
                where = "after END:VCALENDAR" if root is not None else "before BEGIN:VCALENDAR"
                raise IcsError([f"{{file}}:{n}: {prop.name} {where}"])
            stack[-1].props.append(prop)
    if stack:
        open_ = stack[-1]
        raise IcsError([f"{{file}}:{open_.line}: BEGIN:{open_.name} is never closed (END:{open_.name} missing)"])
    assert root is not None
    return root


# ---------------------------------------------------------------- values


def unescape(value: str) -> str:
    r"""TEXT value with ``\n``, ``\,``, ``\;`` and ``\\`` unescaped.

    >>> unescape(r"Lotte Hotel\, Seoul\nroom 3\\4")
    'Lotte Hotel, Seoul\nroom 3\\4'
    """
    if "\\" not in value:
        return value  # most values: nothing to unescape
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


_ESCAPED = re.compile(r"\\([\\;,nN])")


def resolve_tzid(tzid: str, located: dict[str, str] | None = None) -> ZoneInfo | None:
    """The IANA zone a TZID stands for: IANA, Windows (Outlook), or a path ending in one.

    >>> resolve_tzid("Korea Standard Time")
    zoneinfo.ZoneInfo(key='Asia/Seoul')
    >>> resolve_tzid("/mozilla.org/20050126_1/America/New_York")
    zoneinfo.ZoneInfo(key='America/New_York')
    >>> resolve_tzid("Mars/Olympus") is None
    True
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"')
    candidates = [name]
    if name in WINDOWS_TO_OLSON:
        candidates.append(WINDOWS_TO_OLSON[name])  # after the name itself: "UTC" is IANA too
    if located and name in located:
        candidates.append(located[name])
    pieces = [p for p in name.split("/") if p]
    for k in (3, 2, 1):
        if len(pieces) > k:
            candidates.append("/".join(pieces[-k:]))
    for cand in candidates:
        if not cand or len(cand) > 100 or ".." in cand or cand.startswith("/"):
            continue
        try:
            return zone(cand)
        except ValueError:
            continue
    return None


@dataclass
class Moment:
    """A DTSTART/DTEND as written: a date, a UTC time, a time in a zone, or a floating time."""

    value: date | datetime
    zone: ZoneInfo | None = None
    """The zone of a TZID; ``None`` for dates, UTC and floating times."""

    @property
    def is_date(self) -> bool:
        return not isinstance(self.value, datetime)

    @property
    def is_utc(self) -> bool:
        return isinstance(self.value, datetime) and self.value.tzinfo is UTC


@dataclass
class Item:
    """One VEVENT or VTODO, read but not yet placed in a trip."""

    uid: str
    line: int
    kind: str
    """``VEVENT`` or ``VTODO``."""
    title: str = ""
    start: Moment | None = None
    end: Moment | None = None
    duration: timedelta | None = None
    due: Moment | None = None
    status: str = ""
    rule: str = ""
    exdates: list[Moment] = field(default_factory=list)
    location: str = ""
    geo: tuple[float, float] | None = None
    description: str = ""
    categories: list[str] = field(default_factory=list)
    extras: dict[str, Any] | None = None
    """The ``X-PLANNER-EVENT`` data of a planner export."""
    sequence: int = 0
    modified: datetime | None = None
    skip: str = ""
    """Why the item cannot be imported (it is counted as skipped), if so."""

    def label(self) -> str:
        return f"event {self.title[:60]!r}" if self.title else f"event {self.uid[:60]!r}"


@dataclass
class Parsed:
    """What a calendar file holds."""

    name: str
    """X-WR-CALNAME, or empty."""
    default_zone: ZoneInfo | None
    """X-WR-TIMEZONE when it names a zone."""
    trips: list[dict[str, Any]]
    """The ``X-PLANNER-TRIP`` data of a planner export."""
    items: list[Item]


class _Reader:
    def __init__(self, file: str, located: dict[str, str]):
        self.file = file
        self.located = located
        self.errors: list[str] = []
        self.zones: dict[str, ZoneInfo | None] = {}

    def error(self, line: int, item: Item | None, message: str) -> None:
        where = f" ({item.label()})" if item else ""
        self.errors.append(f"{self.file}:{line}{where}: {message}")

    def moment(self, prop: Prop, item: Item | None) -> Moment | None:
        raw = prop.value.strip()
        value_type = prop.params.get("VALUE", "").upper()
        m = _DATE.match(raw)
        if m or value_type == "DATE":
            if not m:
                self.error(prop.line, item, f"{prop.name}: {raw[:40]!r} is not a date (YYYYMMDD)")
                return None
            if int(m.group(1)) not in YEARS:
                self.error(
                    prop.line, item, f"{prop.name}: the year {m.group(1)} is not between {YEARS[0]} and {YEARS[-1]}"
                )
                return None
            try:
                return Moment(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError as exc:
                self.error(prop.line, item, f"{prop.name}: {raw!r} is not a valid date ({exc})")
                return None
        m = _DATETIME.match(raw)
        if not m:
            self.error(prop.line, item, f"{prop.name}: {raw[:40]!r} is not a date-time (YYYYMMDDTHHMMSS)")
            return None
        if int(m.group(1)) not in YEARS:  # far-off years overflow zone conversions; trip files refuse them too
            self.error(prop.line, item, f"{prop.name}: the year {m.group(1)} is not between {YEARS[0]} and {YEARS[-1]}")
            return None
        try:
            y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
            value = datetime(y, mo, d, h, mi, min(s, 59))
        except ValueError as exc:
            self.error(prop.line, item, f"{prop.name}: {raw!r} is not a valid date-time ({exc})")
            return None
        if m.group(7):
            return Moment(value.replace(tzinfo=UTC))
        tzid = prop.params.get("TZID")
        if tzid is None:
            return Moment(value)
        tz = self.zones.get(tzid, False)
        if tz is False:  # each TZID is resolved once per file: a calendar uses a handful
            tz = self.zones[tzid] = resolve_tzid(tzid, self.located)
        if tz is None:
            self.error(
                prop.line,
                item,
                f"{prop.name}: unknown time zone {tzid[:60]!r} (neither an IANA nor a Windows zone name)",
            )
            return None
        return Moment(value, tz)

    def moments(self, prop: Prop, item: Item) -> list[Moment]:
        out = []
        for part in prop.value.split(","):
            m = self.moment(Prop(prop.name, prop.params, part, prop.line), item)
            if m is not None:
                out.append(m)
        return out

    def item(self, comp: Component) -> Item | None:
        uid_prop = comp.first("UID")
        summary = comp.first("SUMMARY")
        item = Item(
            uid=unescape(uid_prop.value).strip() if uid_prop else "",
            line=comp.line,
            kind=comp.name,
            title=unescape(summary.value).strip() if summary else "",
        )
        if not item.uid:
            self.error(comp.line, item, f"{comp.name} has no UID")
            return None
        if len(item.uid) > 255 or any(ord(c) < 32 for c in item.uid):
            self.error(uid_prop.line if uid_prop else comp.line, item, "UID is not one line of at most 255 characters")
            return None
        if len(item.title) > 1000:
            self.error(
                summary.line if summary else comp.line,
                item,
                f"SUMMARY is {len(item.title):,} characters long; a title is at most 1,000",
            )
            return None
        if comp.first("RECURRENCE-ID") is not None:
            item.skip = "a changed occurrence of a series (RECURRENCE-ID) is not supported"
            return item
        for name in ("DTSTART", "DTEND", "DUE"):
            prop = comp.first(name)
            if prop is not None:
                setattr(item, {"DTSTART": "start", "DTEND": "end", "DUE": "due"}[name], self.moment(prop, item))
        dur = comp.first("DURATION")
        if dur is not None:
            from icalendar.prop import vDuration

            try:
                item.duration = vDuration.from_ical(dur.value.strip())
            except (ValueError, TypeError):
                self.error(dur.line, item, f"DURATION: {dur.value[:40]!r} is not a duration such as PT1H30M")
            else:
                if item.duration < timedelta(0):
                    self.error(dur.line, item, "DURATION is negative")
        status = comp.first("STATUS")
        item.status = status.value.strip().upper() if status else ""
        rrule = comp.first("RRULE")
        if rrule is not None:
            item.rule = rrule.value.strip()
            try:
                rrulestr(item.rule, dtstart=datetime(2000, 1, 1), ignoretz=True)
            except (ValueError, TypeError, OverflowError) as exc:
                self.error(rrule.line, item, f"RRULE: not a valid rule ({exc})")
            else:
                first = item.start.value if item.start is not None else date(2000, 1, 1)
                if never_happens(item.rule, first):
                    self.error(rrule.line, item, f"RRULE: no day ever matches {item.rule[:80]!r}")
        if comp.first("RDATE") is not None:
            item.skip = "extra dates (RDATE) are not supported"
        for ex in comp.all("EXDATE"):
            item.exdates.extend(self.moments(ex, item))
        loc = comp.first("LOCATION")
        item.location = " ".join(unescape(loc.value).split()) if loc else ""
        geo = comp.first("GEO")
        if geo is not None:
            try:
                lat, lon = (float(x) for x in geo.value.split(";"))
                if -90 <= lat <= 90 and -180 <= lon <= 180:
                    item.geo = (lat, lon)
            except ValueError:
                pass  # a broken GEO loses nothing that matters
        desc = comp.first("DESCRIPTION")
        item.description = unescape(desc.value).strip() if desc else ""
        for cat in comp.all("CATEGORIES"):
            item.categories += [unescape(c).strip() for c in re.split(r"(?<!\\),", cat.value) if c.strip()]
        seq = comp.first("SEQUENCE")
        if seq is not None:
            try:
                item.sequence = max(0, int(seq.value.strip()))
            except ValueError:
                self.error(seq.line, item, f"SEQUENCE: {seq.value[:20]!r} is not a number")
        for name in ("LAST-MODIFIED", "DTSTAMP"):
            prop = comp.first(name)
            if prop is not None and item.modified is None:
                m = self.moment(prop, item)
                if m is not None and isinstance(m.value, datetime):
                    v = m.value
                    item.modified = (v.replace(tzinfo=m.zone or UTC)).astimezone(UTC)
        extra = comp.first("X-PLANNER-EVENT")
        if extra is not None:
            try:
                data = json.loads(unescape(extra.value))
            except (ValueError, RecursionError):
                self.error(extra.line, item, "X-PLANNER-EVENT is not valid JSON")
            else:
                if not isinstance(data, dict):
                    self.error(extra.line, item, "X-PLANNER-EVENT should hold a JSON object")
                else:
                    item.extras = data
        if comp.name == "VEVENT" and comp.first("DTSTART") is None and not item.skip:
            self.error(comp.line, item, "VEVENT has no DTSTART")
        return item


def parse(data: bytes, file: str) -> Parsed:
    """Read a calendar file's bytes.

    Raises:
        IcsError: every problem found, each as ``file:line (event ...): what``.
    """
    if len(data) > MAX_FILE_BYTES:
        raise IcsError(
            [
                (
                    f"{file}: {len(data) // 1024 // 1024} MB is more than a calendar file can be "
                    f"({MAX_FILE_BYTES // 1024 // 1024} MB)"
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IcsError([f"{file}:{line}: not UTF-8 text"]) from None
    text = text.removeprefix("\ufeff")
    try:
        root = scan(text)
    except IcsError as exc:
        raise IcsError([m.replace("{file}", file) for m in exc.messages]) from None
    located: dict[str, str] = {}
    for comp in root.children:
        if comp.name == "VTIMEZONE":
            tzid, loc = comp.first("TZID"), comp.first("X-LIC-LOCATION")
            if tzid and loc:
                located[tzid.value.strip()] = loc.value.strip()
    reader = _Reader(file, located)
    name_prop = root.first("X-WR-CALNAME")
    default_zone = None
    wr = root.first("X-WR-TIMEZONE")
    if wr is not None:
        default_zone = resolve_tzid(unescape(wr.value), located)
        if default_zone is None:
            reader.error(wr.line, None, f"X-WR-TIMEZONE: unknown time zone {wr.value[:60]!r}")
    trips = []
    for prop in root.all("X-PLANNER-TRIP"):
        try:
            value = json.loads(unescape(prop.value))
        except (ValueError, RecursionError):
            reader.error(prop.line, None, "X-PLANNER-TRIP is not valid JSON")
            continue
        if isinstance(value, dict) and isinstance(value.get("trip"), dict):
            trips.append(value)
        else:
            reader.error(prop.line, None, "X-PLANNER-TRIP should hold a JSON object with a 'trip'")
    items = []
    seen: dict[str, int] = {}
    for comp in root.children:
        if comp.name not in ("VEVENT", "VTODO"):
            continue
        item = reader.item(comp)
        if item is None or (item.kind == "VEVENT" and item.start is None and not item.skip):
            continue
        if item.uid in seen and not item.skip:
            reader.error(item.line, item, f"UID {item.uid[:60]!r} is used twice (first on line {seen[item.uid]})")
            continue
        if not item.skip:
            seen[item.uid] = item.line
        items.append(item)
    if reader.errors:
        raise IcsError(reader.errors)
    return Parsed(unescape(name_prop.value).strip() if name_prop else "", default_zone, trips, items)


# ---------------------------------------------------------------- merging


@dataclass
class Outcome:
    """What :func:`merge` did, for printing."""

    trip: Trip
    added: list[Event] = field(default_factory=list)
    updated: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)
    skipped: list[tuple[Item, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def slug(text: str, fallback: str = "event") -> str:
    """An id from free text: ``"Robot MOU (Seoul)"`` -> ``"robot-mou-seoul"``.

    >>> slug("Robot MOU (Seoul)")
    'robot-mou-seoul'
    >>> slug("광주시장 접견")
    'event'
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return s or fallback


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class _Merger:
    def __init__(
        self, parsed: Parsed, file: str, trip_id: str, existing: Trip | None, tz_option: ZoneInfo | None, now: datetime
    ):
        self.parsed = parsed
        self.file = file
        self.trip_id = trip_id
        self.existing = existing
        self.tz_option = tz_option
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.errors: list[str] = []
        info = next((t for t in parsed.trips if t["trip"].get("id") == trip_id), None)
        self.trip_info = info or (parsed.trips[0] if parsed.trips else None)

    def error(self, item: Item, message: str) -> None:
        self.errors.append(f"{self.file}:{item.line} ({item.label()}): {message}")

    def default_zone(self, matched: Event | None) -> ZoneInfo | None:
        for tz in (
            self.tz_option,
            self.parsed.default_zone,
            matched.tz if matched else None,
            self.existing.event_tz if self.existing else None,
            self._info_zone(),
        ):
            if tz is not None:
                return tz if isinstance(tz, ZoneInfo) else ZoneInfo(zone_name(tz))
        return None

    def _info_zone(self) -> ZoneInfo | None:
        if self.trip_info is None:
            return None
        head = self.trip_info["trip"]
        name = head.get("local_tz") or head.get("home_tz")
        return resolve_tzid(name) if isinstance(name, str) else None

    def place_in(self, m: Moment, tz: ZoneInfo | None, item: Item) -> datetime | None:
        v = m.value
        assert isinstance(v, datetime)
        target = m.zone or tz
        if target is None:
            if m.is_utc:
                target = ZoneInfo("UTC")
            else:
                self.error(
                    item,
                    f"{v:%Y%m%dT%H%M%S} is a floating time (no zone) and the calendar names no zone: give --tz ZONE",
                )
                return None
        if v.tzinfo is None:
            return v.replace(tzinfo=target)
        return v.astimezone(target)

    def when(self, item: Item, matched: Event | None) -> dict[str, Any] | None:
        """The TOML keys of the item's time (start/end/tz, date/part/end_date, month, unscheduled)."""
        extras = item.extras or {}
        if item.kind == "VTODO":
            return self._todo_when(item, matched)
        start = item.start
        assert start is not None
        tz_hint = None
        if isinstance(extras.get("tz"), str):
            tz_hint = resolve_tzid(extras["tz"])
        if start.is_date:
            assert isinstance(start.value, date)
            first = start.value
            if item.end is not None:
                if not item.end.is_date:
                    self.error(item, "DTSTART is a date but DTEND is a date-time")
                    return None
                last = item.end.value - timedelta(days=1)  # type: ignore[operator]
                if item.end.value < first:  # type: ignore[operator]
                    self.error(item, f"ends ({item.end.value}) before it starts ({first})")
                    return None
                last = max(last, first)  # some writers repeat DTSTART as DTEND
            elif item.duration is not None:
                last = first + timedelta(days=max(item.duration.days, 1) - 1)
            else:
                last = first
            tz = tz_hint or (matched.tz if matched else None) or self.default_zone(matched)
            out: dict[str, Any] = {"date": first}
            if tz is not None:
                out["tz"] = zone_name(tz)
            if last > first:
                out["end_date"] = last
                return out
            part = extras.get("part") if isinstance(extras.get("part"), str) else None
            if part is None:
                m = re.search(r" \(([a-z ]+)\)$", item.title)
                if m and m.group(1) in PARTS_OF_DAY:
                    part = m.group(1)
            if (
                part is None
                and matched is not None
                and getattr(matched.when, "part", None)
                and getattr(matched.when, "day", None) == first
            ):
                part = matched.when.part  # type: ignore[union-attr]
            if part is not None:
                out["part"] = part
            return out
        if start.zone is not None:
            tz = start.zone
        elif start.is_utc:
            # The instant is fixed; only the zone it is shown in is chosen: keep the event's own.
            tz = (matched.tz if matched else None) or tz_hint or self.default_zone(matched)
        else:
            # A floating time means what the calendar says it means (--tz, X-WR-TIMEZONE) first.
            tz = self.tz_option or self.parsed.default_zone or tz_hint or self.default_zone(matched)
        begin = self.place_in(start, tz, item)
        if begin is None:
            return None
        end = None
        if item.end is not None:
            if item.end.is_date:
                self.error(item, "DTSTART is a date-time but DTEND is a date")
                return None
            end_hint = resolve_tzid(extras["end_tz"]) if isinstance(extras.get("end_tz"), str) else None
            end = self.place_in(item.end, item.end.zone or end_hint or begin.tzinfo, item)  # type: ignore[arg-type]
            if end is None:
                return None
        elif item.duration is not None:
            nominal = begin + timedelta(days=item.duration.days)
            exact = timedelta(seconds=item.duration.seconds)
            end = (nominal.astimezone(UTC) + exact).astimezone(begin.tzinfo)
        if end is not None and end < begin:
            self.error(item, f"ends ({end:%Y-%m-%d %H:%M %Z}) before it starts ({begin:%Y-%m-%d %H:%M %Z})")
            return None
        out = {"start": begin.replace(tzinfo=None), "tz": zone_name(begin.tzinfo)}
        if end is not None:
            out["end"] = end.replace(tzinfo=None)
            if zone_name(end.tzinfo) != zone_name(begin.tzinfo):
                out["end_tz"] = zone_name(end.tzinfo)
        return out

    def _todo_when(self, item: Item, matched: Event | None) -> dict[str, Any] | None:
        tz = None
        extras = item.extras or {}
        if isinstance(extras.get("tz"), str):
            tz = resolve_tzid(extras["tz"])
        tz = tz or (matched.tz if matched else None) or self.default_zone(None)
        out: dict[str, Any] = {"tz": zone_name(tz)} if tz else {}
        if item.start is None and item.due is None:
            out["unscheduled"] = True
            return out
        s, d = item.start, item.due
        if s is not None and d is not None and s.is_date and d.is_date:
            first = s.value
            assert isinstance(first, date)
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            if first.day == 1 and d.value == nxt:
                out["month"] = f"{first.year:04d}-{first.month:02d}"
                return out
        item.skip = "a to-do with its own dates is not an itinerary item"
        return None

    def repeat(self, item: Item, when: dict[str, Any]) -> tuple[str, list[date]] | None:
        if not item.rule:
            return None
        parts = []
        tz = ZoneInfo(when["tz"]) if "tz" in when else None
        for part in item.rule.split(";"):
            key, _, value = part.partition("=")
            if key.upper() == "UNTIL":
                value = value.strip()
                if value.upper().endswith("Z") and "start" in when and tz is not None:
                    # The planner reads UNTIL as wall-clock time in the event's zone.
                    utc = datetime.strptime(value[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
                    value = utc.astimezone(tz).strftime("%Y%m%dT%H%M%S")
                elif "start" not in when:
                    value = value[:8]
            parts.append(f"{key.upper()}={value}")
        days = []
        for m in item.exdates:
            if isinstance(m.value, datetime):
                local = self.place_in(m, tz, item)
                if local is not None:
                    days.append(local.date())
            else:
                days.append(m.value)
        return ";".join(parts), sorted(set(days))

    def kind(self, item: Item) -> str:
        extras = item.extras or {}
        if extras.get("kind") in KIND_LABELS:
            return extras["kind"]
        by_label = {label.lower(): k for k, label in KIND_LABELS.items()} | {k: k for k in KIND_LABELS}
        for cat in item.categories:
            if cat.lower() in by_label:
                return by_label[cat.lower()]
        return "other"

    def status(self, item: Item, matched: Event | None) -> str:
        if item.kind == "VTODO":
            st = (item.extras or {}).get("status")
            if st in ("confirmed", "tentative", "cancelled"):
                return st
            return "cancelled" if item.status == "CANCELLED" else (matched.status if matched else "confirmed")
        if not item.status and matched is not None:
            return matched.status  # no STATUS line says nothing new
        return {"TENTATIVE": "tentative", "CANCELLED": "cancelled"}.get(item.status, "confirmed")


def _uid_of(trip_id: str, ev: Event) -> str:
    return ev.ical_uid or f"{trip_id}.{ev.id}@planner"


def _definitions(info: dict[str, Any] | None, name: str) -> list[dict[str, Any]]:
    if info is None or not isinstance(info.get(name), list):
        return []
    return [d for d in info[name] if isinstance(d, dict)]


def _as_date(value: Any) -> Any:
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


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
    from planner.ical.writer import content_hash

    now = now or datetime.now(UTC)
    mg = _Merger(parsed, file, trip_id, existing, tz, now)
    info = mg.trip_info

    # Start from the trip as it is (as TOML data), or a new one.
    if existing is not None:
        header = toml_writer.trip_header(existing)
        sections = {name: toml_writer.section_items(existing, name) for name in toml_writer.SECTIONS}
    else:
        header = {"id": trip_id}
        sections = {name: [] for name in toml_writer.SECTIONS}
        if info is not None:
            for key, value in info["trip"].items():
                if key != "id":
                    header[key] = _as_date(value)
        header["title"] = parsed.name or header.get("title") or trip_id
    for name in ("sources", "people", "organisations", "places"):
        have = {d["id"] for d in sections[name]}
        for t in parsed.trips:
            for d in _definitions(t, name):
                if d.get("id") not in have and isinstance(d.get("id"), str):
                    sections[name].append({k: _as_date(v) if k == "published" else v for k, v in d.items()})
                    have.add(d["id"])

    by_uid = {_uid_of(trip_id, ev): ev for ev in (existing.events if existing else ())}
    index_of = {d["id"]: i for i, d in enumerate(sections["events"])}
    taken = set(index_of)
    outcome_kind: dict[str, str] = {}
    item_of: dict[str, Item] = {}
    skipped: list[tuple[Item, str]] = []
    for item in parsed.items:
        if item.skip:
            skipped.append((item, item.skip))
            continue
        matched = by_uid.get(item.uid)
        when = mg.when(item, matched)
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
        d: dict[str, Any] = {"title": title, "kind": mg.kind(item), "status": mg.status(item, matched)}
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
        if matched is not None and item.extras is None:
            # Back from a calendar that dropped the planner's data: keep what only the planner knows.
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
                "title",
                "status",
            ):
                old.pop(key, None)
            d = {**old, **d}
            if matched.kind != "other" and d["kind"] == "other":
                d["kind"] = matched.kind
        elif item.extras is not None:
            for key in ("title_ko", "place", "outcome", "notes", "people", "counterparts", "orgs", "sources"):
                if key in extras:
                    d[key] = extras[key]
        else:
            if item.description:
                d["notes"] = item.description
            if item.location:
                d["place"] = _place_for(item, sections["places"], d.get("tz"))
        for key in ("ical_uid", "ical_sequence", "ical_hash", "ical_modified"):
            d.pop(key, None)
        if matched is not None:
            ev_id = matched.id
            old_d = sections["events"][index_of[ev_id]]
            for key in ("ical_uid", "ical_sequence", "ical_hash", "ical_modified"):
                if key in old_d:
                    d[key] = old_d[key]
            d = {"id": ev_id, **{k: v for k, v in d.items() if k != "id"}}
            sections["events"][index_of[ev_id]] = d
            outcome_kind[ev_id] = "matched"
        else:
            m = _PLANNER_UID.match(item.uid)
            wanted = (
                extras.get("id")
                if isinstance(extras.get("id"), str) and ID_RE.match(extras["id"])
                else (m.group(2) if m else slug(title))
            )
            ev_id = _unique(wanted, taken)
            taken.add(ev_id)
            if item.uid != f"{trip_id}.{ev_id}@planner":
                d["ical_uid"] = item.uid
            d = {"id": ev_id, **d}
            index_of[ev_id] = len(sections["events"])
            sections["events"].append(d)
            outcome_kind[ev_id] = "added"
        item_of[ev_id] = item
    if mg.errors:
        raise IcsError(mg.errors)

    notices = _fit_dates(header, sections["events"], existing, mg, item_of)
    if mg.errors:
        raise IcsError(mg.errors)
    data = {"trip": header, **{k: v for k, v in sections.items() if v}}
    trip = _build(data, file, item_of, sections["events"])

    # Decide added / updated / unchanged, and keep SEQUENCE honest.
    out_events = []
    result = Outcome(trip, notices=notices, skipped=skipped)
    for ev in trip.events:
        status = outcome_kind.get(ev.id)
        item = item_of.get(ev.id)
        if status is None or item is None:
            out_events.append(ev)
            continue
        digest = content_hash(trip, ev)
        if status == "added":
            ev = replace(ev, ical_hash=digest, ical_sequence=item.sequence, ical_modified=item.modified or mg.now)
            result.added.append(ev)
        else:
            old = existing.event(ev.id) if existing else None
            assert old is not None
            if _same(existing, old, trip, ev):
                ev = old
                result.unchanged.append(ev)
            else:
                seq = max(item.sequence, old.ical_sequence + 1)
                stamp = (
                    item.modified
                    if item.modified and (old.ical_modified is None or item.modified > old.ical_modified)
                    else mg.now
                )
                ev = replace(ev, ical_hash=digest, ical_sequence=seq, ical_modified=stamp)
                result.updated.append(ev)
        out_events.append(ev)
    result.trip = replace(trip, events=tuple(out_events))
    return result


def _same_rule(a: str, b: str) -> bool:
    """Whether two RRULE values say the same thing (part order and ``+`` signs aside)."""
    from icalendar.prop import vRecur

    try:
        return vRecur.from_ical(a).to_ical() == vRecur.from_ical(b).to_ical()
    except (ValueError, TypeError):
        return a == b


def _same(old_trip: Trip | None, old: Event, new_trip: Trip, new: Event) -> bool:
    strip = ("ical_uid", "ical_sequence", "ical_hash", "ical_modified")
    a = {k: v for k, v in toml_writer.event_data(old_trip, old).items() if k not in strip}  # type: ignore[arg-type]
    b = {k: v for k, v in toml_writer.event_data(new_trip, new).items() if k not in strip}
    return a == b


def _place_for(item: Item, places: list[dict[str, Any]], tz: str | None) -> str:
    """The id of the place LOCATION names: one the trip has (as the export writes it), or a new one."""
    text = item.location[:200]
    for p in places:
        name = f"{p.get('name')} ({p['name_ko']})" if p.get("name_ko") else str(p.get("name"))
        if text in (p.get("name"), name, f"{name}, {p.get('address')}", f"{name}, {p.get('city')}"):
            return p["id"]
    pid = _unique(slug(text.split(",")[0], "place"), {p["id"] for p in places})
    d: dict[str, Any] = {"id": pid, "name": text}
    if tz:
        d["tz"] = tz
    if item.geo:
        d["lat"], d["lon"] = item.geo
    places.append(d)
    return pid


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
    header: dict[str, Any], events: list[dict[str, Any]], existing: Trip | None, mg: _Merger, items: dict[str, Item]
) -> list[str]:
    """Give a new trip its dates and zones; widen an existing trip's dates to hold what was imported."""
    notices = []
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


def _build(data: dict[str, Any], file: str, items: dict[str, Item], events: list[dict[str, Any]]) -> Trip:
    try:
        return build_trip(data, file, Locator(""))
    except TripFileError as exc:
        messages = []
        for p in exc.problems:
            m = re.match(r"^events\[(\d+)\](?:\.(.+))?$", p.path)
            if m and int(m.group(1)) < len(events):
                item = items.get(events[int(m.group(1))].get("id", ""))
                if item is not None:
                    key = f"{m.group(2)}: " if m.group(2) else ""
                    messages.append(f"{file}:{item.line} ({item.label()}): {key}{p.message}")
                    continue
            messages.append(f"{file}: {p.path}: {p.message}" if p.path else f"{file}: {p.message}")
        raise IcsError(messages) from None


__all__ = ["IcsError", "Item", "Outcome", "Parsed", "merge", "parse", "resolve_tzid", "scan", "slug"]
