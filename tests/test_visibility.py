"""Visibility (issue 14, items 1-2, 4-5): every output for a recipient holds nothing marked above the recipient's level.

One trip plants a marker string at every level, in every kind of thing that
can be marked (events, event notes, places, person fields, organisation and
trip notes, people and organisations only a hidden event needs). Each output
(.ics per trip and per person, with their ATTENDEE, ORGANIZER and VALARM
lines; agendas in terminal, Markdown and HTML text for a trip and for a day;
the printed timeline; contacts as vCards and CSV) is made for each level and
searched for every marker above it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.model.checker import InvalidTrip
from planner.model.validate import build_trip
from planner.model.visibility import redact
from planner.storage import todict

TRIP = """
[trip]
id = "vis-2024"
title = "Visibility trip"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-05-01
end = 2024-05-03
members = ["kim", "lee"]
organiser = "kim"
notes = "ORGMARK-trip-notes"
notes_visibility = "organisers"

[[people]]
id = "kim"
name = "Kim Member"
phone = "DELMARK-kim-phone"
email = "ORGMARK-kim@example.com"
email_visibility = "organisers"
kakao = "PUBMARK-kim-kakao"
kakao_visibility = "public"
documents = "ORGMARK-kim-passport"
notes = "ORGMARK-kim-notes"
notes_visibility = "organisers"

[[people]]
id = "lee"
name = "ORGMARK-lee-only-in-prep"

[[people]]
id = "park"
name = "Park Host"
name_ko = "박호스트"
phone = "DELMARK-park-phone"
email = "PUBMARK-park@example.com"
email_visibility = "public"

[[people]]
id = "choi"
name = "DELMARK-choi-only-in-briefing"
email = "DELMARK-choi@example.com"

[[organisations]]
id = "corp"
name = "ORGMARK-corp-name"
notes = "ORGMARK-corp-notes"

[[organisations]]
id = "city"
name = "City Hall"
notes = "DELMARK-city-notes"

[[places]]
id = "hall"
name = "PUBMARK-hall"
visibility = "public"
address = "PUBMARK-hall-address"

[[places]]
id = "hotel"
name = "DELMARK-hotel"
address = "DELMARK-hotel-address"

[[places]]
id = "safe"
name = "ORGMARK-safe-place"
address = "ORGMARK-safe-address"
visibility = "organisers"
tz = "Asia/Seoul"

[[events]]
id = "signing"
title = "PUBMARK-signing"
visibility = "public"
start = 2024-05-01T10:00:00
end = 2024-05-01T11:00:00
place = "hall"
people = ["kim"]
counterparts = ["park"]
orgs = ["city"]
notes = "DELMARK-signing-notes"

[[events]]
id = "lunch"
title = "PUBMARK-lunch"
visibility = "public"
notes_visibility = "public"
notes = "PUBMARK-lunch-notes"
start = 2024-05-01T12:00:00
place = "safe"
people = ["kim"]

[[events]]
id = "briefing"
title = "DELMARK-briefing"
date = 2024-05-01
place = "hotel"
people = ["kim"]
counterparts = ["choi"]
notes = "ORGMARK-briefing-notes"
notes_visibility = "organisers"

[[events]]
id = "prep"
title = "ORGMARK-prep"
visibility = "organisers"
start = 2024-05-01T08:00:00
people = ["lee", "kim"]
orgs = ["corp"]
notes = "ORGMARK-prep-notes"
reminders = ["1h"]
"""

LEVELS = ("public", "delegation", "organisers")
ABOVE = {"public": ("DELMARK", "ORGMARK"), "delegation": ("ORGMARK",), "organisers": ()}
DAY = "2024-05-01"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vis") / "trips"
    folder.mkdir()
    (folder / "vis-2024.toml").write_text(TRIP, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _alarms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every timed event gets a VALARM (its DESCRIPTION is the title: it must follow the event's level)."""
    config = tmp_path / "config.toml"
    config.write_text('[alarms]\ndefault = "15m"\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))


def _run(folder: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--dir", str(folder), *args]) == 0
    return capsys.readouterr().out.replace("\r\n ", "")  # .ics lines unfolded: a marker may be split at 75 octets


def outputs(folder: Path, level: str, out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Every output a recipient at ``level`` can be given, by name."""
    got: dict[str, str] = {}
    got["ics trip"] = _run(folder, "export", "vis-2024", "--for", level, "--out", "-", capsys=capsys)
    got["ics person"] = _run(folder, "export", "--person", "kim", "--for", level, "--out", "-", capsys=capsys)
    for fmt in ("terminal", "md", "html"):
        got[f"agenda trip {fmt}"] = _run(
            folder, "agenda", "--trip", "vis-2024", "--for", level, "--format", fmt, "--out", "-", capsys=capsys
        )
        got[f"agenda day {fmt}"] = _run(
            folder, "agenda", DAY, "--for", level, "--format", fmt, "--out", "-", capsys=capsys
        )
        got[f"agenda person {fmt}"] = _run(
            folder, "agenda", DAY, "--person", "kim", "--for", level, "--format", fmt, "--out", "-", capsys=capsys
        )
    got["list"] = _run(folder, "list", "--for", level, capsys=capsys)
    got["list person"] = _run(folder, "list", "--person", "kim", "--for", level, capsys=capsys)
    for fmt in ("vcf", "csv"):
        got[f"contacts {fmt}"] = _run(folder, "contacts", "--for", level, "--format", fmt, capsys=capsys)
        got[f"contacts person {fmt}"] = _run(
            folder, "contacts", "--person", "kim", "--for", level, "--format", fmt, capsys=capsys
        )
    return got


@pytest.mark.parametrize("level", LEVELS)
def test_no_output_holds_anything_above_its_level(
    folder: Path, level: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    texts = outputs(folder, level, tmp_path, capsys)
    planted = [line.split('"')[1] for line in TRIP.splitlines() if "MARK-" in line]
    for name, text in texts.items():
        if name.startswith("contacts"):
            assert "Park Host" in text, (name, "the public event's counterpart is missing")
        else:
            assert "PUBMARK-signing" in text, (name, "the public event is missing")
        for marker in planted:
            if marker.startswith(ABOVE[level]):
                assert marker not in text, f"{name} for {level} shows {marker}"
        if name.startswith("ics") and (name, level) != ("ics trip", "organisers"):  # the full-trip export
            assert "X-PLANNER" not in text, f"{name} for {level} carries the planner's own data"


def test_what_each_level_sees(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The markers at or below a level do reach it (the test above would pass on an empty file)."""
    public = _run(folder, "export", "vis-2024", "--for", "public", "--out", "-", capsys=capsys)
    assert "PUBMARK-lunch-notes" in public and "PUBMARK-hall-address" in public
    assert "DELMARK-briefing" not in public
    delegation = _run(folder, "export", "vis-2024", "--for", "delegation", "--out", "-", capsys=capsys)
    assert "DELMARK-briefing" in delegation and "DELMARK-signing-notes" in delegation
    organisers = _run(
        folder, "agenda", "--trip", "vis-2024", "--for", "organisers", "--format", "md", "--out", "-", capsys=capsys
    )
    assert "ORGMARK-prep" in organisers and "ORGMARK-briefing-notes" in organisers


def test_person_implies_delegation(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(folder, "export", "--person", "kim", "--out", "-", capsys=capsys)
    assert "DELMARK-briefing" in text
    assert "ORGMARK" not in text and "X-PLANNER" not in text
    agenda = _run(folder, "agenda", DAY, "--person", "kim", "--format", "md", capsys=capsys)
    assert "DELMARK-briefing" in agenda and "ORGMARK" not in agenda


def test_the_organisers_full_export_keeps_everything(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = _run(folder, "export", "vis-2024", "--out", "-", capsys=capsys)
    explicit = _run(folder, "export", "vis-2024", "--for", "organisers", "--out", "-", capsys=capsys)
    assert plain == explicit
    assert "X-PLANNER-TRIP" in plain and "ORGMARK-kim-passport" in plain and "ORGMARK-prep" in plain


def _data() -> dict:
    import tomllib

    return tomllib.loads(TRIP)


def test_redact_drops_what_no_remaining_event_needs() -> None:
    trip = build_trip(_data())
    public = redact(trip, "public")
    assert [e.id for e in public.events] == ["signing", "lunch"]
    assert [p.id for p in public.people] == ["kim", "park"]
    assert [o.id for o in public.organisations] == ["city"]
    assert [p.id for p in public.places] == ["hall"]
    assert public.event("lunch").place == ""  # type: ignore[union-attr]
    assert public.members == ("kim",)
    kim = public.person("kim")
    assert kim is not None and (kim.phone, kim.email, kim.kakao, kim.documents, kim.notes) == (
        "",
        "",
        "PUBMARK-kim-kakao",
        "",
        "",
    )
    assert public.person("park").phone == ""  # type: ignore[union-attr]
    assert public.organisation("city").notes == ""  # type: ignore[union-attr]
    assert public.notes == ""
    only_lee = redact(trip, "organisers", person="lee")
    assert [e.id for e in only_lee.events] == ["prep"]
    assert redact(trip, "organisers").events == trip.events


def test_visibility_keys_round_trip_and_defaults_stay_unwritten() -> None:
    trip = build_trip(_data())
    people = {p["id"]: p for p in todict.section_items(trip, "people")}
    assert people["kim"]["email_visibility"] == "organisers" and "phone_visibility" not in people["kim"]
    assert "documents_visibility" not in people["kim"]  # organisers: the default of documents
    events = {e["id"]: e for e in todict.section_items(trip, "events")}
    assert events["briefing"]["notes_visibility"] == "organisers" and "visibility" not in events["briefing"]
    assert todict.trip_header(trip)["notes_visibility"] == "organisers"
    again = _data()
    again["people"] = todict.section_items(trip, "people")
    again["events"] = todict.section_items(trip, "events")
    again["places"] = todict.section_items(trip, "places")
    assert build_trip(again) == trip


def test_an_unknown_level_is_reported_by_key_path() -> None:
    data = _data()
    data["events"][0]["visibility"] = "hosts"
    data["people"][0]["phone_visibility"] = "secret"
    with pytest.raises(InvalidTrip) as err:
        build_trip(data)
    paths = {i.path for i in err.value.issues}
    assert paths == {"events[0].visibility", "people[0].phone_visibility"}


def test_kept_calendar_lines_and_occurrence_notes_follow_the_event_notes() -> None:
    """Lines kept from an imported calendar, and a changed occurrence's notes, never reach a lower reader."""
    from dataclasses import replace
    from datetime import date
    from zoneinfo import ZoneInfo

    from planner.ical import writer
    from planner.model.trip import Event, Override, Recurrence, Trip
    from planner.model.when import Exact, Span

    seoul = ZoneInfo("Asia/Seoul")
    from datetime import datetime

    start = datetime(2024, 10, 21, 9, 0, tzinfo=seoul)
    ev = Event(
        id="weekly",
        title="Weekly sync",
        when=Exact(start, start.replace(hour=10)),
        tz=seoul,
        notes="SECRET-NOTE",
        notes_visibility="organisers",
        repeat=Recurrence("FREQ=WEEKLY;COUNT=3", overrides=(Override(of=date(2024, 10, 28), notes="SECRET-MOVED"),)),
        ical_lines=("X-OTHER-APP:SECRET-KEPT",),
    )
    trip = Trip(id="t", title="T", home_tz=seoul, dates=Span(date(2024, 10, 20), date(2024, 11, 10)), events=(ev,))
    for reader in ("public", "delegation"):
        seen = redact(replace(trip, events=(replace(ev, visibility="public"),)), reader)
        (kept,) = seen.events
        assert kept.ical_lines == () and kept.notes == ""
        assert kept.repeat is not None and all(o.notes == "" for o in kept.repeat.overrides)
        data = writer.calendar_bytes([writer.Selection(seen, seen.events)], "t", "t", {}).decode()
        assert "SECRET" not in data.replace("\r\n ", "")
    full = redact(trip, "organisers")
    assert full.events[0].ical_lines == ev.ical_lines
    assert full.events[0].repeat == ev.repeat


def test_attendees_and_alarms_follow_the_level(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ATTENDEE/ORGANIZER carry only e-mails the reader may see; a hidden event's VALARM goes with it."""
    public = _run(folder, "export", "vis-2024", "--for", "public", "--out", "-", capsys=capsys)
    assert (
        'ATTENDEE;CN="박호스트 Park Host";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:PUBMARK-park@example.com'
        in public
    )
    assert "ORGANIZER" not in public  # the organiser's e-mail is for the organisers
    assert "BEGIN:VALARM" in public and "TRIGGER:-PT15M" in public
    organisers = _run(folder, "export", "vis-2024", "--out", "-", capsys=capsys)
    assert 'ORGANIZER;CN="Kim Member":mailto:ORGMARK-kim@example.com' in organisers
    assert "ROLE=CHAIR" in organisers
    assert "DESCRIPTION:ORGMARK-prep\r\nTRIGGER:-PT1H" in organisers  # the event's own reminder wins


def test_contacts_for_each_level(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    import vobject

    public = _run(folder, "contacts", "--for", "public", "--format", "vcf", capsys=capsys)
    cards = list(vobject.readComponents(public))
    by_name = {c.fn.value: c for c in cards}
    assert "박호스트 Park Host" in by_name
    assert by_name["박호스트 Park Host"].email.value == "PUBMARK-park@example.com"
    kim = by_name["Kim Member"]
    assert kim.x_kakaotalk.value == "PUBMARK-kim-kakao" and not hasattr(kim, "email") and not hasattr(kim, "tel")
    rows = list(
        csv.DictReader(io.StringIO(_run(folder, "contacts", "--for", "organisers", "--format", "csv", capsys=capsys)))
    )
    found = {r["id"]: r for r in rows}
    assert found["kim"]["email"] == "ORGMARK-kim@example.com" and found["park"]["name_ko"] == "박호스트"
    assert "ORGMARK-kim-passport" not in str(rows)  # documents never go on a contact card
