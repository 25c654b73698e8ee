"""The cache index: read-only commands take the workspace from it, and only when every file is unchanged."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import generated_workspace, spy_parses

from planner import cli
from planner.model.summary import SLACK_DAYS, TripSummary
from planner.model.timeline import occurrences, on_day
from planner.model.trip import Event, Recurrence, Trip
from planner.model.when import Exact, InMonth, OnDate, Span, Unscheduled
from planner.storage import cache as cache_mod
from planner.storage import load_workspace
from planner.storage.catalog import open_catalog
from planner.storage.workspace import load_file

ROOT = Path(__file__).resolve().parent.parent
SEOUL = ZoneInfo("Asia/Seoul")
VIEWS = ("event", "home", ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12"))
"""The event's zone, the home zone, and the two zones furthest apart (UTC+14 and UTC-12)."""


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once, so a load right after copying them writes signatures.

    (Otherwise a file changed in the last RACY_SECONDS gets none, and the catalog is not used.)
    """
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)


def _seen(occs: list) -> list[tuple]:
    """What a view shows of occurrences: the catalog's trips hold only the day's events, so not the whole trip."""
    return [(o.key, o.event, o.when, o.recurrence_date, replace(o.trip, events=())) for o in occs]


def _summary_fields(s: TripSummary) -> tuple:
    return s.to_record()[:-1]  # all but the days, which only the cache works out


# ---------------------------------------------------------------- the catalog answers as a full load


def test_catalog_matches_a_full_load(workspace: Path, cache_dir: Path, settled: None):
    ws = load_workspace(workspace)
    catalog = open_catalog(workspace)
    assert catalog is not None
    assert [_summary_fields(s) for s in catalog.summaries] == [_summary_fields(s) for s in ws.summaries]
    assert catalog.trips == ws.trips
    assert catalog.trip("korea-2021") == ws.trip("korea-2021")
    assert catalog.trip("no-such-trip") is None
    # Zones come back as the very objects a parse gives.
    assert catalog.trip("korea-2021").home_tz is ws.trip("korea-2021").home_tz


SERIES_TRIP = """\
[trip]
id = "series-2019"
title = "Fixture: a monthly roundtable"
status = "completed"
home_tz = "America/Chicago"
start = 2019-11-21
end = 2019-11-21

[[events]]
id = "roundtable"
title = "Roundtable"
kind = "roundtable"
start = 2019-11-21T07:30:00
end = 2019-11-21T09:00:00
repeat = "FREQ=MONTHLY;BYDAY=+3TH;COUNT=12"
"""
"""An invented trip with a monthly series (no seed has a repeat rule)."""


def test_catalog_reads_no_trip_file_and_unpickles_only_the_days_trips(
    workspace: Path, cache_dir: Path, settled: None, monkeypatch: pytest.MonkeyPatch
):
    (workspace / "series-2019.toml").write_text(SERIES_TRIP, encoding="utf-8")
    ws = load_workspace(workspace)
    describing = [t.id for t in ws.trips if t.person("kim-hyun-kyum") is not None]
    assert describing == ["korea-2021", "richardson-2019"]
    import planner.storage.files as files_mod

    def refuse(path: Path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(files_mod, "read_stat", refuse)
    unpickled: list[str] = []
    real = cache_mod.read_trip

    def spy(dir_: Path, identity: dict, sha: str):
        trip = real(dir_, identity, sha)
        unpickled.append(trip.id)
        return trip

    monkeypatch.setattr(cache_mod, "read_trip", spy)
    import planner.storage.catalog as catalog_mod

    real_days = catalog_mod.read_days

    def spy_days(dir_: Path, identity: dict, sha: str):
        index = real_days(dir_, identity, sha)
        unpickled.append(index.shell.id)  # a day index: the trip without its events, then the day's events
        return index

    monkeypatch.setattr(catalog_mod, "read_days", spy_days)
    catalog = open_catalog(workspace)
    assert catalog is not None
    assert sorted(s.id for s in catalog.summaries) == sorted(p.stem for p in workspace.glob("*.toml"))
    assert unpickled == []
    assert [t.id for t in catalog.trips_on(date(2021, 10, 19))] == ["korea-2021"]
    assert unpickled == ["korea-2021"]
    # A day of the monthly series (its fifth, the third Thursday of March 2020), far from its trip's own days.
    assert [t.id for t in catalog.trips_on(date(2020, 3, 19))] == ["series-2019"]
    # Nothing falls on this day; the LA draft (October 2023, no days) never falls on a day.
    assert catalog.trips_on(date(2023, 10, 10)) == []
    # Asking for a person also brings the trips describing them (for the agenda's "personal agenda of").
    assert [t.id for t in catalog.trips_on(date(2023, 10, 10), "kim-hyun-kyum")] == describing


@pytest.mark.parametrize("folder_kind", ["seeds", "generated"])
def test_trips_on_a_day_are_all_that_have_something_on_it(
    tmp_path: Path, workspace: Path, cache_dir: Path, settled: None, folder_kind: str
):
    folder = workspace if folder_kind == "seeds" else generated_workspace(tmp_path / "generated", 12, 40)
    ws = load_workspace(folder)
    catalog = open_catalog(folder)
    assert catalog is not None
    trips = ws.trips
    first = min(t.first_day for t in trips) - timedelta(days=5)
    last = max(t.last_day for t in trips) + timedelta(days=5)
    if folder_kind == "seeds":
        last = date(2020, 1, 1)  # the seeds span years: their busiest stretch is enough
    day = first
    while day <= last:
        chosen = catalog.trips_on(day)
        for view in VIEWS:
            assert _seen(on_day(chosen, day, view)) == _seen(on_day(trips, day, view)), (day, view)
        day += timedelta(days=1)


def test_a_trips_days_hold_every_occurrence_in_every_zone(tmp_path: Path, workspace: Path):
    for folder in (workspace, generated_workspace(tmp_path / "generated", 12, 40)):
        for lt in load_workspace(folder).files.values():
            summary = TripSummary.of(lt.trip, with_days=True)
            for view in VIEWS:
                for occ in occurrences([lt.trip], view=view):
                    first = occ.day(view)
                    if first is None or occ.when.precision == "month":
                        continue
                    for d in (first, occ.last_day(view) or first):
                        assert summary.may_fall_on(d), (lt.trip.id, occ.key, view, d)


def test_an_open_ended_series_is_bounded_like_its_expansion():
    from planner.model.timeline import MAX_OCCURRENCES

    start = datetime(2021, 10, 19, 23, 30, tzinfo=SEOUL)
    daily = Event(
        "standup",
        "Stand-up",
        Exact(start, start + timedelta(minutes=15)),
        SEOUL,
        repeat=Recurrence("FREQ=DAILY", (date(2021, 10, 20),)),
    )
    once = Event("dinner", "Dinner", OnDate(date(2021, 10, 25)), SEOUL)
    trip = Trip("t", "T", SEOUL, Span(date(2021, 10, 18), date(2021, 10, 27)), events=(daily, once))
    summary = TripSummary.of(trip, with_days=True)
    last = start.date() + timedelta(days=MAX_OCCURRENCES - 1)
    assert on_day([trip], last, "event")
    assert summary.may_fall_on(last) and summary.may_fall_on(start.date())
    beyond = last + timedelta(days=SLACK_DAYS + 1)
    assert not on_day([trip], beyond, "event") and not summary.may_fall_on(beyond)
    # Nothing on a day (a month, an unscheduled item): never looked at for a day.
    undated = (Event("m", "Sometime", InMonth(2021, 1), SEOUL), Event("u", "Whenever", Unscheduled(), SEOUL))
    draft = Trip("d", "Draft", SEOUL, InMonth(2021, 1), events=undated)
    assert not any(TripSummary.of(draft, with_days=True).may_fall_on(date(2021, 1, d)) for d in range(1, 32))


# ---------------------------------------------------------------- never trusted when stale


def _fresh_catalog(folder: Path):
    load_workspace(folder)
    catalog = open_catalog(folder)
    assert catalog is not None
    return catalog


def test_an_edited_file_makes_the_index_stale(
    workspace: Path, cache_dir: Path, settled: None, monkeypatch: pytest.MonkeyPatch
):
    _fresh_catalog(workspace)
    path = workspace / "dc-2023.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('title = "Global SME Night', 'title = "Edited', 1), encoding="utf-8"
    )
    assert open_catalog(workspace) is None
    parsed = spy_parses(monkeypatch)
    ws = load_workspace(workspace)  # what the command does next
    assert parsed == ["dc-2023.toml"]
    catalog = open_catalog(workspace)
    assert catalog is not None
    assert catalog.trip("dc-2023") == ws.trip("dc-2023") and ws.trip("dc-2023").title.startswith("Edited")


def test_a_same_size_edit_with_the_old_modification_time_is_seen(workspace: Path, cache_dir: Path, settled: None):
    """The change time moves with any write, and os.utime cannot put it back."""
    _fresh_catalog(workspace)
    path = workspace / "dc-2023.toml"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace('status = "completed"', 'status = "cancelled"', 1)
    assert len(edited) == len(text) and edited != text
    for _ in range(300):  # until the change time moves: past the file system clock's tick
        path.write_text(edited, encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        if path.stat().st_ctime_ns != st.st_ctime_ns:
            break
        time.sleep(0.01)
    assert path.stat().st_mtime_ns == st.st_mtime_ns and path.stat().st_size == st.st_size
    assert open_catalog(workspace) is None
    load_workspace(workspace)
    assert open_catalog(workspace).trip("dc-2023").status == "cancelled"


def test_a_touched_file_is_looked_at_again_but_not_parsed(
    workspace: Path, cache_dir: Path, settled: None, monkeypatch: pytest.MonkeyPatch
):
    _fresh_catalog(workspace)
    path = workspace / "korea-2021.toml"
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert open_catalog(workspace) is None
    parsed = spy_parses(monkeypatch)
    load_workspace(workspace)
    assert parsed == []  # same bytes: the cached trip, with the new signature written down
    assert open_catalog(workspace) is not None


@pytest.mark.parametrize("change", ["added", "removed", "renamed", "replaced"])
def test_added_removed_renamed_or_replaced_files_make_the_index_stale(
    workspace: Path, cache_dir: Path, settled: None, change: str
):
    _fresh_catalog(workspace)
    if change == "added":
        text = (workspace / "dc-2023.toml").read_text(encoding="utf-8")
        (workspace / "zz-copy.toml").write_text(text.replace('id = "dc-2023"', 'id = "zz-copy"', 1), encoding="utf-8")
    elif change == "removed":
        (workspace / "la-2023.toml").unlink()
    elif change == "renamed":
        (workspace / "la-2023.toml").rename(workspace / "la-2023b.toml")
    else:  # a new file put in place, as an atomic save does (same bytes, new inode)
        path = workspace / "la-2023.toml"
        shutil.copy2(path, workspace / "tmp")
        os.replace(workspace / "tmp", path)
    assert open_catalog(workspace) is None
    ws = load_workspace(workspace)
    catalog = open_catalog(workspace)
    assert catalog is not None
    assert catalog.trips == ws.trips


def test_a_file_changed_just_before_the_load_gets_no_signature(workspace: Path, cache_dir: Path):
    # The copies were just made: a second edit within the file system clock's tick could
    # leave every field of the signature equal, so the index is not trusted yet.
    load_workspace(workspace)
    assert open_catalog(workspace) is None
    st = (workspace / "dc-2023.toml").stat()
    second = 1_000_000_000
    assert cache_mod.signature(st, st.st_ctime_ns + second) is None
    settled_at = max(st.st_ctime_ns, st.st_mtime_ns) + (cache_mod.RACY_SECONDS + 1) * second
    assert cache_mod.signature(st, settled_at) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def test_an_index_written_with_problems_is_not_used(
    workspace: Path, cache_dir: Path, settled: None, capsys: pytest.CaptureFixture[str]
):
    _fresh_catalog(workspace)
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('home_tz = "America/New_York"', 'home_tz = "Mars/Olympus_Mons"', 1), encoding="utf-8")
    assert "Mars/Olympus_Mons" in path.read_text(encoding="utf-8")
    for _ in range(2):  # the failed load wrote an index for the good files, marked incomplete
        assert cli.main(["--dir", str(workspace), "trips"]) == 2
        assert "dc-2023.toml:" in capsys.readouterr().err
        assert open_catalog(workspace) is None
    path.write_text(text, encoding="utf-8")
    assert cli.main(["--dir", str(workspace), "trips"]) == 0
    assert open_catalog(workspace) is not None


def test_duplicate_trip_ids_are_reported_every_time(
    workspace: Path, cache_dir: Path, settled: None, capsys: pytest.CaptureFixture[str]
):
    shutil.copy(workspace / "dc-2023.toml", workspace / "dc-2023-copy.toml")
    for _ in range(2):
        assert cli.main(["--dir", str(workspace), "trips"]) == 2
        assert "already used by" in capsys.readouterr().err
    assert open_catalog(workspace) is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "another file's trip"])
def test_a_damaged_trip_entry_is_parsed_again_and_repaired(
    workspace: Path, cache_dir: Path, settled: None, monkeypatch: pytest.MonkeyPatch, damage: str
):
    _fresh_catalog(workspace)
    import hashlib

    def blob(name: str) -> Path:
        return cache_mod.trip_file(workspace, hashlib.sha256((workspace / name).read_bytes()).hexdigest())

    path = blob("korea-2021.toml")
    good = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(good)))
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "missing":
        path.unlink()
    else:
        path.write_bytes(blob("richardson-2019.toml").read_bytes())
    fresh = load_file(workspace / "korea-2021.toml").trip
    parsed = spy_parses(monkeypatch)
    catalog = open_catalog(workspace)
    assert catalog is not None  # the index is fine: the damage shows when the trip is read
    assert catalog.trip("korea-2021") == fresh
    assert parsed == ["korea-2021.toml"]
    assert path.read_bytes() == good  # repaired
    parsed.clear()
    assert open_catalog(workspace).trip("korea-2021") == catalog.trip("korea-2021")
    load_workspace(workspace)
    assert parsed == []


@pytest.mark.parametrize(
    "damage", ["garbage", "empty", "truncated", "bit flip", "plain pickle", "another version", "malformed summary"]
)
def test_a_damaged_or_foreign_index_is_not_used(workspace: Path, cache_dir: Path, settled: None, damage: str):
    _fresh_catalog(workspace)
    path = cache_mod.cache_file(workspace)
    blob = path.read_bytes()
    head = len(cache_mod.MAGIC) + 4
    identity, complete, records = pickle.loads(blob[head:])
    if damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "bit flip":
        flipped = bytearray(blob)
        flipped[head + 50] ^= 0x01
        path.write_bytes(bytes(flipped))
    elif damage == "plain pickle":
        path.write_bytes(pickle.dumps({"not": "an index"}))
    elif damage == "another version":
        path.write_bytes(
            cache_mod.seal(cache_mod.MAGIC, pickle.dumps(({**identity, "planner": "0.0.1"}, complete, records)))
        )
    else:
        broken = tuple((n, s, sig, summary[:5]) for n, s, sig, summary in records)
        path.write_bytes(cache_mod.seal(cache_mod.MAGIC, pickle.dumps((identity, complete, broken))))
    assert open_catalog(workspace) is None
    load_workspace(workspace)
    assert open_catalog(workspace) is not None


def test_no_catalog_when_the_cache_is_off_or_the_folder_is_gone(
    workspace: Path, cache_dir: Path, settled: None, monkeypatch: pytest.MonkeyPatch
):
    _fresh_catalog(workspace)
    monkeypatch.setenv(cache_mod.ENV_SWITCH, "off")
    assert open_catalog(workspace) is None
    monkeypatch.delenv(cache_mod.ENV_SWITCH)
    empty = workspace.parent / "empty"
    empty.mkdir()
    load_workspace(empty)
    assert open_catalog(empty) is not None  # an empty workspace is a workspace
    empty.rmdir()
    assert open_catalog(empty) is None  # a missing one is an error, which the full load reports


# ---------------------------------------------------------------- commands print the same either way


def _outputs(folder: Path, commands: list[list[str]], capsys: pytest.CaptureFixture[str]) -> list[tuple]:
    out = []
    for args in commands:
        code = cli.main(["--dir", str(folder), *args])
        captured = capsys.readouterr()
        out.append((args, code, captured.out, captured.err))
    return out


@pytest.mark.parametrize("folder_kind", ["seeds", "generated"])
def test_commands_print_the_same_from_the_catalog_as_from_the_files(
    tmp_path: Path,
    workspace: Path,
    cache_dir: Path,
    settled: None,
    folder_kind: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.setenv("COLUMNS", "100")
    if folder_kind == "seeds":
        folder = workspace
        commands = [
            ["trips"],
            ["list"],
            ["list", "--tz", "home"],
            ["list", "--person", "kim-hyun-kyum"],
            ["agenda", "2021-10-19"],
            ["agenda", "2021-10-20", "--tz", "America/Chicago"],
            ["agenda", "2021-10-18", "--tz", "home"],
            ["agenda", "2019-11-21"],
            ["agenda", "2020-03-19"],
            ["agenda", "2022-11-07", "--person", "kim-hyun-kyum"],
            ["agenda", "2021-10-19", "--format", "md"],
            ["agenda", "2021-10-19", "--format", "html"],
            ["agenda", "--trip", "korea-2021"],
            ["agenda", "2030-01-01"],
            ["agenda", "2021-10-19", "--trip", "korea-2012"],
            ["agenda", "2021-10-19", "--person", "nobody"],
            ["list", "--org", "nobody"],
        ]
    else:
        folder = generated_workspace(tmp_path / "generated", 12, 40)
        commands = [["trips"], ["list", "--trip", "trip-003"]]
        commands += [["agenda", (date(2020, 1, 5) + timedelta(days=d)).isoformat()] for d in range(0, 140, 3)]
        commands += [
            ["agenda", "2020-01-17", "--tz", "Asia/Seoul"],
            ["agenda", "2020-01-16", "--tz", "home"],
            ["agenda", "2020-01-16", "--person", "member-1-2"],
        ]
    monkeypatch.setenv(cache_mod.ENV_SWITCH, "off")
    from_files = _outputs(folder, commands, capsys)
    monkeypatch.delenv(cache_mod.ENV_SWITCH)
    load_workspace(folder)
    import planner.storage.workspace as ws_mod

    def no_full_load(folder: Path):
        raise AssertionError("loaded in full")

    monkeypatch.setattr(ws_mod, "load_workspace", no_full_load)
    from_catalog = _outputs(folder, commands, capsys)
    assert from_catalog == from_files
    assert all(code in (0, 2) for _, code, _, _ in from_files)


def test_trips_from_the_catalog_loads_no_reader_parser_or_series(tmp_path: Path, cache_dir: Path):
    """``planner trips`` with a fresh index imports neither the TOML reader nor dateutil (start-up time)."""
    import subprocess
    import sys

    folder = tmp_path / "ws"
    shutil.copytree(ROOT / "seeds", folder)
    env = {**os.environ, cache_mod.ENV_DIR: str(cache_dir)}
    index = (
        "import sys; from pathlib import Path; import planner.storage.cache as c; c.RACY_SECONDS = 0; "
        "from planner.storage import load_workspace; load_workspace(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", index, str(folder)], check=True, env=env)
    code = (
        "import sys; from planner.cli import main; code = main(['--dir', sys.argv[1], 'trips']); "
        "heavy = [m for m in ('planner.storage.reader', 'planner.storage.writer', 'tomllib', 'dateutil', "
        "'dateutil.rrule', 'planner.model.trip', 'zoneinfo', 'hashlib', 'textual') if m in sys.modules]; "
        "print(heavy); sys.exit(code or (1 if heavy else 0))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder)], check=False, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "korea-2021" in out.stdout


# ---------------------------------------------------------------- tidying the cache folder


def test_old_caches_are_removed_and_nothing_else(workspace: Path, cache_dir: Path, settled: None, tmp_path: Path):
    load_workspace(workspace)
    old = time.time() - (cache_mod.MAX_AGE_DAYS + 1) * 86400
    other_ws = tmp_path / "other"
    shutil.copytree(workspace, other_ws)
    load_workspace(other_ws)
    stale_dir = cache_mod.cache_dir(other_ws)
    os.utime(stale_dir / cache_mod.INDEX, (old, old))
    foreign = cache_dir / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    os.utime(foreign, (old, old))
    hexdir = cache_dir / ("ab" * 16)  # looks like ours, holds something else
    hexdir.mkdir()
    (hexdir / "photo.jpg").write_bytes(b"...")
    os.utime(hexdir, (old, old))
    legacy = cache_dir / (
        __import__("hashlib").sha256(os.fsencode(os.path.abspath(workspace))).hexdigest()[:32] + ".cache"
    )
    legacy.write_bytes(b"format 1")
    # Any save of any workspace tidies.
    (workspace / "la-2023.toml").write_text(
        (workspace / "la-2023.toml").read_text(encoding="utf-8") + "\n# x\n", encoding="utf-8"
    )
    load_workspace(workspace)
    assert not stale_dir.exists()
    assert (foreign / "keep.txt").read_text() == "mine" and (hexdir / "photo.jpg").exists()
    assert not legacy.exists()
    assert open_catalog(workspace) is not None


def test_trip_files_no_entry_names_are_removed(workspace: Path, cache_dir: Path, settled: None):
    load_workspace(workspace)
    folder = cache_mod.cache_dir(workspace)
    before = {p.name for p in folder.glob("*.trip")}
    assert len(before) == 5
    path = workspace / "la-2023.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_workspace(workspace)
    after = {p.name for p in folder.glob("*.trip")}
    assert len(after) == 5 and len(after - before) == 1
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert all(p.stat().st_mode & 0o077 == 0 for p in folder.iterdir())  # private, as trips may be
