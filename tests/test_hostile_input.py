"""Hostile and broken input: size and repetition limits, text shown as text, file names kept in their folder.

Each test proves one guarantee listed in ``docs/reliability.md`` ("Hostile and
broken input"); the fuzzing of the same doors is in ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import bounded
from rich.console import Console

from planner.ical.reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS, MAX_LINE_CHARS, IcsError, merge, parse
from planner.model.timeline import MAX_OCCURRENCES, occurrences
from planner.storage import TripFileError, load_file, load_workspace, parse_trip
from planner.storage.reader import MAX_FILE_BYTES as MAX_TRIP_BYTES

ROOT = Path(__file__).resolve().parent.parent
ICS = ROOT / "tests" / "ics"

# Rich markup, a screen clear, an OSC 8 hyperlink, a bell, and bidi override/isolate controls.
ESC = "\\u001b"
NASTY = (
    f"[bold red]loud[/] [link=http://evil.example]link[/link] {ESC}[2J{ESC}]8;;http://evil.example\\u0007"
    f"click{ESC}]8;;\\u0007 \\u0007bell \\u202eevil\\u2066iso\\u2069"
)
FORBIDDEN = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069")
"""Characters that must never reach a terminal or a page from a trip or calendar file."""

HOSTILE = f"""
[trip]
id = "hostile-2024"
title = "Mission {NASTY}"
title_ko = "방문 {NASTY}"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-03-11
end = 2024-03-13
members = ["kim"]
notes = "Trip notes {NASTY}"

[[organisations]]
id = "evil-org"
name = "Org {NASTY}"

[[people]]
id = "kim"
name = "Kim {NASTY}"
name_ko = "김현겸"
org = "evil-org"

[[places]]
id = "hall"
name = "Hall {NASTY}"
address = "1 Main St {NASTY}"
city = "Seoul"
tz = "Asia/Seoul"

[[events]]
id = "signing"
title = "Signing {NASTY}"
title_ko = "서명식 {NASTY}"
kind = "mou"
start = 2024-03-12T10:00:00
end = 2024-03-12T11:30:00
place = "hall"
orgs = ["evil-org"]
outcome = "Outcome {NASTY}"
notes = "Notes {NASTY}"

[[events]]
id = "dinner"
title = "Dinner {NASTY}"
kind = "dinner"
date = 2024-03-12
part = "evening"
"""


def assert_inert(text: str) -> None:
    for ch in FORBIDDEN:
        assert ch not in text, f"{ch!r} reached the output"


@pytest.fixture
def hostile(workspace: Path) -> Path:
    (workspace / "hostile-2024.toml").write_text(HOSTILE, encoding="utf-8")
    return workspace


def test_hostile_trip_loads_with_its_text_intact(hostile: Path):
    trip = load_workspace(hostile).trip("hostile-2024")
    assert trip is not None and "\x1b[2J" in trip.events[0].title  # kept in the file; only display cleans


# ---------------------------------------------------------------- limits


def test_trip_file_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "big.toml"
    path.write_bytes(b'[trip]\nid = "big"\nnotes = "' + b"x" * (MAX_TRIP_BYTES + 1) + b'"\n')
    with bounded(5), pytest.raises(TripFileError) as info:
        load_file(path)
    assert "larger than a trip file can be" in str(info.value)
    with bounded(5), pytest.raises(TripFileError, match="larger than"):
        parse_trip(path.read_text(encoding="utf-8"))


def _calendar(body: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + body + "END:VCALENDAR\r\n").encode("utf-8")


def _vevent(uid: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20241001T000000Z\r\nSUMMARY:{uid}\r\n"
        f"DTSTART;TZID=Asia/Seoul:20241016T100000\r\nDTEND;TZID=Asia/Seoul:20241016T110000\r\n{extra}END:VEVENT\r\n"
    )


def test_calendar_over_the_size_limit_is_refused_and_the_trip_kept(run_cli, workspace: Path, tmp_path: Path):
    with pytest.raises(IcsError, match="more than a calendar file can be"):
        parse(b" " * (MAX_FILE_BYTES + 1), "big.ics")
    big = tmp_path / "big.ics"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    before = (workspace / "korea-2021.toml").read_bytes()
    out = run_cli("--dir", str(workspace), "import", str(big), "--trip", "korea-2021")
    assert out.returncode == 2 and "more than a calendar file can be (32 MB)" in out.stderr
    assert (workspace / "korea-2021.toml").read_bytes() == before


def test_calendar_line_over_the_limit_is_refused():
    data = _calendar(_vevent("u@x", "DESCRIPTION:" + "x" * (MAX_LINE_CHARS + 10) + "\r\n"))
    with bounded(5), pytest.raises(IcsError, match="DESCRIPTION is longer than 256 KB"):
        parse(data, "long.ics")


def test_a_hundred_thousand_events_are_refused_in_bounded_time():
    data = _calendar("".join(_vevent(f"e{i}@x") for i in range(100_000)))
    started = time.monotonic()
    with bounded(10), pytest.raises(IcsError) as info:
        parse(data, "many.ics")
    assert f"more than {MAX_ITEMS} components; not an itinerary" in str(info.value)
    assert time.monotonic() - started < 10


def test_alarms_nested_thousands_deep_are_refused():
    data = _calendar("BEGIN:VEVENT\r\n" + "BEGIN:VALARM\r\n" * 5000 + "END:VALARM\r\n" * 5000 + "END:VEVENT\r\n")
    with bounded(5), pytest.raises(IcsError) as info:
        parse(data, "deep.ics")
    assert "nested too deep" in str(info.value)
    assert f"deep.ics:{MAX_DEPTH + 3}:" in str(info.value)  # the line of the first BEGIN too many


SECONDLY_TRIP = """
[trip]
id = "forever"
title = "Forever"
home_tz = "Asia/Seoul"
start = 2024-10-14
end = 2024-10-18

[[events]]
id = "tick"
title = "Tick"
start = 2024-10-15T10:00:00
repeat = "FREQ=SECONDLY"
"""


def test_a_secondly_rule_without_end_in_a_trip_file_is_capped(tmp_path: Path):
    with bounded(10):
        trip = parse_trip(SECONDLY_TRIP, "forever.toml")
        occs = occurrences([trip])
    assert len(occs) == MAX_OCCURRENCES


def test_a_secondly_rule_without_end_in_an_imported_calendar_is_capped():
    data = _calendar(_vevent("tick@x", "RRULE:FREQ=SECONDLY\r\n"))
    with bounded(10):
        outcome = merge(parse(data, "tick.ics"), "tick.ics", "ticks", None)
        occs = occurrences([outcome.trip])
    assert outcome.trip.events[0].repeat.rule == "FREQ=SECONDLY"
    assert len(occs) == MAX_OCCURRENCES


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=+6MO"]
)
def test_a_rule_that_never_happens_is_refused_at_once(rule: str):
    # dateutil would look for a match up to the year 9999: 15-35 s for each such event.
    text = SECONDLY_TRIP.replace('"FREQ=SECONDLY"', f'"{rule}"')
    with bounded(3), pytest.raises(TripFileError) as info:
        parse_trip(text, "never.toml")
    assert "forever.toml" not in str(info.value) and "no day ever matches" in str(info.value)
    data = _calendar(_vevent("never@x", f"RRULE:{rule}\r\n"))
    with bounded(3), pytest.raises(IcsError, match="RRULE: no day ever matches"):
        parse(data, "never.ics")


def test_deeply_nested_toml_is_refused():
    with bounded(5), pytest.raises(TripFileError, match="nested too deeply"):
        parse_trip("[trip]\nx-a = " + "[" * 5000 + "]" * 5000 + "\n", "deep.toml")


def test_far_off_years_are_refused_not_overflowed():
    text = SECONDLY_TRIP.replace("start = 2024-10-15T10:00:00", "start = 0001-01-01T00:00:00+14:00")
    with pytest.raises(TripFileError, match="the year 1 is not between 1900 and 2200"):
        parse_trip(text, "far.toml")


# ---------------------------------------------------------------- text shown as text: the CLI


@pytest.mark.parametrize(
    "args",
    [
        ["trips"],
        ["list"],
        ["list", "--trip", "hostile-2024"],
        ["agenda", "2024-03-12"],
        ["agenda", "--trip", "hostile-2024"],
        ["agenda", "--trip", "hostile-2024", "--format", "md"],
        ["agenda", "--trip", "hostile-2024", "--format", "html"],
        ["check", "hostile-2024"],
        ["check", "hostile-2024", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_cli_shows_hostile_text_as_text(run_cli, hostile: Path, args: list[str]):
    out = run_cli("--dir", str(hostile), *args)
    assert out.returncode in (0, 1), out.stderr
    assert_inert(out.stdout + out.stderr)
    if "--json" in args:
        titles = [e["title"] for f in json.loads(out.stdout) for e in f["events"]]
        assert titles and all("\x1b" not in t and "\u202e" not in t for t in titles)
    elif "md" in args:
        assert "\\[bold red\\]loud\\[/\\]" in out.stdout  # escaped, so Markdown shows it as typed
    elif "html" not in args:
        assert "[bold red]loud[/]" in out.stdout  # literally, never as style
    if "html" in args:
        assert "[bold red]loud[/]" in out.stdout and "<a href" not in out.stdout


def test_export_messages_and_files_carry_no_terminal_controls(run_cli, hostile: Path, tmp_path: Path):
    out = run_cli("--dir", str(hostile), "export", "hostile-2024", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert_inert(out.stdout + out.stderr)
    person = run_cli("--dir", str(hostile), "export", "--person", "kim", "--out", str(tmp_path / "out"))
    assert person.returncode == 0, person.stderr
    assert_inert(person.stdout + person.stderr)


def test_import_errors_quote_hostile_text_without_controls(run_cli, workspace: Path, tmp_path: Path):
    path = tmp_path / "evil.ics"
    path.write_bytes(_calendar("BEGIN:VEVENT\x1b[2J\u202e\r\nEND:VEVENT\r\n"))
    out = run_cli("--dir", str(workspace), "import", str(path), "--trip", "korea-2021")
    assert out.returncode == 2
    assert "nothing imported" in out.stderr and "Traceback" not in out.stderr
    assert_inert(out.stderr)


def test_broken_trip_file_messages_quote_hostile_keys_without_controls(run_cli, workspace: Path):
    path = workspace / "dc-2023.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[trip]\n", '[trip]\n"\\u001b[2J\\u202e\\u0007" = 1\n', 1),
        encoding="utf-8",
    )
    out = run_cli("--dir", str(workspace), "trips")
    assert out.returncode == 2 and "unknown key" in out.stderr
    assert_inert(out.stderr)


# ---------------------------------------------------------------- text shown as text: the TUI


def _frame(app) -> str:
    """What the headless app would write to the terminal for its current screen."""
    console = Console(file=io.StringIO(), force_terminal=True, width=app.size.width, legacy_windows=False)
    return "".join(app.screen._compositor.render_update(full=True).render_segments(console))


def _inert_frame(app) -> None:
    frame = _frame(app)
    assert "\x1b[2J" not in frame and "\x1b]8;;http://evil" not in frame
    for ch in ("\x07", "\u202e", "\u2066", "\u2069"):
        assert ch not in frame, f"{ch!r} reached the terminal"


def _app(folder: Path):
    from planner.tui import PlannerApp

    return PlannerApp(load_workspace(folder), today=date(2024, 3, 12), watch_disk=False)


@pytest.mark.asyncio
async def test_tui_timeline_row_and_detail_pane_show_hostile_text_as_text(hostile: Path):
    app = _app(hostile)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        screen.table.go_to_key("hostile-2024/signing")
        await pilot.pause()
        cells = " ".join(str(c) for c in screen.table.cells(screen.table.row("hostile-2024/signing")))
        assert "[bold red]loud[/]" in cells
        assert_inert(cells)
        detail = str(screen.query_one("#detail").render())
        assert "Signing [bold red]loud[/]" in detail and "Outcome [bold red]loud[/]" in detail
        assert_inert(detail)
        _inert_frame(app)


@pytest.mark.asyncio
async def test_tui_event_form_shows_hostile_text_as_text(hostile: Path):
    from planner.tui.screens import EventForm

    app = _app(hostile)
    async with app.run_test(size=(160, 45)) as pilot:
        app.screen.table.go_to_key("hostile-2024/signing")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        _inert_frame(app)


@pytest.mark.asyncio
async def test_tui_person_and_trip_forms_show_hostile_text_as_text(hostile: Path):
    from planner.model.trip import Person
    from planner.tui.screens import TimelineScreen

    app = _app(hostile)
    async with app.run_test(size=(160, 45)) as pilot:
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        timeline.edit_record(Person, "kim", "hostile-2024")
        await pilot.pause()
        assert app.screen is not timeline
        _inert_frame(app)
        await pilot.press("escape")
        await pilot.pause()
        timeline.action_edit_trip("hostile-2024")
        await pilot.pause()
        assert app.screen is not timeline
        _inert_frame(app)


@pytest.mark.asyncio
async def test_tui_notifications_show_hostile_text_as_text(hostile: Path):
    app = _app(hostile)
    async with app.run_test(size=(160, 45)) as pilot:
        app.screen.table.go_to_key("hostile-2024/signing")
        await pilot.pause()
        await pilot.press("c")  # duplicate: the message names the event
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("duplicate" in m and "[bold red]loud[/]" in m for m in messages), messages
        for m in messages:
            assert_inert(m)
        _inert_frame(app)


# ---------------------------------------------------------------- file names stay in their folder


def test_import_refuses_a_trip_id_that_is_a_path(run_cli, workspace: Path, tmp_path: Path):
    for bad in ("../../x", "../x", "/tmp/x", "x/../../y", ".."):
        out = run_cli("--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", bad)
        assert out.returncode == 2 and "an id uses lower-case letters" in out.stderr
    assert sorted(p.name for p in tmp_path.rglob("*.toml") if p.parent != workspace) == []
    assert not (tmp_path / "x.toml").exists() and not (workspace.parent.parent / "x.toml").exists()


def test_export_names_files_after_known_ids_only(run_cli, workspace: Path, tmp_path: Path):
    out_dir = tmp_path / "out"
    for option in ("--person", "--org"):
        out = run_cli("--dir", str(workspace), "export", option, "../../evil", "--out", str(out_dir))
        assert out.returncode == 2 and "no " in out.stderr
    out = run_cli("--dir", str(workspace), "export", "../../evil", "--out", str(out_dir))
    assert out.returncode == 2
    out = run_cli("--dir", str(workspace), "export", "--all", "--out", str(out_dir))
    assert out.returncode == 0, out.stderr
    written = sorted(p for p in tmp_path.rglob("*.ics"))
    assert written and all(p.parent == out_dir for p in written)


def test_agenda_writes_no_file_unless_told_where(run_cli, workspace: Path, tmp_path: Path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--format", "html", cwd=cwd)
    assert out.returncode == 0 and "<html" in out.stdout
    assert list(cwd.iterdir()) == []


@pytest.mark.asyncio
async def test_tui_export_of_a_typed_person_filter_cannot_leave_the_folder(workspace: Path, tmp_path: Path):
    from planner.tui import PlannerApp
    from planner.views.filtering import Filter

    out = tmp_path / "deep" / "exports"
    app = PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False, export_dir=out)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.set_filter(Filter(person="../../evil"))
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not list(tmp_path.rglob("*.ics"))


def test_a_new_trip_whose_id_is_a_path_is_refused(workspace: Path):
    from planner.usecases.editing import EditError, Session

    session = Session(load_workspace(workspace))
    trip = replace(session.trips["dc-2023"], id="../../evil")
    with pytest.raises(EditError, match="not an id"):
        session.create_trip(trip)
    assert not (workspace.parent.parent / "evil.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--from", "0001-01-01"],
        ["list", "--to", "9999-12-31"],
        ["agenda", "9999-12-31"],
        ["check", "--today", "0001-01-01"],
    ],
)
def test_far_off_dates_on_the_command_line_are_refused(run_cli, workspace: Path, args: list[str]):
    # `list --from 0001-01-01` overflowed in the recurrence expansion (OverflowError).
    out = run_cli("--dir", str(workspace), *args)
    assert out.returncode == 2 and "is not between 1900 and 2200" in out.stderr
    assert "Traceback" not in out.stderr
