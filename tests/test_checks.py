"""Itinerary checks: each with a trip that triggers it and one that does not, and ``planner check``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from planner.checks import CHECKS, Finding, run_checks, weekday_mentions
from planner.model import OnDate
from planner.storage import load_workspace, parse_trip

# A planned trip in Korea; each test adds the events it needs. Places: one with
# coordinates (Seoul), the others located by their city name alone.
BASE = """
[trip]
id = "test-trip"
title = "{title}"
status = "{status}"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2021-10-18
end = 2021-10-22
members = ["kim", "lee"]
year_evidence = "{evidence}"

[[people]]
id = "kim"
name = "Kim Min-su"

[[people]]
id = "lee"
name = "Lee Ji-eun"

[[people]]
id = "choi"
name = "Choi Dong-hyun"

[[organisations]]
id = "beauty"
name = "Beauty Association"

[[organisations]]
id = "oem"
name = "Cosmetics OEM Association"

[[organisations]]
id = "robots"
name = "Robot Association"

[[places]]
id = "seoul-hotel"
name = "Hotel"
city = "Seoul"
tz = "Asia/Seoul"
lat = 37.5651
lon = 126.9810

[[places]]
id = "gwangju"
name = "City Hall"
city = "Gwangju"
tz = "Asia/Seoul"

[[places]]
id = "pangyo"
name = "Techno Valley"
city = "Pangyo"
tz = "Asia/Seoul"

[[places]]
id = "la"
name = "Convention Center"
city = "Los Angeles"
tz = "America/Los_Angeles"
"""


def trip(events: str, *, status: str = "planned", title: str = "Test trip", evidence: str = ""):
    return parse_trip(BASE.format(status=status, title=title, evidence=evidence) + events, "test.toml")


def event(eid: str, when: str, place: str = "seoul-hotel", **extra: str) -> str:
    lines = [f'[[events]]\nid = "{eid}"\ntitle = "{extra.pop("title", eid)}"', when]
    if place:
        lines.append(f'place = "{place}"')
    for key, value in extra.items():
        lines.append(f"{key} = {value}" if value.startswith("[") else f'{key} = "{value}"')
    return "\n".join(lines) + "\n\n"


def found(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


def checks(t, check: str, today: date = date(2021, 1, 1)) -> list[Finding]:
    return found(run_checks([t], today=today, only=[check]), check)


# --- overlap ----------------------------------------------------------------


def test_same_person_in_overlapping_events_is_an_error():
    t = trip(
        event("a", "start = 2021-10-19T10:00:00\nend = 2021-10-19T11:30:00", people='["kim"]')
        + event("b", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", people='["kim", "lee"]')
    )
    (f,) = checks(t, "overlap")
    assert f.severity == "error"
    assert [e.event for e in f.events] == ["a", "b"]
    assert "Kim Min-su" in f.message and "30 min overlap" in f.message


def test_back_to_back_or_different_people_do_not_overlap():
    t = trip(
        event("a", "start = 2021-10-19T10:00:00\nend = 2021-10-19T11:00:00", people='["kim"]')
        + event("b", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", people='["kim"]')
        + event("c", "start = 2021-10-19T10:30:00\nend = 2021-10-19T11:30:00", people='["lee"]')
    )
    assert checks(t, "overlap") == []


def test_overlap_that_rests_on_an_assumed_end_is_a_warning():
    t = trip(
        event("a", "start = 2021-10-19T10:00:00", people='["kim"]')
        + event("b", "start = 2021-10-19T10:30:00\nend = 2021-10-19T12:00:00", people='["kim"]')
    )
    (f,) = checks(t, "overlap")
    assert f.severity == "warning" and "one hour" in f.message


def test_cancelled_events_do_not_overlap():
    t = trip(
        event("a", "start = 2021-10-19T10:00:00\nend = 2021-10-19T11:30:00", people='["kim"]', status="cancelled")
        + event("b", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", people='["kim"]')
    )
    assert checks(t, "overlap") == []


def test_whole_delegation_event_overlaps_a_members_meeting():
    t = trip(
        event("all", "start = 2021-10-19T09:00:00\nend = 2021-10-19T12:00:00")
        + event("b", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", people='["lee"]')
    )
    (f,) = checks(t, "overlap")
    assert "Lee Ji-eun" in f.message


# --- travel -----------------------------------------------------------------


def test_gwangju_an_hour_after_seoul_is_an_error():
    t = trip(
        event("seoul", "start = 2021-10-19T09:00:00\nend = 2021-10-19T10:00:00", people='["kim"]')
        + event("gwangju", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", place="gwangju", people='["kim"]')
    )
    (f,) = checks(t, "travel")
    assert f.severity == "error"
    assert "Seoul" in f.message and "Gwangju" in f.message and "268 km" in f.message


def test_tight_but_not_hopeless_journey_is_a_warning():
    t = trip(
        event("seoul", "start = 2021-10-19T09:00:00\nend = 2021-10-19T10:00:00", people='["kim"]')
        + event("gwangju", "start = 2021-10-19T12:30:00", place="gwangju", people='["kim"]')
    )
    (f,) = checks(t, "travel")
    assert f.severity == "warning"


def test_enough_time_or_nearby_places_or_other_people_pass():
    t = trip(
        event("seoul", "start = 2021-10-19T09:00:00\nend = 2021-10-19T10:00:00", people='["kim"]')
        + event("gwangju", "start = 2021-10-19T14:00:00", place="gwangju", people='["kim"]')
        + event("lee-seoul", "start = 2021-10-19T09:00:00\nend = 2021-10-19T10:00:00", people='["lee"]')
        + event("lee-pangyo", "start = 2021-10-19T11:00:00", place="pangyo", people='["lee"]')
    )
    assert checks(t, "travel") == []


def test_untimed_events_in_distant_cities_on_one_day():
    same_part = trip(
        event("a", 'date = 2021-10-19\npart = "morning"', people='["kim"]')
        + event("b", 'date = 2021-10-19\npart = "morning"', place="gwangju", people='["kim"]')
    )
    (f,) = checks(same_part, "travel")
    assert f.severity == "warning"
    no_time = trip(
        event("a", "date = 2021-10-19", people='["kim"]')
        + event("b", "date = 2021-10-19", place="gwangju", people='["kim"]')
    )
    (f,) = checks(no_time, "travel")
    assert f.severity == "info" and "check the day leaves time" in f.message
    other_days = trip(
        event("a", "date = 2021-10-19", people='["kim"]')
        + event("b", "date = 2021-10-20", place="gwangju", people='["kim"]')
    )
    assert checks(other_days, "travel") == []
    near = trip(
        event("a", "date = 2021-10-19", people='["kim"]')
        + event("b", "date = 2021-10-19", place="pangyo", people='["kim"]')
    )
    assert checks(near, "travel") == []


# --- odd hours ----------------------------------------------------------------


def test_two_in_the_morning_suggests_a_zone_mistake():
    t = trip(event("late", "start = 2021-10-19T02:00:00\nend = 2021-10-19T03:00:00"))
    (f,) = checks(t, "odd-hour")
    assert f.severity == "warning"
    assert "02:00 KST" in f.message
    assert "America/Chicago" in f.message and "16:00 KST" in f.message  # 02:00 CDT is 16:00 in Seoul


def test_ordinary_hours_and_night_flights_pass():
    t = trip(
        event("day", "start = 2021-10-19T09:00:00") + event("flight", "start = 2021-10-19T01:30:00", kind="travel")
    )
    assert checks(t, "odd-hour") == []


# --- outside the trip ---------------------------------------------------------


def test_event_moved_outside_the_trip_in_memory():
    t = trip(event("visit", "date = 2021-10-20"))
    assert checks(t, "outside-trip") == []
    moved = replace(t, events=(t.events[0].with_when(OnDate(date(2021, 11, 2))),))
    (f,) = checks(moved, "outside-trip")
    assert f.severity == "error" and "after the trip ends" in f.message
    assert f.events[0].day == date(2021, 11, 2)


# --- weekdays -----------------------------------------------------------------


def test_weekday_in_a_title_must_match_the_date():
    wrong = trip(event("v", "date = 2021-10-20", title="Plant visit (Tue)"))
    (f,) = checks(wrong, "weekday")
    assert f.severity == "warning" and "Wednesday" in f.message
    right = trip(event("v", "date = 2021-10-20", title="Plant visit (Wed)", title_ko="공장 방문 (수)"))
    assert checks(right, "weekday") == []


def test_korean_date_with_weekday_in_notes():
    wrong = trip(event("v", "date = 2021-10-20", notes="이사회 20일(화) 개최"))
    (f,) = checks(wrong, "weekday")
    assert "20일(화)" in f.message and "Wednesday (수)" in f.message
    right = trip(event("v", "date = 2021-10-20", notes="서명식 19일(화), 방문 20일(수)"))
    assert checks(right, "weekday") == []


def test_trip_year_evidence_weekday():
    assert checks(trip("", evidence="The report dates it 19 (Tue); 19 October 2021 is a Tuesday."), "weekday") == []
    (f,) = checks(trip("", evidence="The report dates it 19 (Fri)."), "weekday")
    assert f.events == () and "year evidence" in f.message


def test_weekday_mentions_read_english_and_korean_forms():
    text = "Tue 19 Oct; Oct 21 (Thu.); 10월 22일 금요일; Sun Park met (Sun)"
    got = [(m.day, m.month, m.weekday) for m in weekday_mentions(text, bare=True)]
    assert got == [(19, 10, 1), (21, 10, 3), (22, 10, 4), (None, None, 6)]
    assert weekday_mentions("Sun Park, COVID-19 (NC)") == []


# --- places and zones -----------------------------------------------------------


def test_missing_place_warns_for_a_planned_trip_only():
    planned = trip(event("v", "date = 2021-10-20", place=""))
    (f,) = checks(planned, "no-place")
    assert f.severity == "warning"
    done = trip(event("v", "date = 2021-10-20", place=""), status="completed")
    (f,) = checks(done, "no-place")
    assert f.severity == "info"
    assert checks(trip(event("v", "date = 2021-10-20")), "no-place") == []


def test_event_zone_must_match_its_place():
    wrong = trip(event("la", "start = 2021-10-20T10:00:00", place="la", tz="Asia/Seoul"))
    (f,) = checks(wrong, "zone")
    assert f.severity == "error" and "America/Los_Angeles" in f.message
    right = trip(event("la", "start = 2021-10-20T10:00:00", place="la"))
    assert checks(right, "zone") == []


def test_missing_zone_in_memory():
    t = trip(event("v", "date = 2021-10-20"))
    no_zone = replace(t, events=(replace(t.events[0], tz=None),))
    (f,) = checks(no_zone, "zone")
    assert f.severity == "error" and "no time zone" in f.message


# --- look-alikes --------------------------------------------------------------


def test_same_activity_on_two_days_is_reported():
    t = trip(
        event(
            "mou-1", "date = 2021-10-19", title="MOU with the beauty associations", kind="mou", orgs='["beauty", "oem"]'
        )
        + event(
            "mou-2",
            "date = 2021-10-21",
            title="MOU with the beauty associations (21 Oct)",
            kind="mou",
            orgs='["beauty", "oem"]',
        )
    )
    (f,) = checks(t, "look-alike")
    assert f.severity == "warning" and [e.event for e in f.events] == ["mou-1", "mou-2"]


def test_similar_titles_with_other_parties_or_other_titles_pass():
    t = trip(
        event("mou-1", "date = 2021-10-19", title="MOU with the beauty association", kind="mou", orgs='["beauty"]')
        + event("mou-2", "date = 2021-10-21", title="MOU with the robot association", kind="mou", orgs='["robots"]')
        + event("visit", "date = 2021-10-21", title="Factory tour", kind="visit", orgs='["beauty"]')
        + event("lunch-1", "date = 2021-10-19", title="Lunch", kind="dinner")
        + event("lunch-2", "date = 2021-10-20", title="Lunch", kind="dinner")
    )
    assert checks(t, "look-alike") == []


def test_seeded_korea_trip_reports_the_two_beauty_mous(workspace: Path):
    ws = load_workspace(workspace)
    pairs = [
        {e.event for e in f.events} for f in run_checks(ws.trips, today=date(2026, 1, 1)) if f.check == "look-alike"
    ]
    assert pairs == [{"beauty-mou-oct20", "beauty-mou-oct26"}]


# --- unscheduled items ----------------------------------------------------------


def test_unscheduled_items_in_a_trip_starting_soon():
    t = trip(event("open", "unscheduled = true") + event("fixed", "date = 2021-10-19"))
    (f,) = checks(t, "unscheduled-soon", today=date(2021, 10, 13))
    assert f.severity == "warning" and "starts in 5 days" in f.message
    assert [e.event for e in f.events] == ["open"]
    assert checks(t, "unscheduled-soon", today=date(2021, 8, 1)) == []  # not soon
    assert checks(t, "unscheduled-soon", today=date(2021, 11, 1)) == []  # over
    (f,) = checks(t, "unscheduled-soon", today=date(2021, 10, 20))
    assert "under way" in f.message
    scheduled = trip(event("fixed", "date = 2021-10-19"))
    assert checks(scheduled, "unscheduled-soon", today=date(2021, 10, 13)) == []


def test_every_check_has_a_name_and_unknown_names_are_refused():
    assert set(CHECKS) == {
        "overlap",
        "travel",
        "odd-hour",
        "outside-trip",
        "weekday",
        "no-place",
        "zone",
        "look-alike",
        "unscheduled-soon",
    }
    with pytest.raises(ValueError):
        run_checks([], only=["typo"])


def test_a_clean_trip_has_no_findings():
    t = trip(
        event("a", "start = 2021-10-19T10:00:00\nend = 2021-10-19T11:00:00", title="Signing (Tue)", people='["kim"]')
        + event("b", "start = 2021-10-19T16:00:00", place="gwangju", people='["kim"]')
    )
    assert run_checks([t], today=date(2021, 1, 1)) == []


# --- the command ----------------------------------------------------------------


def test_planner_check_korea_reports_the_look_alike_mous(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "check", "korea-2021")
    assert out.returncode == 0, out.stderr
    assert "look-alike" in out.stdout
    line = next(s for s in out.stdout.splitlines() if "look-alike" in s)
    assert "beauty-mou-oct20 (Wed 20 Oct 2021)" in line and "beauty-mou-oct26 (Tue 26 Oct 2021)" in line
    assert "0 errors, 1 warning, 1 info in 1 trip." in out.stdout


def test_planner_check_json(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "check", "--json", "--today", "2021-01-01")
    assert out.returncode == 0, out.stderr
    findings = json.loads(out.stdout)
    assert isinstance(findings, list)
    for f in findings:
        assert set(f) == {"severity", "check", "trip", "events", "message"}
        assert f["severity"] in ("error", "warning", "info") and f["check"] in CHECKS
    mou = [f for f in findings if f["check"] == "look-alike"]
    assert [[e["event"] for e in f["events"]] for f in mou] == [["beauty-mou-oct20", "beauty-mou-oct26"]]
    assert mou[0]["events"][0]["day"] == "2021-10-20"


def test_planner_check_exits_1_on_an_error(run_cli, workspace: Path):
    events = event("a", "start = 2021-10-19T10:00:00\nend = 2021-10-19T11:30:00", people='["kim"]') + event(
        "b", "start = 2021-10-19T11:00:00\nend = 2021-10-19T12:00:00", people='["kim"]'
    )
    (workspace / "test-trip.toml").write_text(
        BASE.format(status="planned", title="Test trip", evidence="") + events, encoding="utf-8"
    )
    out = run_cli("--dir", str(workspace), "check", "test-trip")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "error" in out.stdout and "overlap" in out.stdout
    data = run_cli("--dir", str(workspace), "check", "test-trip", "--json")
    assert data.returncode == 1
    assert [f["check"] for f in json.loads(data.stdout) if f["severity"] == "error"] == ["overlap"]
    others = run_cli("--dir", str(workspace), "check", "korea-2021", "dc-2023")
    assert others.returncode == 0, others.stdout


def test_planner_check_bad_arguments_exit_2(run_cli, workspace: Path):
    for args, words in [
        (["check", "korea-2012"], "did you mean korea-2021"),
        (["check", "--today", "someday"], "invalid date"),
    ]:
        out = run_cli("--dir", str(workspace), *args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert words in out.stderr and "Traceback" not in out.stderr
