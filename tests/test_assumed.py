"""``assumed``: keys not from the sources are validated, kept on save, and marked in the agenda and the TUI pane."""

from __future__ import annotations

import copy
import shutil
import tomllib
from dataclasses import replace

import pytest
from conftest import SEEDS

from planner.agenda import build_trip_agenda, render_markdown
from planner.model.checker import InvalidTrip
from planner.model.validate import build_trip
from planner.storage import load_file, load_workspace
from planner.storage.todict import event_data, place_data, trip_header
from planner.storage.writer import save


def _korea() -> dict:
    with open(SEEDS / "korea-2021.toml", "rb") as f:
        return tomllib.load(f)


def _event(data: dict, ident: str) -> dict:
    return next(e for e in data["events"] if e["id"] == ident)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("place", "expected a list"),
        (["notes", "notes"], "listed twice"),
        (["outcome"], "not written in this table"),
        (["ical_hash"], "cannot be assumed"),
    ],
)
def test_bad_assumed_lists_are_reported_by_key_path(keys, message):
    data = copy.deepcopy(_korea())
    ev = _event(data, "kcci-meeting")
    ev.pop("outcome", None)
    ev["assumed"] = keys
    i = data["events"].index(ev)
    with pytest.raises(InvalidTrip) as err:
        build_trip(data)
    assert any(iss.path == f"events[{i}].assumed" and message in iss.message for iss in err.value.issues)


def test_assumed_is_carried_and_written_back():
    trip = build_trip(_korea())
    ev = next(e for e in trip.events if e.id == "kcci-meeting")
    assert ev.assumed == ("place",)
    assert event_data(trip, ev)["assumed"] == ["place"]
    lotte = trip.place("lotte-hotel")
    assert lotte is not None and place_data(lotte)["assumed"] == ["city"]
    assert "assumed" not in trip_header(trip)
    robot = next(e for e in trip.events if e.id == "robot-mou")
    assert "assumed" not in event_data(trip, robot)


def test_agenda_marks_assumed_places_only():
    ws = load_workspace(SEEDS)
    md = render_markdown(build_trip_agenda(ws.trip("korea-2021")), trip_mode=True)
    assert "- **Where:** Seoul (서울) (assumed)" in md
    assert "- **Where:** Lotte Hotel (롯데호텔), Seoul (assumed)" in md  # the city only: the name is the report's
    assert "Guro-gu Office (구로구청)" in md and "구로구청) (assumed)" not in md  # a place from the sources
    gw = render_markdown(build_trip_agenda(ws.trip("gwangju-2022")), trip_mode=True)
    assert "111 Naebang-ro, Seo-gu, Gwangju (assumed)" in gw


def test_detail_pane_marks_assumed_place():
    from planner.tui.widgets.detail import trip_text

    ws = load_workspace(SEEDS)
    assert "(assumed)" in trip_text(ws.trip("la-2023")).plain
    assert "(assumed)" not in trip_text(ws.trip("dc-2023")).plain


def test_a_cleared_assumed_value_leaves_the_list_so_the_saved_file_loads(tmp_path):
    """Clearing the place of an event whose place was assumed (as the TUI's form can) saves a file that loads."""
    shutil.copy(SEEDS / "korea-2021.toml", tmp_path / "korea-2021.toml")
    loaded = load_file(tmp_path / "korea-2021.toml")
    trip = loaded.trip
    edited = replace(trip, events=tuple(replace(e, place="") if e.id == "kcci-meeting" else e for e in trip.events))
    save(loaded, edited)
    again = load_file(tmp_path / "korea-2021.toml").trip.event("kcci-meeting")
    assert again is not None and again.place == "" and again.assumed == ()
    assert load_file(tmp_path / "korea-2021.toml").trip.event("kbiz-meeting").assumed == ("place",)  # untouched
