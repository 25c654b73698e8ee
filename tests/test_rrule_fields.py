"""dateutil's private rrule attributes that planner.model.repeats reads, and the public way taken without them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr

from planner.model import repeats
from planner.model.repeats import RuleFields, never_happens, rule_fields
from planner.model.timeline import expand
from planner.model.trip import Event, Recurrence, Trip
from planner.model.when import Exact, OnDate, Span

SEOUL = ZoneInfo("Asia/Seoul")
START = datetime(2021, 10, 18, 9, 30)  # a Monday


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=DAILY", RuleFields(DAILY, 1, 0, None, None, frozenset())),
        (
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;COUNT=5;BYDAY=MO,WE",
            RuleFields(WEEKLY, 2, 6, 5, (0, 2), frozenset({"byweekday"})),
        ),
        ("FREQ=MONTHLY;BYDAY=+3TH", RuleFields(MONTHLY, 1, 0, None, None, frozenset({"byweekday"}))),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            RuleFields(YEARLY, 1, 0, None, None, frozenset({"bymonth", "bymonthday"})),
        ),
        (
            "FREQ=DAILY;INTERVAL=7;BYDAY=TU;BYHOUR=8",
            RuleFields(DAILY, 7, 0, None, (1,), frozenset({"byweekday", "byhour"})),
        ),
    ],
)
def test_dateutil_still_keeps_the_fields_where_rule_fields_reads_them(rule: str, expected: RuleFields):
    """Fails when a dateutil release moves or retypes them: the fast paths would then be off, silently."""
    parsed = rrulestr(rule, dtstart=START, ignoretz=True)
    for name in ("_freq", "_interval", "_wkst", "_count", "_byweekday", "_original_rule"):
        assert hasattr(parsed, name), name
    assert rule_fields(parsed) == expected


def test_rule_fields_is_none_without_the_private_attributes():
    class Stripped:
        pass

    assert rule_fields(Stripped()) is None
    assert rule_fields(rrulestr("RRULE:FREQ=DAILY\nEXDATE:20211019T093000", dtstart=START, ignoretz=True)) is None


def _trip(*events: Event) -> Trip:
    return Trip(id="t", title="T", home_tz=SEOUL, dates=Span(date(2021, 10, 18), date(2021, 12, 31)), events=events)


SERIES = [
    "FREQ=DAILY;INTERVAL=3;BYDAY=TU",  # every 21 days: the INTERVAL walk of series
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO;COUNT=7",
    "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TH",
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=HOURLY;INTERVAL=5;BYHOUR=9,14;COUNT=9",
    "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1,15",
]


@pytest.mark.parametrize("rule", SERIES)
@pytest.mark.parametrize("timed", [True, False])
def test_series_are_the_same_without_the_private_attributes(rule: str, timed: bool, monkeypatch: pytest.MonkeyPatch):
    when = Exact(datetime.combine(START.date(), time(9, 30), tzinfo=SEOUL)) if timed else OnDate(START.date())
    event = Event(id="e", title="E", when=when, tz=SEOUL, repeat=Recurrence(rule))
    trip = _trip(event)
    windows = [(None, None), (date(2021, 11, 1), date(2021, 12, 15))]
    fast = [[o.when for o in expand(trip, event, *w)] for w in windows]
    assert fast[0]
    monkeypatch.setattr(repeats, "rule_fields", lambda rule: None)
    slow = [[o.when for o in expand(trip, event, *w)] for w in windows]
    assert slow == fast


@pytest.mark.parametrize(
    ("rule", "never"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", True),
        ("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31", True),
        ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30", True),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", False),
        ("FREQ=WEEKLY;BYDAY=TU;BYMONTHDAY=13", False),
        ("FREQ=WEEKLY;INTERVAL=3;BYMONTH=6", False),
    ],
)
def test_never_happens_is_the_same_without_the_private_attributes(
    rule: str, never: bool, monkeypatch: pytest.MonkeyPatch
):
    assert never_happens(rule, date(2021, 10, 18)) is never
    monkeypatch.setattr(repeats, "rule_fields", lambda rule: None)
    assert never_happens(rule, date(2021, 10, 18)) is never
