"""Saving keeps a person's file: byte-identical when unchanged, comments kept when edited."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.model import Event, Exact, InMonth, OnDate, PartOfDay, Person, Recurrence, Span, Trip, Unscheduled
from planner.model.when import PARTS_OF_DAY
from planner.storage import load_file, parse_trip, render, save


def test_every_seed_saves_byte_identical(workspace: Path):
    for path in sorted(workspace.glob("*.toml")):
        before = path.read_bytes()
        loaded = load_file(path)
        assert render(loaded.trip, loaded.trip, loaded.text) == loaded.text
        save(loaded, loaded.trip)
        assert path.read_bytes() == before, path.name


def test_edit_keeps_comments_key_order_and_other_events(workspace: Path):
    path = workspace / "korea-2021.toml"
    before = path.read_text(encoding="utf-8")
    loaded = load_file(path)
    trip = loaded.trip
    target = next(e for e in trip.events if e.when.precision == "date")
    moved = target.with_when(target.when.shifted(timedelta(days=1)))
    new = dataclasses.replace(trip, events=tuple(moved if e.id == target.id else e for e in trip.events))
    save(loaded, new)
    after = path.read_text(encoding="utf-8")
    # Every comment line survives, and exactly one line changed.
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after.splitlines() for c in comments)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [(f"date = {target.when.day}", f"date = {target.when.day + timedelta(days=1)}")]
    reloaded = load_file(path).trip
    assert reloaded.event(target.id).when == moved.when
    assert [e for e in reloaded.events if e.id != target.id] == [e for e in trip.events if e.id != target.id]


def test_add_and_delete_events_and_people(workspace: Path):
    path = workspace / "gwangju-2022.toml"
    loaded = load_file(path)
    trip = loaded.trip
    seoul = ZoneInfo("Asia/Seoul")
    new_person = Person(id="lee-test", name="Lee Test", name_ko="이테스트")
    added = Event(
        id="follow-up",
        title="Follow-up call [bold]",
        when=Exact(datetime(2022, 11, 7, 15, 0, tzinfo=seoul)),
        tz=seoul,
        kind="meeting",
        people=("lee-test",),
        notes="two\nlines",
    )
    new = dataclasses.replace(trip, people=(*trip.people, new_person), events=(*trip.events, added))
    saved = save(loaded, new)
    assert saved.trip.event("follow-up") == added
    assert load_file(path).trip == new
    # And remove it again: the file returns to the original text.
    back = save(saved, trip)
    assert back.text == loaded.text
    assert path.read_text(encoding="utf-8") == loaded.text


def test_crlf_file_round_trips(tmp_path: Path):
    text = (SEEDS / "dc-2023.toml").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "dc.toml"
    path.write_bytes(text.encode("utf-8"))
    loaded = load_file(path)
    save(loaded, loaded.trip)
    assert path.read_bytes() == text.encode("utf-8")


def test_unknown_x_keys_are_kept(tmp_path: Path):
    text = (SEEDS / "dc-2023.toml").read_text(encoding="utf-8").replace("[trip]\n", '[trip]\nx-owner = "stella"\n', 1)
    path = tmp_path / "dc.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    new = dataclasses.replace(loaded.trip, notes="changed")
    save(loaded, new)
    assert 'x-owner = "stella"' in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- property test

ZONES = ["Asia/Seoul", "America/Chicago", "America/New_York", "America/Los_Angeles"]
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
days = st.dates(min_value=date(2021, 10, 18), max_value=date(2021, 10, 27))


@st.composite
def whens(draw, tz: ZoneInfo):
    kind = draw(st.sampled_from(["exact", "date", "part", "span", "month", "unscheduled"]))
    day = draw(days)
    if kind == "exact":
        start = datetime.combine(day, datetime.min.time()).replace(
            hour=draw(st.integers(0, 22)), minute=draw(st.sampled_from([0, 15, 30, 45]))
        )
        start = start.replace(tzinfo=tz)
        if draw(st.booleans()):
            return Exact(start)
        end_tz = ZoneInfo(draw(st.sampled_from(ZONES)))
        end = (start + timedelta(minutes=draw(st.integers(0, 600)))).astimezone(end_tz)
        if end.date() > date(2021, 10, 27):
            return Exact(start)
        return Exact(start, end)
    if kind == "date":
        return OnDate(day)
    if kind == "part":
        return PartOfDay(day, draw(st.sampled_from(PARTS_OF_DAY)))
    if kind == "span":
        return Span(day, min(day + timedelta(days=draw(st.integers(0, 5))), date(2021, 10, 27)))
    if kind == "month":
        return InMonth(2021, 10)
    return Unscheduled()


@st.composite
def trips(draw):
    events = []
    for i in range(draw(st.integers(0, 6))):
        tz = ZoneInfo(draw(st.sampled_from(ZONES)))
        when = draw(whens(tz))
        repeat = None
        if isinstance(when, (Exact, OnDate)) and draw(st.booleans()):
            repeat = Recurrence("FREQ=WEEKLY;COUNT=3", (when.local_date() + timedelta(days=7),))
        events.append(
            Event(
                id=f"e{i}",
                title=draw(texts.filter(str.strip)),
                title_ko=draw(texts),
                when=when,
                tz=tz,
                kind=draw(st.sampled_from(["mou", "meeting", "visit"])),
                notes=draw(texts),
                repeat=repeat,
            )
        )
    return Trip(
        id="prop",
        title=draw(texts.filter(str.strip)),
        home_tz=ZoneInfo("America/Chicago"),
        local_tz=ZoneInfo("Asia/Seoul"),
        dates=Span(date(2021, 10, 18), date(2021, 10, 27)),
        notes=draw(texts),
        events=tuple(events),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trips())
def test_any_valid_trip_round_trips_through_toml(trip: Trip):
    text = render(trip)
    assert parse_trip(text) == trip
    # Rendering again over its own text changes nothing.
    assert render(trip, trip, text) == text
