"""The shortcuts that make ``planner import`` of a 10,000-event calendar fast (issue 17) give what the long way gives.

Each shortcut is checked against the code it stands in for: the export's
lines against icalendar's (one DTSTART looked up once per zone), times and
days against ``strftime``, and the whole import (the content digests that
keep SEQUENCE honest, the trip, the file) against what it was before the
shortcuts, on generated calendars.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.ical import describe, lines

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

ZONES = [
    UTC,
    ZoneInfo("Asia/Seoul"),
    ZoneInfo("America/Chicago"),
    ZoneInfo("Atlantic/Reykjavik"),
    ZoneInfo("Etc/GMT+5"),
]
moments = st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)),
    st.builds(
        lambda d, tz: d.replace(tzinfo=tz),
        st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)),
        st.sampled_from([*ZONES, timezone(timedelta(hours=9))]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["DTSTART", "DTEND", "DUE", "RECURRENCE-ID"]), moments)
def test_one_date_or_time_is_written_as_the_general_path_and_icalendar_write_it(name, value):
    fast = lines.block("VEVENT", [(name, value)])
    line, tzid = lines._moments(name, [value], False)
    assert fast.lines[name] == lines.fold(line)
    assert fast.tzids == (frozenset({tzid}) - {""})
    assert line == lines.reference_line(name, value)[0]  # what icalendar writes, its TZID included


@given(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)))
def test_hours_and_minutes_are_what_strftime_gives(t):
    assert describe._hm(t) == f"{t:%H:%M}"


@given(st.dates())
def test_a_day_is_what_strftime_gives(d):
    assert describe._day(d) == f"{d:%a} {d.day} {d:%b %Y}"


def _import_digest(events: int, seed: int) -> tuple[str, int]:
    """What an import of a generated calendar gives, as one digest: every event's content hash, and the file."""
    import bigtrip

    from planner.ical.reader import merge, parse
    from planner.storage import render

    data = bigtrip.calendar_text(events, seed).encode()
    trip = merge(parse(data, "gen.ics"), "gen.ics", "gen", None, now=datetime(2024, 1, 1, tzinfo=UTC)).trip
    h = hashlib.sha256()
    for ev in trip.events:
        h.update(f"{ev.id} {ev.ical_hash} {ev.ical_sequence}\n".encode())
    h.update(render(trip).encode())
    return h.hexdigest(), len(trip.events)


# Measured with the code before these shortcuts (main at 0b67845): the digests that decide
# SEQUENCE on a later export, and the trip file, must not move.
BEFORE = {
    (400, 1): ("477a4d370381b2001ef7e8849175be52a14849b7678326baccaa92f9d212cdb0", 394),
    (250, 7): ("0a04eaf4b3a3e4cccb2c76b5ac298f597617be5e03590d092170b2b9d268db61", 245),
    (2000, 2021): ("1981dfdf04ae19d395b776331963d739bba96e5a521d73c1936b7592a7901a9d", 1964),
}


def test_imports_of_generated_calendars_give_what_they_gave_before_the_shortcuts():
    for (events, seed), before in BEFORE.items():
        assert _import_digest(events, seed) == before, (events, seed)


# ---------------------------------------------------------------- reading content lines

names = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789-", min_size=1, max_size=12)
param_values = st.text(st.sampled_from(list('abAZ09 ,;:="\\/-_é한\t')), max_size=10)
content_lines = st.builds(
    lambda name, params, sep, value: name + "".join(f";{k}={v}" for k, v in params) + sep + value,
    names,
    st.lists(st.tuples(names, st.one_of(param_values, param_values.map(lambda v: f'"{v}"'))), max_size=3),
    st.sampled_from([":", ";", "", "=", " :"]),
    st.text(max_size=30),
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(content_lines, st.text(max_size=40)))
def test_a_content_line_is_split_as_the_character_by_character_reader_splits_it(line):
    from planner.ical.scan import IcsError, _split, _split_quoted

    try:
        slow = _split_quoted(line, 7)
    except IcsError as exc:
        try:
            _split(line, 7)
        except IcsError as again:
            assert again.messages == exc.messages
        else:
            raise AssertionError(f"{line!r} is read by the shortcut, refused by the long way") from None
        return
    assert _split(line, 7) == slow


# ---------------------------------------------------------------- recording the export state


def test_recording_the_export_state_gives_what_replace_gives():
    import pickle
    from dataclasses import fields, replace

    from planner.model.trip import Event
    from planner.storage import load_file

    stamp = datetime(2024, 5, 1, 12, tzinfo=UTC)
    for path in sorted((ROOT / "seeds").glob("*.toml")):
        for ev in load_file(path).trip.events:
            fast = ev.with_export_record("0123456789abcdef", ev.ical_sequence + 1, stamp)
            slow = replace(ev, ical_hash="0123456789abcdef", ical_sequence=ev.ical_sequence + 1, ical_modified=stamp)
            assert fast == slow and hash(fast) == hash(slow) and type(fast) is Event
            assert vars(fast) == vars(slow)  # nothing else carried over
            assert pickle.loads(pickle.dumps(fast)) == slow
            assert [getattr(fast, f.name) for f in fields(Event)] == [getattr(slow, f.name) for f in fields(Event)]


@given(st.text(st.sampled_from(list('ab \\;,\r\nN한\t:"')), max_size=30))
def test_text_with_nothing_to_escape_is_returned_as_it_is_and_the_rest_escaped_as_before(value):
    long_way = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    assert lines.text(value) == long_way


# ---------------------------------------------------------------- the command, end to end


def test_the_command_writes_a_file_that_loads_as_the_trip_the_merge_made(run_cli, tmp_path):
    """``planner import`` (a process, as a user runs it): the file it wrote without parsing it loads as the merged trip."""
    import bigtrip

    from planner.ical.reader import merge, parse
    from planner.storage import load_file, render

    data = bigtrip.calendar_text(600, 3).encode()
    (tmp_path / "gen.ics").write_bytes(data)
    ws = tmp_path / "ws"
    ws.mkdir()
    out = run_cli("--dir", str(ws), "import", str(tmp_path / "gen.ics"), "--trip", "gen")
    assert out.returncode == 0, out.stderr
    merged = merge(parse(data, "gen.ics"), "gen.ics", "gen", None).trip  # every entry has a DTSTAMP: no "now"
    written = (ws / "gen.toml").read_text(encoding="utf-8")
    assert written == render(merged)
    assert load_file(ws / "gen.toml").trip == merged
    assert f"gen.toml created: {len(merged.events)} added, 0 updated, 0 unchanged, 0 skipped\n" in out.stdout
