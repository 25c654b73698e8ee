"""Draft events from a pasted Korean schedule: one draft per activity, in text order.

A programme arrives as text: a heading per day (``10월 19일(화)``) and a line
per activity under it (``- 오후 2시 광주시청 시장 면담``), a day on every line
(``10/20 10:00 중기부 MOU``), or press prose (``20일에는 …, 26일에는 …``).
:func:`draft` reads it the way a person would: a line with only a day opens
that day for the lines below; each clause or sentence with its own day or
time is its own :class:`Draft`, stating exactly the precision the text gave
(a time, a part of the day, a date, a span, a month, or "not fixed yet");
anything it cannot place becomes a :class:`Question` naming the line, never a
guess. Days are read in context (:mod:`planner.draft.days`): the trip, the
year given, the day the text was written, headers, and the day last named.

>>> from zoneinfo import ZoneInfo
>>> r = draft("10월 19일(화)\\n- 오후 2시~3시 30분 광주시청 시장 면담", year=2021, tz=ZoneInfo("Asia/Seoul"))
>>> d = r.drafts[0]
>>> (d.line, d.title_ko, d.kind, d.when.label())
(2, '광주시청 시장 면담', 'meeting', '14:00–15:30')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from planner.draft.days import Context, DayRead, Unreadable, read_day
from planner.draft.furniture import is_furniture, without_byline
from planner.draft.pieces import MIDNIGHT as _MIDNIGHT
from planner.draft.pieces import activities as activities
from planner.draft.pieces import part as _part
from planner.draft.pieces import split_days, table_cells
from planner.draft.titles import KIND_WORDS as KIND_WORDS
from planner.draft.titles import guess_kind as guess_kind
from planner.draft.titles import read_title, tidy
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled, When
from planner.text import korean as phrases

MAX_LINES = 2000
"""A schedule is a page or two; more than this is not a schedule (refused, not read slowly)."""
MAX_LINE_CHARS = 500

_BULLET = re.compile(r"^\s*(?:[-*•·∙○●◦▶▷►■□◆◇※>]+|\d{1,2}[.)](?=\s)|[(（]\d{1,2}[)）]|[가-하][.)](?=\s))\s*")
_HEADING = re.compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>|【[^】]*】|《[^》]*》|〈[^〉]*〉|=+[^=]*=+)\s*$")
"""``[방문 일정]``, ``<2일차>``: a heading; read for a day, and otherwise skipped in silence."""
_EVENING_WORDS = re.compile(r"만찬|디너|저녁|리셉션|환영회|야간|의\s*밤|나이트|공연|dinner|reception|night|gala", re.I)
_TODAY_WORD = re.compile(r"오늘|금일")
_EVENING_EVENT = re.compile(r"만찬|디너|(?<=[가-힣])의\s*밤|리셉션|갈라|\b(?:dinner|reception|gala)\b", re.I)
"""An activity that is held in the evening by what it is (a dinner, ``한국의 밤``): with no hour
written, its day is read as the evening, and the draft says why."""


@dataclass(frozen=True)
class Draft:
    """One activity read from the text, not yet part of a trip."""

    line: int
    """1-based line of the pasted text."""
    source: str
    """The line as written, so the organiser can compare."""
    title: str
    """An English title, only where the text has one (else ``""``)."""
    when: When
    kind: str
    place_hint: str = ""
    """Words the line gives for where ("광주시청"), to match against the trip's places."""
    notes: tuple[str, ...] = ()
    """What the drafter inferred, in plain words (the year, a span's month)."""
    title_ko: str = ""
    """The Korean title, cleaned of the date and time words."""
    warnings: tuple[str, ...] = ()
    """What the organiser should check (a weekday that does not match the date)."""

    @property
    def name(self) -> str:
        """The title to show: the Korean one, else the English one."""
        return self.title_ko or self.title


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


def draft(
    text: str,
    *,
    tz: tzinfo,
    year: int | None = None,
    trip_dates: tuple[date, date] | None = None,
    written: date | None = None,
) -> DraftResult:
    """Drafts and questions for every line of ``text``.

    ``trip_dates`` (first and last day) gives the year and month when the text
    does not, and lets "2일차" count from the first day; ``year`` is the
    fallback; ``written`` (the day the text was written) is what ``내일``,
    ``지난 21일`` and ``오는 10월`` count from.
    """
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise DraftError(f"{len(lines)} lines is more than a schedule ({MAX_LINES} at most); split it")
    first, last = trip_dates if trip_dates else (None, None)
    ctx = Context(year=year, trip_first=first, trip_last=last, written=written)
    result = DraftResult()
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE_CHARS:
            result.questions.append(
                Question(number, raw[:80] + "…", f"the line is longer than {MAX_LINE_CHARS} characters; not read")
            )
            continue
        _read_line(number, raw, ctx, result, tz)
    return result


_PARTICLE_AFTER = re.compile(r"(?:에서는|에는|에도|에|은|는|부터|까지|경|쯤|께)(?=[\s,，.]|$)")


def _cut(text: str, begin: int, end: int) -> str:
    """``text`` without ``[begin, end)`` and the particle that hung on it (``27일에는`` → nothing)."""
    m = _PARTICLE_AFTER.match(text, end)
    return text[:begin] + " " + text[m.end() if m else end :]


def _read_line(number: int, raw: str, ctx: Context, result: DraftResult, tz: tzinfo) -> None:
    if is_furniture(raw.replace("\u3000", " ")):
        return  # the page around a pasted article (planner.draft.furniture): no activity, and no day for the lines below
    row = table_cells(raw, ctx.columns)
    if row is not None:
        ctx.columns = row[1]
    text = " ".join((raw if row is None else row[0]).replace("\u3000", " ").split())
    text = without_byline(_BULLET.sub("", text))
    if not text or not re.search(r"[\w가-힣]", text):
        return
    source = raw.strip()

    def ask(message: str) -> None:
        result.questions.append(Question(number, source, message))

    if _HEADING.match(raw):
        _heading(text, ctx, ask)
        return
    for piece in activities(text):
        _read_activity(number, source, piece, ctx, result, tz, ask)


def _heading(text: str, ctx: Context, ask: Callable[[str], None]) -> None:
    """``[10/19(화) 오늘 일정]``, ``[11월 방한 일정]``: opens a day or a month for the lines below."""
    try:
        read = read_day(text, ctx)
    except Unreadable as exc:
        ask(str(exc))
        return
    if read is None:
        return
    if read.day is not None:
        ctx.day, ctx.span_last, ctx.month, ctx.last = read.day, read.span_last, None, read.day
        ctx.by_heading = True
        if _TODAY_WORD.search(text):
            ctx.today = read.day
    elif read.month is not None:
        ctx.day, ctx.span_last, ctx.month = None, None, read.month
    for warning in read.warnings:
        ask(warning)


def _read_activity(
    number: int, source: str, text: str, ctx: Context, result: DraftResult, tz: tzinfo, ask: Callable[[str], None]
) -> None:
    cut = split_days(text, ctx.last is not None)
    if cut is not None:  # "20일 … 방문한 뒤 21일 …": two activities
        _read_activity(number, source, text[:cut], ctx, result, tz, ask)
        _read_activity(number, source, text[cut:], ctx, result, tz, ask)
        return
    notes: list[str] = []
    warnings: list[str] = []
    try:
        read: DayRead | None = read_day(text, ctx)
    except Unreadable as exc:
        ask(str(exc))
        return
    if read is not None:
        text = _cut(text, read.begin, read.end)
        notes.extend(read.notes)
        warnings.extend(read.warnings)
        for warning in read.warnings:
            ask(warning)
        if read.day is not None and _TODAY_WORD.search(text) and ctx.today is None:
            ctx.today = read.day

    unscheduled = phrases.find_unscheduled(text)
    if unscheduled is not None:
        text = _cut(text, unscheduled.begin, unscheduled.end)

    midnight = _MIDNIGHT.search(text)
    if midnight is not None:
        text = text[: midnight.start()] + "24시" + text[midnight.end() :]
    try:
        times = phrases.find_times(text)
    except ValueError as exc:
        ask(str(exc))
        return
    after_midnight = False
    clock = ""
    if times is not None:
        clock = text[times.begin : times.end]
        after_midnight = midnight is not None and midnight.start() == times.begin
        text = _cut(text, times.begin, times.end)
    part = None if (times is not None and times.start is not None) else _part(text)
    if part is not None:
        text = _cut(text, part.begin, part.end)

    title = read_title(text)
    if not title.title_ko and not title.title:
        if read is not None and (read.day is not None or read.month is not None):
            ctx.day, ctx.span_last, ctx.month = read.day, read.span_last, read.month if read.day is None else None
            ctx.by_heading = True
            if read.day is not None:
                ctx.last = read.day
        elif times is not None or part is not None:
            ask("a time with nothing to do at it")
        return

    if (
        times is not None
        and times.start is not None
        and _doubtful(clock, times.start.hour, title.title_ko + title.title)
    ):
        other = times.start.hour + 12
        ask(
            f"'{clock.strip()}' reads as {times.start:%H:%M}, but a {title.kind} is likely at {other:02d}:{times.start:%M}; write 오전/오후 or {other:02d}:{times.start:%M} (the hour is left out)"
        )
        times = None

    day = read.day if read else None
    span_last = read.span_last if read else None
    month = read.month if read else None
    if day is None and month is None:
        if unscheduled is not None and times is None:
            result.drafts.append(_make(number, source, title, Unscheduled(), notes, warnings))
            return
        if ctx.day is not None and times is None and part is None and not ctx.by_heading and _prose(text, title.kind):
            return  # press prose after an activity's sentence: not that day's activity (nor any day's)
        if ctx.day is not None:
            day, span_last = ctx.day, ctx.span_last
        elif ctx.month is not None:
            month = ctx.month
        else:
            ask("no day for this line: write one (10월 19일) or put it under a day's heading")
            return
    if after_midnight and day is not None:
        day = day + timedelta(days=1)
        notes.append(f"'{midnight.group() if midnight else ''}' is midnight: 00:00 of the next day")
    when = _when(day, span_last, month, times, part, unscheduled, tz, notes, ask)
    if when is None:
        return
    evening = _EVENING_EVENT.search(title.title_ko + " " + title.title) if unscheduled is None else None
    if type(when) is OnDate and evening is not None:
        when = PartOfDay(when.day, "evening")
        word = "…의 밤" if evening.group().startswith("의") else evening.group()
        warnings.append(f"evening: a '{word}' is held in the evening; no hour was written")
    result.drafts.append(_make(number, source, title, when, notes, warnings))
    if read is not None and read.day is not None:
        ctx.day, ctx.span_last, ctx.month, ctx.last = read.day, read.span_last, None, read.day
        ctx.by_heading = False
    elif day is not None:
        ctx.last = day


_SENTENCE_END = re.compile(r"(?:다|요|음|함|됨)[.!]?\s*[\"'”’」』)]*\s*$")


def _prose(text: str, kind: str) -> bool:
    """A line with no day or time of its own, after a line with an activity (not a heading): prose?

    A schedule's continuation line names an activity (``공장 견학``); a
    sentence (``… 논의했다.``), a byline or a caption with no activity word is
    the prose around the activities, and gets no day it does not say.
    """
    return kind == "other" or bool(_SENTENCE_END.search(text))


def _doubtful(clock: str, hour: int, title: str) -> bool:
    """``6:30 환영 만찬``: a 24-hour clock in the morning for something held in the evening."""
    has_meridiem = any(w in clock for w in ("오전", "오후", "새벽", "아침", "저녁", "밤", "낮")) or bool(
        re.search(r"[AaPp]\.?\s?[Mm]", clock)
    )
    return ":" in clock and not has_meridiem and 1 <= hour <= 11 and bool(_EVENING_WORDS.search(title))


def _make(number: int, source: str, title: object, when: When, notes: list[str], warnings: list[str]) -> Draft:
    from planner.draft.titles import Title

    assert isinstance(title, Title)
    return Draft(
        number,
        source,
        title.title,
        when,
        title.kind,
        title.place_hint,
        tuple(notes),
        title.title_ko,
        tuple(warnings),
    )


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


__all__ = ["KIND_WORDS", "Draft", "DraftError", "DraftResult", "Question", "activities", "draft", "guess_kind", "tidy"]
