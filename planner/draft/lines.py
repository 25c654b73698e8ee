"""Draft events from a pasted Korean schedule, one line at a time.

A programme arrives as text: a heading per day (``10월 19일(화)``) and a line
per activity under it (``- 오후 2시 광주시청 시장 면담``), or a day on every
line (``10/20 10:00 중기부 MOU``). :func:`draft` reads it the way a person
would: a line with only a day opens that day for the lines below; a line with
an activity becomes a :class:`Draft` stating exactly the precision the text
gave (a time, a part of the day, a date, a span, a month, or "not fixed
yet"); anything it cannot place becomes a :class:`Question` naming the line,
never a guess. The year comes from the text, else the trip, else the caller;
a weekday written in brackets is checked against it, which catches a wrong
year before anyone flies.

>>> from zoneinfo import ZoneInfo
>>> r = draft("10월 19일(화)\\n- 오후 2시~3시 30분 광주시청 시장 면담", year=2021, tz=ZoneInfo("Asia/Seoul"))
>>> d = r.drafts[0]
>>> (d.line, d.title, d.kind, d.when.label())
(2, '광주시청 시장 면담', 'meeting', '14:00–15:30')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When
from planner.text import korean as phrases

MAX_LINES = 2000
"""A schedule is a page or two; more than this is not a schedule (refused, not read slowly)."""
MAX_LINE_CHARS = 500

_BULLET = re.compile(r"^\s*(?:[-*•·∙○●◦▶▷►■□◆◇※>]+|\d{1,2}[.)](?=\s)|[(（]\d{1,2}[)）]|[가-하][.)](?=\s))\s*")
_HEADING = re.compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>|【[^】]*】|《[^》]*》|〈[^〉]*〉|=+[^=]*=+)\s*$")
"""``[방문 일정]``, ``<2일차>``: a heading; read for a day, and otherwise skipped in silence."""
_SEPARATORS = re.compile(r"^[\s:：|/,\-–—~]+|[\s:：|/,\-–—~]+$")
_PLACE_AT = re.compile(r"(?:장소\s*[:：]\s*|@\s*)(?P<p>[^,()（）]+?)\s*$")
_PLACE_BRACKETS = re.compile(r"[(（\[](?P<p>[^()（）\[\]]{2,40})[)）\]]\s*$")
_PLACE_EODSEO = re.compile(r"^(?P<p>\S{2,30})에서\s+")

# Kinds by the words Korean and English programmes use; the first that matches wins,
# so "시청 방문 및 시장 면담" is a meeting and "인천공항 도착" is travel.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("mou", r"MOU|업무\s*협약|협약식|양해\s*각서|협약\s*체결"),
    ("roundtable", r"간담회|라운드\s*테이블|roundtable|좌담회"),
    ("conference", r"컨퍼런스|콘퍼런스|포럼|세미나|심포지엄|총회|conference|forum|seminar|summit|서밋"),
    ("expo", r"박람회|엑스포|전시회|expo|EXPO|trade\s*show"),
    ("reception", r"리셉션|환영회|네트워킹|교류회|reception|networking"),
    ("dinner", r"만찬|오찬|조찬|저녁\s*식사|점심\s*식사|식사|dinner|lunch|breakfast"),
    ("talk", r"강연|특강|발표|연설|설명회|talk|lecture|keynote"),
    ("meeting", r"면담|회의|미팅|접견|예방|회담|meeting"),
    ("visit", r"방문|시찰|견학|투어|답사|visit|tour"),
    ("travel", r"출발|도착|이동|입국|출국|귀국|항공|공항|KTX|비행|flight|depart|arrive"),
)
_KIND_RX = [(kind, re.compile(words, re.IGNORECASE)) for kind, words in KIND_WORDS]


def guess_kind(text: str) -> str:
    """The event kind a title's words suggest (``"other"`` when none do)."""
    for kind, rx in _KIND_RX:
        if rx.search(text):
            return kind
    return "other"


@dataclass(frozen=True)
class Draft:
    """One activity read from a line of the text, not yet part of a trip."""

    line: int
    """1-based line of the pasted text."""
    source: str
    """The line as written, so the organiser can compare."""
    title: str
    when: When
    kind: str
    place_hint: str = ""
    """Words the line gives for where ("광주시청"), to match against the trip's places."""
    notes: tuple[str, ...] = ()
    """What the drafter inferred, in plain words (the year, a span's month)."""


@dataclass(frozen=True)
class Question:
    """A line the drafter could not place, or placed with a doubt the organiser must settle."""

    line: int
    source: str
    message: str


@dataclass
class DraftResult:
    drafts: list[Draft] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


class DraftError(ValueError):
    """The text as a whole cannot be read (too long, or not text)."""


@dataclass
class _Context:
    """What the lines above have established: the open day and the year in force."""

    tz: tzinfo
    year: int | None
    """The caller's fallback year (``--year``)."""
    trip_first: date | None
    trip_last: date | None
    day: date | None = None
    span_last: date | None = None
    month: InMonth | None = None
    text_year: int | None = None
    """The last year the text itself wrote ("2021년", "2021.10.19"): it holds for the lines below."""


def draft(
    text: str, *, tz: tzinfo, year: int | None = None, trip_dates: tuple[date, date] | None = None
) -> DraftResult:
    """Drafts and questions for every line of ``text``.

    ``trip_dates`` (first and last day) gives the year when the text does not,
    and lets "2일차" count from the first day; ``year`` is the fallback.
    """
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise DraftError(f"{len(lines)} lines is more than a schedule ({MAX_LINES} at most); split it")
    first, last = trip_dates if trip_dates else (None, None)
    ctx = _Context(tz=tz, year=year, trip_first=first, trip_last=last)
    result = DraftResult()
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE_CHARS:
            result.questions.append(
                Question(number, raw[:80] + "…", f"the line is longer than {MAX_LINE_CHARS} characters; not read")
            )
            continue
        _read_line(number, raw, ctx, result)
    return result


def _cut(text: str, found: phrases.Found) -> str:
    return (text[: found.begin] + " " + text[found.end :]).strip()


def _resolve_year(ctx: _Context, month: int, day: int, written: int | None, notes: list[str]) -> int | None:
    """The year of month/day: as written (here or above), else the trip's, else the caller's."""
    if written is not None:
        ctx.text_year = written
        return written
    if ctx.text_year is not None:
        return ctx.text_year
    if ctx.trip_first is not None and ctx.trip_last is not None:
        for y in range(ctx.trip_first.year, ctx.trip_last.year + 1):
            try:
                if ctx.trip_first - timedelta(days=31) <= date(y, month, day) <= ctx.trip_last + timedelta(days=31):
                    return y
            except ValueError:
                continue
        if ctx.year is None:
            notes.append(f"year {ctx.trip_first.year} taken from the trip; the day falls outside its dates")
            return ctx.trip_first.year
    return ctx.year


def _read_line(number: int, raw: str, ctx: _Context, result: DraftResult) -> None:
    text = " ".join(raw.replace("\u3000", " ").split())
    text = _BULLET.sub("", text)
    if not text or not re.search(r"[\w가-힣]", text):
        return
    ask: Callable[[str], None] = lambda message: result.questions.append(Question(number, raw.strip(), message))  # noqa: E731
    notes: list[str] = []
    when_day: date | None = None
    span_last: date | None = None
    month: InMonth | None = None

    found_date = phrases.find_date(text)
    if found_date is not None:
        y = _resolve_year(ctx, found_date.month, found_date.day, found_date.year, notes)
        if y is None:
            ask("no year: the text, the trip and --year give none")
            return
        try:
            when_day = date(y, found_date.month, found_date.day)
            if found_date.end_day is not None:
                assert found_date.end_month is not None  # find_date gives an end month with an end day
                end_year = y + (1 if (found_date.end_month or 0) < found_date.month else 0)
                span_last = date(end_year, found_date.end_month, found_date.end_day)
                if span_last < when_day:
                    ask(f"the span ends ({span_last:%d %b}) before it starts ({when_day:%d %b})")
                    return
        except ValueError as exc:
            ask(f"{found_date.month}월 {found_date.day}일: {exc}")
            return
        for day, wd in ((when_day, found_date.weekday), (span_last, found_date.end_weekday)):
            if day is not None and wd is not None and day.weekday() != wd:
                ask(
                    f"({phrases.WEEKDAYS_KO[wd]}) is written, but {day:%d %b %Y} is a "
                    f"{day:%A} ({phrases.WEEKDAYS_KO[day.weekday()]}); check the date or the year"
                )
        text = _cut(text, found_date)
    else:
        found_n = phrases.find_day_number(text)
        found_month = None if found_n else phrases.find_month(text)
        if found_n is not None:
            if ctx.trip_first is None:
                ask(f"'{found_n.n}일차' counts from the trip's first day, and no trip dates are known")
                return
            when_day = ctx.trip_first + timedelta(days=found_n.n - 1)
            notes.append(f"day {found_n.n} of the trip")
            text = _cut(text, found_n)
        elif found_month is not None:
            y = found_month.year or _resolve_year(ctx, found_month.month, 1, None, notes)
            if found_month.year:
                ctx.text_year = found_month.year
            if y is None:
                ask("no year: the text, the trip and --year give none")
                return
            month = InMonth(y, found_month.month)
            if found_month.qualifier:
                notes.append(
                    f"'{found_month.qualifier}' as written: "
                    + {
                        "초": "early in the month",
                        "초순": "early in the month",
                        "중": "during the month",
                        "중순": "mid-month",
                        "하순": "late in the month",
                        "말": "late in the month",
                        "경": "around then",
                    }[found_month.qualifier]
                )
            text = _cut(text, found_month)

    unscheduled = phrases.find_unscheduled(text)
    if unscheduled is not None:
        text = _cut(text, unscheduled)

    try:
        times = phrases.find_times(text)
    except ValueError as exc:
        ask(str(exc))
        return
    if times is not None:
        text = _cut(text, times)
    part = None if (times is not None and times.start is not None) else phrases.find_part(text)
    if part is not None:
        text = _cut(text, part)

    title = _SEPARATORS.sub("", text).strip()
    place_hint = ""
    for rx in (_PLACE_AT, _PLACE_BRACKETS):
        m = rx.search(title)
        if m and _SEPARATORS.sub("", title[: m.start()]).strip():
            place_hint = m.group("p").strip()
            title = _SEPARATORS.sub("", title[: m.start()]).strip()
            break
    if not place_hint:
        m = _PLACE_EODSEO.match(title)
        if m:
            place_hint = m.group("p")

    if not title or _HEADING.match(raw):
        # A heading: the day (or span, or month) is open for the lines below.
        if when_day is not None:
            ctx.day, ctx.span_last, ctx.month = when_day, span_last, None
        elif month is not None:
            ctx.day, ctx.span_last, ctx.month = None, None, month
        elif times is not None or part is not None:
            ask("a time with nothing to do at it")
        return

    if when_day is None and month is None:
        if unscheduled is not None and times is None:
            unplanned = Unscheduled()
            result.drafts.append(
                Draft(number, raw.strip(), title, unplanned, guess_kind(title), place_hint, tuple(notes))
            )
            return
        if ctx.day is not None:
            when_day, span_last = ctx.day, ctx.span_last
        elif ctx.month is not None:
            month = ctx.month
        else:
            ask("no day for this line: write one (10월 19일) or put it under a day's heading")
            return

    when = _when(when_day, span_last, month, times, part, unscheduled, ctx.tz, notes, ask)
    if when is None:
        return
    result.drafts.append(Draft(number, raw.strip(), title, when, guess_kind(title), place_hint, tuple(notes)))
    if found_date is not None:
        ctx.day, ctx.span_last, ctx.month = when_day, span_last, None


def _when(
    day: date | None,
    span_last: date | None,
    month: InMonth | None,
    times: phrases.TimePhrase | None,
    part: phrases.PartPhrase | None,
    unscheduled: phrases.Found | None,
    tz: tzinfo,
    notes: list[str],
    ask: Callable[[str], None],
) -> When | None:
    """The most precise :mod:`~planner.model.when` value the line supports, and no more."""
    if month is not None:
        if times is not None or part is not None:
            notes.append("a time was written but no day, so only the month is kept")
        return month
    assert day is not None
    if times is not None and (times.start is None or times.ambiguous):
        ask(
            f"'{times.ambiguous}' could be morning or afternoon; write 오전/오후 or a 24-hour time "
            "(the hour is left out)"
        )
        times = None
    if span_last is not None and span_last != day:
        if times is not None:
            notes.append("a time was written for several days; kept as the span of days")
        return Span(day, span_last)
    if unscheduled is not None and times is None:
        notes.append("the time is not fixed yet")
        return OnDate(day)
    if times is not None:
        assert times.start is not None  # a time phrase without a start was dropped above
        start = datetime.combine(day, times.start, tzinfo=tz)
        end = None
        if times.until is not None:
            end = datetime.combine(day, times.until, tzinfo=tz)
            if end <= start:
                end += timedelta(days=1)
                notes.append("the end is after midnight")
        return Exact(start, end)
    if part is not None:
        return PartOfDay(day, part.part)
    return OnDate(day)
