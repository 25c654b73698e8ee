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
    venue = t.place(robot[0].place)
    # The article gives "Lotte Hotel" only: no branch, no address, no coordinates.
    assert venue.name == "Lotte Hotel" and not venue.address and venue.lat is None and venue.lon is None
    assert "city" in venue.assumed and "Jamsil" in robot[0].notes
    guests = {t.person(p).name_ko for p in robot[0].counterparts if t.person(p)}
    assert {"김미경", "김성권", "장세희", "이창민", "김석오", "정호석", "최종섭", "김범규"} <= guests
    assert {"fayetteville-nc-kacc", "greater-new-york-kacc"} <= {o.id for o in t.organisations}
    # "First meeting of the day" gives no part of day: the KCCI meeting has only its date.
    kcci = next(e for e in t.events if e.id == "kcci-meeting")
    assert kcci.when == OnDate(date(2021, 10, 21))
    # A city no article names is marked as not from the sources.
    for e in t.events:
        if e.place == "seoul":
            assert "place" in e.assumed, e.id
    (wkbc,) = conv
    assert "19th" not in wkbc.title and "19th" in wkbc.notes and "19-21" in wkbc.notes
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
    # The article says the roundtable is monthly, nothing about other meetings: no invented series.
    assert rt.repeat is None and "monthly" in rt.notes
    assert "리차슨" in t.title_ko
    assert "not printed in the article" in (SEEDS / "richardson-2019.toml").read_text(encoding="utf-8")
    for follow_up in ("action team", "Irving", "scholarship"):
        assert follow_up in t.notes, follow_up
    assert "1900 Jay Ell Drive" in t.place(rt.place).address and "75081" in t.place(rt.place).address
    assert {"Kim Hyun-kyum", "Stella Park", "Park Young-nam", "Bal Joshi"} <= set(names(t))
    expo = next(e for e in t.events if e.kind == "expo")
    assert expo.when.local_date() == date(2019, 11, 2)
    assert "place" in expo.assumed


def test_gwangju_and_dc_and_la(ws):
    g = ws.trip("gwangju-2022")
    (meeting,) = g.events
    assert meeting.when == PartOfDay(date(2022, 11, 7), "morning")
    assert names(g).get("Kang Gi-jung") == "강기정"
    # The article lists the five named guests as the KABCC party; the mayor is the host.
    assert set(g.members) == {"kim-mi-kyung", "bang-ho-yeol", "park-yong-kook", "baek-yang-soon", "kang-ho-sung"}
    assert meeting.counterparts == ("kang-gi-jung",)
    for industry in ("artificial intelligence", "photonics", "semiconductors", "batteries"):
        assert industry in meeting.notes, industry
    assert {"address", "lat", "lon"} <= set(g.place("gwangju-city-hall").assumed)
    dc = ws.trip("dc-2023")
    assert any(e.when == PartOfDay(date(2023, 4, 25), "evening") for e in dc.events)
    assert dc.home_tz.key == "America/New_York"
    assert names(dc).get("Lee Young") == "이영"
    assert "April is not in the report" in dc.year_evidence
    la = ws.trip("la-2023")
    assert la.status == "draft" and la.dates == InMonth(2023, 10)
    assert all(isinstance(e.when, InMonth) for e in la.events)
    assert "Anaheim Convention Center" in la.notes and "11-14 October" in la.notes and "notes" in la.assumed


@pytest.mark.skipif(
    not (SHARED / "tools" / "seed_copy_check.py").exists(), reason="../shared/tools is not beside this checkout"
)
def test_no_article_wording_is_copied():
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "seed_copy_check.py")], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
