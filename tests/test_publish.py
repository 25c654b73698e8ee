"""``planner publish``: feeds byte-identical to ``planner export`` for the same reader, served over HTTP by ``--serve``.

The served feeds are fetched with urllib from a real ``planner publish
--serve`` subprocess and parsed with three independent parsers (icalendar,
vobject, ical); a rotated address must stop answering.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from radicale_server import free_port, wait_for_port

from planner.cli import main
from planner.remote.feeds import FeedRecord
from planner.usecases.publish import index_html, index_markdown

TRIP = "korea-2021"
EXTRA = b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n"


def feeds(workspace: Path) -> dict[str, dict]:
    return tomllib.loads((workspace / ".planner" / "feeds.toml").read_text(encoding="utf-8"))["feeds"]


def publish(workspace: Path, out: Path, *args: str) -> int:
    return main(["--dir", str(workspace), "publish", TRIP, "--out", str(out), *args])


def test_each_feed_is_the_export_for_its_reader_plus_the_refresh_interval(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish(workspace, out, "--base-url", "https://feeds.example.org/k/") == 0
    records = feeds(workspace)
    assert set(records) == {
        "korea-2021-delegation",
        "korea-2021-kim-hyun-kyum",
        "korea-2021-ko-geun-baek",
        "korea-2021-leslie-carpenter",
        "korea-2021-john-carpenter",
    }
    exports = tmp_path / "exports"
    assert main(["--dir", str(workspace), "export", TRIP, "--for", "delegation", "--out", str(exports)]) == 0
    trip_feed = (out / records["korea-2021-delegation"]["file"]).read_bytes()
    assert trip_feed.replace(EXTRA, b"") == (exports / "korea-2021-delegation.ics").read_bytes()
    for person in ("ko-geun-baek", "kim-hyun-kyum"):
        mine = tmp_path / f"{person}.ics"
        assert main(["--dir", str(workspace), "export", TRIP, "--person", person, "--out", str(mine)]) == 0
        feed = (out / records[f"korea-2021-{person}"]["file"]).read_bytes()
        assert feed.startswith(b"BEGIN:VCALENDAR\r\n" + EXTRA)
        assert feed.replace(EXTRA, b"") == mine.read_bytes()
    # File names carry a secret of 24 URL-safe characters; nothing else is in the folder.
    assert sorted(p.name for p in out.iterdir()) == sorted(r["file"] for r in records.values())
    assert all(len(r["token"]) == 24 and r["token"] in r["file"] for r in records.values())
    # Byte-stable: publishing again writes nothing new and keeps the tokens.
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert publish(workspace, out) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert feeds(workspace).keys() == records.keys()
    # The tokens and the index stay in the workspace, for the owner only.
    secret = workspace / ".planner" / "feeds.toml"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    index = (workspace / ".planner" / "feeds-index.md").read_text(encoding="utf-8")
    assert f"https://feeds.example.org/k/{records['korea-2021-ko-geun-baek']['file']}" in index
    assert (workspace / ".planner" / "feeds-index.html").is_file()
    # The workspace still loads: the hidden folder is not a trip.
    assert main(["--dir", str(workspace), "trips"]) == 0


def test_the_index_escapes_what_it_shows() -> None:
    rec = FeedRecord("x", "tok", "<script>alert(1)</script>", person="a&b", file="x-tok.ics", published="now")
    html = index_html({"x": rec}, 'https://e.org/"><img src=x>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "a&amp;b" in html
    md = index_markdown({"x": rec}, "")
    assert "<script>" not in md and "\\<script\\>" in md


def test_an_unknown_feed_to_rotate_is_refused(workspace: Path, tmp_path: Path, capsys) -> None:
    assert publish(workspace, tmp_path / "site") == 0
    assert publish(workspace, tmp_path / "site", "--rotate", "nope") == 2
    assert "no feed 'nope'" in capsys.readouterr().err


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(), resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


@pytest.fixture
def served(workspace: Path, tmp_path: Path):
    """``planner publish --serve`` running as a subprocess on a free port; yields (base URL, out folder)."""
    port = free_port()
    out = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner",
            "--dir",
            str(workspace),
            "publish",
            "--out",
            str(out),
            "--serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}", out
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout:
            assert "not for the internet" in proc.stdout.read()
            proc.stdout.close()


def test_served_feeds_parse_in_three_parsers_and_a_rotated_address_stops_working(
    served: tuple[str, Path], workspace: Path
) -> None:
    base, out = served
    records = feeds(workspace)
    assert {r["trip"] for r in records.values()} >= {"korea-2021", "dc-2023"}
    for fid in ("korea-2021-delegation", "korea-2021-ko-geun-baek"):
        status, body, kind = get(f"{base}/{records[fid]['file']}")
        assert status == 200 and kind.startswith("text/calendar")
        assert body == (out / records[fid]["file"]).read_bytes()
        cal = icalendar.Calendar.from_ical(body)
        assert str(cal["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
        assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
        uids = {str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")}
        text = body.decode("utf-8")
        assert {e.uid.value for e in vobject.readOne(text).vevent_list} <= uids
        parsed = IcsCalendarStream.calendar_from_ics(text)
        assert {e.uid for e in parsed.events} | {t.uid for t in parsed.todos} == uids
    assert len(uids) == 2  # Ko Geun-baek's own feed: his two events
    # No listing, no guessing, nothing but the feeds.
    for path in ("/", "/index.html", "/.planner/feeds.toml", "/../trips/korea-2021.toml", "/korea-2021-delegation.ics"):
        assert get(base + path)[0] == 404, path

    old = records["korea-2021-ko-geun-baek"]["file"]
    assert main(["--dir", str(workspace), "publish", "--out", str(out), "--rotate", "korea-2021-ko-geun-baek"]) == 0
    new = feeds(workspace)["korea-2021-ko-geun-baek"]["file"]
    assert new != old and not (out / old).exists()
    assert get(f"{base}/{old}")[0] == 404
    status, body, _ = get(f"{base}/{new}")
    assert status == 200 and b"UID:korea-2021." in body
    assert get(f"{base}/{records['korea-2021-delegation']['file']}")[0] == 200  # the others keep their address
