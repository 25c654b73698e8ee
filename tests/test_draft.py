"""Drafting events from Korean schedule text: phrases, lines in context, linking, and `planner draft`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.draft import draft, guess_kind
from planner.draft.to_trip import to_events
from planner.model.trip import Place
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage import load_workspace
from planner.text import korean as phrases

SEOUL = ZoneInfo("Asia/Seoul")


# ---------------------------------------------------------------- phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10월 19일(화) 면담", (None, 10, 19, 1)),
        ("2021년 10월 19일 (화요일)", (2021, 10, 19, 1)),
        ("2021.10.19. 방문", (2021, 10, 19, None)),
        ("2021-10-19 회의", (2021, 10, 19, None)),
        ("10/19 (화) 14:00", (None, 10, 19, 1)),
        ("10.19 오전", (None, 10, 19, None)),
    ],
)
def test_find_date_reads_the_ways_people_write_a_day(text, expected):
    found = phrases.find_date(text)
    assert (found.year, found.month, found.day, found.weekday) == expected


@pytest.mark.parametrize("text", ["14:00-16:00 회의", "버전 3.15.2 배포", "참석자 25명", "3시 회의"])
def test_find_date_does_not_take_times_or_numbers_for_days(text):
    assert phrases.find_date(text) is None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("10월 22일~24일 부산", (10, 24)),
        ("10월 30일 ~ 11월 2일", (11, 2)),
        ("10/22-10/24 부산", (10, 24)),
        ("10/22~24", (10, 24)),
    ],
)
def test_find_date_reads_spans(text, end):
    found = phrases.find_date(text)
    assert (found.end_month, found.end_day) == end


@pytest.mark.parametrize(
    ("text", "start", "until"),
    [
        ("오전 10시 도착", time(10), None),
        ("오후 2시~4시 면담", time(14), time(16)),
        ("오후 2시 반~3시", time(14, 30), time(15)),
        ("오전 10시~오후 2시", time(10), time(14)),
        ("오전 11시~1시", time(11), time(13)),
        ("오후 11시~1시 이동", time(23), time(1)),
        ("14:00-16:30", time(14), time(16, 30)),
        ("오후 2:00-4:00", time(14), time(16)),
        ("정오 오찬", time(12), None),
        ("오전 12시", time(0), None),
        ("15시 회의", time(15), None),
    ],
)
def test_find_times_reads_korean_and_24_hour_clocks(text, start, until):
    found = phrases.find_times(text)
    assert (found.start, found.until, found.ambiguous) == (start, until, "")


@pytest.mark.parametrize("text", ["3시 회의", "7시 만찬", "3시~5시"])
def test_an_hour_without_am_or_pm_is_ambiguous_not_guessed(text):
    found = phrases.find_times(text)
    assert found.start is None
    assert found.ambiguous.endswith("시")


def test_an_impossible_time_is_an_error():
    with pytest.raises(ValueError, match="25:00"):
        phrases.find_times("25:00 회의")


@pytest.mark.parametrize(
    ("text", "part"),
    [("오전 중 견학", "morning"), ("저녁 만찬", "evening"), ("새벽 출발", "early morning"), ("점심 오찬", "midday")],
)
def test_parts_of_day(text, part):
    assert phrases.find_part(text).part == part


def test_a_part_word_inside_another_word_is_not_a_part_of_day():
    assert phrases.find_part("저녁식사") is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("서울시청 MOU 체결", "mou"),
        ("로봇산업 업무협약식", "mou"),
        ("시청 방문 및 시장 면담", "meeting"),
        ("인천공항 도착", "travel"),
        ("월례 간담회", "roundtable"),
        ("환영 만찬", "dinner"),
        ("공장 견학", "visit"),
        ("Networking reception", "reception"),
        ("사진 촬영", "other"),
    ],
)
def test_guess_kind(title, kind):
    assert guess_kind(title) == kind


# ---------------------------------------------------------------- lines in context

SCHEDULE = """\
[방문 일정]
10월 19일(화)
 - 오전 10시 로봇협회 업무협약 체결 (롯데호텔 서울)
 - 오후 2시~4시 중소기업중앙회 면담
 - 저녁 환영 만찬
10/20 14:00-16:30 구로구청 방문
10월 22일~24일 지방 현장 시찰
11월 중 후속 화상 회의
코트라 면담 일정 미정
3시 회의
"""


def test_a_schedule_becomes_drafts_with_honest_precision():
    result = draft(SCHEDULE, tz=SEOUL, year=2021)
    by_line = {d.line: d for d in result.drafts}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert by_line[3].when == Exact(datetime(2021, 10, 19, 10, tzinfo=SEOUL))
    assert by_line[3].kind == "mou" and by_line[3].place_hint == "롯데호텔 서울"
    assert by_line[3].title_ko == "로봇협회 업무협약 체결"
    assert by_line[4].when == Exact(datetime(2021, 10, 19, 14, tzinfo=SEOUL), datetime(2021, 10, 19, 16, tzinfo=SEOUL))
    assert by_line[5].when == PartOfDay(date(2021, 10, 19), "evening")
    assert by_line[5].title_ko == "환영 만찬"
    assert by_line[6].when.start.date() == date(2021, 10, 20)
    assert by_line[7].when == Span(date(2021, 10, 22), date(2021, 10, 24))
    assert by_line[8].when == InMonth(2021, 11)
    assert by_line[9].when == Unscheduled()
    # "3시" under the 24th's span: a question, and no invented hour.
    assert not isinstance(by_line[10].when, Exact)
    assert [q.line for q in result.questions] == [10]
    assert "오전/오후" in result.questions[0].message


def test_lines_under_a_heading_take_its_day():
    result = draft("10월 21일 (목)\n- 오전 공장 견학\n- 15:00 기자 간담회", tz=SEOUL, year=2021)
    assert [d.when.local_date() for d in result.drafts] == [date(2021, 10, 21)] * 2
    assert result.drafts[0].when == PartOfDay(date(2021, 10, 21), "morning")


def test_bracketed_headings_open_a_day_and_are_not_events():
    result = draft(
        "[방문 일정]\n[2일차 10월 19일]\n- 오전 공장 견학 장소: 판교 테크노밸리\n- 서울시청에서 면담",
        tz=SEOUL,
        year=2021,
    )
    assert result.questions == []
    assert [(d.line, d.name, d.place_hint) for d in result.drafts] == [
        (3, "공장 견학", "판교 테크노밸리"),
        (4, "서울시청에서 면담", "서울시청"),
    ]
    assert {d.when.local_date() for d in result.drafts} == {date(2021, 10, 19)}


def test_a_line_with_no_day_and_nothing_above_is_a_question():
    result = draft("오후 2시 면담", tz=SEOUL, year=2021)
    assert result.drafts == []
    assert result.questions[0].line == 1
    assert "no day" in result.questions[0].message


def test_a_wrong_weekday_is_reported():
    result = draft("10월 19일(수) 면담", tz=SEOUL, year=2021)
    assert result.drafts[0].when == OnDate(date(2021, 10, 19))
    assert "Tuesday" in result.questions[0].message


def test_the_weekday_checks_the_year_from_the_trip():
    """The trip says 2022; 19 Oct 2022 is a Wednesday, so "(화)" is flagged."""
    result = draft("10월 19일(화) 면담", tz=SEOUL, trip_dates=(date(2022, 10, 15), date(2022, 10, 25)))
    assert result.drafts[0].when.local_date() == date(2022, 10, 19)
    assert result.questions and "Wednesday" in result.questions[0].message


def test_year_written_once_holds_for_the_lines_below():
    result = draft("2023년 9월 20일 리셉션\n9월 21일 만찬", tz=SEOUL, year=2019)
    assert [d.when.local_date().year for d in result.drafts] == [2023, 2023]


def test_a_trip_crossing_new_year_gives_each_day_its_year():
    result = draft("12월 30일 출발\n1월 2일 귀국", tz=SEOUL, trip_dates=(date(2023, 12, 29), date(2024, 1, 3)))
    assert [d.when.local_date() for d in result.drafts] == [date(2023, 12, 30), date(2024, 1, 2)]


def test_day_numbers_count_from_the_trip_start():
    result = draft("2일차 오전 공장 견학", tz=SEOUL, trip_dates=(date(2021, 10, 18), date(2021, 10, 27)))
    assert result.drafts[0].when == PartOfDay(date(2021, 10, 19), "morning")


def test_no_year_anywhere_is_a_question_not_this_year():
    result = draft("10월 19일 면담", tz=SEOUL)
    assert result.drafts == []
    assert "no year" in result.questions[0].message


@pytest.mark.parametrize("text", ["2월 30일 면담", "10월 19일 25:00 회의", "10월 24일~22일 시찰"])
def test_impossible_dates_and_times_are_questions(text):
    result = draft(text, tz=SEOUL, year=2021)
    assert result.drafts == []
    assert result.questions and result.questions[0].line == 1


def test_hostile_text_is_kept_as_text():
    result = draft("10월 19일 [bold red]면담[/] \x1b[31m", tz=SEOUL, year=2021)
    assert "[bold red]" in result.drafts[0].title_ko


# ---------------------------------------------------------------- linking to a trip


def test_drafts_link_the_trips_places_people_and_organisations():
    seeded = load_workspace(Path(__file__).parent.parent / "seeds").trip("korea-2021")
    # A venue of this test's own (the seed names only "Lotte Hotel"), whose name holds two shorter place names.
    venue = Place(id="lotte-hotel-seoul", name="Lotte Hotel Seoul", name_ko="롯데호텔 서울", city="Seoul", tz=SEOUL)
    assert {"lotte-hotel", "seoul"} <= {p.id for p in seeded.places}  # "롯데호텔" and "서울" match too
    trip = replace(seeded, places=(*seeded.places, venue))
    result = draft(
        "10월 25일(월) 오전 10시 김현겸 회장 구로구청 방문 (롯데호텔 서울)\n10월 26일 중기중앙회 조찬",
        tz=trip.event_tz,
        trip_dates=(trip.first_day, trip.last_day),
    )
    placed = to_events(result.drafts, trip)
    first = placed[0].event
    assert first.id == "draft-2021-10-25-visit"
    assert first.status == "tentative"
    assert first.place == "lotte-hotel-seoul"  # the longest name that matches, not "Lotte Hotel" or "Seoul"
    assert first.people == ("kim-hyun-kyum",)
    assert "guro-gu-office" in first.orgs
    assert "line 1" in first.notes
    assert placed[1].event.tz == trip.event_tz


def test_a_draft_repeating_an_event_of_the_trip_is_marked():
    trip = load_workspace(Path(__file__).parent.parent / "seeds").trip("korea-2021")
    ev = next(e for e in trip.events if e.when.local_date())
    day = ev.when.local_date()
    result = draft(
        f"{day.month}월 {day.day}일 {ev.title}", tz=trip.event_tz, trip_dates=(trip.first_day, trip.last_day)
    )
    assert to_events(result.drafts, trip)[0].duplicate_of == ev.id


# ---------------------------------------------------------------- the command


def _schedule(tmp_path: Path, text: str = SCHEDULE) -> Path:
    path = tmp_path / "schedule.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_draft_shows_and_writes_nothing(run_cli, workspace, tmp_path):
    before = {p.name: p.read_bytes() for p in workspace.iterdir()}
    result = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path)), "--trip", "korea-2021")
    assert result.returncode == 1, result.stderr  # line 10 asks a question
    assert "로봇협회 업무협약 체결" in result.stdout
    assert "line 10" in result.stdout and "오전/오후" in result.stdout
    assert "nothing written" in result.stdout
    assert {p.name: p.read_bytes() for p in workspace.iterdir()} == before


def test_cli_draft_add_appends_tentative_events_and_keeps_comments(run_cli, workspace, tmp_path):
    path = workspace / "korea-2021.toml"
    before = path.read_text(encoding="utf-8")
    text = "10월 25일(월)\n- 오전 10시 구로구청 방문\n- 저녁 환영 만찬\n"
    result = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path, text)), "--trip", "korea-2021", "--add")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.split("\n[[events]]")[0])  # header and its comments unchanged
    trip = load_workspace(workspace).trip("korea-2021")
    added = [e for e in trip.events if e.id.startswith("draft-2021-10-25")]
    assert {e.kind for e in added} == {"visit", "dinner"}
    assert all(e.status == "tentative" for e in added)
    assert PartOfDay(date(2021, 10, 25), "evening") in {e.when for e in added}
    # Running it again adds nothing twice.
    again = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path, text)), "--trip", "korea-2021", "--add")
    assert again.returncode == 0 and "already in the trip" in again.stdout
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--add"], "--add needs --trip"),
        (["--trip", "nope"], "no trip 'nope'"),
        (["--tz", "Mars/Base"], "--tz"),
        ([], "which zone"),
        (["--tz", "Asia/Seoul", "--year", "99999"], "--year"),
    ],
)
def test_cli_draft_usage_errors(run_cli, workspace, tmp_path, args, message):
    result = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path)), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_draft_refuses_non_utf8_with_a_hint(run_cli, workspace, tmp_path):
    path = tmp_path / "euc.txt"
    path.write_bytes("10월 19일 면담".encode("cp949"))
    result = run_cli("--dir", str(workspace), "draft", str(path), "--tz", "Asia/Seoul", "--year", "2021")
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "iconv" in result.stderr


def test_cli_draft_nothing_readable_exits_2(run_cli, workspace, tmp_path):
    result = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path, "안녕하세요\n")), "--tz", "Asia/Seoul")
    assert result.returncode == 2
    assert "could be read" in result.stderr


# ---------------------------------------------------------------- fuzzing

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "10월",
    "19일",
    "(화)",
    "(수요일)",
    "오전",
    "오후",
    "저녁",
    "3시",
    "반",
    "30분",
    "~",
    "-",
    "14:00",
    "25:99",
    "2021년",
    "2021.10.19",
    "10/19",
    "12/31",
    "2월 30일",
    "일차",
    "2",
    "미정",
    "MOU",
    "면담",
    "[",
    "]",
    "\n",
    " ",
    "·",
    "@",
    "(",
    ")",
    "에서",
    "까지",
    "부터",
    "정오",
    "11월 중",
    "\x1b[31m",
    "\u202e",
    "0",
    "99",
]


@given(
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40), st.sampled_from([None, 2021]), st.booleans()
)
@settings(
    max_examples=max(300, settings.default.max_examples * 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_any_text_ends_in_drafts_and_questions_never_a_crash(pieces, year, with_trip):
    text = "".join(pieces)
    result = draft(text, tz=SEOUL, year=year, trip_dates=(date(2021, 12, 28), date(2022, 1, 5)) if with_trip else None)
    lines = text.splitlines()
    for d in result.drafts:
        assert 1 <= d.line <= len(lines)
        assert d.name.strip()
        assert d.when.precision in ("exact", "date", "part", "span", "month", "unscheduled")
    for q in result.questions:
        assert 1 <= q.line <= len(lines) and q.message


def test_cli_draft_add_skips_a_day_outside_the_trip_and_adds_the_rest(run_cli, workspace, tmp_path):
    """korea-2021 runs 18-27 October: 5 November cannot go into its file; 25 October can."""
    text = "10월 25일(월) 오전 10시 구로구청 방문\n11월 5일 후속 회의\n"
    result = run_cli("--dir", str(workspace), "draft", str(_schedule(tmp_path, text)), "--trip", "korea-2021", "--add")
    assert result.returncode == 1, result.stderr
    assert "line 2: 2021-11-05 is outside the trip" in result.stdout
    trip = load_workspace(workspace).trip("korea-2021")
    added = [e.id for e in trip.events if e.id.startswith("draft-")]
    assert added == ["draft-2021-10-25-visit"]
