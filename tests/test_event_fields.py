"""The event dialog's checks without a screen (planner.usecases.event_fields)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from planner.model.trip import Event, Person, Trip
from planner.model.when import Exact, Span
from planner.usecases.event_fields import EventFields, check_event, default_day

SEOUL = ZoneInfo("Asia/Seoul")
TRIP = Trip(
    id="t",
    title="T",
    home_tz=SEOUL,
    dates=Span(date(2021, 11, 1), date(2021, 11, 10)),
    people=(Person(id="kim", name="Kim Hyun-kyum"),),
)


def test_every_wrong_field_is_reported_at_once():
    fields = EventFields(when="2021-12-25 09:30", precision="exact", tz="Mars/Olympus", people="kim lee")
    checked = check_event(TRIP, fields, day=date(2021, 11, 2), today=date(2021, 11, 2))
    assert checked.event is None
    assert set(checked.errors) == {"title", "tz", "when", "people"}
    assert "no person 'lee'" in checked.errors["people"]


def test_right_fields_make_the_event_and_notes():
    fields = EventFields(
        title="  Visit   GIST ", when="2021-11-02 09:30", precision="exact", tz="Asia/Seoul", people="kim"
    )
    checked = check_event(TRIP, fields, day=date(2021, 11, 2), today=date(2021, 11, 2))
    assert checked.errors == {}
    assert isinstance(checked.event, Event) and checked.event.title == "Visit GIST"
    assert isinstance(checked.event.when, Exact) and checked.event.people == ("kim",)
    assert checked.notes["people"] == "Kim Hyun-kyum"
    assert checked.notes["when"].startswith("→ ")


def test_a_new_event_starts_today_during_the_trip_else_on_its_first_day():
    assert default_day(TRIP, date(2021, 11, 5)) == date(2021, 11, 5)
    assert default_day(TRIP, date(2022, 1, 1)) == date(2021, 11, 1)


def test_the_visibility_chosen_is_the_events_and_nothing_chosen_is_the_default():
    typed = {"title": "Prep", "when": "2021-11-02 09:30", "precision": "exact", "tz": "Asia/Seoul"}
    plain = check_event(TRIP, EventFields(**typed), day=date(2021, 11, 2), today=date(2021, 11, 2)).event
    assert plain is not None and (plain.visibility, plain.notes_visibility) == ("delegation", "delegation")
    fields = EventFields(**typed, visibility="organisers", notes_visibility="public")
    marked = check_event(TRIP, fields, day=date(2021, 11, 2), today=date(2021, 11, 2)).event
    assert marked is not None and (marked.visibility, marked.notes_visibility) == ("organisers", "public")
