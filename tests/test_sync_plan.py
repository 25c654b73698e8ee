"""Deciding a sync (planner/usecases/sync_plan.py) and cutting an export into resources, without a server."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from planner.remote.objects import digest, fingerprint, join, split, uid_of
from planner.remote.state import Entry
from planner.storage import load_workspace
from planner.usecases.export import plan_export
from planner.usecases.sync import PASSWORD_ENV, caldav_password
from planner.usecases.sync_plan import Seen, classify


def resources(workspace: Path, trip: str) -> dict[str, bytes]:
    ws = load_workspace(workspace)
    plan = plan_export([ws.trip(trip)], out=Path("x.ics"))
    return split(plan.files[0].data)


def test_an_export_is_cut_into_one_resource_per_uid_with_its_zones_and_no_method(workspace: Path) -> None:
    objects = resources(workspace, "richardson-2019")
    for uid, data in objects.items():
        cal = icalendar.Calendar.from_ical(data)
        assert "METHOD" not in cal
        items = [c for c in cal.subcomponents if c.name in ("VEVENT", "VTODO")]
        assert {str(c["UID"]) for c in items} == {uid} and uid_of(data) == uid
        used = {str(p.params["TZID"]) for c in items for p in c.values() if hasattr(p, "params") and "TZID" in p.params}
        assert {str(z["TZID"]) for z in cal.walk("VTIMEZONE")} == used
    joined = icalendar.Calendar.from_ical(join(objects.values()))
    assert {str(c["UID"]) for c in joined.walk() if c.name in ("VEVENT", "VTODO")} == set(objects)


def test_the_same_content_re_serialised_has_the_same_fingerprint(workspace: Path) -> None:
    data = next(iter(resources(workspace, "korea-2021").values()))
    again = data.replace(b"\r\n ", b"")  # unfolded, as another writer may leave it
    assert again != data and fingerprint(again) == fingerprint(data)
    changed = data.replace(b"SUMMARY:", b"SUMMARY:Moved: ", 1)
    assert fingerprint(changed) != fingerprint(data)


def item(title: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20210101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:20211019\r\nSUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


A, B, C = item("a"), item("b"), item("c")


def entry(data: bytes, etag: str = "e1", origin: str = "planner") -> Entry:
    return Entry("/cal/x.ics", etag, digest(data), origin)


def test_each_side_s_change_goes_its_own_way() -> None:
    names = {"x": "/cal/x.ics"}
    same = classify({"x": entry(A)}, {"x": Seen("/cal/x.ics", "e1", None)}, {"x": A}, names)
    assert same.writes == 0 and not same.incoming and not same.conflicts
    ours = classify({"x": entry(A)}, {"x": Seen("/cal/x.ics", "e1", None)}, {"x": B}, names)
    assert ours.update == {"x": ("/cal/x.ics", "e1")}
    theirs = classify({"x": entry(A)}, {"x": Seen("/cal/x.ics", "e2", B)}, {"x": A}, names)
    assert theirs.incoming["x"][1] == "changed" and theirs.writes == 0
    deleted_here = classify({"x": entry(A)}, {"x": Seen("/cal/x.ics", "e1", None)}, {}, names)
    assert deleted_here.delete == {"x": ("/cal/x.ics", "e1")}
    not_ours = classify({"x": entry(A, origin="server")}, {"x": Seen("/cal/x.ics", "e1", None)}, {}, names)
    assert not not_ours.delete and "x" in not_ours.forget
    gone_there = classify({"x": entry(A)}, {}, {"x": A}, names)
    assert "x" in gone_there.gone and gone_there.writes == 0
    new = classify({}, {}, {"x": A}, names)
    assert new.add == {"x": "/cal/x.ics"}
    foreign = classify({}, {"y": Seen("/cal/y.ics", "e9", A)}, {}, names)
    assert foreign.incoming["y"][1] == "added"


def test_both_changed_is_a_conflict_until_a_side_is_kept() -> None:
    names = {"x": "/cal/x.ics"}
    server = {"x": Seen("/cal/x.ics", "e2", C)}
    local = {"x": B}
    plan = classify({"x": entry(A)}, server, local, names)
    assert set(plan.conflicts) == {"x"} and plan.writes == 0 and not plan.incoming
    assert plan.conflicts["x"].why == "changed on both sides"
    ours = classify({"x": entry(A)}, server, local, names, {"*": "ours"})
    assert ours.update == {"x": ("/cal/x.ics", "e2")} and not ours.conflicts
    theirs = classify({"x": entry(A)}, server, local, names, {"x": "theirs"})
    assert "x" in theirs.incoming and not theirs.conflicts and theirs.writes == 0


def test_a_push_whose_answer_was_lost_is_adopted_not_a_conflict(workspace: Path) -> None:
    uid, data = next(iter(resources(workspace, "korea-2021").items()))
    stored = icalendar.Calendar.from_ical(data).to_ical()  # as a server may re-serialise it
    plan = classify({}, {uid: Seen("/cal/x.ics", "e5", stored)}, {uid: data}, {uid: "/cal/x.ics"})
    assert set(plan.adopt) == {uid} and plan.writes == 0 and not plan.conflicts


def test_the_password_comes_from_the_environment_else_a_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "from env")
    assert caldav_password("https://x", "me", prompt=lambda _q: "typed") == "from env"
    monkeypatch.delenv(PASSWORD_ENV)
    asked: list[str] = []
    assert caldav_password("https://x", "me", prompt=lambda q: asked.append(q) or "typed") == "typed"
    assert asked == ["CalDAV password for me at https://x: "]
    assert caldav_password("https://x", "me", configured="from file", prompt=lambda _q: "typed") == "from file"
    monkeypatch.setenv(PASSWORD_ENV, "from env")
    assert caldav_password("https://x", "me", configured="from file") == "from env"  # the environment wins


def test_without_the_sync_extra_the_command_says_what_to_install(
    workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """caldav is an optional part (``planner[sync]``): without it, one line says how to add it; nothing changes."""
    import importlib.util
    import sys

    from planner.cli import main

    monkeypatch.setitem(sys.modules, "caldav", None)  # as if not installed: importing it raises ImportError
    monkeypatch.setitem(sys.modules, "caldav.davclient", None)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "caldav" else real_find_spec(name, *a)
    )
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda q: asked.append(q) or "x")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    before = {p.name: p.read_bytes() for p in workspace.glob("*.toml")}
    code = main(["--dir", str(workspace), "sync", "korea-2021", "--url", "http://127.0.0.1:9/"])
    err = capsys.readouterr().err
    assert code != 0
    assert "pip install 'planner[sync]'" in err and "Traceback" not in err
    assert asked == []  # said before any password is asked for
    assert before == {p.name: p.read_bytes() for p in workspace.glob("*.toml")}


def test_no_password_and_no_terminal_to_ask_on_is_one_line(
    workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run from a script with stdin closed: no traceback from getpass, one line saying where a password goes."""
    from planner.cli import main

    monkeypatch.delenv(PASSWORD_ENV, raising=False)

    def no_terminal(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    code = main(["--dir", str(workspace), "sync", "korea-2021", "--url", "http://127.0.0.1:9/"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "no CalDAV password" in err and "PLANNER_CALDAV_PASSWORD" in err
