"""Each kind of mistake in a trip file is reported with the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.storage import TripFileError, load_file, load_workspace

GOOD = """\
# a small trip
[trip]
id = "t"
title = "Test trip"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2021-10-18
end = 2021-10-27
members = ["kim"]

[[people]]
id = "kim"
name = "Kim Hyun-kyum"
name_ko = "김현겸"

[[places]]
id = "lotte"
name = "Lotte Hotel Seoul"
tz = "Asia/Seoul"

[[events]]
id = "first"
title = "First"
kind = "meeting"
date = 2021-10-19

[[events]]
id = "second"
title = "Second"
kind = "mou"
start = 2021-10-20T10:00:00
end = 2021-10-20T11:00:00
place = "lotte"
people = ["kim"]
"""


def broken(tmp_path: Path, old: str, new: str) -> tuple[TripFileError, str]:
    assert old in GOOD, old
    text = GOOD.replace(old, new, 1)
    path = tmp_path / "trip.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TripFileError) as info:
        load_file(path)
    return info.value, text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def assert_reported(found: tuple[TripFileError, str], needle: str, key: str, words: str) -> None:
    """The problem is at ``key``, says ``words``, and names the line holding ``needle``."""
    err, source = found
    line = line_of(source, needle)
    text = str(err)
    assert "trip.toml" in text
    hits = [p for p in err.problems if p.path == key and words in p.message]
    assert hits, f"no problem at {key!r} saying {words!r} in:\n{text}"
    assert hits[0].line == line, text
    assert f"trip.toml:{line}: {key}: " in text


def test_good_file_loads(tmp_path):
    path = tmp_path / "trip.toml"
    path.write_text(GOOD, encoding="utf-8")
    trip = load_file(path).trip
    assert [e.id for e in trip.events] == ["first", "second"]


def test_unknown_time_zone(tmp_path):
    found = broken(tmp_path, '\ntz = "Asia/Seoul"', '\ntz = "Asia/Seol"')
    assert_reported(found, 'tz = "Asia/Seol"', "places[0].tz", "unknown time zone 'Asia/Seol'")


def test_end_before_start(tmp_path):
    found = broken(tmp_path, "end = 2021-10-20T11:00:00", "end = 2021-10-20T09:00:00")
    assert_reported(found, "end = 2021-10-20T09", "events[1].end", "before the start")


def test_undeclared_person(tmp_path):
    found = broken(tmp_path, 'people = ["kim"]', 'people = ["kym"]')
    assert_reported(found, 'people = ["kym"]', "events[1].people", "no person 'kym'")


def test_undeclared_member(tmp_path):
    found = broken(tmp_path, 'members = ["kim"]', 'members = ["lee"]')
    assert_reported(found, "members = ", "trip.members", "no person 'lee'")


def test_date_outside_trip(tmp_path):
    found = broken(tmp_path, "date = 2021-10-19", "date = 2021-11-02")
    assert_reported(found, "date = 2021-11-02", "events[0].date", "outside the trip")


def test_duplicate_event_id(tmp_path):
    err, text = broken(tmp_path, 'id = "second"', 'id = "first"')
    first, second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "first"']
    assert f"trip.toml:{second}: events[1].id: duplicate event id 'first' (first on line {first})" in str(err)


def test_toml_syntax_error(tmp_path):
    found = broken(tmp_path, 'title = "First"', 'title = "First')
    err, text = found
    assert err.problems[0].line == line_of(text, 'title = "First')
    assert "not valid TOML" in str(err)


def test_unknown_key_suggests_the_right_one(tmp_path):
    found = broken(tmp_path, 'title = "First"', 'titel = "First"')
    assert_reported(found, "titel", "events[0].titel", "did you mean 'title'")


def test_missing_required_key(tmp_path):
    found = broken(tmp_path, 'home_tz = "America/Chicago"\n', "")
    assert_reported(found, "[trip]", "trip", "missing required key 'home_tz'")


def test_wrong_type(tmp_path):
    found = broken(tmp_path, "start = 2021-10-20T10:00:00", 'start = "ten o\'clock"')
    assert_reported(found, "ten o'clock", "events[1].start", "expected a date-time")


def test_two_forms_of_when(tmp_path):
    found = broken(tmp_path, "date = 2021-10-19", 'date = 2021-10-19\nmonth = "2021-10"')
    assert_reported(found, 'month = "2021-10"', "events[0].month", "give only one of")


def test_no_when_at_all(tmp_path):
    found = broken(tmp_path, "date = 2021-10-19\n", "")
    assert_reported(found, "[[events]]", "events[0]", "says nothing about when")


def test_unknown_kind_and_part_of_day(tmp_path):
    found = broken(
        tmp_path, 'kind = "meeting"\ndate = 2021-10-19', 'kind = "party"\ndate = 2021-10-19\npart = "brunch"'
    )
    assert_reported(found, 'kind = "party"', "events[0].kind", "unknown kind 'party'")
    assert_reported(found, 'part = "brunch"', "events[0].part", "unknown part of day 'brunch'")


def test_bad_rrule(tmp_path):
    found = broken(tmp_path, "date = 2021-10-19", 'date = 2021-10-19\nrepeat = "FREQ=SOMETIMES"')
    assert_reported(found, "repeat = ", "events[0].repeat", "not a valid RRULE")


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace('tz = "Asia/Seoul"', 'tz = "Nowhere"').replace('people = ["kim"]', 'people = ["x"]')
    path = tmp_path / "trip.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TripFileError) as info:
        load_file(path)
    assert {p.path for p in info.value.problems} >= {"places[0].tz", "events[1].people"}


def test_not_utf8(tmp_path):
    path = tmp_path / "trip.toml"
    path.write_bytes(GOOD.encode("utf-8").replace("김현겸".encode(), "김현겸".encode("euc-kr")))
    with pytest.raises(TripFileError) as info:
        load_file(path)
    assert info.value.problems[0].line == 14
    assert "not UTF-8" in str(info.value)


def test_duplicate_trip_id_across_files(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(TripFileError) as info:
        load_workspace(tmp_path)
    assert "b.toml" in str(info.value) and "already used by a.toml" in str(info.value)
