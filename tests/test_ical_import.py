"""``planner import``: merging by UID, each source's quirks, and refusing broken files untouched."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.model.when import Exact, OnDate, PartOfDay, Span
from planner.storage import load_file

ROOT = Path(__file__).resolve().parent.parent
ICS = ROOT / "tests" / "ics"
SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def seoul_ws(tmp_path: Path) -> Path:
    """A workspace holding one hand-written trip, seoul-2024 (13-20 Oct 2024, events in Seoul)."""
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copy(ICS / "workspace_seoul-2024.toml", folder / "seoul-2024.toml")
    return folder


def _import(run_cli, ws: Path, name: str, trip: str = "seoul-2024", *extra: str):
    path = name if "/" in name else str(ICS / name)
    return run_cli("--dir", str(ws), "import", path, "--trip", trip, *extra)


def _trip(ws: Path, trip_id: str = "seoul-2024"):
    return load_file(ws / f"{trip_id}.toml").trip


def _by_title(trip):
    return {e.title: e for e in trip.events}


# ---------------------------------------------------------------- quirks of each source


def test_google_utc_times_land_in_the_x_wr_timezone_and_reimport_adds_nothing(run_cli, seoul_ws):
    out = _import(run_cli, seoul_ws, "import_google.ics")
    assert out.returncode == 0, out.stderr
    assert "3 added, 0 updated, 0 unchanged, 0 skipped" in out.stdout
    trip = _trip(seoul_ws)
    signing = _by_title(trip)["Signing with the trade association"]
    # 01:00Z is 10:00 in Seoul, the calendar's X-WR-TIMEZONE.
    assert signing.when == Exact(
        datetime(2024, 10, 15, 10, 0, tzinfo=SEOUL), datetime(2024, 10, 15, 11, 30, tzinfo=SEOUL)
    )
    assert signing.when.start.tzinfo.key == "Asia/Seoul"
    assert signing.ical_uid == "5kq2b0mtv3rg9@google.com" and signing.ical_sequence == 2
    assert signing.notes == "Bring the signed copies."
    assert trip.place(signing.place).name.startswith("KITA Tower, 511 Yeongdong-daero")
    assert _by_title(trip)["Factory visit in Asan"].when == OnDate(date(2024, 10, 16))
    # The hand-written event and its note are still there.
    assert _by_title(trip)["Welcome dinner"].notes == "Kept by hand; an import must not drop this."
    again = _import(run_cli, seoul_ws, "import_google.ics")
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 updated, 3 unchanged, 0 skipped" in again.stdout
    assert len(_trip(seoul_ws).events) == 4


def test_google_series_keeps_rrule_with_until_in_local_time_and_exdate(run_cli, seoul_ws):
    assert _import(run_cli, seoul_ws, "import_google.ics").returncode == 0
    dinner = _by_title(_trip(seoul_ws))["Team dinner"]
    assert dinner.status == "tentative"
    # UNTIL=20241017T093000Z is 18:30 on 17 Oct in Seoul: the last dinner is included.
    assert dinner.repeat.rule == "FREQ=DAILY;UNTIL=20241017T183000"
    assert dinner.repeat.exceptions == (date(2024, 10, 16),)
    from planner.model.timeline import expand

    days = [o.recurrence_date for o in expand(_trip(seoul_ws), dinner)]
    assert days == [date(2024, 10, 14), date(2024, 10, 15), date(2024, 10, 17)]


def test_outlook_windows_zone_names_and_a_flight_between_them(run_cli, seoul_ws):
    out = _import(run_cli, seoul_ws, "import_outlook.ics")
    assert out.returncode == 0, out.stderr
    events = _by_title(_trip(seoul_ws))
    meeting = events["Meeting with the chamber"]  # SUMMARY;LANGUAGE=en-us: the parameter is no part of it
    assert meeting.when.start == datetime(2024, 10, 15, 10, 0, tzinfo=SEOUL)
    assert meeting.when.start.tzinfo.key == "Asia/Seoul"
    flight = events["Flight DFW to ICN"]
    assert flight.when.start == datetime(2024, 10, 16, 8, 0, tzinfo=CHICAGO)
    assert flight.when.start.tzinfo.key == "America/Chicago"
    assert flight.when.end.tzinfo.key == "Asia/Seoul" and flight.when.end.hour == 12


def test_floating_time_is_read_in_the_trip_zone(run_cli, seoul_ws):
    out = _import(run_cli, seoul_ws, "import_floating.ics")
    assert out.returncode == 0, out.stderr
    call = _by_title(_trip(seoul_ws))["Afternoon call"]
    assert call.when.start == datetime(2024, 10, 15, 15, 0, tzinfo=SEOUL)


def test_floating_time_for_a_new_trip_needs_tz(run_cli, tmp_path):
    ws = tmp_path / "empty"
    ws.mkdir()
    out = _import(run_cli, ws, "import_floating.ics", "new-trip")
    assert out.returncode == 2
    assert "import_floating.ics:4 (event 'Afternoon call')" in out.stderr and "--tz" in out.stderr
    assert not (ws / "new-trip.toml").exists()
    ok = _import(run_cli, ws, "import_floating.ics", "new-trip", "--tz", "America/Chicago")
    assert ok.returncode == 0, ok.stderr
    trip = _trip(ws, "new-trip")
    assert trip.events[0].when.start == datetime(2024, 10, 15, 15, 0, tzinfo=CHICAGO)
    assert trip.home_tz.key == "America/Chicago"


def test_duration_instead_of_dtend(run_cli, seoul_ws):
    out = _import(run_cli, seoul_ws, "import_duration.ics")
    assert out.returncode == 0, out.stderr
    events = _by_title(_trip(seoul_ws))
    assert events["Briefing"].when.end == datetime(2024, 10, 15, 10, 30, tzinfo=SEOUL)
    assert events["Two-day fair"].when == Span(date(2024, 10, 16), date(2024, 10, 17))


def test_all_day_events_and_recurrence_overrides(run_cli, seoul_ws):
    out = _import(run_cli, seoul_ws, "import_allday.ics")
    assert out.returncode == 0, out.stderr
    assert "4 added, 0 updated, 0 unchanged, 1 skipped" in out.stdout
    assert "RECURRENCE-ID" in out.stdout  # says why
    events = _by_title(_trip(seoul_ws))
    port = events["Visit to the port"]
    assert port.when == PartOfDay(date(2024, 10, 15), "morning") and port.kind == "visit"
    fair = events["Trade fair"]
    assert fair.when == Span(date(2024, 10, 15), date(2024, 10, 17)) and fair.kind == "expo"  # exclusive DTEND
    assert events["Day off"].when == OnDate(date(2024, 10, 19))
    weekly = events["Weekly review"]
    assert weekly.repeat.rule == "FREQ=WEEKLY;UNTIL=20241111" and weekly.repeat.exceptions == (date(2024, 10, 28),)


def test_new_trip_is_named_after_the_calendar_with_dates_and_zone_from_events(run_cli, tmp_path):
    ws = tmp_path / "empty"
    ws.mkdir()
    out = _import(run_cli, ws, "import_google.ics", "seoul-week")
    assert out.returncode == 0, out.stderr
    assert "created" in out.stdout
    trip = _trip(ws, "seoul-week")
    assert trip.title == "Seoul business week"
    assert (trip.first_day, trip.last_day) == (date(2024, 10, 14), date(2024, 10, 16))
    assert trip.home_tz.key == "Asia/Seoul"


def test_import_widens_the_trip_to_hold_an_event_after_it(run_cli, seoul_ws, tmp_path):
    late = tmp_path / "late.ics"
    late.write_bytes((ICS / "import_floating.ics").read_bytes().replace(b"20241015T", b"20241025T"))
    out = _import(run_cli, seoul_ws, str(late))
    assert out.returncode == 0, out.stderr
    assert "2024-10-13 to 2024-10-25" in out.stderr
    assert _trip(seoul_ws).last_day == date(2024, 10, 25)


# ---------------------------------------------------------------- updates and round trips


def test_changed_event_is_updated_in_place_and_its_sequence_rises(run_cli, seoul_ws, tmp_path):
    assert _import(run_cli, seoul_ws, "import_google.ics").returncode == 0
    changed = tmp_path / "changed.ics"
    changed.write_bytes(
        (ICS / "import_google.ics")
        .read_bytes()
        .replace(b"DTSTART:20241015T010000Z", b"DTSTART:20241015T020000Z")
        .replace(b"SEQUENCE:2", b"SEQUENCE:3")
    )
    out = _import(run_cli, seoul_ws, str(changed))
    assert out.returncode == 0, out.stderr
    assert "0 added, 1 updated, 2 unchanged" in out.stdout
    signing = _by_title(_trip(seoul_ws))["Signing with the trade association"]
    assert signing.when.start == datetime(2024, 10, 15, 11, 0, tzinfo=SEOUL)
    assert signing.ical_sequence == 3
    assert len(_trip(seoul_ws).events) == 4


def test_export_import_into_an_empty_workspace_export_gives_the_same_files(run_cli, workspace, tmp_path):
    first = tmp_path / "first"
    assert run_cli("--dir", str(workspace), "export", "--all", "--out", str(first)).returncode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    for ics in sorted(first.glob("*.ics")):
        out = run_cli("--dir", str(empty), "import", str(ics), "--trip", ics.stem)
        assert out.returncode == 0, out.stderr
        assert " 0 skipped" in out.stdout
    second = tmp_path / "second"
    out = run_cli("--dir", str(empty), "export", "--all", "--out", str(second))
    assert out.returncode == 0, out.stderr
    assert "new or changed" not in out.stderr  # the imported state is already current
    for ics in sorted(first.glob("*.ics")):
        assert (second / ics.name).read_bytes() == ics.read_bytes(), ics.name


def _strip_planner_data(data: bytes, zone: str) -> bytes:
    """What a calendar that drops unknown properties and writes UTC gives back (as Google does)."""
    text = data.decode("utf-8").replace("\r\n ", "")
    lines = [s for s in text.split("\r\n") if not s.startswith("X-PLANNER")]

    def to_utc(m: re.Match) -> str:
        local = datetime.strptime(m.group(3), "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(m.group(2)))
        return f"{m.group(1)}:{local.astimezone(UTC):%Y%m%dT%H%M%SZ}"

    # Google writes one-off times in UTC, but a series with its zone (TZID): in UTC it would repeat
    # at the same instant, not the same local time, and move by an hour across DST.
    out, block = [], []
    for s in lines:
        block.append(s)
        if s in ("END:VEVENT", "END:VCALENDAR") or not any(b.startswith("BEGIN:VEVENT") for b in block):
            series = any(b.startswith("RRULE") for b in block)
            out += (
                block if series else [re.sub(r"^(DTSTART|DTEND);TZID=([^:]+):(\d{8}T\d{6})$", to_utc, b) for b in block]
            )
            block = []
    out.insert(1, f"X-WR-TIMEZONE:{zone}")
    return "\r\n".join(out).encode("utf-8")


def test_a_file_back_from_google_loses_nothing_the_planner_knew(run_cli, workspace, tmp_path):
    for trip_id in ("richardson-2019", "korea-2021", "gwangju-2022"):
        exported = (ROOT / "exports" / f"{trip_id}.ics").read_bytes()
        back = tmp_path / f"{trip_id}-google.ics"
        back.write_bytes(_strip_planner_data(exported, "America/New_York"))
        before = (workspace / f"{trip_id}.toml").read_bytes()
        out = run_cli("--dir", str(workspace), "import", str(back), "--trip", trip_id)
        assert out.returncode == 0, out.stderr
        assert " 0 added, 0 updated" in out.stdout, out.stdout
        assert (workspace / f"{trip_id}.toml").read_bytes() == before


# ---------------------------------------------------------------- broken and hostile files


MALFORMED = [
    (
        "malformed_bad_date.ics",
        ":7 (event 'Meeting on a day that does not exist'): DTSTART: '20241345T100000' is not a valid date-time",
    ),
    (
        "malformed_missing_end.ics",
        ":9: END:VCALENDAR found, but BEGIN:VEVENT on line 4 is not closed (END:VEVENT missing)",
    ),
    ("malformed_missing_begin.ics", ":1: PRODID before BEGIN:VCALENDAR"),
    ("malformed_end_before_start.ics", ":4 (event 'Backwards meeting'): ends (2024-10-15 09:00 KST) before it starts"),
    ("malformed_bad_rrule.ics", ":8 (event 'Odd series'): RRULE: not a valid rule"),
    ("malformed_duplicate_uid.ics", ":10 (event 'Second'): UID 'twice@example.org' is used twice (first on line 4)"),
    ("malformed_no_dtstart.ics", ":4 (event 'Whenever'): VEVENT has no DTSTART"),
]


@pytest.mark.parametrize("name,message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_names_the_line_exits_2_and_leaves_the_trip_untouched(run_cli, seoul_ws, name, message):
    before = (seoul_ws / "seoul-2024.toml").read_bytes()
    out = _import(run_cli, seoul_ws, name)
    assert out.returncode == 2
    assert f"{name}{message}" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert "seoul-2024.toml is left as it was" in out.stderr
    assert (seoul_ws / "seoul-2024.toml").read_bytes() == before


def test_ten_megabyte_summary_is_refused_quickly(run_cli, seoul_ws, tmp_path):
    big = tmp_path / "big.ics"
    big.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:big@x\r\n"
        b"DTSTART;VALUE=DATE:20241015\r\nSUMMARY:" + b"A" * (10 * 1024 * 1024) + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    before = (seoul_ws / "seoul-2024.toml").read_bytes()
    out = _import(run_cli, seoul_ws, str(big))
    assert out.returncode == 2
    assert "big.ics:7: SUMMARY is longer than 256 KB" in out.stderr
    assert (seoul_ws / "seoul-2024.toml").read_bytes() == before


def test_folded_summary_too_long_for_a_title_names_the_event(run_cli, seoul_ws, tmp_path):
    long = tmp_path / "long.ics"
    folded = "\r\n ".join(["가" * 20] * 100)
    long.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:long@x\r\n"
        f"DTSTART;VALUE=DATE:20241015\r\nSUMMARY:{folded}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    out = _import(run_cli, seoul_ws, str(long))
    assert out.returncode == 2
    assert "long.ics:7 (event '가가" in out.stderr and "2,000 characters long" in out.stderr


def test_not_utf8_and_missing_file_and_bad_trip_id(run_cli, seoul_ws, tmp_path):
    latin = tmp_path / "latin1.ics"
    latin.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\xe9\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    out = _import(run_cli, seoul_ws, str(latin))
    assert out.returncode == 2 and "latin1.ics:4: not UTF-8 text" in out.stderr
    out = _import(run_cli, seoul_ws, str(tmp_path / "nowhere.ics"))
    assert out.returncode == 2 and "cannot read" in out.stderr
    out = _import(run_cli, seoul_ws, "import_google.ics", "Bad Id")
    assert out.returncode == 2 and "lower-case letters" in out.stderr
    assert sorted(p.name for p in seoul_ws.iterdir()) == ["seoul-2024.toml"]


def test_hostile_planner_data_is_validated_like_a_trip_file(run_cli, seoul_ws, tmp_path):
    evil = tmp_path / "evil.ics"
    evil.write_bytes(
        (ICS / "import_floating.ics")
        .read_bytes()
        .replace(
            b"SUMMARY:Afternoon call", b'SUMMARY:Afternoon call\r\nX-PLANNER-EVENT:{"people":["nobody"]\\,"kind":"mou"}'
        )
    )
    out = _import(run_cli, seoul_ws, str(evil))
    # The planner data is ignored (with a notice naming its line); the event comes from the standard properties.
    assert out.returncode == 0, out.stderr
    assert "evil.ics:10 (event 'Afternoon call'): X-PLANNER-EVENT: people: no person 'nobody'" in out.stderr
    call = _by_title(_trip(seoul_ws))["Afternoon call"]
    assert call.people == () and call.kind == "other"


def test_deeply_nested_planner_data_and_a_path_as_tzid_are_refused(run_cli, seoul_ws, tmp_path):
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:n@x\r\n"
    nested = tmp_path / "nested.ics"
    nested.write_text(
        head
        + "DTSTART;VALUE=DATE:20241015\r\nX-PLANNER-EVENT:"
        + "[" * 100_000
        + "]" * 100_000
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    out = _import(run_cli, seoul_ws, str(nested))
    assert out.returncode == 0, out.stderr
    assert "nested.ics:7 (event 'n@x'): X-PLANNER-EVENT is 200,000 characters long" in out.stderr
    assert "ignored" in out.stderr and "Traceback" not in out.stderr
    path = tmp_path / "path.ics"
    path.write_text(
        head + "DTSTART;TZID=../../../etc/passwd:20241015T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    before = (seoul_ws / "seoul-2024.toml").read_bytes()
    out = _import(run_cli, seoul_ws, str(path))
    # An event whose zone cannot be told is skipped with its line and reason; nothing is read from the path.
    assert out.returncode == 0 and "unknown time zone '../../../etc/passwd'" in out.stdout, out.stdout
    assert "0 added, 0 updated, 0 unchanged, 1 skipped" in out.stdout
    assert (seoul_ws / "seoul-2024.toml").read_bytes() == before


def test_an_unknown_tzid_skips_its_event_with_its_line_and_leaves_the_trip_untouched(run_cli, seoul_ws):
    before = (seoul_ws / "seoul-2024.toml").read_bytes()
    out = _import(run_cli, seoul_ws, "malformed_unknown_tzid.ics")
    assert out.returncode == 0, out.stderr
    assert (
        "skipped   line 4 event 'Meeting on Mars': line 7: DTSTART: unknown time zone 'Mars/Olympus_Mons'" in out.stdout
    )
    assert (seoul_ws / "seoul-2024.toml").read_bytes() == before
    assert "Traceback" not in out.stderr


def test_untitled_event_is_imported_with_a_placeholder_title(run_cli, seoul_ws, tmp_path):
    untitled = tmp_path / "untitled.ics"
    untitled.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u@x\r\n"
        b"DTSTAMP:20241001T000000Z\r\nDTSTART;VALUE=DATE:20241016\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    out = _import(run_cli, seoul_ws, str(untitled))
    assert out.returncode == 0, out.stderr
    assert _by_title(_trip(seoul_ws))["(no title)"].when == OnDate(date(2024, 10, 16))


def test_hostile_summary_is_printed_without_terminal_escapes(run_cli, seoul_ws, tmp_path):
    text = (ICS / "import_duration.ics").read_text(encoding="utf-8")
    text = text.replace("SUMMARY:Briefing", "SUMMARY:[bold red]Brief\\x1b[2J\u202eing".replace("\\x1b", "\x1b"))
    path = tmp_path / "hostile.ics"
    path.write_text(text, encoding="utf-8")
    out = _import(run_cli, seoul_ws, str(path))
    assert out.returncode == 0, out.stderr
    assert "[bold red]Brief[2Jing" in out.stdout
    assert "\x1b" not in out.stdout + out.stderr and "\u202e" not in out.stdout + out.stderr
