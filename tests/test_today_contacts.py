"""``planner today``, ``planner next`` and ``planner contacts`` (issue 14, items 4 and 6), run as a user would.

``today``/``next`` are read at a fixed ``--now`` on the seeded trips: the
Richardson roundtable (07:30–09:00 CST on 21 Nov 2019), the Korea trip
(mostly days without a clock time) and the moments between trips.
``contacts`` is parsed back with vobject and the csv module.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject

from planner.cli import main
from planner.storage import load_file
from planner.usecases.today import situation, upcoming

ROOT = Path(__file__).resolve().parent.parent


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--dir", str(ROOT / "seeds"), *args]) == 0
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_during_the_roundtable_it_is_now(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "today", "--now", "2019-11-21T08:15")
    lines = text.splitlines()
    assert lines[0] == "now: Thu 21 Nov 2019 08:15 CST (America/Chicago)"  # read in the trip's zone
    assert lines[1].startswith("richardson-2019") and lines[1].endswith("day 20 of 20")
    assert "  now      07:30–09:00 CST" in text and "Monthly roundtable with Tech Titans" in text


@pytest.mark.parametrize(
    ("now", "state"), [("2019-11-21T07:00", "later"), ("2019-11-21T09:00", "done"), ("2019-11-21T08:59", "now")]
)
def test_the_state_of_a_timed_event(now: str, state: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert f"  {state:<8} 07:30–09:00 CST" in _out(capsys, "today", "--now", now)


def test_in_korea_local_time_with_home_beside_and_no_invented_times(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "today", "--now", "2021-10-19T14:00+09:00")
    assert text.splitlines()[0] == (
        "now: Tue 19 Oct 2021 14:00 KST (Asia/Seoul) · home Tue 00:00 CDT (America/Chicago)"
    )
    assert "day 2 of 10" in text
    assert "  today    time not given" in text and "라이프케어 로봇 MOU" in text
    assert "  now " not in text  # a day without a clock time is never "now"


def test_next_lists_todays_untimed_first_then_later_days(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "next", "3", "--now", "2021-10-19T14:00+09:00")
    states = [line.split()[0] for line in text.splitlines()[1:] if line.startswith("  ") and not line.startswith("   ")]
    assert states == ["today", "today", "later"]
    assert "Wed 20 Oct 2021  time not given" in text


def test_outside_any_trip_it_names_the_next_one(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "today", "--now", "2022-06-01T12:00+00:00")
    assert "No trip under way. Next: gwangju-2022" in text and "7 Nov 2022, in 159 days" in text
    text = _out(capsys, "today", "--now", "2030-01-01T12:00+00:00")
    assert "No trip under way and none ahead. The last: la-2023" in text


def test_the_use_case_places_today_and_next() -> None:
    trips = [load_file(p).trip for p in sorted((ROOT / "seeds").glob("*.toml"))]
    now = datetime(2019, 11, 21, 13, 0, tzinfo=UTC)  # 07:00 CST
    s = situation(trips, now)
    assert [t.id for t in s.under_way] == ["richardson-2019"]
    assert [p.state for p in s.today] == ["later"]
    assert upcoming(trips, now, 1)[0].occ.event.id == s.today[0].occ.event.id


def test_a_timed_event_abroad_shows_the_home_time_beside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "seoul-2024.toml").write_text(
        '[trip]\nid = "seoul-2024"\ntitle = "Seoul"\nhome_tz = "America/Chicago"\nlocal_tz = "Asia/Seoul"\n'
        'start = 2024-05-01\nend = 2024-05-02\n\n[[events]]\nid = "mou"\ntitle = "MOU signing"\nkind = "mou"\n'
        "start = 2024-05-01T10:00:00\nend = 2024-05-01T11:00:00\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["--dir", str(tmp_path), "next", "--now", "2024-05-01T09:00"]) == 0
    text = capsys.readouterr().out
    assert "later    Wed 1 May 2024  10:00–11:00 KST  (home Tue 20:00–21:00 CDT)" in text


def test_next_refuses_a_bad_count_and_a_bad_now(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dir", str(ROOT / "seeds"), "next", "0"]) == 2
    assert main(["--dir", str(ROOT / "seeds"), "today", "--now", "yesterday-ish"]) == 2
    assert "--now 'yesterday-ish': write a date and time" in capsys.readouterr().err


def test_now_without_offset_reads_in_tz(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "today", "--now", "2019-11-21 14:15", "--tz", "UTC")
    assert text.splitlines()[0] == "now: Thu 21 Nov 2019 08:15 CST (America/Chicago)"
    assert datetime(2019, 11, 21, 14, 15, tzinfo=UTC).astimezone(ZoneInfo("America/Chicago")).hour == 8


def test_contacts_vcf_parse_back_with_korean_names(capsys: pytest.CaptureFixture[str]) -> None:
    text = _out(capsys, "contacts", "--trip", "korea-2021", "--format", "vcf")
    cards = list(vobject.readComponents(text))
    by_id = {c.uid.value.rsplit(":", 1)[1]: c for c in cards}
    kim = by_id["kim-hyun-kyum"]
    assert kim.version.value == "3.0"
    assert kim.fn.value == "김현겸 Kim Hyun-kyum"
    assert (kim.n.value.family, kim.n.value.given) == ("Kim", "Hyun-kyum")
    assert kim.nickname.value == "김현겸"
    assert kim.tel.value == "+82-10-0000-0000"  # organisers (the default without --for) see the phone
    leslie = by_id["leslie-carpenter"]
    assert (leslie.n.value.family, leslie.n.value.given) == ("Carpenter", "Leslie")  # a Western name
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_contacts_for_a_delegate_are_redacted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "kim.csv"
    assert main(["--dir", str(ROOT / "seeds"), "contacts", "--person", "kim-hyun-kyum", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a file for Excel: the byte-order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    kim = next(r for r in rows if r["id"] == "kim-hyun-kyum")
    assert kim["display"] == "김현겸 Kim Hyun-kyum"
    assert kim["phone"] == "" and kim["notes"] == ""  # organisers-only: not for a delegate
    assert kim["trips"].split() == ["korea-2021", "richardson-2019"]
