"""Hostile calendar files and repeat rules: the planner's own X-PLANNER-* data checked like a trip file, rule text
that dateutil reads as several properties, and values that overflow. Every case ends in a message naming the
file and line with nothing written, or in a notice with the rest imported: never a traceback.

Import results are checked by reading the trip file back and by exporting it again and parsing that with
icalendar.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.ical.writer import trip_calendar_bytes
from planner.storage import TripFileError, load_file, parse_trip

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KEPT = ("title_ko", "kind", "place", "people", "counterparts", "orgs", "outcome", "notes", "sources")
"""What only the planner knows about an event, which a calendar round trip must not lose."""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    for name in ("korea-2021.toml", "richardson-2019.toml"):
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _ics(*entries: str, calendar: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in entries)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{calendar}{body}END:VCALENDAR\r\n"


ROBOT = "UID:korea-2021.robot-mou@planner\r\nSUMMARY:Robot MOU\r\nDTSTART;VALUE=DATE:20211019\r\nSEQUENCE:100\r\n"
"""An entry matching the seeded event robot-mou (BEGIN:VEVENT on line 4, these on 5-8; what follows is on line 9).
Its SEQUENCE is above any the seed's exports reach, so the calendar's edit is the newer one whatever the seed's stamps."""
VISIT = "UID:visit@example.org\r\nSUMMARY:Visit\r\nDTSTART;TZID=Asia/Seoul:20211020T100000\r\n"
"""A new entry, on the same lines."""


def _import(run_cli, ws: Path, tmp_path: Path, text: str, name: str = "in", trip: str = "korea-2021"):
    path = tmp_path / f"{name}.ics"
    path.write_text(text, encoding="utf-8", newline="")
    out = run_cli("--dir", str(ws), "import", str(path), "--trip", trip)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def _reexported(ws: Path, trip: str = "korea-2021") -> dict[str, object]:
    """The trip as read back from its file, exported again and parsed by icalendar: entries by UID."""
    loaded = load_file(ws / f"{trip}.toml").trip
    cal = Calendar.from_ical(trip_calendar_bytes(loaded))
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def _event(ws: Path, ev_id: str, trip: str = "korea-2021"):
    ev = load_file(ws / f"{trip}.toml").trip.event(ev_id)
    assert ev is not None
    return ev


# ---------------------------------------------------------------- X-PLANNER-EVENT and X-PLANNER-TRIP


def test_an_empty_planner_payload_on_a_matched_uid_keeps_what_the_trip_has(run_cli, ws, tmp_path):
    """X-PLANNER-EVENT:{} (and empty fields) say nothing new: the event keeps its Korean title, people, notes ..."""
    before = _event(ws, "robot-mou")
    entry = ROBOT.replace("SUMMARY:Robot MOU", f"SUMMARY:{before.title}") + "CATEGORIES:MOU signing\r\n"
    for payload in ("{}", '{"people":[]\\,"notes":""\\,"title_ko":""}'):
        out = _import(run_cli, ws, tmp_path, _ics(entry + f"X-PLANNER-EVENT:{payload}\r\n"))
        assert out.returncode == 0, out.stderr
        assert "0 added, 0 updated, 1 unchanged" in out.stdout, out.stdout
        after = _event(ws, "robot-mou")
        assert {k: getattr(after, k) for k in KEPT} == {k: getattr(before, k) for k in KEPT}
    exported = _reexported(ws)["korea-2021.robot-mou@planner"]
    assert "라이프케어 로봇 MOU" in str(exported["DESCRIPTION"])


def test_a_partial_planner_payload_changes_only_the_fields_it_gives(run_cli, ws, tmp_path):
    before = _event(ws, "robot-mou")
    out = _import(run_cli, ws, tmp_path, _ics(ROBOT + 'X-PLANNER-EVENT:{"notes":"Moved indoors."}\r\n'))
    assert out.returncode == 0, out.stderr
    after = _event(ws, "robot-mou")
    assert after.notes == "Moved indoors." and after.title == "Robot MOU"
    assert {k: getattr(after, k) for k in KEPT if k != "notes"} == {k: getattr(before, k) for k in KEPT if k != "notes"}
    assert "Notes: Moved indoors." in str(_reexported(ws)["korea-2021.robot-mou@planner"]["DESCRIPTION"])


BAD_EVENT_PAYLOADS = {
    "not-json": '{"kind":',
    "not-an-object": "[1\\,2]",
    "kind-is-a-table": '{"kind":{"a":1}}',
    "unknown-kind": '{"kind":"party"}',
    "person-is-a-list": '{"people":[["kim-hyun-kyum"]]}',
    "unknown-person": '{"people":["nobody"]}',
    "unknown-place": '{"place":"atlantis"}',
    "unknown-source": '{"sources":["rumour"]}',
    "zone-is-a-list": '{"tz":["Asia/Seoul"]}',
    "unknown-zone": '{"end_tz":"Mars/Olympus"}',
    "part-is-a-table": '{"part":{}}',
    "status-is-a-number": '{"status":3}',
    "bad-id": '{"id":"../../etc"}',
    "bad-trip": '{"trip":{"id":1}}',
    "unknown-key": '{"colour":"red"}',
    "notes-is-a-number": '{"notes":12}',
    "korean-title-too-long": '{"title_ko":"' + "가" * 1001 + '"}',
    "oversize": '{"notes":"' + "x" * 70_000 + '"}',
}


@pytest.mark.parametrize("payload", BAD_EVENT_PAYLOADS.values(), ids=BAD_EVENT_PAYLOADS.keys())
def test_a_malformed_event_payload_is_ignored_with_a_notice_and_the_event_imported(run_cli, ws, tmp_path, payload):
    out = _import(run_cli, ws, tmp_path, _ics(VISIT + f"X-PLANNER-EVENT:{payload}\r\n"))
    assert out.returncode == 0, out.stderr
    assert "1 added" in out.stdout
    assert "in.ics:8 (event 'Visit'): X-PLANNER-EVENT" in out.stderr and "ignored" in out.stderr, out.stderr
    trip = load_file(ws / "korea-2021.toml").trip
    visit = next(ev for ev in trip.events if ev.ical_uid == "visit@example.org")
    assert visit.title == "Visit" and visit.kind == "other" and visit.people == ()
    assert "visit@example.org" in _reexported(ws)


@pytest.mark.parametrize("payload", ['{"kind":{"a":1}}', '{"people":[["x"]]}', '{"place":"atlantis"}', "{"])
def test_a_malformed_payload_on_a_matched_uid_keeps_the_event_as_it_was(run_cli, ws, tmp_path, payload):
    before = _event(ws, "robot-mou")
    out = _import(run_cli, ws, tmp_path, _ics(ROBOT + f"X-PLANNER-EVENT:{payload}\r\n"))
    assert out.returncode == 0, out.stderr
    assert "in.ics:9 (event 'Robot MOU'): X-PLANNER-EVENT" in out.stderr and "ignored" in out.stderr
    after = _event(ws, "robot-mou")
    assert after.title == "Robot MOU"
    assert {k: getattr(after, k) for k in KEPT} == {k: getattr(before, k) for k in KEPT}
    assert "korea-2021.robot-mou@planner" in _reexported(ws)


BAD_TRIP_PAYLOADS = {
    "not-json": "{",
    "no-trip": '{"people":[]}',
    "person-name-is-a-list": (
        '{"trip":{"id":"korea-2021"\\,"title":"K"\\,"home_tz":"Asia/Seoul"\\,"start":"2021-10-18"\\,'
        '"end":"2021-10-27"}\\,"people":[{"id":"new-person"\\,"name":["a"]}]}'
    ),
    "bad-zone": '{"trip":{"id":"korea-2021"\\,"title":"K"\\,"home_tz":"Nowhere"\\,"month":"2021-10"}}',
    "bad-org-reference": (
        '{"trip":{"id":"korea-2021"\\,"title":"K"\\,"home_tz":"Asia/Seoul"\\,"month":"2021-10"}\\,'
        '"people":[{"id":"new-person"\\,"name":"N"\\,"org":"nowhere"}]}'
    ),
}


@pytest.mark.parametrize("payload", BAD_TRIP_PAYLOADS.values(), ids=BAD_TRIP_PAYLOADS.keys())
def test_a_malformed_trip_payload_is_ignored_with_a_notice_and_the_events_imported(run_cli, ws, tmp_path, payload):
    out = _import(run_cli, ws, tmp_path, _ics(VISIT, calendar=f"X-PLANNER-TRIP:{payload}\r\n"))
    assert out.returncode == 0, out.stderr
    assert "1 added" in out.stdout
    assert "in.ics:4: X-PLANNER-TRIP" in out.stderr and "ignored" in out.stderr, out.stderr
    trip = load_file(ws / "korea-2021.toml").trip
    assert trip.person("new-person") is None
    assert "visit@example.org" in _reexported(ws)


def test_other_and_repeated_planner_properties_are_ignored_with_a_notice(run_cli, ws, tmp_path):
    before = _event(ws, "robot-mou")
    entry = ROBOT + 'X-PLANNER-EVENT:{"notes":"one"}\r\nX-PLANNER-EVENT:{"notes":"two"}\r\nX-PLANNER-TRIP:{}\r\n'
    out = _import(run_cli, ws, tmp_path, _ics(entry, calendar="X-PLANNER-EVENT:{}\r\n"))
    assert out.returncode == 0, out.stderr
    assert "in.ics:4: X-PLANNER-EVENT is not a property of a calendar" in out.stderr
    assert "in.ics:11 (event 'Robot MOU'): X-PLANNER-EVENT is given more than once" in out.stderr
    assert "in.ics:12 (event 'Robot MOU'): X-PLANNER-TRIP is not a property of a calendar entry" in out.stderr
    assert _event(ws, "robot-mou").notes == before.notes


# ---------------------------------------------------------------- repeat rules in trip files


RULES_AT_LOAD = {
    "a-second-rrule": "FREQ=DAILY;COUNT=2\\nRRULE:FREQ=WEEKLY;COUNT=3",
    "an-exdate-line": "FREQ=DAILY;COUNT=2\\nEXDATE:20191122",
    "a-dtstart-after": "FREQ=MONTHLY;BYDAY=+3TH;COUNT=12\\nDTSTART:20191001",
    "a-dtstart-before": "DTSTART:20191001T100000\\nFREQ=MONTHLY;COUNT=2",
    "two-rules-on-one-line": "FREQ=DAILY;COUNT=2 FREQ=WEEKLY;COUNT=2",
    "until-past-the-years": "FREQ=MONTHLY;UNTIL=99991231T230000",
}


SERIES_TRIP = """\
[trip]
id = "monthly-series"
title = "Fixture: a monthly roundtable"
status = "completed"
home_tz = "America/Chicago"
start = 2019-11-02
end = 2019-11-21

[[events]]
id = "roundtable"
title = "Roundtable"
kind = "roundtable"
start = 2019-11-21T07:30:00
end = 2019-11-21T09:00:00
repeat = "{rule}"
"""
"""A small trip of its own with one repeating event (invented; no seed has a repeat rule)."""


def _trip_with_rule(ws: Path, rule: str) -> Path:
    path = ws / "monthly-series.toml"
    path.write_text(SERIES_TRIP.replace("{rule}", "FREQ=MONTHLY;BYDAY=+3TH;COUNT=12"), encoding="utf-8")
    parse_trip(path.read_text(encoding="utf-8"), str(path))  # the fixture is valid with a one-value rule
    path.write_text(SERIES_TRIP.replace("{rule}", rule), encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", RULES_AT_LOAD.values(), ids=RULES_AT_LOAD.keys())
def test_a_repeat_rule_dateutil_reads_as_several_properties_is_refused_at_load(ws, rule):
    path = _trip_with_rule(ws, rule)
    line = next(n for n, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if s.startswith("repeat"))
    with pytest.raises(TripFileError) as info:
        parse_trip(path.read_text(encoding="utf-8"), str(path))
    assert f"monthly-series.toml:{line}" in str(info.value) and "repeat" in str(info.value)


@pytest.mark.parametrize("rule", [RULES_AT_LOAD["a-second-rrule"], RULES_AT_LOAD["a-dtstart-after"]])
def test_commands_over_a_trip_with_such_a_rule_give_a_message_not_a_traceback(run_cli, ws, tmp_path, rule):
    _trip_with_rule(ws, rule)
    for command in (["list"], ["export", "monthly-series", "--out", str(tmp_path / "out")]):
        out = run_cli("--dir", str(ws), *command)
        assert "Traceback" not in out.stderr, out.stderr
        assert "monthly-series.toml:" in out.stderr and "one RRULE value" in out.stderr, out.stderr
    assert not (tmp_path / "out" / "monthly-series.ics").exists()


# ---------------------------------------------------------------- standard properties that overflow or hide


REFUSED_AT_IMPORT = {
    "huge-duration": ("DURATION:P99999999D\r\n", "in.ics:8 (event 'Visit'): DURATION: 'P99999999D' is longer"),
    "huge-sequence": ("SEQUENCE:99999999999999999999999\r\n", "in.ics:8 (event 'Visit'): SEQUENCE:"),
    "dtstart-in-rrule": (
        "RRULE:FREQ=DAILY;COUNT=2 DTSTART:20000101\r\n",
        "in.ics:8 (event 'Visit'): RRULE: a repeat rule is one RRULE value",
    ),
    "until-not-rfc": ("RRULE:FREQ=DAILY;UNTIL=2021-10-25T10Z\r\n", "in.ics:8 (event 'Visit'): RRULE: UNTIL"),
    "until-past-the-years": ("RRULE:FREQ=DAILY;UNTIL=99991231T235959Z\r\n", "in.ics:8 (event 'Visit'): RRULE: UNTIL"),
}


@pytest.mark.parametrize("extra,message", REFUSED_AT_IMPORT.values(), ids=REFUSED_AT_IMPORT.keys())
def test_an_overflowing_or_hiding_value_is_refused_at_its_line_with_nothing_written(
    run_cli, ws, tmp_path, extra, message
):
    before = (ws / "korea-2021.toml").read_bytes()
    out = _import(run_cli, ws, tmp_path, _ics(VISIT + extra))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert (ws / "korea-2021.toml").read_bytes() == before


@pytest.mark.parametrize(
    "extra",
    ["RRULE:FREQ=DAILY;COUNT=2\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n", "RRULE:FREQ=DAILY;COUNT=3\r\nEXRULE:FREQ=WEEKLY\r\n"],
)
def test_a_series_of_several_rules_is_skipped_and_the_rest_imported(run_cli, ws, tmp_path, extra):
    other = VISIT.replace("visit@", "other@").replace("Visit", "Other")
    out = _import(run_cli, ws, tmp_path, _ics(VISIT + extra, other))
    assert out.returncode == 0, out.stderr
    assert "1 added" in out.stdout and "1 skipped" in out.stdout
    assert "skipped   line 4 event 'Visit': a series of several rules" in out.stdout
    exported = _reexported(ws)
    assert "other@example.org" in exported and "visit@example.org" not in exported
