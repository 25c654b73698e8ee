"""The proof that lets a new trip file be written without parsing it back (planner.storage.fresh.proven).

``planner.storage.writer.create`` used to parse every new file with
``tomllib`` before writing it, to know it loads; for a 10,000-event import
that was a fifth of the time. Now a file whose tables hold only the kinds of
values :func:`fresh.proven` accepts is not parsed: these properties are what
stands in for the parse. They must hold for *any* such tables: any text (keys
included), numbers, dates, times with any whole-minute offset, nesting, and
the multi-line layouts of long lists and text with line breaks. Values outside
those kinds are refused by ``proven``, and then the file is parsed as before.
"""

from __future__ import annotations

import math
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.ical.reader import merge, parse
from planner.storage import create, fresh, load_file, parse_trip
from planner.storage import writer as writer_module
from planner.storage.todict import SECTIONS

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- what proven() accepts, generated

offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
scalars = st.one_of(
    st.text(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.one_of(offsets, st.just(UTC))),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.lists(inner, max_size=6).map(tuple),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)
tables = st.dictionaries(st.text(max_size=10), values, max_size=6)
documents = st.tuples(
    tables,
    st.lists(st.tuples(st.sampled_from(SECTIONS), st.lists(tables, max_size=3)), max_size=5, unique_by=lambda x: x[0]),
)


def _as_read(v: Any) -> Any:
    """What ``tomllib`` should give for ``v``: tuples are arrays."""
    if isinstance(v, dict):
        return {k: _as_read(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_as_read(x) for x in v]
    return v


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same kind: ``True`` is not ``1``, ``-0.0`` is not ``0.0``, and a time keeps its offset."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, datetime):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) and a.utcoffset() == b.utcoffset()
    return bool(a == b)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_what_proven_accepts_reads_back_exactly(doc):
    trip, sections = doc
    assert fresh.proven(trip, sections)
    text = fresh.document(trip, sections)
    expected = {"trip": _as_read(trip), **{name: _as_read(items) for name, items in sections if items}}
    assert _same(tomllib.loads(text), expected)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), st.datetimes(timezones=st.timezones()), max_size=4))
def test_any_zone_either_reads_back_or_is_not_proven(table):
    """Times in real zones (some with offsets in seconds, as before 1900): proven only when they read back."""
    if fresh.proven(table, []):
        assert _same(tomllib.loads(fresh.document(table, [])), {"trip": table})


class Text(str):
    pass


class Number(int):
    pass


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        2**63,
        -(2**63) - 1,
        Text("a subclass"),
        Number(3),
        datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=8, minutes=27, seconds=52))),
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(microseconds=1))),
        {1: "a key that is no text"},
        b"bytes",
        None,
        timedelta(hours=1),
        [[[[[[[[["too deep"]]]]]]]]],
    ],
    ids=repr,
)
def test_what_is_not_proven(value):
    assert not fresh.proven({"x": value}, [])
    assert not fresh.proven({}, [("events", [{"x": [value]}])])


def test_a_trip_file_is_well_within_the_depth_proven():
    nested: Any = "leaf"
    for _ in range(fresh.MAX_PROVEN_DEPTH - 2):
        nested = [nested]
    assert fresh.proven({}, [("events", [{"x": nested}])])


# ---------------------------------------------------------------- the fast path against the parsed one


def _calendars() -> list[tuple[str, bytes]]:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import bigtrip

    out = [(f"bigtrip-{n}-{seed}", bigtrip.calendar_text(n, seed).encode()) for n, seed in ((300, 1), (120, 7))]
    out += [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "ics").glob("*.ics"))]
    return out


def _trips() -> list[Any]:
    trips = [parse_trip(p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "seeds").glob("*.toml"))]
    for name, data in _calendars():
        try:
            trips.append(merge(parse(data, name), name, "imported", None).trip)
        except Exception:  # a file of tests/ics that is meant not to import
            continue
    return trips


@pytest.mark.parametrize("trip", _trips(), ids=lambda t: f"{t.id}-{len(t.events)}")
def test_unparsed_and_parsed_read_back_write_the_same_file_and_trip(trip, tmp_path, monkeypatch):
    parsed: list[str] = []
    real = writer_module.parse_data
    monkeypatch.setattr(writer_module, "parse_data", lambda *a: parsed.append("parsed") or real(*a))
    fast = create(tmp_path / "fast.toml", trip)
    assert parsed == []  # the seeded trips and imported calendars are all within the proof
    monkeypatch.setattr(writer_module, "_loads_unparsed", lambda *a: False)
    slow = create(tmp_path / "slow.toml", trip)
    assert parsed == ["parsed"]
    assert (tmp_path / "fast.toml").read_bytes() == (tmp_path / "slow.toml").read_bytes()
    assert fast.text == slow.text
    assert fast.trip == slow.trip == trip == load_file(tmp_path / "fast.toml").trip


def test_a_file_over_the_size_limit_is_still_refused_unparsed(tmp_path, monkeypatch):
    from planner.storage.errors import TripFileError

    trip = _trips()[0]
    monkeypatch.setattr(writer_module, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr("planner.storage.reader.MAX_FILE_BYTES", 100)
    with pytest.raises(TripFileError, match="larger than"):
        create(tmp_path / "big.toml", trip)
    assert not (tmp_path / "big.toml").exists()


def test_text_that_looks_like_a_table_header_is_checked_as_a_load_checks_it(tmp_path, monkeypatch):
    """A note with a line ``[[events]]`` makes a load look closer (tomlkit); so does the read-back."""
    from dataclasses import replace

    trip = _trips()[0]
    trip = replace(trip, notes="first line\n[[events]]\nid = 3")
    parsed: list[str] = []
    real = writer_module.parse_data
    monkeypatch.setattr(writer_module, "parse_data", lambda *a: parsed.append("parsed") or real(*a))
    loaded = create(tmp_path / "notes.toml", trip)
    assert parsed == ["parsed"]
    assert loaded.trip == trip == load_file(tmp_path / "notes.toml").trip


def test_dates_of_every_kind_are_written_as_toml_reads_them():
    table = {"d": date(1, 1, 1), "t": datetime(9999, 12, 31, 23, 59, 59, 999999), "u": datetime(2024, 1, 1, tzinfo=UTC)}
    assert fresh.proven(table, [])
    assert _same(tomllib.loads(fresh.document(table, [])), {"trip": table})


def test_a_zone_that_gives_no_offset_is_not_proven():
    from datetime import tzinfo

    class Nowhere(tzinfo):
        def utcoffset(self, dt):
            return None

        def dst(self, dt):
            return None

    assert not fresh.proven({"t": datetime(2024, 1, 1, tzinfo=Nowhere())}, [])
    assert fresh.proven({"t": datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-9, minutes=-30)))}, [])
