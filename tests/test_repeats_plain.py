"""Plain daily and weekly series are stepped by arithmetic: the same occurrences as dateutil's walk.

:func:`planner.model.repeats.series` walks ``FREQ=DAILY`` and ``FREQ=WEEKLY``
rules without a BY* part (INTERVAL, COUNT and UNTIL allowed) by adding days,
rather than through dateutil's calendar of each year: a listing of a big trip
expands hundreds of them. Any such rule from any start gives what dateutil gives.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import islice

import pytest
from dateutil.rrule import DAILY, rrulestr
from hypothesis import given
from hypothesis import strategies as st

from planner.model import repeats
from planner.model.repeats import RuleFields, rule_fields

starts = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31))


@st.composite
def plain_rules(draw: st.DrawFn) -> tuple[str, datetime]:
    start = draw(starts)
    parts = [draw(st.sampled_from(["FREQ=DAILY", "FREQ=WEEKLY"]))]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 9))}")
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    if draw(st.booleans()):
        until = start + draw(st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=300)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}" if draw(st.booleans()) else f"UNTIL={until:%Y%m%d}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(['MO', 'SU', 'WE']))}")
    return ";".join(draw(st.permutations(parts))), start


@pytest.mark.filterwarnings("ignore:Using both 'count' and 'until'")  # dateutil's, when both are drawn
@given(plain_rules())
def test_plain_series_step_as_dateutil_walks(case: tuple[str, datetime]):
    text, start = case
    rule = rrulestr(text, dtstart=start, ignoretz=True)
    stepped = repeats.series(rule, start, date(2300, 1, 1))
    assert stepped.gi_code.co_name == "_every"  # type: ignore[attr-defined]  (the arithmetic was taken)
    walked = rule.xafter(start - timedelta(seconds=1), inc=True)
    assert list(islice(stepped, 500)) == list(islice(walked, 500))


def test_rules_with_a_by_part_are_walked_by_dateutil():
    start = datetime(2021, 10, 18, 9, 30)
    for text in ("FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY;BYHOUR=8,9", "FREQ=MONTHLY;COUNT=3", "FREQ=HOURLY;COUNT=3"):
        found = repeats.series(rrulestr(text, dtstart=start, ignoretz=True), start, date(2022, 1, 1))
        assert getattr(getattr(found, "gi_code", None), "co_name", "") != "_every", text


def test_rule_fields_reads_until():
    parsed = rrulestr("FREQ=DAILY;UNTIL=20211031T235959", dtstart=datetime(2021, 10, 18, 9, 30), ignoretz=True)
    fields = rule_fields(parsed)
    assert fields == RuleFields(DAILY, 1, 0, None, None, frozenset(), None, datetime(2021, 10, 31, 23, 59, 59))


@st.composite
def plain_texts(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(["FREQ=DAILY", "FREQ=WEEKLY"]))]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 60))}")  # 500 steps stay below the year 9999
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    return ";".join(draw(st.permutations(parts)))


@given(plain_texts(), starts)
def test_plain_rule_texts_are_stepped_without_dateutil(text: str, start: datetime):
    import dateutil.rrule

    walked = list(islice(rrulestr(text, dtstart=start, ignoretz=True), 500))
    real, dateutil.rrule.rrulestr = dateutil.rrule.rrulestr, None  # not even parsed by dateutil
    try:
        stepped = list(islice(repeats.series_of(text, start, date(2300, 1, 1)), 500))
    finally:
        dateutil.rrule.rrulestr = real
    assert stepped == walked


def test_other_rule_texts_go_to_dateutil():
    for text in ("freq=daily", "FREQ=DAILY;COUNT=05", "FREQ=DAILY;COUNT=2;COUNT=3", "FREQ=WEEKLY;WKST=SU", "COUNT=2"):
        assert repeats._plain_rule(text) is None, text
    start = datetime(2021, 10, 18, 9, 30)
    assert list(repeats.series_of("FREQ=DAILY;COUNT=2;COUNT=3", start, date(2022, 1, 1)))[-1] == datetime(
        2021, 10, 20, 9, 30
    )  # dateutil's reading: the last COUNT
