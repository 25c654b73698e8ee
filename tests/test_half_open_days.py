"""Days are half-open: an event ending at 00:00 is on the day it started; a month or no date is on no day.

One rule (:func:`planner.model.days.days_covered`) decides which days an
occurrence covers; every way in (``list``, ``list --from``, ``agenda DAY``,
``agenda --trip``, the catalog's answers, the TUI's rows, go-to-date and
sticky line, the checks, exports) must agree with it. The trip below has a
late dinner 22:00-00:00 on Tue 19 Oct, karaoke 23:00-01:00 from Wed 20 into
Thu 21 Oct (both in Seoul), a factory tour known only to October, and a
courtesy call with no date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.agenda.gather import build_day_agenda, build_trip_agenda
from planner.model.days import days_covered
from planner.model.summary import TripSummary
from planner.model.timeline import by_day, occurrences, on_day
from planner.model.when import Exact, InMonth, OnDate, Unscheduled
from planner.storage import cache as cache_mod
from planner.storage import load_workspace
from planner.storage.catalog import open_catalog
from planner.views.rows import timeline_rows

SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")
TUE, WED, THU = date(2021, 10, 19), date(2021, 10, 20), date(2021, 10, 21)

TRIP = """\
[trip]
id = "night-2021"
title = "Night programme"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2021-10-18
end = 2021-10-22
members = ["kim"]

[[people]]
id = "kim"
name = "Kim"

[[events]]
id = "late-dinner"
title = "Late dinner"
start = 2021-10-19T22:00:00
end = 2021-10-20T00:00:00

[[events]]
id = "karaoke"
title = "Karaoke"
start = 2021-10-20T23:00:00
end = 2021-10-21T01:00:00

[[events]]
id = "tour"
title = "Factory tour"
month = "2021-10"

[[events]]
id = "call"
title = "Courtesy call"
unscheduled = true
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "night-2021.toml").write_text(TRIP, encoding="utf-8")
    return ws


@pytest.fixture
def trip(folder: Path):
    return load_workspace(folder).trip("night-2021")


def _occ(trip, event_id: str):
    return next(o for o in occurrences([trip]) if o.event.id == event_id)


def _headings(text: str) -> list[str]:
    pattern = r"^  ((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+ \d{4}|Not yet on a day)(?: · .*)?$"
    return re.findall(pattern, text, re.M)


def _under(text: str, heading: str) -> str:
    """The lines of ``list`` output under one day heading, up to the next heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if _headings(line + "\n") == [heading])
    out = []
    for line in lines[start + 1 :]:
        if _headings(line + "\n"):
            break
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- the rule


def test_the_rule_ends_are_exclusive_at_midnight_and_months_are_on_no_day():
    dinner = Exact(datetime(2021, 10, 19, 22, tzinfo=SEOUL), datetime(2021, 10, 20, 0, tzinfo=SEOUL))
    late = Exact(datetime(2021, 10, 20, 23, tzinfo=SEOUL), datetime(2021, 10, 21, 1, tzinfo=SEOUL))
    assert days_covered(dinner, SEOUL) == (TUE, TUE)
    assert days_covered(dinner) == (TUE, TUE)
    assert days_covered(late, SEOUL) == (WED, THU)
    # A start at midnight with no end, or no length, is on its day.
    midnight = datetime(2021, 10, 20, 0, tzinfo=SEOUL)
    assert days_covered(Exact(midnight), SEOUL) == (WED, WED)
    assert days_covered(Exact(midnight, midnight), SEOUL) == (WED, WED)
    # A whole day, midnight to midnight, is that day only.
    assert days_covered(Exact(datetime(2021, 10, 19, 0, tzinfo=SEOUL), midnight), SEOUL) == (TUE, TUE)
    assert days_covered(OnDate(TUE), CHICAGO) == (TUE, TUE)
    assert days_covered(InMonth(2021, 10), SEOUL) is None
    assert days_covered(Unscheduled(), SEOUL) is None


def test_cross_zone_the_days_are_those_the_half_open_interval_covers_in_the_view():
    dinner = Exact(datetime(2021, 10, 19, 22, tzinfo=SEOUL), datetime(2021, 10, 20, 0, tzinfo=SEOUL))
    # 22:00-00:00 KST is 08:00-10:00 CDT the same Tuesday.
    assert days_covered(dinner, CHICAGO) == (TUE, TUE)
    # An event ending at midnight in the *view's* zone: 13:00-14:00 KST Wed is 23:00-00:00 CDT Tue.
    lunch = Exact(datetime(2021, 10, 20, 13, tzinfo=SEOUL), datetime(2021, 10, 20, 14, tzinfo=SEOUL))
    assert days_covered(lunch, CHICAGO) == (TUE, TUE)
    assert days_covered(lunch, SEOUL) == (WED, WED)
    # 22:00-00:00 in Chicago is 12:00-14:00 the next day in Seoul.
    dallas = Exact(datetime(2021, 10, 19, 22, tzinfo=CHICAGO), datetime(2021, 10, 20, 0, tzinfo=CHICAGO))
    assert days_covered(dallas, CHICAGO) == (TUE, TUE)
    assert days_covered(dallas, SEOUL) == (WED, WED)


def test_occurrences_by_day_and_on_day_follow_the_rule(trip):
    dinner, karaoke, tour, call = (_occ(trip, i) for i in ("late-dinner", "karaoke", "tour", "call"))
    for view in ("event", "home", CHICAGO, ZoneInfo("UTC")):
        assert dinner.days(view) == (TUE, TUE), view
        assert not dinner.covers(WED, view)
        assert tour.days(view) is None and tour.day(view) is None and not tour.covers(date(2021, 10, 1), view)
        assert call.days(view) is None
    assert karaoke.days("event") == (WED, THU)
    assert karaoke.covers(WED) and karaoke.covers(THU)
    assert [o.event.id for o in on_day([trip], WED)] == ["karaoke"]
    assert [o.event.id for o in on_day([trip], THU)] == ["karaoke"]
    assert [o.event.id for o in on_day([trip], TUE)] == ["late-dinner"]
    assert on_day([trip], date(2021, 10, 1)) == []
    assert [o.event.id for o in occurrences([trip], start=WED)] == ["karaoke", "tour", "call"]
    groups = {d: [o.event.id for o in g] for d, g in by_day(occurrences([trip]))}
    assert groups == {TUE: ["late-dinner"], WED: ["karaoke"], None: ["tour", "call"]}
    # Read in Chicago, the Seoul karaoke (09:00-11:00 CDT Wed) is on Wednesday only.
    assert [o.event.id for o in on_day([trip], THU, CHICAGO)] == []


# ---------------------------------------------------------------- planner list


def test_list_puts_the_late_dinner_on_its_own_day_and_the_month_on_no_day(run_cli, folder: Path):
    out = run_cli("--dir", str(folder), "list")
    assert out.returncode == 0, out.stderr
    assert _headings(out.stdout) == ["Tue 19 Oct 2021", "Wed 20 Oct 2021", "Not yet on a day"]
    assert "Late dinner" in _under(out.stdout, "Tue 19 Oct 2021")
    assert "Karaoke" in _under(out.stdout, "Wed 20 Oct 2021")
    undated = _under(out.stdout, "Not yet on a day")
    assert "Factory tour" in undated and "Courtesy call" in undated
    assert "1 Oct 2021" not in out.stdout


def test_list_from_the_next_day_leaves_out_the_dinner_that_ended_at_midnight(run_cli, folder: Path):
    out = run_cli("--dir", str(folder), "list", "--from", "2021-10-20")
    assert out.returncode == 0, out.stderr
    assert "Late dinner" not in out.stdout
    assert "Karaoke" in out.stdout
    # Karaoke is still under way on Thursday.
    out = run_cli("--dir", str(folder), "list", "--from", "2021-10-21", "--to", "2021-10-21")
    assert "Karaoke" in out.stdout and "Late dinner" not in out.stdout
    # Read in Chicago (08:00-10:00 CDT Tue), the dinner is still Tuesday's.
    out = run_cli("--dir", str(folder), "list", "--from", "2021-10-20", "--tz", "America/Chicago")
    assert "Late dinner" not in out.stdout


def test_list_of_the_seeded_draft_puts_its_month_item_on_no_day(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "list", "--trip", "la-2023")
    assert out.returncode == 0, out.stderr
    assert "Sun 1 Oct 2023" not in out.stdout
    assert _headings(out.stdout) == ["Not yet on a day"]
    assert "sometime in October" in out.stdout


# ---------------------------------------------------------------- agendas


def test_day_agenda_of_the_next_day_has_no_dinner(trip, run_cli, folder: Path):
    assert [e.title for e in build_day_agenda([trip], WED).days[0].entries] == ["Karaoke"]
    assert [e.title for e in build_day_agenda([trip], THU).days[0].entries] == ["Karaoke"]
    assert [e.title for e in build_day_agenda([trip], TUE).days[0].entries] == ["Late dinner"]
    assert build_day_agenda([trip], date(2021, 10, 1)).days[0].empty
    for view in ("home", CHICAGO):
        assert "Late dinner" not in [e.title for e in build_day_agenda([trip], WED, view).days[0].entries]
    out = run_cli("--dir", str(folder), "agenda", "2021-10-20")
    assert out.returncode == 0, out.stderr
    assert "Karaoke" in out.stdout and "Late dinner" not in out.stdout
    out = run_cli("--dir", str(folder), "agenda", "2021-10-01")
    assert "Factory tour" not in out.stdout


def test_trip_agenda_shows_the_dinner_on_one_day_and_the_karaoke_on_two(trip, run_cli, folder: Path):
    agenda = build_trip_agenda(trip)
    days = {d.first: [e.title for e in d.entries] for d in agenda.days if not d.empty}
    assert days == {TUE: ["Late dinner"], WED: ["Karaoke"], THU: ["Karaoke"]}
    assert [e.title for s in agenda.undated for e in s.entries] == ["Factory tour", "Courtesy call"]
    # No day past the trip is added for the dinner, in any view.
    for view in ("event", "home", CHICAGO):
        assert max(d.last for d in build_trip_agenda(trip, view).days) == date(2021, 10, 22)
    out = run_cli("--dir", str(folder), "agenda", "--trip", "night-2021", "--format", "md")
    assert out.returncode == 0, out.stderr
    wednesday = out.stdout.split("Wed 20 Oct 2021")[1].split("Thu 21 Oct 2021")[0]
    assert "Late dinner" not in wednesday and "Karaoke" in wednesday
    assert "Fri 1 Oct" not in out.stdout


# ---------------------------------------------------------------- the catalog (cache index)


def _seen(occs: list) -> list[tuple]:
    from dataclasses import replace

    return [(o.key, o.event, o.when, o.recurrence_date, replace(o.trip, events=())) for o in occs]


def test_the_catalog_answers_as_the_files_do(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from planner import cli

    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)
    monkeypatch.setenv("COLUMNS", "100")
    trips = load_workspace(folder).trips
    catalog = open_catalog(folder)
    assert catalog is not None
    summary = TripSummary.of(trips[0], with_days=True)
    for view in ("event", "home", CHICAGO):
        for occ in occurrences(trips, view=view):
            covered = occ.days(view)
            if covered is not None:
                assert summary.may_fall_on(covered[0]) and summary.may_fall_on(covered[1])
    for day in (TUE, WED, THU, date(2021, 10, 1)):
        for view in ("event", "home", CHICAGO):
            # The catalog's trips hold only the events that can fall on the day (its day index).
            assert _seen(on_day(catalog.trips_on(day), day, view)) == _seen(on_day(trips, day, view))

    def outputs() -> list[str]:
        texts = []
        for args in (["agenda", "2021-10-20"], ["agenda", "2021-10-19"], ["agenda", "--trip", "night-2021"]):
            assert cli.main(["--dir", str(folder), *args]) == 0
            texts.append(capsys.readouterr().out)
        return texts

    monkeypatch.setenv(cache_mod.ENV_SWITCH, "off")
    from_files = outputs()
    monkeypatch.delenv(cache_mod.ENV_SWITCH)
    load_workspace(folder)
    import planner.storage.workspace as ws_mod

    def no_full_load(folder: Path):
        raise AssertionError("loaded in full")

    monkeypatch.setattr(ws_mod, "load_workspace", no_full_load)
    from_catalog = outputs()
    assert from_catalog == from_files
    assert "Late dinner" not in from_catalog[0] and "Karaoke" in from_catalog[0]
    assert "Late dinner" in from_catalog[1]


# ---------------------------------------------------------------- the TUI


def test_tui_rows_put_each_item_under_its_first_day_and_months_under_no_day(trip):
    for mode in ("event", "home"):
        rows = timeline_rows([trip], mode=mode)  # type: ignore[arg-type]
        days = [r.day for r in rows if r.kind == "day"]
        assert days == [TUE, WED, None], mode
        placed = {r.occurrence.event.id: r.day for r in rows if r.kind == "event" and r.occurrence}
        assert placed == {"late-dinner": TUE, "karaoke": WED, "tour": None, "call": None}


@pytest.mark.asyncio
async def test_tui_go_to_date_and_sticky_line_never_use_a_months_first_day(workspace: Path):
    from planner.tui import PlannerApp
    from planner.tui.screens import TimelineScreen
    from planner.tui.widgets.timeline import sticky_line

    app = PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        table = screen.table
        # The LA draft's only event is "sometime in October 2023": no day heading on 1 October.
        assert not any(r.kind == "day" and r.day == date(2023, 10, 1) for r in table.rows_shown)
        assert not table.go_to_date(date(2023, 10, 1))
        assert table.go_to_key("la-2023/wkbc-2023")
        row = table.current
        assert row is not None and row.day is None
        assert "not yet on a day" in str(sticky_line(row))


# ---------------------------------------------------------------- checks and exports


def test_checks_read_days_half_open(trip):
    from dataclasses import replace

    from planner.checks import run_checks
    from planner.model.trip import Event

    # A farewell dinner on the trip's last evening, ending at midnight, is inside the trip.
    last = date(2021, 10, 22)
    farewell = Event(
        "farewell",
        "Farewell dinner",
        Exact(datetime(2021, 10, 22, 22, tzinfo=SEOUL), datetime(2021, 10, 23, 0, tzinfo=SEOUL)),
        SEOUL,
    )
    assert days_covered(farewell.when) == (last, last)
    with_farewell = replace(trip, events=(*trip.events, farewell))
    assert run_checks([with_farewell], today=date(2021, 1, 1), only=["outside-trip"]) == []
    # Findings about a month item name no day (not the 1st of the month).
    for finding in run_checks([with_farewell], today=date(2021, 1, 1)):
        for ref in finding.events:
            if ref.event in ("tour", "call"):
                assert ref.day is None, finding


def test_exports_end_at_midnight_the_next_day_and_make_months_to_dos(trip):
    from planner.ical.writer import to_bytes, trip_calendar

    text = to_bytes(trip_calendar(trip)).decode()
    blocks = re.findall(r"BEGIN:(VEVENT|VTODO)\r\n(.*?)END:\1", text, re.S)
    kinds = {re.search(r"SUMMARY:(.*)\r\n", body).group(1): kind for kind, body in blocks}  # type: ignore[union-attr]
    assert kinds == {"Late dinner": "VEVENT", "Karaoke": "VEVENT", "Factory tour": "VTODO", "Courtesy call": "VTODO"}
    dinner = next(body for kind, body in blocks if "SUMMARY:Late dinner" in body)
    assert "DTSTART;TZID=Asia/Seoul:20211019T220000" in dinner
    assert "DTEND;TZID=Asia/Seoul:20211020T000000" in dinner
    for kind, body in blocks:
        if kind == "VEVENT":
            assert "20211001" not in body


def test_travel_check_reads_a_late_evening_onto_the_days_it_covers(trip):
    from dataclasses import replace

    from planner.checks import run_checks
    from planner.model.trip import Event, Place
    from planner.model.when import PartOfDay

    places = (Place("bar", "Bar", city="Seoul"), Place("port", "Port", city="Busan"))
    karaoke = replace(next(e for e in trip.events if e.id == "karaoke"), place="bar", people=("kim",))
    dinner = replace(next(e for e in trip.events if e.id == "late-dinner"), place="bar", people=("kim",))
    port = Event("port", "Port visit", PartOfDay(THU, "morning"), SEOUL, place="port", people=("kim",))
    harbour = Event("harbour", "Harbour tour", PartOfDay(WED, "morning"), SEOUL, place="port", people=("kim",))
    busy = replace(trip, places=places, events=(dinner, karaoke, port, harbour))
    found = run_checks([busy], today=date(2021, 1, 1), only=["travel"])
    pairs = {frozenset(r.event for r in f.events): f for f in found}
    # Karaoke runs into Thursday (until 01:00): Busan that morning is worth a reminder.
    assert "Thu 21 Oct" in pairs[frozenset({"karaoke", "port"})].message
    # The dinner ended at midnight: Wednesday morning in Busan is not its day.
    assert frozenset({"late-dinner", "harbour"}) not in pairs


def test_a_dinner_ending_at_midnight_on_the_last_day_fits_the_trip(tmp_path: Path):
    """Loading a trip file and the forms' check read the end half-open too: 22:00-00:00 on the 22nd is the 22nd."""
    from planner.model.days import outside_trip
    from planner.model.when import Span
    from planner.storage import parse_trip

    text = TRIP.replace(
        "start = 2021-10-19T22:00:00\nend = 2021-10-20T00:00:00",
        "start = 2021-10-22T22:00:00\nend = 2021-10-23T00:00:00",
    )
    trip = parse_trip(text, "night-2021.toml")  # refused as "outside the trip" before
    dinner = trip.event("late-dinner")
    assert dinner is not None
    assert outside_trip(dinner.when, trip.dates) is None
    late = Exact(datetime(2021, 10, 22, 23, 0, tzinfo=SEOUL), datetime(2021, 10, 23, 0, 30, tzinfo=SEOUL))
    assert outside_trip(late, Span(date(2021, 10, 18), date(2021, 10, 22))) is not None
    with pytest.raises(Exception, match="outside the trip"):
        parse_trip(text.replace("end = 2021-10-23T00:00:00", "end = 2021-10-23T00:30:00"), "night-2021.toml")
