"""Independent parsers (icalendar, ical, vobject) read every exported event at the instant the planner meant.

Each file is also read with its TZIDs renamed to names no library knows
(``Planner-Zone-1``), so the parsers must use the VTIMEZONE blocks the
planner wrote instead of their own zone database: that is what tests the
RRULE-with-BYDAY zones, the way Outlook would read them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from planner.ical.writer import event_uid, is_todo, refresh, to_bytes, trip_calendar
from planner.model.timeline import expand
from planner.model.trip import Trip
from planner.model.when import Exact, OnDate, PartOfDay, Span
from planner.storage import load_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "ics").glob("trip_*.toml"))
SEEDS = sorted((ROOT / "seeds").glob("*.toml"))
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _trip(path: Path) -> Trip:
    trip = load_file(path).trip
    return refresh(trip, NOW)[0]


def _exported() -> list[tuple[str, Trip, str]]:
    out = []
    for path in SEEDS:
        trip = load_file(path).trip
        # The committed export of a seed, as users get it.
        out.append((f"exports/{trip.id}", trip, (ROOT / "exports" / f"{trip.id}.ics").read_text(encoding="utf-8")))
    for path in FIXTURES:
        trip = _trip(path)
        out.append((path.stem, trip, to_bytes(trip_calendar(trip)).decode("utf-8")))
    return out


CASES = _exported()


def _renamed(text: str, *, keep_fixed: bool = False) -> str:
    """``text`` with every TZID renamed, so a parser can only use the file's VTIMEZONE blocks.

    With ``keep_fixed``, zones without daylight saving keep their names: ``ical``
    reads a VTIMEZONE whose only block has no RRULE as UTC, although Google
    writes Asia/Seoul exactly so; it resolves the IANA name correctly instead.
    """
    blocks = re.findall(r"BEGIN:VTIMEZONE\r\nTZID:(.+?)\r\n(.*?)END:VTIMEZONE", text, flags=re.S)
    for i, (name, body) in enumerate(sorted(blocks), 1):
        if keep_fixed and "RRULE" not in body:
            continue
        text = text.replace(f"TZID:{name}\r", f"TZID:Planner-Zone-{i}\r").replace(
            f"TZID={name}:", f"TZID=Planner-Zone-{i}:"
        )
    return text


def _utc(value: date | datetime) -> datetime | date:
    if isinstance(value, datetime):
        assert value.tzinfo is not None and value.utcoffset() is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def meant(trip: Trip) -> dict[str, list[tuple]]:
    """uid -> sorted (start, end) of every occurrence: UTC instants, or dates with an exclusive end."""
    out: dict[str, list[tuple]] = {}
    for ev in trip.events:
        if is_todo(ev):
            continue
        occs = []
        # The planner lists a series a year past its trip; the file holds all of it.
        for occ in expand(trip, ev, end=date(2100, 1, 1)):
            w = occ.when
            if isinstance(w, Exact):
                occs.append((_utc(w.start), _utc(w.end) if w.end else None))
            elif isinstance(w, (OnDate, PartOfDay)):
                occs.append((w.day, w.day + timedelta(days=1)))
            else:
                assert isinstance(w, Span)
                occs.append((w.first, w.last + timedelta(days=1)))
        out[event_uid(trip, ev)] = sorted(occs, key=lambda o: o[0])
    return out


def _first_only(table: dict[str, list[tuple]]) -> dict[str, tuple]:
    return {uid: occs[0] for uid, occs in table.items()}


def _as_date_or_utc(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        # vobject gives all-day occurrences as naive midnights.
        assert value.time() == datetime.min.time()
        return value.date()
    return _utc(value)


@pytest.mark.parametrize("rename", [False, True], ids=["named-zones", "vtimezone-only"])
@pytest.mark.parametrize("name,trip,text", CASES, ids=[c[0] for c in CASES])
def test_vobject_sees_every_occurrence_at_the_planned_instant(name, trip, text, rename):
    cal = vobject.readOne(_renamed(text) if rename else text)
    seen: dict[str, list[tuple]] = {}
    for ev in getattr(cal, "vevent_list", []):
        start = ev.dtstart.value
        length = (ev.dtend.value - start) if hasattr(ev, "dtend") else None
        if hasattr(ev, "rrule"):
            starts = list(ev.getrruleset(addRDate=True))
        else:
            starts = [start]
        occs = []
        for s in starts:
            if isinstance(start, datetime):
                s = s if s.tzinfo else s.replace(tzinfo=start.tzinfo)
                end = None
                if length is not None:
                    end = ev.dtend.value if s == start else (s.astimezone(UTC) + length)
                occs.append((_utc(s), _utc(end) if end is not None else None))
            else:
                d = _as_date_or_utc(s)
                occs.append((d, d + length))
        seen[ev.uid.value] = sorted(occs, key=lambda o: o[0])
    assert seen == meant(trip)


@pytest.mark.parametrize("rename", [False, True], ids=["named-zones", "vtimezone-only"])
@pytest.mark.parametrize("name,trip,text", CASES, ids=[c[0] for c in CASES])
def test_ical_timeline_sees_every_occurrence_at_the_planned_instant(name, trip, text, rename):
    cal = IcsCalendarStream.calendar_from_ics(_renamed(text, keep_fixed=True) if rename else text)
    seen: dict[str, list[tuple]] = {}
    for ev in cal.timeline:
        start, end = _utc(ev.dtstart), _utc(ev.dtend)
        if isinstance(start, datetime) and end == start:
            end = None  # ical gives an event without DTEND an end equal to its start
        seen.setdefault(ev.uid, []).append((start, end))
    assert {uid: sorted(occs, key=lambda o: o[0]) for uid, occs in seen.items()} == meant(trip)


@pytest.mark.parametrize("rename", [False, True], ids=["named-zones", "vtimezone-only"])
@pytest.mark.parametrize("name,trip,text", CASES, ids=[c[0] for c in CASES])
def test_icalendar_sees_every_event_at_the_planned_instant(name, trip, text, rename):
    cal = icalendar.Calendar.from_ical(_renamed(text) if rename else text)
    seen = {}
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("dtstart")
        end = ev.decoded("dtend") if "dtend" in ev else None
        seen[str(ev["uid"])] = (_utc(start), _utc(end) if end is not None else None)
    assert seen == _first_only(meant(trip))


@pytest.mark.parametrize("name,trip,text", CASES, ids=[c[0] for c in CASES])
def test_every_todo_is_a_vtodo_without_an_invented_time(name, trip, text):
    cal = icalendar.Calendar.from_ical(text)
    todos = {str(t["uid"]): t for t in cal.walk("VTODO")}
    assert set(todos) == {event_uid(trip, e) for e in trip.events if is_todo(e)}
    for todo in todos.values():
        for key in ("dtstart", "due"):
            if key in todo:
                assert type(todo.decoded(key)) is date  # a day at most, never a time
