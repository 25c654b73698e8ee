"""Work that grows with the input, not with its square (issue 11): import, checks, listing, export.

Not timed in CI: each test is bounded (``bounded``) with a generous limit, and
the doubling tests compare one size with twice that size measured in the same
run, alternating the two (best of five), in CPU time of this process with the
garbage collector paused as ``timeit`` does, so another process on a busy
machine (the other xdist worker) moves neither. Sizes are large
enough that fixed costs do not hide a quadratic step: before the fix, doubling
took about 4x (import, checks) or never finished in the bound.
"""

from __future__ import annotations

import contextlib
import gc
import io
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path

import pytest
from conftest import bounded

from planner.checks import run_checks
from planner.ical import writer
from planner.ical.reader import merge, parse
from planner.model.repeats import series_of
from planner.model.trip import Trip
from planner.model.validate import build_trip

DOUBLING = 2.5
"""Doubling the input may multiply the time by at most this (2 for linear work, plus noise)."""


def _cpu(f: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        f()
        return time.process_time() - start
    finally:
        gc.enable()


def _best(f: Callable[[], object], runs: int = 5) -> float:
    return min(_cpu(f) for _ in range(runs))


def _doubles_linearly(make: Callable[[int], Callable[[], object]], n: int, runs: int = 5) -> tuple[float, float]:
    small, large = make(n), make(2 * n)
    small()  # warm imports and caches
    smalls, larges = [], []
    for _ in range(runs):  # alternating, so a slow spell of the machine touches both sizes
        smalls.append(_cpu(small))
        larges.append(_cpu(large))
    return min(smalls), min(larges)


def distinct_places_ics(n: int) -> bytes:
    """``n`` events, all titled alike, each at its own LOCATION (also alike up to the comma)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//complexity//EN", "X-WR-TIMEZONE:Asia/Seoul"]
    first = date(2024, 1, 1)
    for i in range(n):
        day = first + timedelta(days=i // 20)
        hour = 8 + i % 10
        lines += [
            "BEGIN:VEVENT",
            f"UID:ev-{i}@example.com",
            "DTSTAMP:20240101T000000Z",
            f"DTSTART;TZID=Asia/Seoul:{day:%Y%m%d}T{hour:02d}0000",
            f"DTEND;TZID=Asia/Seoul:{day:%Y%m%d}T{hour:02d}3000",
            "SUMMARY:Meeting",
            f"LOCATION:Office\\, room {i}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def busy_trip(n: int) -> Trip:
    """A trip of ``n`` events at a steady density: 10 a day, 5 members, a counterpart per 20 events.

    Every event has people, counterparts, an organisation and a place with a
    city (so every check has work), titles that repeat (look-alike candidates),
    and a few overlaps and daily repeats.
    """
    days = max(1, n // 10)
    first = date(2024, 1, 1)
    cities = ["Seoul", "Busan", "Gwangju", "Daejeon"]
    members = [f"m{i}" for i in range(5)]
    pool = max(2, n // 20)
    people = [{"id": m, "name": f"Member {m}"} for m in members]
    people += [{"id": f"c{i}", "name": f"Counterpart {i}"} for i in range(pool)]
    orgs = [{"id": f"o{i}", "name": f"Org {i}"} for i in range(pool)]
    places = [{"id": f"p{i}", "name": f"Hall {i}", "city": cities[i % 4]} for i in range(pool)]
    events = []
    for i in range(n):
        day = first + timedelta(days=i * days // n)
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=8 + i % 10)
        ev = {
            "id": f"e{i}",
            "title": ["MOU signing", "Company visit", "Lunch", "Briefing"][i % 4] + f" {i}",
            "kind": ["mou", "visit", "dinner", "meeting"][i % 4],
            "start": start,
            "end": start + timedelta(minutes=50 if i % 7 else 90),
            "people": [members[i % 5], members[(i + 1) % 5]],
            "counterparts": [f"c{(i // 3) % pool}"],
            "orgs": [f"o{(i // 5) % pool}"],
            "place": f"p{(i // 2) % pool}",
        }
        if i % 50 == 0:
            ev["repeat"] = "FREQ=DAILY;COUNT=3"
        events.append(ev)
    return build_trip(
        {
            "trip": {
                "id": "busy",
                "title": "Busy",
                "home_tz": "America/Chicago",
                "local_tz": "Asia/Seoul",
                "start": first,
                "end": first + timedelta(days=days + 3),
                "members": members,
            },
            "people": people,
            "organisations": orgs,
            "places": places,
            "events": events,
        }
    )


def _trip_file(folder: Path, trip: Trip) -> None:
    from planner.storage import fresh
    from planner.storage.todict import SECTIONS, section_items, trip_header

    folder.mkdir(parents=True, exist_ok=True)
    text = fresh.document(trip_header(trip), [(name, section_items(trip, name)) for name in SECTIONS])
    (folder / f"{trip.id}.toml").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- the "done when"


def test_import_and_check_20000_events_with_distinct_places_in_seconds():
    """20,000 events, each at its own place: merged and checked in seconds (was minutes: quadratic)."""
    data = distinct_places_ics(19_999)  # the reader takes at most 20,000 components, the calendar one of them
    with bounded(60):
        outcome = merge(parse(data, "big.ics"), "big.ics", "big", None)
        findings = run_checks([outcome.trip], today=date(2024, 1, 1))
    assert len(outcome.added) == 19_999
    assert len(outcome.trip.places) == 19_999
    assert {e.id for e in outcome.added} >= {"meeting", "meeting-2", "meeting-19999"}
    assert {p.id for p in outcome.trip.places} >= {"office", "office-2", "office-19999"}
    assert all(f.check == "no-place" or f.severity != "error" for f in findings)


# ---------------------------------------------------------------- doubling


def test_import_time_doubles_at_most_with_the_input():
    def make(n: int) -> Callable[[], object]:
        data = distinct_places_ics(n)
        return lambda: merge(parse(data, "x.ics"), "x.ics", "x", None)

    with bounded(120):
        small, large = _doubles_linearly(make, 2000)
    assert large / small < DOUBLING, (small, large)


def test_check_time_doubles_at_most_with_the_input():
    def make(n: int) -> Callable[[], object]:
        trip = busy_trip(n)
        return lambda: run_checks([trip], today=date(2024, 1, 1))

    with bounded(120):
        small, large = _doubles_linearly(make, 1500)
    assert large / small < DOUBLING, (small, large)


def test_list_time_doubles_at_most_with_the_input(tmp_path: Path):
    from planner.cli import main as planner

    def make(n: int) -> Callable[[], object]:
        folder = tmp_path / f"ws{n}"
        _trip_file(folder, busy_trip(n))

        def run() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert planner(["--dir", str(folder), "list"]) == 0

        return run

    with bounded(120):
        small, large = _doubles_linearly(make, 1500)
    assert large / small < DOUBLING, (small, large)


def test_export_time_doubles_at_most_with_the_input():
    def make(n: int) -> Callable[[], object]:
        trip = busy_trip(n)
        return lambda: writer.trip_calendar_bytes(trip)

    with bounded(120):
        small, large = _doubles_linearly(make, 1500)
    assert large / small < DOUBLING, (small, large)


# ---------------------------------------------------------------- bounded expansion


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",  # no month has six Mondays
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28;BYSETPOS=-2",
        "FREQ=DAILY;BYSETPOS=2",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU;BYSETPOS=11,-11",
    ],
)
def test_a_bysetpos_no_period_meets_is_never_and_found_so_at_once(rule: str):
    """dateutil searched to the year 9999 for each (seconds per expansion, on every command)."""
    with bounded(2):
        for _ in range(10):
            assert list(series_of(rule, datetime(2024, 1, 1, 9), date(2025, 6, 1))) == []


@pytest.mark.parametrize(
    ("rule", "first"),
    [
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", datetime(2024, 1, 29, 9)),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", datetime(2024, 1, 31, 9)),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYSETPOS=1", datetime(2024, 2, 29, 9)),
        ("FREQ=YEARLY;BYDAY=MO;BYSETPOS=53", datetime(2024, 12, 30, 9)),
    ],
)
def test_a_bysetpos_some_period_meets_still_repeats(rule: str, first: datetime):
    assert next(islice(series_of(rule, datetime(2024, 1, 1, 9), date(2030, 1, 1)), 1)) == first
