"""``planner sync`` against a real CalDAV server: Radicale on loopback, one per test (tests/radicale_server.py).

What the server holds is read back with an independent client, the
``caldav`` library's own calls, and parsed with icalendar; the trip files
are read back with the planner's reader. Each test starts its own server on
a free port with its own storage, so they run side by side under xdist.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import replace
from pathlib import Path

import caldav
import icalendar
import pytest
from radicale_server import PASSWORD, USER, CuttingProxy, Radicale

from planner.cli import main
from planner.storage import load_file, save

pytestmark = pytest.mark.caldav

TRIP = "korea-2021"


@pytest.fixture
def sync(workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``planner sync`` in-process against a URL; returns (exit status, stdout, stderr)."""
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)

    def run(url: str, *args: str, password: str | None = None) -> tuple[int, str, str]:
        if password is not None:
            monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", password)
        code = main(["--dir", str(workspace), "sync", TRIP, "--url", url, "--user", USER, *args])
        out, err = capsys.readouterr()
        monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
        return code, out, err

    return run


def other_client(server: Radicale, user: str = USER, password: str = PASSWORD) -> caldav.DAVClient:
    return caldav.DAVClient(url=server.url, username=user, password=password)


def server_items(server: Radicale, calendar: str = TRIP) -> dict[str, icalendar.Component]:
    """UID -> the main VEVENT or VTODO of every resource in the calendar, as another client sees it."""
    cal = other_client(server).principal().calendar(name=calendar)
    out: dict[str, icalendar.Component] = {}
    for obj in [*cal.events(), *cal.todos(include_completed=True)]:
        parsed = icalendar.Calendar.from_ical(obj.data)
        items = [c for c in parsed.subcomponents if c.name in ("VEVENT", "VTODO")]
        main_item = next(c for c in items if "RECURRENCE-ID" not in c)
        uid = str(main_item["UID"])
        assert uid not in out, f"{uid} stored twice"
        out[uid] = main_item
    return out


def export_items(workspace: Path, tmp_path: Path, *args: str) -> dict[str, icalendar.Component]:
    """UID -> item of ``planner export`` for the same reader, parsed with icalendar."""
    out = tmp_path / "export.ics"
    assert main(["--dir", str(workspace), "export", TRIP, *args, "--out", str(out)]) == 0
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    return {
        str(c["UID"]): c for c in parsed.subcomponents if c.name in ("VEVENT", "VTODO") and "RECURRENCE-ID" not in c
    }


def set_title_on_server(server: Radicale, uid: str, title: str) -> None:
    cal = other_client(server).principal().calendar(name=TRIP)
    obj = cal.object_by_uid(uid)
    parsed = icalendar.Calendar.from_ical(obj.data)
    for comp in parsed.subcomponents:
        if comp.name in ("VEVENT", "VTODO"):
            comp["SUMMARY"] = icalendar.vText(title)
    obj.data = parsed.to_ical().decode("utf-8")
    obj.save()


def trip_file(workspace: Path):
    return load_file(workspace / f"{TRIP}.toml")


def edit_trip(workspace: Path, change) -> None:
    loaded = trip_file(workspace)
    save(loaded, change(loaded.trip))


def uid(event_id: str) -> str:
    return f"{TRIP}.{event_id}@planner"


FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone else//EN\r\nBEGIN:VEVENT\r\n"
    "UID:lunch-with-the-consul@example.org\r\nDTSTAMP:20211001T000000Z\r\n"
    "DTSTART;VALUE=DATE:20211022\r\nSUMMARY:Lunch with the consul\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_push_puts_exactly_the_export_on_the_server_and_nothing_else_is_touched(
    radicale: Radicale, sync, workspace: Path, tmp_path: Path
) -> None:
    before = (workspace / f"{TRIP}.toml").read_bytes()
    # Someone keeps their own event in the calendar before the planner ever syncs to it.
    principal = other_client(radicale).principal()
    principal.make_calendar(name=TRIP, cal_id=TRIP).save_event(FOREIGN)

    code, out, err = sync(radicale.url)
    assert code == 0, err
    assert "added" in out and "lunch-with-the-consul@example.org" in out  # shown as waiting, not taken

    expected = export_items(workspace, tmp_path)
    stored = server_items(radicale)
    assert set(stored) == set(expected) | {"lunch-with-the-consul@example.org"}
    assert len(expected) == 17
    for key, item in expected.items():
        got = stored[key]
        assert got.name == item.name
        for prop in ("SUMMARY", "DTSTART", "DTEND", "DUE", "LOCATION", "STATUS", "SEQUENCE", "RRULE"):
            assert (prop in got) == (prop in item), (key, prop)
            if prop in item:
                assert got[prop].to_ical() == item[prop].to_ical(), (key, prop)
    assert str(stored["lunch-with-the-consul@example.org"]["SUMMARY"]) == "Lunch with the consul"
    assert (workspace / f"{TRIP}.toml").read_bytes() == before  # the seeds carry their export stamps

    code, out, _ = sync(radicale.url)
    assert code == 0 and "nothing to do" in out and "waiting on the server (1;" in out
    state = list((workspace / ".planner" / "sync").glob(f"{TRIP}--*.json"))
    assert len(state) == 1 and b"korea-2021.robot-mou@planner" in state[0].read_bytes()


def test_dry_run_changes_nothing_anywhere(radicale: Radicale, sync, workspace: Path) -> None:
    before = (workspace / f"{TRIP}.toml").read_bytes()
    code, out, _ = sync(radicale.url, "--dry-run")
    assert code == 0 and out.count("would add") == 17
    assert other_client(radicale).principal().calendars() == []
    assert not (workspace / ".planner").exists()
    assert (workspace / f"{TRIP}.toml").read_bytes() == before


def test_changes_on_both_sides_push_ours_and_propose_theirs_then_pull_takes_them(
    radicale: Radicale, sync, workspace: Path
) -> None:
    assert sync(radicale.url)[0] == 0
    old_sequence = int(server_items(radicale)[uid("kbiz-meeting")]["SEQUENCE"])

    # The trip: one event retitled, one deleted, one added.
    def local(trip):
        events = []
        for ev in trip.events:
            if ev.id == "kbiz-meeting":
                ev = replace(ev, title="Meeting at KBIZ, moved to the annex")
            if ev.id != "guro-gu-visit":
                events.append(ev)
        extra = next(e for e in trip.events if e.id == "osong-visit")
        extra = replace(extra, id="osong-second-visit", title="Second visit to Osong", ical_sequence=0, ical_hash="")
        return replace(trip, events=(*events, extra))

    edit_trip(workspace, local)
    # The server: someone retitles one event, deletes another, adds one of their own.
    set_title_on_server(radicale, uid("kcci-meeting"), "KCCI meeting (room 3)")
    other_client(radicale).principal().calendar(name=TRIP).object_by_uid(uid("innobiz-meeting")).delete()
    other_client(radicale).principal().calendar(name=TRIP).save_event(FOREIGN)

    code, out, err = sync(radicale.url)
    assert code == 0, err
    stored = server_items(radicale)
    assert str(stored[uid("kbiz-meeting")]["SUMMARY"]) == "Meeting at KBIZ, moved to the annex"
    assert int(stored[uid("kbiz-meeting")]["SEQUENCE"]) > old_sequence
    assert uid("guro-gu-visit") not in stored
    assert str(stored[uid("osong-second-visit")]["SUMMARY"]) == "Second visit to Osong"
    # Theirs is proposed, not overwritten, and the trip does not have it yet.
    assert str(stored[uid("kcci-meeting")]["SUMMARY"]) == "KCCI meeting (room 3)"
    assert uid("innobiz-meeting") not in stored
    assert "waiting on the server (3;" in out
    for line in ("changed    korea-2021.kcci-meeting@planner", "deleted    korea-2021.innobiz-meeting@planner"):
        assert line in out
    trip = trip_file(workspace).trip
    assert next(e for e in trip.events if e.id == "kcci-meeting").title != "KCCI meeting (room 3)"
    assert any(e.id == "innobiz-meeting" for e in trip.events)

    code, out, err = sync(radicale.url, "--pull")
    assert code == 0, err
    trip = trip_file(workspace).trip
    titles = {e.id: e.title for e in trip.events}
    assert titles["kcci-meeting"] == "KCCI meeting (room 3)"
    assert "innobiz-meeting" not in titles
    assert "Lunch with the consul" in titles.values()
    stored = server_items(radicale)
    assert str(stored[uid("kcci-meeting")]["SUMMARY"]) == "KCCI meeting (room 3)"
    assert "lunch-with-the-consul@example.org" in stored
    code, out, _ = sync(radicale.url)
    assert code == 0 and "nothing to do" in out and "waiting" not in out


def test_a_change_on_both_sides_is_a_conflict_with_both_versions_until_settled(
    radicale: Radicale, sync, workspace: Path
) -> None:
    assert sync(radicale.url)[0] == 0
    for event_id in ("kbiz-meeting", "kcci-meeting"):
        edit_trip(
            workspace,
            lambda t, i=event_id: replace(
                t, events=tuple(replace(e, title=f"{i}: ours") if e.id == i else e for e in t.events)
            ),
        )
        set_title_on_server(radicale, uid(event_id), f"{event_id}: theirs")
    before = (workspace / f"{TRIP}.toml").read_bytes()

    code, out, _ = sync(radicale.url, "--pull")
    assert code == 1
    assert "conflicts (2)" in out and "changed on both sides" in out
    assert "ours (the trip): title: kbiz-meeting: ours" in out
    assert "theirs (the server): title: kbiz-meeting: theirs" in out
    assert (workspace / f"{TRIP}.toml").read_bytes() == before  # never a silent overwrite
    stored = server_items(radicale)
    assert str(stored[uid("kbiz-meeting")]["SUMMARY"]) == "kbiz-meeting: theirs"

    code, out, _ = sync(radicale.url, "--keep", "ours=kbiz-meeting", "--keep", "theirs=kcci-meeting")
    assert code == 0, out
    stored = server_items(radicale)
    titles = {e.id: e.title for e in trip_file(workspace).trip.events}
    assert str(stored[uid("kbiz-meeting")]["SUMMARY"]) == titles["kbiz-meeting"] == "kbiz-meeting: ours"
    assert str(stored[uid("kcci-meeting")]["SUMMARY"]) == titles["kcci-meeting"] == "kcci-meeting: theirs"
    assert "nothing to do" in sync(radicale.url)[1]


def test_a_push_cut_off_half_way_leaves_the_trip_alone_and_the_next_sync_repairs(
    radicale: Radicale, sync, workspace: Path
) -> None:
    before = (workspace / f"{TRIP}.toml").read_bytes()
    proxy = CuttingProxy(radicale, cut_after=6)
    try:
        code, out, err = sync(proxy.url, "--timeout", "5")
        assert code == 1
        assert err.count("\n") == 1 and "sync stopped" in err and "cannot reach the server" in err
        assert "not done (12;" in out  # five answered, the sixth stored but never answered
        assert out.count("  added ") == 5
        assert (workspace / f"{TRIP}.toml").read_bytes() == before
        assert radicale.proc is None  # the server really went down mid-push

        radicale.start()
        proxy.cut_after = 10_000
        code, out, err = sync(proxy.url)
        assert code == 0, err
        assert out.count("  added ") == 11 and out.count("  recorded ") == 1  # the unanswered one is adopted
        stored = server_items(radicale)
        assert len(stored) == 17
        assert "nothing to do" in sync(proxy.url)[1]
    finally:
        proxy.close()


def test_a_wrong_password_is_one_line_and_changes_nothing(radicale: Radicale, sync, workspace: Path) -> None:
    code, _out, err = sync(radicale.url, password="not it")
    assert code == 1
    assert err.strip().count("\n") == 0 and "refused the user name or password" in err
    assert not (workspace / ".planner").exists()
    assert other_client(radicale).principal().calendars() == []


def test_a_wrong_address_or_a_server_that_is_down_is_one_line(radicale: Radicale, sync, workspace: Path) -> None:
    code, out, err = sync(radicale.url + "organiser/no-such-thing/here/")
    assert code == 1 and err.strip().count("\n") == 0 and "not found on the server (404)" in err
    assert "nothing was changed" in out
    port = radicale.port
    radicale.stop()
    code, out, err = sync(f"http://127.0.0.1:{port}/")
    assert code == 1 and err.strip().count("\n") == 0 and "cannot reach the server" in err
    assert not (workspace / ".planner").exists()


def test_a_person_gets_a_calendar_of_their_own_events(
    radicale: Radicale, sync, workspace: Path, tmp_path: Path
) -> None:
    code, _out, err = sync(radicale.url, "--person", "ko-geun-baek")
    assert code == 0, err
    stored = server_items(radicale, f"{TRIP}-ko-geun-baek")
    expected = export_items(workspace, tmp_path, "--person", "ko-geun-baek")
    assert set(stored) == set(expected) and len(stored) == 2
    assert all(not any(k.startswith("X-PLANNER") for k in c) for c in stored.values())
    (only,) = other_client(radicale).principal().calendars()
    assert only.url.path.endswith("/korea-2021-ko-geun-baek/")


def test_a_server_that_does_not_answer_times_out_in_one_line(sync) -> None:
    quiet = socket.socket()
    quiet.bind(("127.0.0.1", 0))
    quiet.listen()
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(quiet.accept()[0]), daemon=True).start()
    try:
        code, _out, err = sync(f"http://127.0.0.1:{quiet.getsockname()[1]}/", "--timeout", "1")
    finally:
        quiet.close()
        for s in held:
            s.close()
    assert code == 1 and "timed out" in err and err.strip().count("\n") == 0


def test_a_write_whose_etag_changed_is_refused_with_412(radicale: Radicale, sync) -> None:
    from planner.remote.caldav_client import Connection, RemoteError

    assert sync(radicale.url)[0] == 0
    conn = Connection(radicale.url, USER, PASSWORD)
    cal = conn.find_calendar(TRIP)
    assert cal is not None
    href = next(iter(conn.listing(cal).etags))
    with pytest.raises(RemoteError) as caught:
        conn.put(href, conn.fetch(cal, [href])[href][1], etag='"not-the-etag"')
    assert caught.value.kind == "precondition" and "412" in str(caught.value)
    with pytest.raises(RemoteError) as caught:
        conn.listing(cal + "missing/")
    assert caught.value.kind == "not-found" and "404" in str(caught.value)
    conn.close()


def test_every_seeded_trip_pushes_and_then_agrees(
    radicale: Radicale, workspace: Path, tmp_path: Path, monkeypatch
) -> None:
    """Series with changed occurrences, to-dos only, a single event: each trip round-trips through the server."""
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    trips = sorted(p.stem for p in workspace.glob("*.toml"))
    assert len(trips) == 5
    for trip in trips:
        args = ["--dir", str(workspace), "sync", trip, "--url", radicale.url, "--user", USER]
        assert main(args) == 0, trip
        out = tmp_path / f"{trip}.ics"
        assert main(["--dir", str(workspace), "export", trip, "--out", str(out)]) == 0
        parsed = icalendar.Calendar.from_ical(out.read_bytes())
        exported = {str(c["UID"]) for c in parsed.subcomponents if c.name in ("VEVENT", "VTODO")}
        assert set(server_items(radicale, trip)) == exported, trip
        assert main(args) == 0


def test_a_server_event_the_importer_refuses_stays_waiting_and_the_trip_is_untouched(
    radicale: Radicale, sync, workspace: Path
) -> None:
    assert sync(radicale.url)[0] == 0
    backwards = FOREIGN.replace("DTSTART;VALUE=DATE:20211022", "DTSTART:20211022T150000Z\r\nDTEND:20211022T090000Z")
    other_client(radicale).principal().calendar(name=TRIP).save_event(backwards)
    before = (workspace / f"{TRIP}.toml").read_bytes()
    code, out, err = sync(radicale.url, "--pull")
    assert code == 0
    assert "Lunch with the consul" in err and "before it starts" in err  # the importer's reason
    assert "waiting on the server (1;" in out
    assert (workspace / f"{TRIP}.toml").read_bytes() == before


def test_the_configuration_files_caldav_table_gives_the_server_user_and_password(
    workspace: Path, radicale: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[caldav]\nurl = "{radicale.url}"\nuser = "{USER}"\npassword = "{PASSWORD}"\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    assert main(["--dir", str(workspace), "sync", TRIP]) == 0, capsys.readouterr()
    assert len(server_items(radicale)) > 0
    # The file's password is never sent to another server than the file's: without it, the prompt asks.
    other = tmp_path / "other.toml"
    other.write_text(f'[caldav]\nurl = "https://elsewhere.example/"\npassword = "{PASSWORD}"\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(other))
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda q: asked.append(q) or "wrong")
    assert main(["--dir", str(workspace), "sync", TRIP, "--url", radicale.url, "--user", USER]) != 0
    assert asked and radicale.url in asked[0]
