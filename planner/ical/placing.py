"""Where an imported :class:`~planner.ical.values.Item` goes in trip data: its time and zone, repetition, kind, status and place (:class:`Places`), and the ids it gets (:class:`Ids`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from planner.ical.values import Item, Moment, Parsed
from planner.ical.zones import resolve_tzid
from planner.model.trip import KIND_LABELS, Event, Trip
from planner.model.when import PARTS_OF_DAY, zone_name


class Placer:
    """Turns items into the plain data of events (the keys of a trip file), collecting errors by line."""

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

    def place_in(self, m: Moment, tz: tzinfo | None, item: Item) -> datetime | None:
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
                last = item.end.value - timedelta(days=1)
                if item.end.value < first:
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
        elif start.is_utc and item.rule:
            # A series written in UTC repeats in UTC (RFC 5545): in a zone with DST it would drift by an hour.
            tz = ZoneInfo("UTC")
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
            end = self.place_in(item.end, item.end.zone or end_hint or begin.tzinfo, item)
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
        tz: tzinfo | None = None
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

    def override(self, series: dict[str, Any], ov: Item) -> tuple[dict[str, Any] | None, str]:
        """One changed occurrence (RECURRENCE-ID) of ``series`` (its trip-file keys) as an ``occurrences`` entry.

        Returns the entry, or ``None`` and why it cannot be placed. Only what
        differs from the occurrence as the series places it is written.
        """
        rid = ov.recurrence_id
        if ov.skip or rid is None:
            return None, ov.skip or "its RECURRENCE-ID cannot be read"
        if ov.this_and_future:
            return None, "a change to this and all later occurrences (RANGE=THISANDFUTURE) is not supported"
        tz = ZoneInfo(series["tz"]) if "tz" in series else None
        if "start" in series:
            if rid.is_date or tz is None:
                return None, f"RECURRENCE-ID {rid.value} is a date, but the series has times"
            at = self.place_in(rid, tz, ov)
            if at is None:
                return None, "its RECURRENCE-ID has no zone"
            of = at.date()
            if at.replace(tzinfo=None) != datetime.combine(of, series["start"].time()):
                return None, f"RECURRENCE-ID {at:%Y-%m-%d %H:%M} is not a time the series starts at"
        else:
            if not rid.is_date:
                return None, f"RECURRENCE-ID {rid.value} has a time, but the series is all-day"
            of = rid.value
        d: dict[str, Any] = {"of": of}
        if ov.start is not None and "start" in series and not ov.start.is_date and tz is not None:
            begin = self.place_in(ov.start, ov.start.zone or tz, ov)
            end = self.place_in(ov.end, ov.end.zone or tz, ov) if ov.end is not None else None
            if begin is None or (ov.end is not None and end is None):
                return None, "its time has no zone"
            if end is None and ov.duration is not None:
                end = (begin.astimezone(UTC) + ov.duration).astimezone(begin.tzinfo)
            if end is not None and end < begin:
                return None, "it ends before it starts"
            usual = datetime.combine(of, series["start"].time())
            usual_end = usual + (series["end"] - series["start"]) if "end" in series else None
            moved = (
                begin.replace(tzinfo=None) != usual
                or zone_name(begin.tzinfo) != series["tz"]
                or (end.replace(tzinfo=None) if end is not None else None) != usual_end
                or (end is not None and zone_name(end.tzinfo) != series["tz"])
            )
            if moved:
                d["start"] = begin.replace(tzinfo=None)
                if zone_name(begin.tzinfo) != series["tz"]:
                    d["tz"] = zone_name(begin.tzinfo)
                if end is not None:
                    d["end"] = end.replace(tzinfo=None)
                    if zone_name(end.tzinfo) != zone_name(begin.tzinfo):
                        d["end_tz"] = zone_name(end.tzinfo)
        elif ov.start is not None:
            placed = self.when(ov, None)
            if placed is None:
                return None, "its time cannot be placed"
            keys = {k: v for k, v in placed.items() if k in ("start", "end", "date", "end_date", "part")}
            if keys != {"date": of}:
                d.update(keys)
                if "tz" in placed and "start" in keys and placed["tz"] != series.get("tz"):
                    d["tz"] = placed["tz"]
        if ov.title and ov.title != series["title"]:
            d["title"] = ov.title
        status = {"TENTATIVE": "tentative", "CANCELLED": "cancelled", "CONFIRMED": "confirmed"}.get(ov.status)
        if status and status != series["status"]:
            d["status"] = status
        return d, ""

    def kind(self, item: Item) -> str:
        extras = item.extras or {}
        if isinstance(extras.get("kind"), str) and extras["kind"] in KIND_LABELS:
            return str(extras["kind"])
        by_label = {label.lower(): k for k, label in KIND_LABELS.items()} | {k: k for k in KIND_LABELS}
        for cat in item.categories:
            if cat.lower() in by_label:
                return by_label[cat.lower()]
        return "other"

    def status(self, item: Item, matched: Event | None) -> str:
        if item.kind == "VTODO":
            st = (item.extras or {}).get("status")
            if isinstance(st, str) and st in ("confirmed", "tentative", "cancelled"):
                return str(st)
            return "cancelled" if item.status == "CANCELLED" else (matched.status if matched else "confirmed")
        if not item.status and matched is not None:
            return matched.status  # no STATUS line says nothing new
        return {"TENTATIVE": "tentative", "CANCELLED": "cancelled"}.get(item.status, "confirmed")


def occurrences(mg: Placer, series: dict[str, Any], found: list[Item]) -> tuple[list[dict[str, Any]], str]:
    """The series' changed occurrences as ``occurrences`` entries; or why the series cannot be imported whole.

    An occurrence the series also skips (EXDATE) stays skipped, as RFC 5545 says.
    """
    out: list[dict[str, Any]] = []
    skipped = set(series.get("except", ()))
    for ov in sorted(found, key=lambda i: i.line):
        entry, problem = mg.override(series, ov)
        if entry is None:
            return (
                [],
                f"its changed occurrence on line {ov.line} cannot be placed ({problem}); the series is not imported",
            )
        if entry["of"] not in skipped and all(e["of"] != entry["of"] for e in out):
            out.append(entry)
    return sorted(out, key=lambda e: e["of"]), ""


def slug(text: str, fallback: str = "event") -> str:
    """An id from free text: ``"Robot MOU (Seoul)"`` -> ``"robot-mou-seoul"``.

    >>> slug("Robot MOU (Seoul)")
    'robot-mou-seoul'
    >>> slug("광주시장 접견")
    'event'
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return s or fallback


class Ids:
    """Ids already taken, and :meth:`new` ones: ``base``, else ``base-2``, ``base-3`` ... (the first free).

    Each base remembers the suffix it got to, so naming n events alike costs n
    steps, not n²/2 (ids are only ever added, so no smaller suffix frees up).
    """

    def __init__(self, taken: set[str]):
        self.taken = taken
        self._next: dict[str, int] = {}

    def new(self, base: str) -> str:
        if base in self.taken:
            n = self._next.get(base, 2)
            while f"{base}-{n}" in self.taken:
                n += 1
            self._next[base] = n + 1
            base = f"{base}-{n}"
        self.taken.add(base)
        return base


class Places:
    """The trip's places (plain data), found by the texts a LOCATION may hold, and added to."""

    def __init__(self, places: list[dict[str, Any]]):
        self.places = places
        self.ids = Ids({p["id"] for p in places})
        self.by_text: dict[str, str] = {}
        for p in places:
            self._index(p)

    def _index(self, p: dict[str, Any]) -> None:
        # The texts the export writes for a place; the first place to claim a text keeps it.
        name = f"{p.get('name')} ({p['name_ko']})" if p.get("name_ko") else str(p.get("name"))
        for text in (p.get("name"), name, f"{name}, {p.get('address')}", f"{name}, {p.get('city')}"):
            if isinstance(text, str):
                self.by_text.setdefault(text, str(p["id"]))

    def place_for(self, item: Item, tz: str | None) -> str:
        """The id of the place LOCATION names: one the trip has (as the export writes it), or a new one."""
        text = item.location[:200]
        found = self.by_text.get(text)
        if found is not None:
            return found
        pid = self.ids.new(slug(text.split(",")[0], "place"))
        d: dict[str, Any] = {"id": pid, "name": text}
        if tz:
            d["tz"] = tz
        if item.geo:
            d["lat"], d["lon"] = item.geo
        self.places.append(d)
        self._index(d)
        return pid
