"""``planner export``: golden files, RFC 5545 form, stable identity, and the committed exports/.

Golden files live in ``tests/ics/export_<feature>.ics``, made from
``tests/ics/trip_<feature>.toml``. After an intended change to the output,
regenerate them with ``PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_ical_export.py``
and read the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.ical import vtimezone as vtz
from planner.ical.writer import refresh, to_bytes, trip_calendar
from planner.storage import load_file

ROOT = Path(__file__).resolve().parent.parent
ICS = ROOT / "tests" / "ics"
FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
FEATURES = ["allday", "timed_crosszone", "recurring", "todo"]


def export_fixture(feature: str) -> bytes:
    trip = refresh(load_file(ICS / f"trip_{feature}.toml").trip, FIXED_NOW)[0]
    return to_bytes(trip_calendar(trip))


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def _unfolded(data: bytes) -> list[str]:
    out: list[str] = []
    for raw in _lines(data):
        line = raw.decode("utf-8")
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


@pytest.mark.parametrize("feature", FEATURES)
def test_export_matches_golden_file(feature):
    data = export_fixture(feature)
    golden = ICS / f"export_{feature}.ics"
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden.name} differs; see the module docstring to regenerate"


def _all_outputs() -> list[tuple[str, bytes]]:
    out = [(f"fixture-{f}", export_fixture(f)) for f in FEATURES]
    out += [(p.name, p.read_bytes()) for p in sorted((ROOT / "exports").glob("*.ics"))]
    return out


OUTPUTS = _all_outputs()


@pytest.mark.parametrize("name,data", OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_file_follows_rfc5545_layout(name, data):
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    for raw in _lines(data):
        assert len(raw) <= 75, raw
        raw.decode("utf-8")  # a fold never splits a UTF-8 character: each physical line decodes alone
    lines = _unfolded(data)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner//Delegation itinerary planner//EN"]
    first_component = next(i for i, s in enumerate(lines) if s.startswith("BEGIN:V") and i > 0)
    header = lines[1:first_component]
    assert "CALSCALE:GREGORIAN" in header and "METHOD:PUBLISH" in header
    assert any(s.startswith("X-WR-CALNAME:") for s in header)
    # Every calendar property comes before the first component (Outlook ignores later ones).
    depth = 0
    for s in lines[1:-1]:
        if s.startswith("BEGIN:"):
            depth += 1
        elif s.startswith("END:"):
            depth -= 1
        elif depth == 0:
            assert lines.index(s) < first_component
    # Components: exactly one UID, DTSTAMP (and DTSTART for VEVENT) each.
    text = "\n".join(lines)
    for kind in ("VEVENT", "VTODO"):
        for body in re.findall(rf"BEGIN:{kind}\n(.*?)\nEND:{kind}", text, flags=re.S):
            props = [p.split(":")[0].split(";")[0] for p in body.split("\n")]
            assert props.count("UID") == 1 and props.count("DTSTAMP") == 1
            assert props.count("SEQUENCE") == 1 and props.count("LAST-MODIFIED") == 1
            if kind == "VEVENT":
                assert props.count("DTSTART") == 1
                assert props.count("STATUS") == 1 and props.count("CATEGORIES") == 1
    # A VTIMEZONE for every TZID used, in the RRULE form, each block with both offsets.
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    defined = re.findall(r"BEGIN:VTIMEZONE\nTZID:(.+?)\n(.*?)END:VTIMEZONE", text, flags=re.S)
    assert used == {name for name, _ in defined}
    assert [n for n, _ in defined] == sorted(n for n, _ in defined)
    for _, body in defined:
        assert "RDATE" not in body
        for block in re.findall(r"BEGIN:(?:STANDARD|DAYLIGHT)\n(.*?)\nEND:", body, flags=re.S):
            assert "TZOFFSETFROM:" in block and "TZOFFSETTO:" in block and "DTSTART:" in block
            for rule in re.findall(r"RRULE:(.*)", block):
                assert "BYDAY=" in rule and "BYMONTH=" in rule
    # DATE values carry no time; UNTIL of a timed series is UTC.
    for s in lines:
        if ";VALUE=DATE:" in s:
            assert re.search(r";VALUE=DATE:\d{8}$", s), s
    for body in re.findall(r"BEGIN:VEVENT\n(.*?)\nEND:VEVENT", text, flags=re.S):
        m = re.search(r"RRULE:.*UNTIL=([0-9TZ]+)", body)
        if m and "DTSTART;TZID" in body:
            assert m.group(1).endswith("Z")


def test_seoul_is_a_single_standard_block_and_chicago_uses_byday_rules():
    korea = (ROOT / "exports" / "korea-2021.ics").read_bytes()
    text = "\n".join(_unfolded(korea))
    # korea-2021 has no timed events: no zone is needed at all.
    assert "BEGIN:VTIMEZONE" not in text
    fixture = "\n".join(_unfolded(export_fixture("timed_crosszone")))
    seoul = re.search(r"TZID:Asia/Seoul\n(.*?)END:VTIMEZONE", fixture, flags=re.S).group(1)
    assert seoul.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in seoul and "RRULE" not in seoul
    assert "TZOFFSETFROM:+0900" in seoul and "TZOFFSETTO:+0900" in seoul
    chicago = re.search(r"TZID:America/Chicago\n(.*?)END:VTIMEZONE", fixture, flags=re.S).group(1)
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in chicago
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in chicago
    assert chicago.count("BEGIN:") == 2  # limited to the years needed: one rule of each kind


ZONES = [
    "America/Chicago",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Seoul",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Asia/Tehran",
    "Pacific/Auckland",
    "America/Santiago",
    "Europe/Moscow",
    "Africa/Casablanca",
    "Asia/Kolkata",
]


@pytest.mark.parametrize("name", ZONES)
@pytest.mark.parametrize("years", [(2006, 2008), (2019, 2020), (2024, 2024)])
def test_vtimezone_gives_the_offsets_of_the_zone_database(name, years):
    tz = ZoneInfo(name)
    first, last = years
    comp = vtz.vtimezone(tz, first, last)
    text = comp.to_ical().decode()
    assert "RDATE" not in text
    # Renamed, so that icalendar must build the zone from these blocks, not from its own
    # database; a name per case, as icalendar caches the zones it builds by TZID.
    text = text.replace(f"TZID:{name}", f"TZID:Planner-Test-{name.replace('/', '-')}-{first}-{last}")
    parsed = (
        icalendar.Calendar.from_ical("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + text + "END:VCALENDAR\r\n")
        .walk("VTIMEZONE")[0]
        .to_tz()
    )
    t = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    while t < end:
        assert t.astimezone(parsed).utcoffset() == t.astimezone(tz).utcoffset(), (name, t)
        t += timedelta(hours=7)


def test_vtimezone_output_is_deterministic():
    a = vtz.vtimezone(ZoneInfo("America/Chicago"), 2019, 2021).to_ical()
    b = vtz.vtimezone(ZoneInfo("America/Chicago"), 2019, 2021).to_ical()
    assert a == b


# ---------------------------------------------------------------- the command


def _seq(text: str, uid: str) -> tuple[int, str]:
    body = re.search(rf"UID:{re.escape(uid)}\r?\n(.*?)END:VEVENT", text, flags=re.S)
    block = text[: body.end()].rsplit("BEGIN:VEVENT", 1)[1]
    seq = int(re.search(r"SEQUENCE:(\d+)", block).group(1))
    modified = re.search(r"LAST-MODIFIED:(\S+)", block).group(1)
    return seq, modified


def test_exports_folder_is_up_to_date_with_the_seeds(run_cli, tmp_path):
    """Fails when a seed changed without `planner --dir seeds export --all --out exports`."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    out = run_cli("--dir", str(seeds), "export", "--all", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    made = sorted(p.name for p in (tmp_path / "out").glob("*.ics"))
    assert (
        made
        == sorted(p.name for p in (ROOT / "exports").glob("*.ics"))
        == sorted(p.stem + ".ics" for p in (ROOT / "seeds").glob("*.toml"))
    )
    for name in made:
        assert (tmp_path / "out" / name).read_bytes() == (ROOT / "exports" / name).read_bytes(), (
            f"exports/{name} is stale: run `planner --dir seeds export --all --out exports`"
        )
    for seed in (ROOT / "seeds").glob("*.toml"):
        assert (seeds / seed.name).read_bytes() == seed.read_bytes(), (
            f"seeds/{seed.name} lacks its export state: run `planner --dir seeds export --all --out exports`"
        )


def test_export_prints_each_file_and_defaults_to_exports_under_cwd(run_cli, workspace, tmp_path):
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "dc-2023", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["exports/korea-2021.ics: 11 events, 6 to-dos", "exports/dc-2023.ics: 1 event"]
    assert (tmp_path / "exports" / "korea-2021.ics").exists()
    assert "to-dos (VTODO)" in out.stderr and "never at an invented time" in out.stderr


def test_unchanged_input_gives_identical_bytes_whatever_the_hash_seed(run_cli, workspace, tmp_path):
    first = run_cli(
        "--dir", str(workspace), "export", "--all", "--out", str(tmp_path / "a"), env={"PYTHONHASHSEED": "1"}
    )
    files = {p: p.read_bytes() for p in workspace.glob("*.toml")}
    second = run_cli(
        "--dir", str(workspace), "export", "--all", "--out", str(tmp_path / "b"), env={"PYTHONHASHSEED": "2"}
    )
    assert first.returncode == second.returncode == 0
    for p in (tmp_path / "a").glob("*.ics"):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes()
    assert {p: p.read_bytes() for p in workspace.glob("*.toml")} == files  # nothing new to record
    again = run_cli("--dir", str(workspace), "export", "--all", "--out", str(tmp_path / "a"))
    assert "(unchanged)" in again.stdout


def test_sequence_rises_only_for_the_event_whose_content_changed(run_cli, workspace, tmp_path):
    run_cli("--dir", str(workspace), "export", "richardson-2019", "--out", str(tmp_path))
    before = (tmp_path / "richardson-2019.ics").read_text(encoding="utf-8")
    path = workspace / "richardson-2019.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('title = "Monthly roundtable with Tech Titans"', 'title = "Monthly Tech Titans roundtable"'),
        encoding="utf-8",
    )
    out = run_cli("--dir", str(workspace), "export", "richardson-2019", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "1 event(s) new or changed" in out.stderr
    after = (tmp_path / "richardson-2019.ics").read_text(encoding="utf-8")
    uid = "richardson-2019.roundtable@planner"
    seq0, mod0 = _seq(before, uid)
    seq1, mod1 = _seq(after, uid)
    assert seq1 == seq0 + 1 and mod1 > mod0
    assert "SUMMARY:Monthly Tech Titans roundtable" in after
    other = "richardson-2019.smart-business-expo@planner"
    assert _seq(after, other) == _seq(before, other)
    saved = path.read_text(encoding="utf-8")
    assert f"ical_sequence = {seq1}" in saved
    # The comments of the trip file survive the recorded state.
    assert saved.startswith("# Dallas chamber in Richardson")
    # Same content again: same bytes, no new SEQUENCE.
    run_cli("--dir", str(workspace), "export", "richardson-2019", "--out", str(tmp_path))
    assert (tmp_path / "richardson-2019.ics").read_text(encoding="utf-8") == after


def test_selection_for_a_person_is_one_file_across_trips(run_cli, workspace, tmp_path):
    out = run_cli("--dir", str(workspace), "export", "--person", "kim-hyun-kyum", "--out", str(tmp_path / "kim.ics"))
    assert out.returncode == 0, out.stderr
    cal = icalendar.Calendar.from_ical((tmp_path / "kim.ics").read_bytes())
    uids = {str(c["uid"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")}
    assert "richardson-2019.roundtable@planner" in uids and "korea-2021.robot-mou@planner" in uids
    assert not any(u.startswith("dc-2023.") for u in uids)
    assert "김현겸 Kim Hyun-kyum" in str(cal["x-wr-calname"])
    org = run_cli("--dir", str(workspace), "export", "--org", "gwangju-city", "--out", str(tmp_path))
    assert org.returncode == 0 and (tmp_path / "gwangju-city.ics").exists()
    cal = icalendar.Calendar.from_ical((tmp_path / "gwangju-city.ics").read_bytes())
    assert [str(c["uid"]) for c in cal.walk("VEVENT")] == ["gwangju-2022.gwangju-mayor-meeting@planner"]


def test_export_argument_errors_exit_2(run_cli, workspace, tmp_path):
    cases = [
        (["export"], "--all"),
        (["export", "korea-2012"], "did you mean korea-2021"),
        (["export", "--all", "korea-2021"], "not both"),
        (["export", "--person", "kim-hyun-kyun"], "did you mean kim-hyun-kyum"),
        (["export", "--all", "--out", str(tmp_path / "one.ics")], "one file per trip"),
    ]
    for args, words in cases:
        out = run_cli("--dir", str(workspace), *args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert words in out.stderr and "Traceback" not in out.stderr


def test_export_and_import_never_import_textual(tmp_path, workspace):
    import subprocess
    import sys

    code = (
        "import sys; from planner.cli import main; "
        f"main(['--dir', {str(workspace)!r}, 'export', '--all', '--out', {str(tmp_path / 'o')!r}]); "
        f"main(['--dir', {str(workspace)!r}, 'import', {str(tmp_path / 'o' / 'dc-2023.ics')!r}, '--trip', 'dc-2023']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
