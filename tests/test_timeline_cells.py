"""The listing makes an event's title, place and kind cells once for all its occurrences: the same rows as afresh.

A series shows the same event on many days, so :func:`planner.views.timeline_text.timeline_blocks`
keeps its cells; an occurrence changed in its title or status is an event of
its own and must show its own words. Every row is compared with one built
from :func:`~planner.views.timeline_text.event_cells` of that occurrence alone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.model import Event, Exact, Recurrence, Span, Trip
from planner.model.timeline import by_day, occurrences
from planner.model.trip import Override, Place
from planner.storage import load_workspace
from planner.text.grid import Grid
from planner.text.messages import status_label
from planner.views.timeline_text import STATUS_STYLES, event_cells, timeline_blocks

SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")


def at(day: int, hour: int) -> datetime:
    return datetime(2021, 3, day, hour, tzinfo=SEOUL)


def series_trip() -> Trip:
    weekly = Event(
        id="briefing",
        title="Investment briefing",
        title_ko="투자 설명회",
        when=Exact(at(1, 9), at(1, 10)),
        tz=SEOUL,
        place="lotte",
        repeat=Recurrence(
            "FREQ=WEEKLY;COUNT=6",
            exceptions=(date(2021, 3, 22),),
            overrides=(
                Override(date(2021, 3, 8), title="Briefing, moved to the hall"),
                Override(date(2021, 3, 15), status="cancelled"),
                Override(
                    date(2021, 3, 29), when=Exact(at(30, 14), at(30, 15)), title="Last briefing", status="tentative"
                ),
            ),
        ),
    )
    daily = Event(
        id="breakfast",
        title="Breakfast",
        when=Exact(at(1, 7), at(1, 8)),
        tz=SEOUL,
        place="nowhere-known",
        kind="meal",
        status="tentative",
        repeat=Recurrence("FREQ=DAILY;COUNT=10"),
    )
    one_off = Event(id="mou", title="MOU signing", when=Exact(at(3, 15), at(3, 16)), tz=SEOUL, kind="mou")
    return Trip(
        id="seoul",
        title="Seoul",
        home_tz=CHICAGO,
        dates=Span(date(2021, 3, 1), date(2021, 3, 31)),
        places=(Place(id="lotte", name="Lotte Hotel", name_ko="롯데호텔", city="Seoul"),),
        events=(weekly, daily, one_off),
    )


def afresh(occ, view, lang):
    """A row as each occurrence alone gives it (how the listing built every row before it kept cells)."""
    ev = occ.event
    time, title_text, title_ko, place, kind_text = event_cells(occ, view, lang)
    title = [(title_text, "")]
    if title_ko:
        title.append((" · " + title_ko, "dim"))
    if ev.repeat is not None:
        title.append((" ↻", "magenta"))
    precise = occ.when.precision == "exact"
    kind = ((kind_text, ""), ("\n" + status_label(ev.status, lang), STATUS_STYLES.get(ev.status, "")))
    return (
        (),
        ((time, "" if precise else "italic yellow"),),
        tuple(title),
        ((place, "" if ev.place and occ.trip.place(ev.place) else "dim"),),
        kind,
    )


def check_rows(trips: list[Trip], view, lang: str) -> int:
    occs = occurrences(trips, view=view)
    grids = [b for b in timeline_blocks(occs, view, lang) if isinstance(b, Grid)]
    expected = []
    for trip_id in dict.fromkeys(o.trip.id for o in occs):  # trips in the order the timeline meets them
        mine = [o for o in occs if o.trip.id == trip_id]
        expected.extend(tuple(afresh(o, view, lang) for o in group) for _day, group in by_day(mine, view))
    assert [g.rows for g in grids] == expected
    return sum(len(g.rows) for g in grids)


@pytest.mark.parametrize("lang", ["en", "ko", "both"])
@pytest.mark.parametrize("view", ["event", "home", SEOUL])
def test_changed_occurrences_of_a_series_show_their_own_words(view, lang: str):
    assert check_rows([series_trip()], view, lang) == 5 + 10 + 1
    shown = [
        "".join(text for text, _ in row[2]) + "|" + row[4][1][0]
        for g in timeline_blocks(occurrences([series_trip()]), "event", "en")
        if isinstance(g, Grid)
        for row in g.rows
        if row[2][0][0] != "Breakfast"
    ]
    if view == "event" and lang == "en":
        assert shown == [
            "Investment briefing · 투자 설명회 ↻|\nconfirmed",
            "MOU signing|\nconfirmed",
            "Briefing, moved to the hall · 투자 설명회 ↻|\nconfirmed",
            "Investment briefing · 투자 설명회 ↻|\ncancelled",
            "Last briefing · 투자 설명회 ↻|\ntentative",
            "Investment briefing · 투자 설명회 ↻|\nconfirmed",
        ]


@pytest.mark.parametrize("lang", ["en", "ko", "both"])
@pytest.mark.parametrize("view", ["event", "home"])
def test_seeded_trips_list_as_afresh(workspace, view, lang: str):
    assert check_rows(load_workspace(workspace).trips, view, lang) > 15
