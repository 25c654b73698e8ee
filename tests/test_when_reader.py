"""The one reader of date and time text, row by row, through every front end.

Each row is what an organiser types and what it means (a day, an instant) or a
fragment of the refusal. Every row runs through the reader
(:func:`planner.text.dates.parse_day` / :func:`~planner.text.dates.parse_when`),
through the command line's wrapper (``planner.cli._common.parse_day``) and
through the event form's field check
(:func:`planner.usecases.event_fields.check_event`), and all must agree.

The scene: today is Tuesday 19 October 2021, the day in view Wednesday 20
October, and the trip in view is korea-2021, 18-27 October 2021 (Monday to
Wednesday), with events in Asia/Seoul. So ``Fri`` is 22 October (the trip's
only Friday), ``Mon`` is 18 or 25 October (asked), ``Oct 22`` is in 2021.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.cli._common import UsageError
from planner.cli._common import parse_day as cli_parse_day
from planner.model.trip import Trip
from planner.model.when import Exact, OnDate
from planner.storage import load_file
from planner.text.dates import MAX_CHARS, TripDays, WhenError, parse_day, parse_when
from planner.usecases.event_fields import EventFields, check_event
from tests.conftest import SEEDS

TODAY = date(2021, 10, 19)
IN_VIEW = date(2021, 10, 20)
SEOUL = ZoneInfo("Asia/Seoul")
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
DENVER = ZoneInfo("America/Denver")
TOKYO = ZoneInfo("Asia/Tokyo")


def _trip() -> Trip:
    return load_file(SEEDS / "korea-2021.toml").trip


KOREA = _trip()
TRIPS = [TripDays.of(KOREA)]
assert (KOREA.first_day, KOREA.last_day) == (date(2021, 10, 18), date(2021, 10, 27))


def oct_(day: int) -> date:
    return date(2021, 10, day)


# (what is typed, the day it means or a fragment of the refusal)
DAYS: list[tuple[str, date | str]] = [
    # ISO and the other full dates
    ("2021-10-22", oct_(22)),
    ("  2021-10-22  ", oct_(22)),
    ("2021-10-22 (Fri)", oct_(22)),
    ("2021-10-22 (금)", oct_(22)),
    ("Fri 2021-10-22", oct_(22)),
    ("20211022", oct_(22)),
    ("2021/10/22", oct_(22)),
    ("2021.10.22", oct_(22)),
    ("2021.10.22.", oct_(22)),
    ("22 October 2021", oct_(22)),
    ("Oct 22, 2021", oct_(22)),
    ("October 22, 2021", oct_(22)),
    ("Fri, Oct 22, 2021", oct_(22)),
    ("10/22/2021", oct_(22)),
    ("10/22/21", oct_(22)),
    ("22/10/2021", oct_(22)),
    ("22.10.2021", oct_(22)),
    # English without a year: the trip in view has it
    ("Oct 22", oct_(22)),
    ("oct 22", oct_(22)),
    ("OCT 22", oct_(22)),
    ("October 22", oct_(22)),
    ("Oct. 22", oct_(22)),
    ("Oct 22nd", oct_(22)),
    ("22 Oct", oct_(22)),
    ("22 October", oct_(22)),
    ("Friday, Oct 22", oct_(22)),
    ("Fri Oct 22", oct_(22)),
    ("Oct 18", oct_(18)),
    ("Oct 27", oct_(27)),
    ("10/22", oct_(22)),
    ("10.22", oct_(22)),
    ("10/18", oct_(18)),
    # Korean
    ("10월 22일", oct_(22)),
    ("10월22일", oct_(22)),
    ("2021년 10월 22일", oct_(22)),
    ("10월 22일(금)", oct_(22)),
    ("10월 22일 (금요일)", oct_(22)),
    ("22일(금)", oct_(22)),
    ("22일", oct_(22)),
    ("27일", oct_(27)),
    ("18일(월)", oct_(18)),
    ("금요일", oct_(22)),
    # weekdays: the trip's only one, else asked
    ("Fri", oct_(22)),
    ("friday", oct_(22)),
    ("Thu", oct_(21)),
    ("Sun", oct_(24)),
    ("Sat.", oct_(23)),
    ("Mon", "which day? 18 Oct 2021 (korea-2021), 25 Oct 2021 (korea-2021)"),
    ("Wed", "which day? 20 Oct 2021"),
    ("화요일", "which day? 19 Oct 2021 (korea-2021), 26 Oct 2021"),
    # words for days counted from today
    ("today", TODAY),
    ("tomorrow", oct_(20)),
    ("yesterday", oct_(18)),
    ("Tomorrow", oct_(20)),
    ("tomorrow (Wed)", oct_(20)),
    ("오늘", TODAY),
    ("내일", oct_(20)),
    ("모레", oct_(21)),
    ("어제", oct_(18)),
    # a weekday that does not match says so
    ("23 Oct 2021 (Fri)", "23 Oct 2021 is a Saturday, not a Friday"),
    ("Fri Oct 23", "23 Oct 2021 is a Saturday, not a Friday"),
    ("10월 23일(금)", "23 Oct 2021 is a Saturday, not a Friday"),
    ("22일(토)", "22 Oct 2021 is a Friday, not a Saturday"),
    ("2021-10-22 (Mon)", "22 Oct 2021 is a Friday, not a Monday"),
    ("today (Fri)", "19 Oct 2021 is a Tuesday, not a Friday"),
    # a number alone, and numeric dates with several readings
    ("19", "19 alone is not a date (19 Oct 2021?)"),
    ("22", "22 alone is not a date"),
    ("5", "5 alone is not a date"),
    ("21.10.19", "21.10.19: 19 Oct 2021 or 21 Oct 2019?"),
    ("03/04/2021", "03/04/2021: 4 Mar 2021 or 3 Apr 2021?"),
    ("03/04", "03/04: 4 Mar or 3 Apr?"),
    ("10/11", "10/11: 11 Oct or 10 Nov?"),
    ("10.11", "10.11: 11 Oct or 10 Nov?"),
    ("12/10/21", "10 Dec 2021 or 12 Oct 2021"),
    # a month, a year: which day?
    ("October", "Oct: which day?"),
    ("10월", "Oct: which day?"),
    ("2021", "2021: which day?"),
    ("2021.10", "Oct 2021: which day?"),
    # no such day, no such year
    ("Oct 32", "no such day"),
    ("2021-02-30", "no such day"),
    ("Feb 30 2021", "no such day"),
    ("31/31/2021", "no such day"),
    ("0001-01-01", "the year 1 is not between 1900 and 2200"),
    ("1899-12-31", "the year 1899 is not between"),
    ("9999-12-31", "the year 9999 is not between"),
    # a zone with a day is refused, never ignored
    ("Oct 22 CST", "a zone (CST) was typed"),
    ("2021-10-22 KST", "a zone (KST) was typed"),
    ("2021-10-22 Asia/Seoul", "a zone (Asia/Seoul) was typed"),
    # not a date
    ("", "type a date"),
    ("   ", "type a date"),
    ("someday", "cannot read 'someday'"),
    ("next friday", "cannot read"),
    ("Oct 22 to Oct 23", "two days were typed"),
    ("Oct 22 Nov 1", "two dates on one side"),
    ("3시", "3시: 오전 or 오후?"),
    ("a" * (MAX_CHARS + 1), "too long"),
]

# (typed, start in its zone, end or None) or (typed, a fragment of the refusal, None)
T = datetime
TIMES: list[tuple[str, datetime | str, datetime | None]] = [
    # English
    ("Oct 22 2pm-3:30pm", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("Oct 22 2pm - 3:30pm", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("Oct 22 2pm to 3:30pm", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("Oct 22 2-3:30pm", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("Oct 22 11-1pm", T(2021, 10, 22, 11, 0, tzinfo=SEOUL), T(2021, 10, 22, 13, 0, tzinfo=SEOUL)),
    ("Oct 22 14:00-15:30", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("Oct 22 14:00–15:30", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("10/22 15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10/22 3pm", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10/22 3 pm", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10/22 3 p.m.", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10/22 3:00 PM", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("2021-10-22 15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("2021-10-22T15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("2021-10-22 07:30-09:00", T(2021, 10, 22, 7, 30, tzinfo=SEOUL), T(2021, 10, 22, 9, 0, tzinfo=SEOUL)),
    ("Fri 3pm", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("Fri 15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("friday at 3pm", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("Oct 22 noon", T(2021, 10, 22, 12, 0, tzinfo=SEOUL), None),
    ("Oct 22 12pm", T(2021, 10, 22, 12, 0, tzinfo=SEOUL), None),
    ("Oct 22 12am", T(2021, 10, 22, 0, 0, tzinfo=SEOUL), None),
    ("Oct 22 midnight", T(2021, 10, 22, 0, 0, tzinfo=SEOUL), None),
    # Korean
    ("10월 22일 오후 3시", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10월 22일 오후 3시 30분", T(2021, 10, 22, 15, 30, tzinfo=SEOUL), None),
    ("10월 22일 오후 3시 반", T(2021, 10, 22, 15, 30, tzinfo=SEOUL), None),
    ("10월 22일 15시", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10월 22일 15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10월 22일 오전 9시", T(2021, 10, 22, 9, 0, tzinfo=SEOUL), None),
    ("10월 22일 오후 2시~3시 30분", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 15, 30, tzinfo=SEOUL)),
    ("10월 22일 오전 11시~오후 1시", T(2021, 10, 22, 11, 0, tzinfo=SEOUL), T(2021, 10, 22, 13, 0, tzinfo=SEOUL)),
    ("10월 22일 오후 2시부터 4시까지", T(2021, 10, 22, 14, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 0, tzinfo=SEOUL)),
    ("22일(금) 15:00", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("22일(금) 오후 3시", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("금요일 오후 3시", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("10월 22일 정오", T(2021, 10, 22, 12, 0, tzinfo=SEOUL), None),
    ("2021년 10월 22일 오후 3시", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    # a zone typed is used (and the form's zone field follows it)
    ("Oct 22 3pm CST", T(2021, 10, 22, 15, 0, tzinfo=CHICAGO), None),
    ("Oct 22 3pm cst", T(2021, 10, 22, 15, 0, tzinfo=CHICAGO), None),
    ("Oct 22 3pm CDT", T(2021, 10, 22, 15, 0, tzinfo=CHICAGO), None),
    ("Oct 22 15:00 KST", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    ("Oct 22 09:00 America/Chicago", T(2021, 10, 22, 9, 0, tzinfo=CHICAGO), None),
    ("Oct 22 9am EST", T(2021, 10, 22, 9, 0, tzinfo=NEW_YORK), None),
    ("Oct 22 9am EDT", T(2021, 10, 22, 9, 0, tzinfo=NEW_YORK), None),
    ("Oct 22 9am PST", T(2021, 10, 22, 9, 0, tzinfo=LOS_ANGELES), None),
    ("Oct 22 9am PDT", T(2021, 10, 22, 9, 0, tzinfo=LOS_ANGELES), None),
    ("Oct 22 9am MST", T(2021, 10, 22, 9, 0, tzinfo=DENVER), None),
    ("Oct 22 9am JST", T(2021, 10, 22, 9, 0, tzinfo=TOKYO), None),
    ("Oct 22 9am UTC", T(2021, 10, 22, 9, 0, tzinfo=UTC), None),
    ("Oct 22 9am GMT", T(2021, 10, 22, 9, 0, tzinfo=UTC), None),
    ("Oct 22 14:00 Asia/Tokyo", T(2021, 10, 22, 14, 0, tzinfo=TOKYO), None),
    ("Oct 22 2pm-3:30pm CST", T(2021, 10, 22, 14, 0, tzinfo=CHICAGO), T(2021, 10, 22, 15, 30, tzinfo=CHICAGO)),
    ("3pm CST", T(2021, 10, 20, 15, 0, tzinfo=CHICAGO), None),
    ("10월 22일 오후 3시 KST", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    # a duration
    ("Oct 22 15:00 +1:30", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("Oct 22 15:00 +90m", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("Oct 22 15:00 +2h", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 17, 0, tzinfo=SEOUL)),
    ("Oct 22 3pm for 90 min", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("Oct 22 3pm for 1 hour", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 0, tzinfo=SEOUL)),
    ("Oct 22 3pm for 2 hours", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 17, 0, tzinfo=SEOUL)),
    ("Oct 22 3pm for 1h30", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("10월 22일 오후 3시 1시간 30분 동안", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("10월 22일 오후 3시 90분 동안", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), T(2021, 10, 22, 16, 30, tzinfo=SEOUL)),
    ("Oct 22 3pm CST +1:30", T(2021, 10, 22, 15, 0, tzinfo=CHICAGO), T(2021, 10, 22, 16, 30, tzinfo=CHICAGO)),
    ("Oct 22 23:00 +2h", T(2021, 10, 22, 23, 0, tzinfo=SEOUL), T(2021, 10, 23, 1, 0, tzinfo=SEOUL)),
    ("Oct 22 15:00 +0", T(2021, 10, 22, 15, 0, tzinfo=SEOUL), None),
    # over midnight, days typed
    ("2021-10-22 22:00 to 2021-10-23 01:00", T(2021, 10, 22, 22, 0, tzinfo=SEOUL), T(2021, 10, 23, 1, 0, tzinfo=SEOUL)),
    ("Oct 22 22:00 to Oct 23 01:00", T(2021, 10, 22, 22, 0, tzinfo=SEOUL), T(2021, 10, 23, 1, 0, tzinfo=SEOUL)),
    # a bare time is on the day in view; words count from today
    ("15:00", T(2021, 10, 20, 15, 0, tzinfo=SEOUL), None),
    ("3pm", T(2021, 10, 20, 15, 0, tzinfo=SEOUL), None),
    ("7:30-9:00", T(2021, 10, 20, 7, 30, tzinfo=SEOUL), T(2021, 10, 20, 9, 0, tzinfo=SEOUL)),
    ("7:30 – 9pm", T(2021, 10, 20, 7, 30, tzinfo=SEOUL), T(2021, 10, 20, 21, 0, tzinfo=SEOUL)),
    ("오후 3시", T(2021, 10, 20, 15, 0, tzinfo=SEOUL), None),
    ("tomorrow 10am", T(2021, 10, 20, 10, 0, tzinfo=SEOUL), None),
    ("today 3pm", T(2021, 10, 19, 15, 0, tzinfo=SEOUL), None),
    ("내일 오후 3시", T(2021, 10, 20, 15, 0, tzinfo=SEOUL), None),
    # refused, saying why
    ("10월 22일 3시", "3시: 오전 or 오후?", None),
    ("3시 30분", "3시 30분: 오전 or 오후?", None),
    ("Oct 22 (Fri)", "no time given", None),
    ("Oct 22 9:00-7:30", "before the start", None),
    ("Oct 22 15:00 to Oct 22", "give the end as a time too", None),
    ("Oct 22 3pm XYZ", "cannot read", None),
    ("Oct 22 3pm Mars/Olympus", "unknown zone 'Mars/Olympus'", None),
    ("Oct 22 3pm CST KST", "two zones", None),
    ("Oct 22 15:00 +1:30 +2h", "two durations", None),
    ("Oct 22 2pm-3pm +1:30", "both an end and a duration", None),
    ("Fri Oct 23 3pm", "23 Oct 2021 is a Saturday, not a Friday", None),
    ("10월 23일(금) 오후 3시", "23 Oct 2021 is a Saturday, not a Friday", None),
    ("21.10.19 15:00", "19 Oct 2021 or 21 Oct 2019", None),
    ("03/04/2021 15:00", "4 Mar 2021 or 3 Apr 2021", None),
    ("19 15:00", "19 alone is not a date", None),
    ("Mon 3pm", "which day? 18 Oct 2021", None),
    ("Oct 22 13pm", "not a time of day", None),
    ("Oct 22 25:00", "not a time of day", None),
    ("Oct 22 3pm 4pm", "two times", None),
]

DATE_PROBLEMS = ("ambiguous", "unreadable", "weekday", "year", "too long", "empty", "zone")
"""Refusals about the day, which the command line (taking only the day) makes too."""


def _ids(rows: list) -> list[str]:
    return [repr(row[0][:30]) for row in rows]


def _form(text: str, precision: str, tz: str = "Asia/Seoul"):
    fields = EventFields(title="Meeting", precision=precision, when=text, tz=tz)
    return check_event(KOREA, fields, day=IN_VIEW, today=TODAY)


def test_the_table_is_big_enough():
    assert len(DAYS) + len(TIMES) >= 150
    assert len({row[0] for row in DAYS + TIMES}) == len(DAYS) + len(TIMES)


# ---------------------------------------------------------------- days


@pytest.mark.parametrize(("text", "want"), DAYS, ids=_ids(DAYS))
def test_a_day_through_the_reader(text: str, want: date | str):
    if isinstance(want, date):
        assert parse_day(text, IN_VIEW, TODAY, trips=TRIPS) == want
    else:
        with pytest.raises(WhenError) as caught:
            parse_day(text, IN_VIEW, TODAY, trips=TRIPS)
        assert want in str(caught.value)


@pytest.mark.parametrize(("text", "want"), DAYS, ids=_ids(DAYS))
def test_a_day_through_the_command_line(text: str, want: date | str):
    if isinstance(want, date):
        assert cli_parse_day(text, today=TODAY, trips=lambda: TRIPS) == want
        return
    with pytest.raises(UsageError) as caught:
        cli_parse_day(text, today=TODAY, trips=lambda: TRIPS)
    message = str(caught.value)
    assert message.startswith("invalid date ")
    with pytest.raises(WhenError) as reader:
        parse_day(text, IN_VIEW, TODAY, trips=TRIPS)
    if reader.value.problem not in ("unreadable", "empty", "other", "too long"):
        assert want in message  # the reason, as the reader words it


@pytest.mark.parametrize(("text", "want"), DAYS, ids=_ids(DAYS))
def test_a_day_through_the_event_form(text: str, want: date | str):
    checked = _form(text, "date")
    if isinstance(want, date):
        assert checked.event is not None, checked.errors
        assert checked.event.when == OnDate(want)
    else:
        assert checked.event is None
        assert want in checked.errors["when"]


def test_candidates_are_given_with_the_question():
    with pytest.raises(WhenError) as caught:
        parse_day("Mon", IN_VIEW, TODAY, trips=TRIPS)
    assert caught.value.candidates == (oct_(18), oct_(25))
    assert caught.value.problem == "ambiguous"
    with pytest.raises(WhenError) as caught:
        parse_day("21.10.19", IN_VIEW, TODAY, trips=TRIPS)
    assert caught.value.candidates == (date(2021, 10, 19), date(2019, 10, 21))


def test_a_year_from_the_trips_that_contain_the_day():
    trips = [
        TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 27)),
        TripDays("us-2022", date(2022, 10, 17), date(2022, 10, 20)),
        TripDays("richardson-2019", date(2019, 11, 2), date(2019, 11, 21)),
    ]
    assert parse_day("Oct 25", None, TODAY, trips=trips) == date(2021, 10, 25)
    assert parse_day("Nov 21", None, TODAY, trips=trips) == date(2019, 11, 21)
    with pytest.raises(WhenError, match=r"Oct 19: which year\? 19 Oct 2021 \(korea-2021\), 19 Oct 2022 \(us-2022\)"):
        parse_day("Oct 19", None, TODAY, trips=trips)
    with pytest.raises(WhenError, match="which year\\? no trip in view has that day"):
        parse_day("Mar 3", None, TODAY, trips=trips)
    with pytest.raises(WhenError, match="no trip to take it from"):
        parse_day("Oct 19", None, TODAY)


# ---------------------------------------------------------------- times


@pytest.mark.parametrize(("text", "start", "end"), TIMES, ids=_ids(TIMES))
def test_a_time_through_the_reader(text: str, start: datetime | str, end: datetime | None):
    if isinstance(start, str):
        with pytest.raises(WhenError) as caught:
            parse_when(text, "exact", SEOUL, day=IN_VIEW, today=TODAY, trips=TRIPS)
        assert start in str(caught.value)
        return
    when = parse_when(text, "exact", SEOUL, day=IN_VIEW, today=TODAY, trips=TRIPS)
    assert isinstance(when, Exact)
    assert when.start.astimezone(UTC) == start.astimezone(UTC)
    assert when.start.utcoffset() == start.utcoffset()  # shown in the zone it was typed in
    assert (when.end.astimezone(UTC) if when.end else None) == (end.astimezone(UTC) if end else None)


@pytest.mark.parametrize(("text", "start", "end"), TIMES, ids=_ids(TIMES))
def test_a_time_through_the_event_form(text: str, start: datetime | str, end: datetime | None):
    checked = _form(text, "exact")
    if isinstance(start, str):
        assert checked.event is None
        assert start in checked.errors["when"]
        return
    assert checked.event is not None, checked.errors
    when = checked.event.when
    assert isinstance(when, Exact)
    assert when.start.astimezone(UTC) == start.astimezone(UTC)
    assert (when.end.astimezone(UTC) if when.end else None) == (end.astimezone(UTC) if end else None)
    typed_zone = getattr(start.tzinfo, "key", "UTC")
    if typed_zone != "Asia/Seoul":
        # Used and shown: the event's zone becomes the one typed, the zone field follows, the note says so.
        assert getattr(checked.event.tz, "key", None) == typed_zone
        assert checked.zones["tz"] == typed_zone
        assert f"zone set to {typed_zone}" in checked.notes["when"]


@pytest.mark.parametrize(("text", "start", "end"), TIMES, ids=_ids(TIMES))
def test_a_time_through_the_command_line(text: str, start: datetime | str, end: datetime | None):
    # The command line takes the day of what is typed (a time is ignored, a zone refused).
    try:
        parse_when(text, "exact", SEOUL, day=IN_VIEW, today=TODAY, trips=TRIPS)
    except WhenError as exc:
        if exc.problem in DATE_PROBLEMS:
            with pytest.raises(UsageError):
                cli_parse_day(text, today=IN_VIEW, trips=lambda: TRIPS)
        return
    assert isinstance(start, datetime)
    if end is not None and end.date() != start.date() and " to " in text:
        with pytest.raises(UsageError):  # two days typed: which is meant?
            cli_parse_day(text, today=IN_VIEW, trips=lambda: TRIPS)
        return
    if start.tzinfo is not SEOUL or re.search(r"KST|[A-Za-z]/[A-Za-z]", text):
        with pytest.raises(UsageError, match="a zone"):
            cli_parse_day(text, today=IN_VIEW, trips=lambda: TRIPS)
        return
    # The command line's "today" is the form's day in view: bare times fall on it in both.
    if not any(w in text for w in ("today", "tomorrow", "내일")):
        assert cli_parse_day(text, today=IN_VIEW, trips=lambda: TRIPS) == start.date()


def test_an_abbreviation_says_which_zone_it_was_read_as():
    checked = _form("Oct 22 3pm CST", "exact")
    assert "CST read as America/Chicago" in checked.notes["when"]
    assert "CDT" in checked.notes["when"]  # the preview shows the zone's name on that day
    assert checked.event is not None
    assert checked.event.when.start.astimezone(UTC) == datetime(2021, 10, 22, 20, 0, tzinfo=UTC)


def test_retyping_only_the_start_keeps_the_length():
    first = _form("Oct 22 14:00-15:30", "exact").event
    assert first is not None
    fields = EventFields(title="Meeting", precision="exact", when="Oct 22 16:00", tz="Asia/Seoul")
    checked = check_event(KOREA, fields, event=first, day=IN_VIEW, today=TODAY)
    assert checked.event is not None
    assert checked.event.when == Exact(T(2021, 10, 22, 16, 0, tzinfo=SEOUL), T(2021, 10, 22, 17, 30, tzinfo=SEOUL))
    assert "keeps its length of 1:30" in checked.notes["when"]
    retyped = replace(fields, when="Oct 22 16:00 +0")
    dropped = check_event(KOREA, retyped, event=first, day=IN_VIEW, today=TODAY)
    assert dropped.event is not None and dropped.event.when == Exact(T(2021, 10, 22, 16, 0, tzinfo=SEOUL))


def test_a_day_outside_the_trip_is_read_then_refused_by_the_form():
    # The trip in view lies in 2021, so "Nov 2" is 2 Nov 2021; the form says it is outside the trip.
    assert parse_day("Nov 2", IN_VIEW, TODAY, trips=TRIPS) == date(2021, 11, 2)
    assert _form("Nov 2 3pm", "exact").errors["when"] == "2021-11-02 is outside the trip (2021-10-18 to 2021-10-27)"


# ---------------------------------------------------------------- the command, run


def test_agenda_of_a_day_without_a_year_resolved_by_the_one_trip_holding_it(run_cli, workspace):
    (workspace / "la-2023.toml").unlink()  # a month-only trip in October 2023 would hold Oct 19 too
    out = run_cli("--dir", str(workspace), "agenda", "Oct 19")
    assert out.returncode == 0, out.stderr
    assert "19 Oct 2021" in out.stdout or "2021-10-19" in out.stdout or "October 2021" in out.stdout


def test_agenda_of_a_day_two_trips_hold_asks_which_year(run_cli, workspace):
    out = run_cli("--dir", str(workspace), "agenda", "Oct 19")
    assert out.returncode == 2
    assert "Oct 19: which year? 19 Oct 2021 (korea-2021), 19 Oct 2023 (la-2023)" in out.stderr


def test_agenda_of_a_day_one_trip_holds(run_cli, workspace):
    out = run_cli("--dir", str(workspace), "agenda", "Nov 21")
    assert out.returncode == 0, out.stderr
    nov_21 = run_cli("--dir", str(workspace), "agenda", "2019-11-21")
    assert out.stdout == nov_21.stdout


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("19", "19 alone is not a date (19 Nov 2019, 19 Oct 2021, 19 Oct 2023?)"),
        ("21.10.19", "21.10.19: 19 Oct 2021 or 21 Oct 2019?"),
        ("03/04/2021", "4 Mar 2021 or 3 Apr 2021?"),
    ],
)
def test_agenda_of_an_ambiguous_day_is_refused_with_its_readings(run_cli, workspace, typed: str, said: str):
    out = run_cli("--dir", str(workspace), "agenda", typed)
    assert out.returncode == 2
    assert said in out.stderr
    assert out.stdout == ""
