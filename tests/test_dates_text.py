"""The one reader of typed days (:func:`planner.text.dates.parse_day`), row by row.

Each row is (what was typed, today, the day it means or a fragment of the
TUI's error, a fragment of the command line's error). Every row runs through
the reader the TUI calls and through the command line's wrapper
(``planner.cli._common.parse_day``), and both must agree: the same day, or
both refuse. The one deliberate difference, a time typed with the day
(ignored by the command line, refused by the TUI's "date only"), has its own
table.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from planner.cli._common import UsageError
from planner.cli._common import parse_day as cli_parse_day
from planner.text.dates import MAX_CHARS, TripDays, WhenError, parse_day

OCT_18 = date(2021, 10, 18)
NEW_YEAR = date(2020, 1, 1)
LEAP = date(2024, 2, 28)

CLI_READ = "write it like 2021-10-19 or 'Oct 19 2021'"
TUI_READ = "cannot read"

# (text, today, the day or the TUI's error fragment, the command line's error fragment)
ROWS: list[tuple[str, date, date | str, str | None]] = [
    # ISO, the fast path
    ("2021-10-19", OCT_18, date(2021, 10, 19), None),
    ("1900-01-01", OCT_18, date(1900, 1, 1), None),
    ("2200-12-31", OCT_18, date(2200, 12, 31), None),
    ("2024-02-29", OCT_18, date(2024, 2, 29), None),
    ("  2021-10-19  ", OCT_18, date(2021, 10, 19), None),
    ("\t2021-10-19\n", OCT_18, date(2021, 10, 19), None),
    ("2021-10-19", NEW_YEAR, date(2021, 10, 19), None),
    # ISO-shaped but no such day: dateutil says so
    ("2021-02-30", OCT_18, TUI_READ, CLI_READ),
    ("2021-13-01", OCT_18, TUI_READ, CLI_READ),
    ("2023-02-29", OCT_18, TUI_READ, CLI_READ),
    # words and numbers
    ("Oct 19 2021", OCT_18, date(2021, 10, 19), None),
    ("19 October 2021", OCT_18, date(2021, 10, 19), None),
    ("October 19, 2021", OCT_18, date(2021, 10, 19), None),
    ("19 Oct 2021", OCT_18, date(2021, 10, 19), None),
    ("  Oct 19 2021 ", OCT_18, date(2021, 10, 19), None),
    ("2021/10/19", OCT_18, date(2021, 10, 19), None),
    ("20211019", OCT_18, date(2021, 10, 19), None),
    ("Nov 21 2019", OCT_18, date(2019, 11, 21), None),
    # no year, and no trips in view to take it from: asked, never today's year (it was, silently)
    ("Oct 19", OCT_18, "Oct 19: which year?", "invalid date 'Oct 19': Oct 19: which year?"),
    ("Oct 19", NEW_YEAR, "which year?", "which year?"),
    ("Feb 29", LEAP, "Feb 29: which year?", "which year?"),
    # a month alone is not a day (it was the month's day of today, silently)
    ("October", OCT_18, "Oct: which day?", "Oct: which day?"),
    # relative words, any case, any surrounding space
    ("today", OCT_18, OCT_18, None),
    ("tomorrow", OCT_18, date(2021, 10, 19), None),
    ("yesterday", OCT_18, date(2021, 10, 17), None),
    ("TODAY", OCT_18, OCT_18, None),
    ("Tomorrow", OCT_18, date(2021, 10, 19), None),
    ("YeStErDaY", OCT_18, date(2021, 10, 17), None),
    ("  tomorrow  ", OCT_18, date(2021, 10, 19), None),
    ("\ttoday\n", OCT_18, OCT_18, None),
    ("tomorrow", date(2021, 12, 31), date(2022, 1, 1), None),
    ("yesterday", NEW_YEAR, date(2019, 12, 31), None),
    ("tomorrow", LEAP, date(2024, 2, 29), None),
    # years no trip can have
    ("0001-01-01", OCT_18, "the year 1 is not between 1900 and 2200", "invalid date '0001-01-01': the year 1 is not"),
    ("9999-12-31", OCT_18, "the year 9999 is not between 1900 and 2200", "the year 9999 is not between 1900 and 2200"),
    ("1899-12-31", OCT_18, "the year 1899 is not between", "the year 1899 is not between"),
    ("2201-01-01", OCT_18, "the year 2201 is not between", "the year 2201 is not between"),
    ("Oct 19 9999", OCT_18, "the year 9999 is not between", "invalid date 'Oct 19 9999': the year 9999"),
    ("1 January 1066", OCT_18, "the year 1066 is not between", "the year 1066 is not between"),
    # too long: refused before any parsing
    ("a" * (MAX_CHARS + 1), OCT_18, "too long for a date (101 characters)", "...: too long for a date"),
    ("9" * 100_000, OCT_18, "too long for a date (100,000 characters)", "too long for a date"),
    ("Oct 19 2021" + " " * 200, OCT_18, date(2021, 10, 19), None),  # the spaces are stripped first
    ("1 " * 60, OCT_18, "too long for a date", f"invalid date {('1 ' * 20)!r}...: too long"),
    # nothing, or garbage
    ("", OCT_18, "type a date or time", "invalid date '': " + CLI_READ),
    ("   ", OCT_18, "type a date or time", CLI_READ),
    ("someday", OCT_18, "cannot read 'someday' as a date or time", "invalid date 'someday': " + CLI_READ),
    ("next blursday", OCT_18, TUI_READ, CLI_READ),
    ("32/13/2021", OCT_18, TUI_READ, CLI_READ),
    ("\x00", OCT_18, TUI_READ, CLI_READ),
    ("\u202e2021-10-19", OCT_18, TUI_READ, CLI_READ),
    ("99999999999999999999", OCT_18, TUI_READ, CLI_READ),
    ("24:009999999999999999999999999999999999999999", OCT_18, TUI_READ, CLI_READ),
    ("Oct 32 2021", OCT_18, TUI_READ, CLI_READ),
    ("to-morrow", OCT_18, TUI_READ, CLI_READ),
]

# A time typed with the day: the command line takes the day, the TUI's "date only" refuses.
TIMED: list[tuple[str, date, date]] = [
    ("2021-10-19 10:00", OCT_18, date(2021, 10, 19)),
    ("2021-10-19T07:30", OCT_18, date(2021, 10, 19)),
    ("Oct 19 2021 7:30am", OCT_18, date(2021, 10, 19)),
    ("tomorrow 10am", OCT_18, date(2021, 10, 19)),
    ("10am", OCT_18, OCT_18),
]


def _ids(rows: list) -> list[str]:
    return [repr(row[0][:30]) + ("…" if len(row[0]) > 30 else "") for row in rows]


@pytest.mark.parametrize(("text", "today", "tui", "cli"), ROWS, ids=_ids(ROWS))
def test_the_reader(text: str, today: date, tui: date | str, cli: str | None):
    if isinstance(tui, date):
        assert parse_day(text, today, today) == tui
    else:
        with pytest.raises(WhenError) as caught:
            parse_day(text, today, today)
        assert tui in str(caught.value)


@pytest.mark.parametrize(("text", "today", "tui", "cli"), ROWS, ids=_ids(ROWS))
def test_the_command_line(text: str, today: date, tui: date | str, cli: str | None):
    if cli is None:
        assert cli_parse_day(text, today=today) == tui
    else:
        with pytest.raises(UsageError) as caught:
            cli_parse_day(text, today=today)
        message = str(caught.value)
        assert cli in message and message.startswith("invalid date ")


@pytest.mark.parametrize(("text", "today", "tui", "cli"), ROWS, ids=_ids(ROWS))
def test_the_command_line_and_the_tui_agree(text: str, today: date, tui: date | str, cli: str | None):
    def tui_day() -> date | None:
        try:
            return parse_day(text, today, today)
        except WhenError:
            return None

    def cli_day() -> date | None:
        try:
            return cli_parse_day(text, today=today)
        except UsageError:
            return None

    assert tui_day() == cli_day()
    assert (tui_day() is None) == (cli is not None)


@pytest.mark.parametrize(("text", "today", "day"), TIMED, ids=_ids(TIMED))
def test_a_time_with_the_day(text: str, today: date, day: date):
    assert cli_parse_day(text, today=today) == day
    assert parse_day(text, today, today, allow_time=True) == day
    with pytest.raises(WhenError, match="a time was typed") as caught:
        parse_day(text, today, today)
    assert caught.value.problem == "time"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("someday", "unreadable"),
        ("2021-02-30", "unreadable"),
        ("x" * 101, "too long"),
        ("0001-01-01", "year"),
        ("Oct 19 2021 10:00", "time"),
    ],
)
def test_the_error_says_what_kind_of_mistake(text: str, problem: str):
    with pytest.raises(WhenError) as caught:
        parse_day(text, OCT_18, OCT_18)
    assert caught.value.problem == problem
    assert isinstance(caught.value, ValueError)


def test_a_partial_date_takes_its_year_from_the_trips_in_view_and_a_word_from_today():
    # "Go to date" reads "Oct 19" in the year of the one trip holding it (it used to take
    # the year of the row it was on, silently); "tomorrow" counts from today.
    korea = [TripDays("korea-2021", date(2021, 10, 18), date(2021, 10, 21))]
    assert parse_day("Oct 19", date(2019, 3, 1), OCT_18, trips=korea) == date(2021, 10, 19)
    assert parse_day("tomorrow", date(2019, 3, 1), OCT_18, trips=korea) == date(2021, 10, 19)


def test_an_iso_day_does_not_import_the_date_parser():
    code = (
        "import sys; from datetime import date; "
        "from planner.text.dates import parse_day; from planner.cli._common import parse_day as cli; "
        "parse_day('2021-10-19', date(2021, 1, 1), date(2021, 1, 1)); cli(' 2021-10-19 '); cli('tomorrow'); "
        "print(sorted(m for m in sys.modules if m.startswith('dateutil.parser')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
