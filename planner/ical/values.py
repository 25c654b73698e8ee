r"""Reading property values (dates, times, zones, durations, RRULE, text) into :class:`Item`\ s: :func:`parse`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from planner.ical import planner_data
from planner.ical.scan import MAX_FILE_BYTES, Component, IcsError, Prop, scan, unescape
from planner.ical.series import kept_lines_of
from planner.ical.zones import resolve_tzid, zone_of_vtimezone
from planner.model.repeats import never_happens, rule_problem
from planner.model.when import YEARS

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_UNTIL = re.compile(r"^\d{8}(T\d{6}Z?)?$")
MAX_DURATION = timedelta(days=3660)
"""Longest DURATION accepted (ten years): a longer one is no itinerary item, and overflows date arithmetic."""
MAX_SEQUENCE = 2**31 - 1
_CONTROL = re.compile("[\x00-\x1f]")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")


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
    """The ``X-PLANNER-EVENT`` data of a planner export (a JSON object, checked against the trip by the merge)."""
    extras_line: int = 0
    sequence: int = 0
    modified: datetime | None = None
    skip: str = ""
    """Why the item cannot be imported (it is counted as skipped), if so."""
    recurrence_id: Moment | None = None
    """For a changed occurrence of a series (RECURRENCE-ID), the start of the occurrence it replaces."""
    this_and_future: bool = False
    """``RANGE=THISANDFUTURE`` on the RECURRENCE-ID."""
    kept: list[str] = field(default_factory=list)
    """Lines the planner does not model (alarms, TRANSP, CATEGORIES, DESCRIPTION ...), as written."""

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
    notices: list[str] = field(default_factory=list)
    """What was ignored (a malformed ``X-PLANNER-*`` property ...), each as ``file:line: what``."""


class ItemReader:
    """Reads the VEVENTs and VTODOs of one file, collecting errors with their lines."""

    def __init__(self, file: str, located: dict[str, str], vtimezones: dict[str, Component] | None = None):
        self.file = file
        self.located = located
        self.vtimezones = vtimezones or {}
        self.errors: list[str] = []
        self.notices: list[str] = []
        self.zones: dict[str, ZoneInfo | None] = {}

    def error(self, line: int, item: Item | None, message: str) -> None:
        where = f" ({item.label()})" if item else ""
        self.errors.append(f"{self.file}:{line}{where}: {message}")

    def moment(self, prop: Prop, item: Item | None) -> Moment | None:
        raw = prop.value.strip()
        value_type = prop.params.get("VALUE", "").upper()
        m = _DATE.fullmatch(raw)
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
        m = _DATETIME.fullmatch(raw)
        if not m:
            self.error(prop.line, item, f"{prop.name}: {raw[:40]!r} is not a date-time (YYYYMMDDTHHMMSS)")
            return None
        if int(m.group(1)) not in YEARS:  # far-off years overflow zone conversions; trip files refuse them too
            self.error(prop.line, item, f"{prop.name}: the year {m.group(1)} is not between {YEARS[0]} and {YEARS[-1]}")
            return None
        try:
            y, mo, d, h, mi, s = map(int, m.groups()[:6])
            value = datetime(y, mo, d, h, mi, min(s, 59))
        except ValueError as exc:
            self.error(prop.line, item, f"{prop.name}: {raw!r} is not a valid date-time ({exc})")
            return None
        if m.group(7):
            return Moment(value.replace(tzinfo=UTC))
        tzid = prop.params.get("TZID")
        if tzid is None:
            return Moment(value)
        if tzid in self.zones:  # each TZID is resolved once per file: a calendar uses a handful
            tz = self.zones[tzid]
        else:
            tz = self.zones[tzid] = self._zone(tzid, value.year, prop.line)
        if tz is None:
            problem = (
                f"{prop.name}: unknown time zone {tzid[:60]!r} (neither an IANA nor a Windows zone name, "
                "nor one the file's VTIMEZONE matches)"
            )
            if item is None:
                self.error(prop.line, item, problem)
            elif not item.skip:
                item.skip = f"line {prop.line}: {problem}"
            return None
        return Moment(value, tz)

    def _zone(self, tzid: str, year: int, line: int) -> ZoneInfo | None:
        """The zone of a TZID by name; failing that, the IANA zone with the rules of the file's VTIMEZONE for it."""
        tz = resolve_tzid(tzid, self.located)
        vtz = self.vtimezones.get(tzid.strip())
        if tz is not None or vtz is None:
            return tz
        years = (max(year - 1, YEARS[0]), min(year + 3, YEARS[-1]))
        tz = zone_of_vtimezone(vtz, years)
        if tz is not None:
            self.notice(
                vtz.line,
                None,
                f"TZID {tzid[:60]!r} is no zone name; its VTIMEZONE has the offsets of {tz.key} "
                f"({years[0]} to {years[1]}), so its times are read in {tz.key}",
            )
        return tz

    def moments(self, prop: Prop, item: Item) -> list[Moment]:
        out = []
        for part in prop.value.split(","):
            m = self.moment(Prop(prop.name, prop.params, part, prop.line), item)
            if m is not None:
                out.append(m)
        return out

    def notice(self, line: int, item: Item | None, message: str) -> None:
        where = f" ({item.label()})" if item else ""
        self.notices.append(f"{self.file}:{line}{where}: {message}")

    def item(self, comp: Component) -> Item | None:
        firsts: dict[str, Prop] = {}
        for one in reversed(comp.props):  # each name's first property, found once (an entry is asked for 20)
            firsts[one.name] = one
        first_of = firsts.get
        uid_prop = first_of("UID")
        summary = first_of("SUMMARY")
        item = Item(
            uid=unescape(uid_prop.value).strip() if uid_prop else "",
            line=comp.line,
            kind=comp.name,
            title=unescape(summary.value).strip() if summary else "",
        )
        if not item.uid:
            self.error(comp.line, item, f"{comp.name} has no UID")
            return None
        if len(item.uid) > 255 or _CONTROL.search(item.uid) is not None:
            self.error(uid_prop.line if uid_prop else comp.line, item, "UID is not one line of at most 255 characters")
            return None
        if len(item.title) > 1000:
            self.error(
                summary.line if summary else comp.line,
                item,
                f"SUMMARY is {len(item.title):,} characters long; a title is at most 1,000",
            )
            return None
        rid = first_of("RECURRENCE-ID")
        if rid is not None:
            item.recurrence_id = self.moment(rid, item)
            item.this_and_future = rid.params.get("RANGE", "").upper() == "THISANDFUTURE"
        for name in ("DTSTART", "DTEND", "DUE"):
            prop = first_of(name)
            if prop is not None:
                setattr(item, {"DTSTART": "start", "DTEND": "end", "DUE": "due"}[name], self.moment(prop, item))
        dur = first_of("DURATION")
        if dur is not None:
            from icalendar.prop import vDuration

            try:
                item.duration = vDuration.from_ical(dur.value.strip())  # type: ignore[no-untyped-call]
            except (ValueError, TypeError, OverflowError):
                self.error(dur.line, item, f"DURATION: {dur.value[:40]!r} is not a duration such as PT1H30M")
            else:
                if item.duration < timedelta(0):
                    self.error(dur.line, item, "DURATION is negative")
                elif item.duration > MAX_DURATION:
                    self.error(dur.line, item, f"DURATION: {dur.value[:40]!r} is longer than {MAX_DURATION.days} days")
        status = first_of("STATUS")
        item.status = status.value.strip().upper() if status else ""
        rrule = first_of("RRULE")
        if rrule is not None and not rrule.value.strip() and len(comp.all("RRULE")) == 1:
            self.notice(rrule.line, item, "RRULE is empty (it names no repetition); read as a one-off event")
            rrule = None
        if rid is not None:
            rrule = None  # a changed occurrence is one occurrence, whatever it says
        if rrule is not None:
            item.rule = rrule.value.strip()
            problem = rule_problem(item.rule) or _until_problem(item.rule)
            try:
                if problem is None:
                    rrulestr(item.rule, dtstart=datetime(2000, 1, 1), ignoretz=True)
            except (ValueError, TypeError, OverflowError) as exc:
                problem = f"not a valid rule ({exc})"
            if problem is not None:
                self.error(rrule.line, item, f"RRULE: {problem}")
            else:
                first = item.start.value if item.start is not None else date(2000, 1, 1)
                if never_happens(item.rule, first):
                    self.error(rrule.line, item, f"RRULE: no day ever matches {item.rule[:80]!r}")
        if first_of("RDATE") is not None and not item.skip:
            item.skip = "extra dates (RDATE) are not supported"
        elif (len(comp.all("RRULE")) > 1 or first_of("EXRULE") is not None) and not item.skip:
            item.skip = "a series of several rules (a second RRULE, or EXRULE) is not supported"
        for ex in comp.all("EXDATE"):
            item.exdates.extend(self.moments(ex, item))
        loc = first_of("LOCATION")
        item.location = " ".join(unescape(loc.value).split()) if loc else ""
        geo = first_of("GEO")
        if geo is not None:
            try:
                lat, lon = (float(x) for x in geo.value.split(";"))
                if -90 <= lat <= 90 and -180 <= lon <= 180:
                    item.geo = (lat, lon)
            except ValueError:
                pass  # a broken GEO loses nothing that matters
        desc = first_of("DESCRIPTION")
        item.description = unescape(desc.value).strip() if desc else ""
        for cat in comp.all("CATEGORIES"):
            item.categories += [unescape(c).strip() for c in re.split(r"(?<!\\),", cat.value) if c.strip()]
        seq = first_of("SEQUENCE")
        if seq is not None:
            try:
                item.sequence = max(0, int(seq.value.strip()))
            except ValueError:
                self.error(seq.line, item, f"SEQUENCE: {seq.value[:20]!r} is not a number")
            else:
                if item.sequence > MAX_SEQUENCE:  # RFC 5545's INTEGER; TOML's integers stop at 2**63
                    self.error(seq.line, item, f"SEQUENCE: {seq.value[:20]!r} is more than {MAX_SEQUENCE}")
        for name in ("LAST-MODIFIED", "DTSTAMP"):
            prop = first_of(name)
            if prop is not None and item.modified is None:
                m = self.moment(prop, item)
                if m is not None and isinstance(m.value, datetime):
                    v = m.value
                    item.modified = (v.replace(tzinfo=m.zone or UTC)).astimezone(UTC)
        item.kept = kept_lines_of(comp)
        item.extras, item.extras_line, ignored = planner_data.read_event(comp)
        for line, message in ignored:
            self.notice(line, item, message)
        if comp.name == "VEVENT" and first_of("DTSTART") is None and not item.skip:
            self.error(comp.line, item, "VEVENT has no DTSTART")
        return item


def _until_problem(rule: str) -> str | None:
    """An UNTIL not written as RFC 5545 has it (a DATE or DATE-TIME), which dateutil may read but the importer does not."""
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.strip().upper() == "UNTIL" and not _UNTIL.match(value.strip().upper()):
            return f"UNTIL {value[:40]!r} is not a date or date-time (20241031 or 20241031T235959Z)"
    return None


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
    vtimezones: dict[str, Component] = {}
    for comp in root.children:
        if comp.name == "VTIMEZONE":
            tzid, loc = comp.first("TZID"), comp.first("X-LIC-LOCATION")
            if tzid:
                vtimezones.setdefault(tzid.value.strip(), comp)
            if tzid and loc:
                located[tzid.value.strip()] = loc.value.strip()
    reader = ItemReader(file, located, vtimezones)
    name_prop = root.first("X-WR-CALNAME")
    default_zone = None
    wr = root.first("X-WR-TIMEZONE")
    if wr is not None:
        default_zone = resolve_tzid(unescape(wr.value), located)
        if default_zone is None:
            reader.notice(
                wr.line,
                None,
                f"X-WR-TIMEZONE: unknown time zone {wr.value[:60]!r}; ignored (times keep their own zones)",
            )
    trips, ignored = planner_data.read_trips(root)
    for line, message in ignored:
        reader.notice(line, None, message)
    items = []
    seen: dict[tuple[str, object], int] = {}
    for comp in root.children:
        if comp.name not in ("VEVENT", "VTODO"):
            continue
        item = reader.item(comp)
        if item is None or (item.kind == "VEVENT" and item.start is None and not item.skip):
            continue
        key = (item.uid, item.recurrence_id.value if item.recurrence_id else None)
        if key in seen and not item.skip:
            again = f" for the occurrence {key[1]}" if key[1] is not None else ""
            reader.error(item.line, item, f"UID {item.uid[:60]!r} is used twice{again} (first on line {seen[key]})")
            continue
        if not item.skip:
            seen[key] = item.line
        items.append(item)
    if reader.errors:
        raise IcsError(reader.errors)
    return Parsed(unescape(name_prop.value).strip() if name_prop else "", default_zone, trips, items, reader.notices)
