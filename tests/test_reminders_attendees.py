"""Reminders (VALARM) and attendees (ATTENDEE, ORGANIZER) in exports (issue 14, items 4-5).

A trip with a flight, an MOU signing, a dinner that wants no alarm, an event
known only to the day, and a weekly series with a moved occurrence is
exported with alarms by kind; the file is read back with three independent
parsers (icalendar, ical, vobject), imported into a trip, and exported again:
nothing is lost and nothing doubled.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from planner.ical.reader import merge, parse
from planner.ical.writer import refresh, to_bytes, trip_calendar, trip_calendar_bytes
from planner.model.reminders import duration_text, parse_duration
from planner.storage.errors import TripFileError
from planner.storage.reader import parse_trip
from planner.storage.todict import event_data
from planner.storage.writer import render

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
ALARMS = {"travel": (timedelta(hours=3),), "mou": (timedelta(minutes=30),), "default": (timedelta(minutes=15),)}

TRIP = """\
[trip]
id = "rem-2024"
title = "Reminders trip"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-05-01
end = 2024-05-31
members = ["kim", "ko"]
organiser = "kim"

[[people]]
id = "kim"
name = "Kim Hyun-kyum"
name_ko = "김현겸"
email = "kim@example.com"

[[people]]
id = "ko"
name = "Ko Geun-baek"
name_ko = "고근백"
phone = "+1-214-000-0000"

[[people]]
id = "kang"
name = "Kang Gi-jung"
name_ko = "강기정"
email = "mayor@example.org"

[[events]]
id = "flight"
title = "Flight DFW to ICN"
kind = "travel"
start = 2024-05-01T10:40:00
tz = "America/Chicago"
end = 2024-05-02T15:10:00
end_tz = "Asia/Seoul"

[[events]]
id = "signing"
title = "MOU signing, City Hall"
kind = "mou"
start = 2024-05-03T10:00:00
end = 2024-05-03T11:00:00
counterparts = ["kang"]

[[events]]
id = "dinner"
title = "Dinner"
kind = "dinner"
start = 2024-05-03T19:00:00
reminders = []

[[events]]
id = "visit"
title = "Factory visit"
kind = "visit"
date = 2024-05-04
reminders = ["1h"]

[[events]]
id = "call"
title = "Weekly call"
kind = "meeting"
status = "tentative"
start = 2024-05-06T09:00:00
end = 2024-05-06T09:30:00
repeat = "FREQ=WEEKLY;COUNT=3"
people = ["kim"]
reminders = ["1d", "10m"]
occurrences = [{of = 2024-05-13, start = 2024-05-13T11:00:00, end = 2024-05-13T11:30:00}]
"""


def _trip():
    return parse_trip(TRIP, "rem-2024.toml")


def _export(trip, alarms=ALARMS) -> bytes:
    fresh, _ = refresh(trip, NOW, alarms=alarms)
    return trip_calendar_bytes(fresh, alarms=alarms)


def _entries(data: bytes) -> dict[tuple[str, str], icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(data)
    out = {}
    for comp in cal.walk("VEVENT"):
        rid = comp.get("RECURRENCE-ID")
        out[(str(comp["UID"]).split(".")[1].split("@")[0], rid.to_ical().decode() if rid else "")] = comp
    return out


@pytest.mark.parametrize("text", ["3h", "30m", "1h30m", "1d", "0m", "2d5h", "90 min", "1 hour", "2 days"])
def test_durations_read_back(text: str) -> None:
    assert parse_duration(duration_text(parse_duration(text))) == parse_duration(text)


def test_alarms_by_kind_and_by_event() -> None:
    data = _export(_trip())
    got = {
        key: [str(a["TRIGGER"].to_ical(), "ascii") for a in comp.walk("VALARM")] for key, comp in _entries(data).items()
    }
    assert got[("flight", "")] == ["-PT3H"]  # a flight: the kind's alarm
    assert got[("signing", "")] == ["-PT30M"]
    assert got[("dinner", "")] == []  # reminders = []: none, whatever the kind says
    assert got[("visit", "")] == []  # no clock time: no alarm, even when the event asks for one
    assert got[("call", "")] == ["-P1D", "-PT10M"]  # the event's own, earliest first
    assert got[("call", "20240513T090000")] == ["-P1D", "-PT10M"]  # the moved occurrence keeps them
    for comp in _entries(data).values():
        for alarm in comp.walk("VALARM"):
            assert alarm["ACTION"] == "DISPLAY" and str(alarm["DESCRIPTION"]) == str(comp["SUMMARY"])


def test_no_alarms_configured_writes_only_the_events_own() -> None:
    data = _export(_trip(), alarms=None)
    assert data.count(b"BEGIN:VALARM") == 2 * 2  # the weekly call and its moved occurrence


def test_attendees_and_organizer() -> None:
    data = _export(_trip())
    text = data.decode().replace("\r\n ", "")
    assert "METHOD:PUBLISH" in text
    entries = _entries(data)
    signing = entries[("signing", "")]
    attendees = signing.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    by_mail = {str(a): a.params for a in attendees}
    # The whole delegation attends; Ko has no e-mail, so he is only named in the description.
    assert set(by_mail) == {"mailto:kim@example.com", "mailto:mayor@example.org"}
    assert by_mail["mailto:kim@example.com"]["CN"] == "김현겸 Kim Hyun-kyum"
    assert by_mail["mailto:kim@example.com"]["ROLE"] == "CHAIR"
    assert by_mail["mailto:mayor@example.org"]["ROLE"] == "REQ-PARTICIPANT"
    assert by_mail["mailto:mayor@example.org"]["PARTSTAT"] == "ACCEPTED"
    assert by_mail["mailto:mayor@example.org"]["RSVP"] == "FALSE"
    assert "고근백 Ko Geun-baek" in str(signing["DESCRIPTION"])
    assert str(signing["ORGANIZER"]) == "mailto:kim@example.com"
    assert signing["ORGANIZER"].params["CN"] == "김현겸 Kim Hyun-kyum"
    call = entries[("call", "")]
    assert call["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"


def test_the_object_writer_and_the_text_writer_agree() -> None:
    fresh, _ = refresh(_trip(), NOW, alarms=ALARMS)
    assert to_bytes(trip_calendar(fresh, ALARMS)) == trip_calendar_bytes(fresh, alarms=ALARMS)


def test_independent_parsers_read_alarms_and_attendees() -> None:
    text = _export(_trip()).decode()
    cal = IcsCalendarStream.calendar_from_ics(text)
    found = {ev.uid.split(".")[1].split("@")[0]: ev for ev in cal.events if ev.recurrence_id is None}
    assert [a.trigger for a in found["flight"].alarm] == [timedelta(hours=-3)]
    assert {a.uri for a in found["signing"].attendees} == {"mailto:kim@example.com", "mailto:mayor@example.org"}
    assert found["signing"].organizer is not None and found["signing"].organizer.common_name == "김현겸 Kim Hyun-kyum"
    vcal = vobject.readOne(text)
    flights = [e for e in vcal.vevent_list if e.uid.value.startswith("rem-2024.flight")]
    assert flights[0].valarm.trigger.value == timedelta(hours=-3)
    signing = next(e for e in vcal.vevent_list if e.uid.value.startswith("rem-2024.signing"))
    assert sorted(a.value for a in signing.attendee_list) == ["mailto:kim@example.com", "mailto:mayor@example.org"]
    assert signing.attendee_list[0].params["CN"] == ["김현겸 Kim Hyun-kyum"]


def test_import_round_trip_keeps_everything_and_doubles_nothing() -> None:
    trip = refresh(_trip(), NOW, alarms=ALARMS)[0]
    first = trip_calendar_bytes(trip, alarms=ALARMS)
    # Into the same trip: everything matches, nothing changes.
    again = merge(parse(first, "again.ics"), "again.ics", "rem-2024", trip, now=NOW)
    assert not again.added and not again.updated, again.updated
    # Into an empty trip: the same people (no duplicates), the same reminders, no kept ATTENDEE or VALARM lines.
    fresh = merge(parse(first, "new.ics"), "new.ics", "rem-copy", None, now=NOW).trip
    assert sorted(p.id for p in fresh.people) == ["kang", "kim", "ko"]
    assert fresh.organiser == "kim"
    for ev in fresh.events:
        assert not any(line.startswith(("ATTENDEE", "ORGANIZER", "BEGIN:VALARM")) for line in ev.ical_lines), ev.id
        assert ev.reminders == trip.event(ev.id).reminders, ev.id
    second = trip_calendar_bytes(refresh(fresh, NOW, alarms=ALARMS)[0], alarms=ALARMS)
    assert second.count(b"BEGIN:VALARM") == first.count(b"BEGIN:VALARM")
    assert second.count(b"ATTENDEE") == first.count(b"ATTENDEE")


def test_a_foreign_calendars_own_alarm_is_kept_and_not_doubled() -> None:
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:abc@example.com\r\n"
        b"DTSTAMP:20240101T000000Z\r\nDTSTART:20240503T010000Z\r\nDTEND:20240503T020000Z\r\nSUMMARY:Call\r\n"
        b"ATTENDEE;CN=Someone:mailto:someone@example.net\r\n"
        b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    trip = merge(parse(ics, "g.ics"), "g.ics", "rem-2024", _trip(), now=NOW).trip
    out = _export(trip).decode()
    entry = out[out.index("UID:abc@example.com") :]
    entry = entry[: entry.index("END:VEVENT")]
    assert entry.count("BEGIN:VALARM") == 1 and "TRIGGER:-PT10M" in entry  # its own, not the default 15 min
    assert "mailto:someone@example.net" in entry.replace("\r\n ", "")  # an address the trip does not know: kept


LINE = TRIP.splitlines().index('reminders = ["1d", "10m"]') + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["soon"]', f"rem-2024.toml:{LINE}: events[4].reminders: 'soon' is not a duration"),
        ("3", f"rem-2024.toml:{LINE}: events[4].reminders: expected a list of durations"),
        ('["1h", 2]', f'rem-2024.toml:{LINE}: events[4].reminders: each reminder is a duration in quotes such as "3h"'),
    ],
)
def test_a_bad_reminder_is_reported_at_its_line(value: str, message: str) -> None:
    text = TRIP.replace('reminders = ["1d", "10m"]', f"reminders = {value}")
    with pytest.raises(TripFileError) as caught:
        parse_trip(text, "rem-2024.toml")
    assert message in str(caught.value), str(caught.value)


def test_an_unknown_organiser_is_refused() -> None:
    with pytest.raises(TripFileError, match=r"rem-2024.toml:9: trip.organiser: no person 'nobody'"):
        parse_trip(TRIP.replace('organiser = "kim"', 'organiser = "nobody"'), "rem-2024.toml")


def test_reminders_survive_save_and_load(tmp_path: Path) -> None:
    from dataclasses import replace

    trip = _trip()
    assert event_data(trip, trip.event("dinner"))["reminders"] == []
    visit = trip.event("visit")
    changed = replace(
        trip, events=tuple(replace(e, reminders=(timedelta(hours=2),)) if e is visit else e for e in trip.events)
    )
    text = render(changed, trip, TRIP)
    assert 'reminders = ["2h"]' in text and "reminders = []" in text and 'reminders = ["1d", "10m"]' in text
    assert parse_trip(text) == changed
    assert render(trip, trip, TRIP) == TRIP  # unchanged: byte-identical
