"""The seeded trips hold the facts of the brief, cite their sources, and copy no wording."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest
from conftest import ROOT, SEEDS

from planner.model import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage import load_workspace

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def ws():
    return load_workspace(SEEDS)


def test_five_trips_with_sources_and_year_evidence(ws):
    assert sorted(ws.files) == ["dc-2023", "gwangju-2022", "korea-2021", "la-2023", "richardson-2019"]
    for trip in ws.trips:
        assert trip.sources, trip.id
        assert all(s.outlet and s.headline and s.file for s in trip.sources), trip.id
        assert trip.year_evidence, trip.id
        for ev in trip.events:
            assert ev.sources, (trip.id, ev.id)


def names(trip) -> dict[str, str]:
    return {p.name: p.name_ko for p in trip.people}


def test_korea_trip(ws):
    t = ws.trip("korea-2021")
    assert (t.first_day, t.last_day) == (date(2021, 10, 18), date(2021, 10, 27))
    assert t.home_tz.key == "America/Chicago" and t.local_tz.key == "Asia/Seoul"
    people = names(t)
    for name, ko in [
        ("Kim Hyun-kyum", "김현겸"),
        ("Bang Ho-yeol", "방호열"),
        ("Roh Sang-il", "노상일"),
        ("Kay Chun", "케이 전"),
        ("Lee Hong-ki", "이홍기"),
        ("Song Byung-ho", "송병호"),
        ("Hwang Byung-koo", "황병구"),
        ("Lee Geum-ryong", "이금룡"),
        ("Woo Tae-hee", "우태희"),
        ("Kang Seok-gu", "강석구"),
        ("Seo Seung-won", "서승원"),
        ("Kim Tae-hwan", "김태환"),
        ("Kim Jae-jin", "김재진"),
        ("Choo Moon-gap", "추문갑"),
        ("Lee Seong", "이성"),
    ]:
        assert people.get(name) == ko, name
    assert any("Young Kim" in p.name for p in t.people)
    by_day: dict = {}
    for e in t.events:
        by_day.setdefault(e.when.local_date(), []).append(e)
    conv = [e for e in t.events if isinstance(e.when, Span)]
    assert [(e.when.first, e.when.last) for e in conv] == [(date(2021, 10, 18), date(2021, 10, 21))]
    robot = [e for e in by_day[date(2021, 10, 19)] if e.kind == "mou"]
    assert len(robot) == 1 and isinstance(robot[0].when, OnDate)  # the source gives no time
    assert "Lotte" in t.place(robot[0].place).name
    kcci = [e for e in by_day[date(2021, 10, 21)] if isinstance(e.when, PartOfDay)]
    assert kcci and kcci[0].when.part == "morning"
    assert len([e for e in by_day[date(2021, 10, 20)] if e.kind == "mou"]) == 1
    assert len([e for e in by_day[date(2021, 10, 26)] if e.kind == "mou"]) == 1
    assert date(2021, 10, 27) in by_day
    unscheduled = [e for e in t.events if isinstance(e.when, Unscheduled)]
    assert len(unscheduled) >= 4
    assert not any(isinstance(e.when, Exact) for e in t.events), "no source gives a clock time for this trip"


def test_richardson_roundtable(ws):
    t = ws.trip("richardson-2019")
    rt = next(e for e in t.events if e.kind == "roundtable")
    assert rt.when == Exact(
        datetime(2019, 11, 21, 7, 30, tzinfo=t.home_tz), datetime(2019, 11, 21, 9, 0, tzinfo=t.home_tz)
    )
    assert rt.repeat is not None and "FREQ=MONTHLY" in rt.repeat.rule
    assert "1900 Jay Ell Drive" in t.place(rt.place).address and "75081" in t.place(rt.place).address
    assert {"Kim Hyun-kyum", "Stella Park", "Park Young-nam", "Bal Joshi"} <= set(names(t))
    expo = next(e for e in t.events if e.kind == "expo")
    assert expo.when.local_date() == date(2019, 11, 2)


def test_gwangju_and_dc_and_la(ws):
    g = ws.trip("gwangju-2022")
    (meeting,) = g.events
    assert meeting.when == PartOfDay(date(2022, 11, 7), "morning")
    assert names(g).get("Kang Gi-jung") == "강기정"
    dc = ws.trip("dc-2023")
    assert any(e.when == PartOfDay(date(2023, 4, 25), "evening") for e in dc.events)
    assert dc.home_tz.key == "America/New_York"
    assert names(dc).get("Lee Young") == "이영"
    la = ws.trip("la-2023")
    assert la.status == "draft" and la.dates == InMonth(2023, 10)
    assert all(isinstance(e.when, InMonth) for e in la.events)


@pytest.mark.skipif(
    not (SHARED / "tools" / "seed_copy_check.py").exists(), reason="../shared/tools is not beside this checkout"
)
def test_no_article_wording_is_copied():
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "seed_copy_check.py")], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
