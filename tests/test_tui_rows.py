"""The timeline's rows (planner.views.rows) against a plain reference built from the model.

The row builder remembers work per trip, shares rows between the zone views
and the filters, and narrows a filter from the previous result; whatever it
remembers, the rows must be exactly what the simple rule gives: every trip in
date order, its occurrences that the filter keeps grouped by day, overlaps
found among all events.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import generated_workspace

from planner.model.timeline import by_day, occurrences
from planner.storage import load_workspace
from planner.views.filtering import Filter, keeps
from planner.views.overlaps import overlaps
from planner.views.rows import Row, RowBuilder, RowList, key_trip, timeline_rows


def reference(trips, flt: Filter | None = None, mode: str = "event") -> list[tuple]:
    """The rows as the rule says, with nothing remembered: (kind, key, day, overlaps)."""
    flt = flt or Filter()
    view = "home" if mode == "home" else "event"
    trips = sorted(trips, key=lambda t: (t.first_day, t.id))
    clashes = overlaps(o for t in trips for o in occurrences([t], view="event"))
    out: list[tuple] = []
    for trip in trips:
        if flt.trip is not None and trip.id != flt.trip:
            continue
        occs = [o for o in occurrences([trip], view=view) if keeps(o, flt) and flt.matches_text(o)]
        if not occs:
            continue
        out.append(("trip", f"trip:{trip.id}", None, ()))
        for day, group in by_day(occs, view):
            out.append(("day", f"day:{trip.id}:{day or 'unscheduled'}", day, ()))
            out += [("event", o.key, day, tuple(clashes.get(o.key, ()))) for o in group]
    return out


def shape(rows) -> list[tuple]:
    return [(r.kind, r.key, r.day, r.overlaps) for r in rows]


@pytest.fixture
def trips(tmp_path: Path, workspace: Path):
    """The seeded trips (with clashes between trips) and generated ones, in one workspace."""
    generated_workspace(workspace, 8, 40)
    return load_workspace(workspace).trips


QUERIES = [
    "r",
    "ro",
    "rob",
    "robo",
    "robot",
    "rob",
    "r",
    "",
    "m",
    "me",
    "mee",
    "meet",
    "x",
    "",
    "kind:mou",
    "kind:mou 로봇",
    "kind:mou",
    "kind:meeting member",
    "person:kim-hyun-kyum",
    "person:kim-hyun-kyum 서울",
    "trip:korea-2021",
    "trip:korea-2021 mou",
    "테크노파크",
    "테크노",
    "",
    "org:kabcc",
    "org:kabcc hotel",
    "delegation 3",
    "delegation",
    "3 delegation",
]


@pytest.mark.parametrize("mode", ["event", "home", "both"])
def test_rows_match_the_rule_for_every_filter_as_it_is_typed(trips, mode):
    builder = RowBuilder()  # one builder: every query after the first meets remembered work
    for query in QUERIES:
        flt = Filter.parse(query)
        assert shape(builder.rows(trips, flt, mode)) == reference(trips, flt, mode), query


def test_narrowing_then_widening_gives_the_full_rows_back(trips):
    builder = RowBuilder()
    everything = shape(builder.rows(trips))
    narrow = [shape(builder.rows(trips, Filter.parse(q))) for q in ("d", "de", "del", "dele")]
    assert all(len(a) >= len(b) for a, b in itertools.pairwise(narrow))
    assert narrow[-1] == reference(trips, Filter.parse("dele"))
    assert shape(builder.rows(trips, Filter.parse("de"))) == narrow[1]
    assert shape(builder.rows(trips)) == everything == reference(trips)


def test_an_edited_trip_is_rebuilt_and_the_others_are_shared(trips):
    builder = RowBuilder()
    before = builder.rows(trips)
    korea = next(t for t in trips if t.id == "korea-2021")
    ev = next(e for e in korea.events if e.id == "robot-mou")
    moved = replace(
        korea, events=tuple(e.with_when(e.when.shifted(timedelta(days=1))) if e is ev else e for e in korea.events)
    )
    edited = [moved if t is korea else t for t in trips]
    after = builder.rows(edited)
    assert shape(after) == reference(edited)
    assert shape(after) != shape(before)
    # Rows of the trips that did not change are the same objects (nothing rebuilt) ...
    shown = {id(r) for r in after}
    assert all(id(r) in shown for r in before if r.trip is not korea)
    # ... and undoing the edit finds the original rows again, identical.
    again = builder.rows(trips)
    assert shape(again) == shape(before)
    assert all(a is b for a, b in zip(again, before, strict=False))


def test_a_filter_on_an_edited_trip_sees_the_edit(trips):
    builder = RowBuilder()
    assert shape(builder.rows(trips, Filter.parse("robot"))) == reference(trips, Filter.parse("robot"))
    korea = next(t for t in trips if t.id == "korea-2021")
    events = tuple(replace(e, title="Robot signing") if e.id == "beauty-mou-oct20" else e for e in korea.events)
    renamed = replace(korea, events=events)
    edited = [renamed if t is korea else t for t in trips]
    for query in ("robot", "robot s", "robot"):
        flt = Filter.parse(query)
        assert shape(builder.rows(edited, flt)) == reference(edited, flt)
    assert "korea-2021/beauty-mou-oct20" in [r.key for r in builder.rows(edited, Filter.parse("robot s"))]


def test_row_list_reads_like_the_list_of_its_rows(trips):
    rows = RowBuilder().rows(trips, Filter.parse("e"))
    plain = list(rows)
    assert len(rows) == len(plain) > 100
    assert [rows[i] for i in range(len(rows))] == plain
    assert rows[-1] is plain[-1] and rows[-len(plain)] is plain[0]
    assert rows[10:20] == plain[10:20] and rows[len(plain) // 2 :] == plain[len(plain) // 2 :]
    for i, r in enumerate(plain):
        assert rows.index_of(r.key) == i
        assert rows.get(r.key) is r and r.key in rows and r in rows
    start, block = rows.block_of(plain[-1].trip.id)
    assert plain[start] is block[0] and block[0].kind == "trip"
    assert rows.index_of("korea-2021/no-such-event") is None and rows.get("trip:nowhere") is None
    assert rows.block_of("nowhere") is None
    with pytest.raises(IndexError):
        rows[len(plain)]
    assert len(RowList()) == 0 and list(RowList()) == []


def test_timeline_rows_is_a_plain_list(trips):
    rows = timeline_rows(trips, Filter(trip="korea-2021"))
    assert isinstance(rows, list) and all(isinstance(r, Row) for r in rows)
    assert shape(rows) == reference(trips, Filter(trip="korea-2021"))


def test_rows_compare_without_their_overlaps():
    a = Row("event", "t/e", None, None, None, ("t/x",))  # type: ignore[arg-type]
    b = Row("event", "t/e", None, None, None, ())  # type: ignore[arg-type]
    assert a == b and hash(a) == hash(b) and a != Row("event", "t/f", None)  # type: ignore[arg-type]


def test_key_trip_reads_every_kind_of_key():
    assert {
        key_trip(k) for k in ("trip:a-1", "day:a-1:2021-10-19", "day:a-1:unscheduled", "a-1/e-2", "a-1/e-2@2021-10-19")
    } == {"a-1"}


def test_filter_narrows_only_when_it_adds():
    assert Filter.parse("meet").narrows(Filter.parse("me"))
    assert Filter.parse("kind:mou me").narrows(Filter.parse("me"))
    assert Filter.parse("me kind:mou").narrows(Filter.parse("kind:mou"))
    assert not Filter.parse("me").narrows(Filter.parse("kind:mou"))
    assert not Filter.parse("kind:meeting").narrows(Filter.parse("kind:mou"))
    assert not Filter.parse("m").narrows(Filter.parse("me"))
    assert Filter.parse("a b").narrows(Filter.parse("b"))
