"""The cache's day index (planner.storage.cache_days): a window reads only its events, and answers as a full load.

The workspace mixes what can go wrong: the seeded trips; a calendar of the
single-trip benchmark imported as a user would (flights landing a day later in
another zone, weekly series across both DST changes with skipped and moved
occurrences, daily series, spans of days, Korean titles); and a trip with an
open-ended weekly series, a skipped week, a week moved two days later and
into another zone, a month and an unscheduled item.
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SEEDS

from planner.cli import main
from planner.model.timeline import occurrences, on_day
from planner.storage import cache as cache_mod
from planner.storage import cache_days, load_workspace
from planner.storage.catalog import open_catalog

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ("event", "home", ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12"), ZoneInfo("America/Chicago"))

OPEN_SERIES = """\
[trip]
id = "calls-2021"
title = "Weekly calls with the Seoul office"
title_ko = "서울 사무소 주간 회의"
home_tz = "America/New_York"
local_tz = "America/New_York"
start = 2021-03-01
end = 2021-04-30

[[events]]
id = "weekly"
title = "Weekly call"
title_ko = "주간 회의"
start = 2021-03-01T21:00:00
end = 2021-03-01T22:30:00
repeat = "FREQ=WEEKLY"
except = [2021-03-15]

[[events.occurrences]]
of = 2021-03-22
start = 2021-03-24T08:00:00
end = 2021-03-24T09:00:00
tz = "Asia/Seoul"
title = "Weekly call, from Seoul"

[[events]]
id = "late-flight"
title = "Flight home"
start = 2021-03-10T23:30:00
end = 2021-03-10T22:00:00
tz = "Asia/Seoul"
end_tz = "America/New_York"

[[events]]
id = "expo"
title = "Expo"
date = 2021-03-12
end_date = 2021-03-16

[[events]]
id = "report"
title = "Report"
month = "2021-04"

[[events]]
id = "someday"
title = "Visit the plant"
unscheduled = true
"""


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)


@pytest.fixture
def folder(tmp_path: Path, cache_dir: Path, settled: None) -> Path:
    spec = importlib.util.spec_from_file_location("bench_bigtrip", ROOT / "bench" / "bigtrip.py")
    assert spec is not None and spec.loader is not None
    bigtrip = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bigtrip)
    ws = tmp_path / "trips"
    shutil.copytree(SEEDS, ws)
    (ws / "calls-2021.toml").write_text(OPEN_SERIES, encoding="utf-8")
    ics = bigtrip.write_calendar(tmp_path / "big.ics", events=500)
    assert main(["--dir", str(ws), "import", str(ics), "--trip", "big"]) == 0
    load_workspace(ws)  # writes the cache and its day indexes
    return ws


def _seen(occs: list) -> list[tuple]:
    return [(o.key, o.event, o.when, o.recurrence_date, replace(o.trip, events=())) for o in occs]


def test_windows_give_what_the_whole_trips_give(folder: Path):
    trips = load_workspace(folder).trips
    catalog = open_catalog(folder)
    assert catalog is not None
    start = date(2021, 2, 20)
    for offset in range(0, 75, 3):
        first = start + timedelta(days=offset)
        for length in (0, 1, 29):
            last = first + timedelta(days=length)
            window = catalog.trips_between(first, last)
            for view in VIEWS:
                assert _seen(occurrences(window, start=first, end=last, view=view)) == _seen(
                    occurrences(trips, start=first, end=last, view=view)
                ), (first, last, view)
    for offset in range(75):
        day = start + timedelta(days=offset)
        chosen = catalog.trips_on(day)
        for view in VIEWS:
            assert _seen(on_day(chosen, day, view)) == _seen(on_day(trips, day, view)), (day, view)


def test_open_series_moved_and_skipped_occurrences_are_on_their_days(folder: Path):
    catalog = open_catalog(folder)
    assert catalog is not None

    def keys(day: date, view="event") -> list[str]:
        return [o.key for o in on_day(catalog.trips_on(day), day, view) if o.trip.id == "calls-2021"]

    assert keys(date(2021, 3, 8)) == ["calls-2021/weekly@2021-03-08"]
    assert keys(date(2021, 3, 15)) == ["calls-2021/expo"]  # skipped that week, the expo goes on
    assert keys(date(2021, 3, 22)) == []  # moved away ...
    # ... to Seoul's morning of the 24th: the 23rd's evening in New York, the series' zone.
    assert keys(date(2021, 3, 23)) == ["calls-2021/weekly@2021-03-22"]
    assert keys(date(2021, 3, 24), ZoneInfo("Asia/Seoul")) == ["calls-2021/weekly@2021-03-22"]
    # Read in Seoul, the 21:00 New York calls are on the next day.
    assert keys(date(2021, 3, 9), ZoneInfo("Asia/Seoul")) == ["calls-2021/weekly@2021-03-08"]
    # Far past the trip, the open-ended series still comes (a year on, every Monday).
    assert keys(date(2022, 2, 28)) == ["calls-2021/weekly@2022-02-28"]
    # The flight leaves Seoul late on the 10th and lands in New York on the 10th, noon of the 11th in Seoul.
    assert keys(date(2021, 3, 10)) == ["calls-2021/late-flight"]
    assert keys(date(2021, 3, 11)) == ["calls-2021/late-flight"]
    assert keys(date(2021, 3, 11), ZoneInfo("America/New_York")) == []


def test_a_day_unpickles_only_its_events(folder: Path, monkeypatch: pytest.MonkeyPatch):
    whole = load_workspace(folder).trip("big")
    assert whole is not None

    def refuse(*args: object) -> None:
        raise AssertionError("the whole trip was unpickled")

    monkeypatch.setattr(cache_mod, "read_trip", refuse)
    catalog = open_catalog(folder)
    assert catalog is not None
    (big,) = [t for t in catalog.trips_on(date(2021, 6, 15)) if t.id == "big"]
    assert 0 < len(big.events) < len(whole.events) / 10
    assert big.people == whole.people and big.places == whole.places and big.dates == whole.dates
    assert list(big.events) == [ev for ev in whole.events if ev in set(big.events)]  # file order kept


def test_an_edited_file_gets_a_new_index_and_the_old_one_goes(folder: Path):
    cache = cache_mod.cache_dir(folder)
    before = {p.name for p in cache.glob("*.days")}
    assert len(before) == len(list(folder.glob("*.toml")))
    path = folder / "calls-2021.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[events]]\nid = "extra"\ntitle = "Extra"\ndate = 2021-03-09\n',
        encoding="utf-8",
    )
    assert open_catalog(folder) is None  # the file changed: a full load first
    load_workspace(folder)
    after = {p.name for p in cache.glob("*.days")}
    assert len(after) == len(before) and len(after - before) == 1
    catalog = open_catalog(folder)
    assert catalog is not None
    assert "calls-2021/extra" in [o.key for o in on_day(catalog.trips_on(date(2021, 3, 9)), date(2021, 3, 9))]


@pytest.mark.parametrize("where", ["header", "event", "truncated"])
def test_a_damaged_index_means_the_whole_trip(folder: Path, where: str):
    trips = load_workspace(folder).trips
    (index,) = [
        p for p in cache_mod.cache_dir(folder).glob("*.days") if b'"big"' in p.read_bytes()[:4000] or "big" in str(p)
    ] or [max(cache_mod.cache_dir(folder).glob("*.days"), key=lambda p: p.stat().st_size)]
    data = bytearray(index.read_bytes())
    if where == "header":
        data[len(cache_days.DAYS_MAGIC) + 20] ^= 0xFF
    elif where == "event":
        data[-10] ^= 0xFF
    else:
        data = data[: len(data) // 2]
    index.write_bytes(bytes(data))
    catalog = open_catalog(folder)
    assert catalog is not None
    for day in (date(2021, 3, 1), date(2021, 6, 15), date(2021, 12, 30)):
        for view in ("event", "home"):
            assert _seen(on_day(catalog.trips_on(day), day, view)) == _seen(on_day(trips, day, view))


def test_reading_an_index_checks_what_it_reads(folder: Path):
    dir_ = cache_mod.cache_dir(folder)
    sha = open_catalog(folder)._records[0][1]  # type: ignore[union-attr]
    identity = cache_mod.cache_identity(folder)
    assert cache_days.read_days(dir_, identity, sha) is not None
    assert cache_days.read_days(dir_, {**identity, "format": -1}, sha) is None
    assert cache_days.read_days(dir_, identity, "0" * 64) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--from", "2021-03-01", "--to", "2021-03-30"],
        ["list", "--from", "2021-03-01", "--to", "2021-03-30", "--tz", "Asia/Seoul", "--trip", "big"],
        ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--person", "kim-hyun-kyum"],
        ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--for", "organisers", "--tz", "home"],
        ["agenda", "2021-03-08"],
        ["agenda", "2021-03-24", "--tz", "home"],
        ["agenda", "2021-10-19", "--person", "kim-hyun-kyum"],
    ],
    ids=" ".join,
)
def test_commands_print_the_same_from_the_index_and_without_a_cache(
    folder: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("COLUMNS", "100")
    assert open_catalog(folder) is not None
    assert main(["--dir", str(folder), *argv]) == 0
    indexed = capsys.readouterr().out
    monkeypatch.setenv(cache_mod.ENV_SWITCH, "off")
    assert main(["--dir", str(folder), *argv]) == 0
    assert capsys.readouterr().out == indexed
    assert len(indexed.splitlines()) > 3
