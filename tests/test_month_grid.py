"""The month calendar's grid (planner.views.month) on the seeded trips, without Textual."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.storage import load_workspace
from planner.text.lookup import find, resolve
from planner.views.filtering import Filter
from planner.views.month import WEEKDAYS, month_grid, shift_month


def trips(folder: Path):
    return list(load_workspace(folder).trips)


def test_october_2021_has_every_day_and_spans_on_each_day(workspace: Path):
    grid = month_grid(trips(workspace), 2021, 10)
    days = [c.day for week in grid.weeks for c in week]
    assert days[0] == date(2021, 9, 27) and days[-1] == date(2021, 10, 31)
    assert days == [date(2021, 9, 27) + (d - days[0]) for d in days]  # consecutive, empty days included
    on = {c.day: [e.title for e in c.entries] for week in grid.weeks for c in week}
    convention = [d for d, titles in on.items() if any("World Korean Business" in t for t in titles)]
    assert convention == [date(2021, 10, d) for d in (18, 19, 20, 21)]
    assert on[date(2021, 10, 24)] == [] and grid.cell(date(2021, 10, 24)).trips == ("korea-2021",)
    assert WEEKDAYS[0] == "Mon 월" and WEEKDAYS[6] == "Sun 일"


def test_the_filter_narrows_the_grid(workspace: Path):
    grid = month_grid(trips(workspace), 2021, 10, Filter.parse("kind:mou"))
    titles = {e.title for week in grid.weeks for c in week for e in c.entries}
    assert titles and all("MOU" in t or "mou" in t.lower() for t in titles)


def test_shift_month_keeps_the_day_within_the_month():
    assert shift_month(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert shift_month(date(2021, 1, 15), -1) == date(2020, 12, 15)


def test_names_resolve_in_both_scripts(workspace: Path):
    korea = next(t for t in trips(workspace) if t.id == "korea-2021")
    assert [p.id for p in find(korea.people, "고근백")] == ["ko-geun-baek"]
    assert resolve(korea.people, "Kim Hyun-kyum, 고근백", "person").ids == ("kim-hyun-kyum", "ko-geun-baek")
    assert "could be" in resolve(korea.people, "Kim", "person").problem
