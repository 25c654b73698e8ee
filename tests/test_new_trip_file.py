"""A brand-new trip file (planner.storage.fresh): tomlkit's layout, written directly, loading back exactly.

``planner import`` into a new trip and the TUI's new trips write a file with
nothing to preserve; issue 6 wants a 10,000-event import fast, so the text is
written without tomlkit's document model. It must keep the layout a new file
always had and hold any text, however hostile, exactly.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tomlkit
from hypothesis import given
from hypothesis import strategies as st

from planner.ical.reader import unescape
from planner.model.trip import Event, Person, Place, Trip
from planner.model.when import Exact, OnDate, Span
from planner.storage import create, fresh, load_file, parse_trip, render, save
from planner.storage.errors import TripFileError
from planner.storage.todict import SECTIONS, section_items, trip_header
from planner.storage.writer import _table

ROOT = Path(__file__).resolve().parent.parent
SEOUL = ZoneInfo("Asia/Seoul")
HOSTILE = [
    "로봇 업무협약 체결",
    'say "hi"',
    'three """ quotes and a trailing quote"',
    'ends in two quotes""',
    "back\\slash and \\n written out",
    "line one\nline two",
    "\nstarts with a line break",
    "windows\r\nline ends\r\n",
    "lone\rcarriage return",
    "tab\there and bell\x07 and nul\x00 and del\x7f and esc\x1b",
    "separators\u2028\u2029 and emoji 😀",
    "trailing backslash\\",
    'multi-line ending in a quote\n"',
    "= [not] # a comment",
]


def tomlkit_new_file(trip: Trip) -> str:
    """How a new file was written before: tomlkit's document built table by table."""
    doc = tomlkit.document()
    doc.add("trip", _table(trip_header(trip)))
    for name in SECTIONS:
        items = section_items(trip, name)
        if items:
            aot = tomlkit.aot()
            for d in items:
                aot.append(_table(d, blank_line_before=True))
            doc.append(name, aot)
    return tomlkit.dumps(doc)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "seeds").glob("*.toml")) + sorted((ROOT / "tests" / "ics").glob("*.toml")),
    ids=lambda p: p.name,
)
def test_same_layout_as_tomlkit_gave(path):
    trip = load_file(path).trip
    assert render(trip) == tomlkit_new_file(trip)


def _hostile_trip() -> Trip:
    day = date(2024, 10, 14)
    people = tuple(Person(f"p{i}", text, text) for i, text in enumerate(HOSTILE))
    events = tuple(
        Event(
            f"e{i}",
            text,
            Exact(datetime(2024, 10, 14, 9, tzinfo=SEOUL), datetime(2024, 10, 14, 10, tzinfo=SEOUL))
            if i % 2
            else OnDate(day),
            SEOUL,
            title_ko=text,
            notes=text,
            outcome=text,
            people=tuple(p.id for p in people[: i % 6]),
            ical_hash="0123456789abcdef",
            ical_sequence=i,
            ical_modified=datetime(2024, 10, 1, 12, tzinfo=UTC),
        )
        for i, text in enumerate(HOSTILE)
    )
    return Trip(
        "hostile",
        HOSTILE[2],
        SEOUL,
        Span(day, day + timedelta(days=5)),
        notes="\n".join(HOSTILE),
        members=tuple(p.id for p in people[:5]),
        people=people,
        places=(Place("hotel", HOSTILE[1], HOSTILE[0], HOSTILE[4], tz=SEOUL, lat=37.5651, lon=-126.5),),
        events=events,
    )


def test_hostile_text_loads_back_exactly_and_tomlkit_can_edit_the_file(tmp_path):
    trip = _hostile_trip()
    text = render(trip)
    assert parse_trip(text, "hostile.toml") == trip
    assert tomlkit.parse(text).as_string() == text
    assert render(trip, trip, text) == text  # an edit that changes nothing changes no byte
    loaded = create(tmp_path / "hostile.toml", trip)
    assert load_file(tmp_path / "hostile.toml").trip == trip
    edited = replace(trip, title="Renamed\nwith a break", events=trip.events[1:])
    save(loaded, edited)  # the usual comment-keeping edit, on the file written directly
    assert load_file(tmp_path / "hostile.toml").trip == edited


def test_layout_is_for_people():
    text = render(_hostile_trip())
    assert text.startswith('[trip]\nid = "hostile"\n')
    assert "\n\n[[people]]\n" in text and "\n\n[[events]]\n" in text
    assert 'members = [\n    "p0",\n' in text  # more than three items: one a line
    assert 'people = ["p0", "p1", "p2"]\n' in text
    assert 'title = """line one\nline two"""\n' in text
    assert 'title = "로봇 업무협약 체결"\n' in text
    assert "ical_modified = 2024-10-01T12:00:00Z\n" in text


@given(st.text())
def test_any_string_loads_back(value):
    data = tomllib.loads(f"a = {fresh.string(value)}\nb = {fresh.value([value, value])}\n")
    assert data == {"a": value, "b": [value, value]}


def test_import_into_a_new_trip_writes_the_imported_events_exactly(run_cli, tmp_path):
    """The text `planner import` reads (Korean, quotes, line breaks, control characters) is what the file holds."""

    def esc(s: str) -> str:
        return (
            s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
        )

    texts = [t for t in HOSTILE if not t.startswith("\n")]
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:ev{i}@example.com\r\nSUMMARY:{esc(t.strip())}\r\nDTSTART;TZID=Asia/Seoul:2024101{i % 7}T090000\r\n"
        f"DESCRIPTION:{esc(t)}\r\nEND:VEVENT\r\n"
        for i, t in enumerate(texts)
    )
    ics = tmp_path / "hostile.ics"
    ics.write_bytes(
        (
            'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:적대적 "입력"\r\n'
            f"{events}END:VCALENDAR\r\n"
        ).encode()
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    out = run_cli("--dir", str(ws), "import", str(ics), "--trip", "hostile")
    assert out.returncode == 0, out.stderr
    trip = load_file(ws / "hostile.toml").trip
    assert trip.title == '적대적 "입력"'
    by_uid = {e.ical_uid: e for e in trip.events}
    assert len(by_uid) == len(texts)
    for i, t in enumerate(texts):
        ev = by_uid[f"ev{i}@example.com"]
        assert ev.title == unescape(esc(t.strip())).strip()
        assert ev.notes == unescape(esc(t)).strip()


def _seed_trips() -> list[Trip]:
    return [parse_trip(p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "seeds").glob("*.toml"))]


@pytest.mark.parametrize("trip", [*_seed_trips(), _hostile_trip()], ids=lambda t: t.id)
def test_a_new_file_is_parsed_back_once_and_gives_the_trip(trip, tmp_path, monkeypatch):
    """The read-back parses the text and compares it with the tables rendered in memory: no second validation."""
    import planner.storage.writer as writer

    built: list[str] = []
    real = writer.build_trip
    monkeypatch.setattr(writer, "build_trip", lambda *a, **k: built.append("built") or real(*a, **k))
    loaded = create(tmp_path / "new.toml", trip)
    assert built == []
    assert loaded.trip == trip == load_file(tmp_path / "new.toml").trip


def test_a_text_that_does_not_hold_the_rendered_tables_is_read_back_in_full(tmp_path, monkeypatch):
    """Outside what tests/test_fresh_proof.py proves (here: made so), the text is parsed, and what it says wins.

    (Within the proof a fresh text is not parsed at all: a serializer changed
    as below would be caught by that property test, not at run time.)
    """
    import planner.storage.writer as writer

    trip = _seed_trips()[0]
    real = fresh.document
    monkeypatch.setattr(writer.fresh, "proven", lambda *a: False)
    monkeypatch.setattr(writer.fresh, "document", lambda *a: real(*a).replace(trip.title, "Changed", 1))
    loaded = create(tmp_path / "odd.toml", trip)
    assert loaded.trip.title == "Changed" == load_file(tmp_path / "odd.toml").trip.title  # what the file says

    monkeypatch.undo()  # within the proof again: a table more than the tables is seen without parsing
    monkeypatch.setattr(writer.fresh, "document", lambda *a: real(*a) + "\n[[events]]\nid = 3\n")
    with pytest.raises(TripFileError):
        create(tmp_path / "bad.toml", trip)
    assert not (tmp_path / "bad.toml").exists()  # nothing half-written
