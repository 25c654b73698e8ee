"""The date and time phrases of a Korean (or mixed Korean and English) schedule, found in a line.

Organisers receive programmes written like ``10월 19일(화) 오후 2시~3시 30분
광주시청 시장 면담`` or ``2021.10.20 10:00 중기부 MOU``. This module finds the
pieces that say *when* and nothing else: each finder returns what it read and
where it sat in the line, so :mod:`planner.draft.lines` can cut it out and keep
the rest as the title. The words come from :mod:`planner.text.words`, shared
with :mod:`planner.text.reader` (which reads a form's or the command line's
whole field, and finds its Korean dates and times with the patterns here). Nothing here guesses: ``3시`` with no 오전/오후 is
reported as ambiguous, never read as 03:00 or 15:00, and ``오전`` alone is a
part of the day, not 09:00.

>>> find_date("10월 19일(화) 면담").month, find_date("10월 19일(화) 면담").day
(10, 19)
>>> find_date("10월 19일(화) 면담").weekday
1
>>> t = find_times("오후 2시~3시 30분 면담")
>>> (t.start, t.until)
(datetime.time(14, 0), datetime.time(15, 30))
>>> find_times("3시 회의").ambiguous
'3시'
>>> find_part("오전 중 현장 방문").part
'morning'

Why one module: the phrases overlap (``19일`` is inside ``10월 19일``, ``오는``
starts both ``오는 21일`` and ``오는 10월``, ``2.5억`` looks like ``2.5``), and
each pattern is written against the others; split, the exclusions would drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from planner.text.words import MERIDIEM, MONTHS
from planner.text.words import WEEKDAYS_KO as WEEKDAYS_KO  # the drafter names weekdays with it

_WEEKDAY = r"(?:\s*[(（]\s*(?P<wd>[월화수목금토일])(?:요일)?\s*[)）])?"

# 2021년 10월 19일, 10월 19일 — the year is optional; spaces anywhere people put them.
_KO_DATE = re.compile(r"(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일(?!\s*차)" + _WEEKDAY)
# 2021.10.19, 2021-10-19, 2021/10/19 (a trailing dot is common in Korean writing).
_NUM_DATE = re.compile(
    r"(?<![\d.])(?P<y>\d{4})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?![\d:])\.?" + _WEEKDAY
)
# An amount, a count or a share after a number: "2.5억 달러", "3.5%", "1.5배" are not days.
_UNIT = (
    r"\s*(?:억|만|천|조|%|％|배|달러|원|위안|엔|유로|개|명|건|곳|편|대|위|점|년|회|차|km|kg|bn|billion|million"
    r"|percent|[kKmMbB]\b)"
)
# 10/19, 10.19 — month first, as Korean and American writers both do. Not a time
# (those use ':'), not a decimal inside a longer number.
_SHORT_DATE = re.compile(
    r"(?<![\d.:/$₩€£¥A-Za-z])(?P<m>\d{1,2})\s*[./]\s*(?P<d>\d{1,2})(?![\d:/]|\.\d)(?!" + _UNIT + r")\.?" + _WEEKDAY
)
# The end of a span after a date: "~ 24일", "- 10월 24일", "~10/24", "부터 24일까지".
_SPAN_SEP = r"\s*(?:~|〜|–|—|-|부터)\s*"
_DURATION = r"\s*(?:간|동안|째)"
"""``4일간``, ``3일 동안``: a number of days, not a day."""
_SPAN_END_KO = re.compile(
    _SPAN_SEP + r"(?:(?P<m>\d{1,2})\s*월\s*)?(?P<d>\d{1,2})\s*일(?!" + _DURATION + r")(?:\s*까지)?" + _WEEKDAY
)
_LENGTH = re.compile(r"\s*(?:부터\s*)?(?P<n>\d{1,2})\s*일" + _DURATION)
"""``10월 18일부터 4일간``: a span given by its first day and its length."""
_FULL_WEEKDAY = re.compile(r"\s*(?P<wd>[월화수목금토일])요일")
"""``10월 20일 수요일``: a weekday written out, without brackets."""
_SPAN_END_NUM = re.compile(
    _SPAN_SEP + r"(?:(?P<m>\d{1,2})\s*[./]\s*)?(?P<d>\d{1,2})(?![\d:])\.?(?:\s*까지)?" + _WEEKDAY
)
# 11월 중, 11월 초순, 2023년 11월 — a month with no day.
_MONTH = re.compile(
    r"(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월(?!\s*\d{1,2}\s*일)(?:\s*(?P<q>중순|초순|하순|중|초|말|경))?"
)
# 1일차, 2일 차, Day 3: counted from the trip's first day.
_DAY_N = re.compile(r"(?:(?P<n>\d{1,2})\s*일\s*차|\b[Dd]ay\s*(?P<n2>\d{1,2})\b)")

_MERIDIEM = {w: m for w, m in MERIDIEM.items() if not w.isascii()}
_CLOCK = (
    r"(?:(?P<{p}mer>오전|오후|새벽|아침|저녁|밤|낮)\s*)?"
    r"(?:(?P<{p}h>\d{{1,2}})\s*시\s*(?:(?P<{p}half>반)|(?P<{p}min>\d{{1,2}})\s*분)?"
    r"|(?P<{p}hh>\d{{1,2}}):(?P<{p}mm>\d{{2}})"
    r"|(?P<{p}noon>정오))"
)
_AMPM = r"[AaPp]\.?\s?[Mm]\.?(?![A-Za-z])"
_CLOCK_EN = (
    r"(?:(?:이른|늦은)\s*)?(?:(?P<{p}mer>오전|오후|새벽|아침|저녁|밤|낮)\s*)?"
    r"(?:(?P<{p}h>\d{{1,2}})\s*시\s*(?:(?P<{p}half>반)|(?P<{p}min>\d{{1,2}})\s*분)?"
    r"|(?P<{p}hh>\d{{1,2}}):(?P<{p}mm>\d{{2}})"
    r"|(?<![\d:])(?P<{p}hx>\d{{1,2}})(?=\s*(?:" + _AMPM + r"|(?:-|–|~)\s*\d{{1,2}}(?::\d{{2}})?\s*" + _AMPM + r"))"
    r"|(?P<{p}noon>정오))"
    r"(?:\s*(?P<{p}ampm>" + _AMPM + r"))?"
)
"""The drafter's clock: the Korean one, and English ``2:00 PM``, ``2pm`` (which the one reader reads on its own)."""
_TIMES = re.compile(
    _CLOCK_EN.format(p="a") + r"(?:\s*(?:~|〜|–|—|-|부터)\s*" + _CLOCK_EN.format(p="b") + r"(?:\s*까지)?)?"
)
_EN_MONTH = "|".join(sorted((w for w in MONTHS if w.isascii()), key=len, reverse=True))
_EN_DATE = re.compile(
    r"(?<![A-Za-z\d])(?:(?P<mon>" + _EN_MONTH + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>" + _EN_MONTH + r")\.?)(?![A-Za-z\d:])"
    r"(?:,?\s+(?P<y>\d{4})(?!\d|:))?(?:\s*(?:-|–|~)\s*(?P<e>\d{1,2})(?![\d:]))?",
    re.IGNORECASE,
)
"""``Oct 19``, ``19 October 2021``, ``Oct 22-24``: a day written in English."""

_PARTS = (
    ("새벽", "early morning"),
    ("아침", "morning"),
    ("오전", "morning"),
    ("점심", "midday"),
    ("정오", "midday"),
    ("낮", "midday"),
    ("오후", "afternoon"),
    ("저녁", "evening"),
    ("밤", "night"),
)
_PART = re.compile(
    r"(?<![가-힣])(?:(?:이른|늦은)\s*)?(?P<w>"
    + "|".join(w for w, _ in _PARTS)
    + r")(?:\s*(?:중|시간|경))?(?:에는|에도|에|엔)?(?![가-힣])"
)
_PART_NAMES = dict(_PARTS)

# The pieces the one reader (planner.text.reader) matches at a place in a typed field.
KO_DATE = _KO_DATE
"""``2021년 10월 22일(금)``, ``10월 22일``: groups ``y``, ``m``, ``d``, ``wd``."""
KO_DAY = re.compile(r"(?P<d>\d{1,2})\s*일(?!\s*차)" + _WEEKDAY)
"""``22일(금)``: a day of the month with no month."""
_COUNT_BEFORE = r"(?<!최장)(?<!최대)(?<!최소)(?<!총)(?<!약)(?<!최장 )(?<!최대 )(?<!최소 )(?<!총 )(?<!약 )"
"""``최장 6일``, ``총 3일``: a number of days, not a day of the month."""
_DAY_ONLY = re.compile(
    _COUNT_BEFORE + r"(?:(?P<rel>지난\s*달|지난달|전달|이번\s*달|이달|다음\s*달|다음달|내달|지난|오는|이번)\s*)?"
    r"(?<![\d.\-/A-Za-z])(?:(?P<first>\d{1,2})\s*(?:일)?\s*(?:~|〜|–|-)\s*)?"
    r"(?P<d>\d{1,2})\s*일(?!\s*차|\s*간|\s*동안|\s*째|\s*치|[본반정원])" + _WEEKDAY
)
_BARE_SPAN_END = re.compile(
    r"\s*(?:~|〜|–|—|-|부터)\s*(?P<d>\d{1,2})\s*일(?!" + _DURATION + r")(?:\s*까지)?" + _WEEKDAY
)
"""The end of a span of days with no month: ``19일(화)~21일(목)``, ``3일부터 5일까지``."""
_REL_DAY_WORDS = {
    "오늘": ("today", 0),
    "금일": ("today", 0),
    "내일": ("today", 1),
    "낼": ("today", 1),
    "명일": ("today", 1),
    "모레": ("today", 2),
    "글피": ("today", 3),
    "어제": ("today", -1),
    "그제": ("today", -2),
    "그저께": ("today", -2),
    "같은날": ("last", 0),
    "이날": ("last", 0),
    "당일": ("last", 0),
    "그날": ("last", 0),
    "다음날": ("last", 1),
    "이튿날": ("last", 1),
    "익일": ("last", 1),
    "전날": ("last", -1),
}
_REL_DAY = re.compile(
    r"(?<![가-힣])(?P<w>그저께|오늘|금일|내일|낼(?![가-힣])|명일|모레|글피|어제|그제|같은\s*날|이날|당일|그날|다음\s*날|이튿날|익일|전날)"
)
_WEEK_DAY = re.compile(
    r"(?:(?P<wk>이번|다음|지난|오는|저번)\s*주\s*|(?P<wk2>금주|차주|내주|전주)\s*|(?P<wk3>오는|이번|다음|지난)\s+)"
    r"(?P<wd>[월화수목금토일])요일"
)
_WEEK_STEPS = {"이번": 0, "금주": 0, "다음": 1, "차주": 1, "내주": 1, "지난": -1, "저번": -1, "전주": -1}
_REL_MONTH = re.compile(
    r"(?P<rel>오는|지난|올해|내년|작년|이번\s*달|이달|다음\s*달|다음달|내달|지난\s*달|지난달)"
    r"(?:\s*(?P<m>\d{1,2})\s*월)?(?!\s*\d{1,2}\s*일)(?:\s*(?P<q>중순|초순|하순|중|초|말|경))?"
)
"""``22일(금)``: a day of the month with no month."""
KO_CLOCK = re.compile(_CLOCK.format(p="a"))
"""``오후 3시 30분``, ``오전 9:00``, ``정오``, ``3시`` (which needs 오전/오후 to be read)."""

_UNSCHEDULED = re.compile(r"(?:(?:일정|시간|일시|날짜)\s*)?(?:미정|추후\s*(?:확정|결정|안내|공지)|TBD|TBA|tbd|tba)")


@dataclass(frozen=True)
class Found:
    """What a finder read, and the ``[begin, end)`` characters of the line it used."""

    begin: int
    end: int


@dataclass(frozen=True)
class DatePhrase(Found):
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None
    """0 = Monday, as :meth:`datetime.date.weekday`; what the text wrote in brackets."""
    end_month: int | None = None
    end_day: int | None = None
    """The last day of a span ("10월 22일~24일"), ``None`` for one day."""
    end_weekday: int | None = None
    length: int | None = None
    """``4`` for "10월 18일부터 4일간": the span's number of days, when given so."""


@dataclass(frozen=True)
class MonthPhrase(Found):
    month: int
    year: int | None = None
    qualifier: str = ""
    """``초``/``중``/``말`` and the like, kept for the note: early, mid or late month."""


@dataclass(frozen=True)
class DayNumber(Found):
    n: int
    """``2`` for "2일차": the trip's second day."""


@dataclass(frozen=True)
class TimePhrase(Found):
    start: time | None = None
    until: time | None = None
    """The end of a range, if one was written (``end`` is where the phrase ends in the line)."""
    ambiguous: str = ""
    """The words of an hour that could be morning or afternoon ("3시"), when there is one."""


@dataclass(frozen=True)
class PartPhrase(Found):
    part: str
    word: str


def _weekday(m: re.Match, group: str = "wd") -> int | None:
    wd = m.group(group) if group in m.re.groupindex else None
    return WEEKDAYS_KO.index(wd) if wd else None


def find_date(text: str) -> DatePhrase | None:
    """The first day (or span of days) the line names, or ``None``."""
    best: tuple[re.Match, str] | None = None
    for kind, rx in (("ko", _KO_DATE), ("num", _NUM_DATE), ("short", _SHORT_DATE)):
        if kind == "short" and best is not None:
            break  # "평점 4.5 이상 … 10월 19일": a line with a written-out date uses no "4.5" as a day
        m = rx.search(text)
        if m and not (kind == "short" and not _plausible(m)) and (best is None or m.start() < best[0].start()):
            best = (m, kind)
    en = _EN_DATE.search(text)
    if en is not None and (best is None or en.start() < best[0].start()):
        return _en_date(en)
    if best is None:
        return None
    m, kind = best
    year = int(m.group("y")) if "y" in m.re.groupindex and m.group("y") else None
    month, day = int(m.group("m")), int(m.group("d"))
    end = m.end()
    weekday = _weekday(m)
    if weekday is None and (full := _FULL_WEEKDAY.match(text, end)):
        weekday, end = WEEKDAYS_KO.index(full.group("wd")), full.end()
    end_month = end_day = end_wd = length = None
    if (days := _LENGTH.match(text, end)) and int(days.group("n")) >= 1:
        return DatePhrase(m.start(), days.end(), month, day, year, weekday, length=int(days.group("n")))
    tail = (_SPAN_END_KO if kind == "ko" else _SPAN_END_NUM).match(text, end)
    if tail is None and kind != "ko":
        tail = _SPAN_END_KO.match(text, end)
    if tail is not None and not _looks_like_time_after(text, tail.end()):
        end_month = int(tail.group("m")) if tail.group("m") else month
        end_day = int(tail.group("d"))
        end_wd = _weekday(tail)
        end = tail.end()
    return DatePhrase(m.start(), end, month, day, year, weekday, end_month, end_day, end_wd, length)


def _en_date(m: re.Match) -> DatePhrase | None:
    month = MONTHS[(m.group("mon") or m.group("mon2")).lower()]
    day = int(m.group("d") or m.group("d2"))
    year = int(m.group("y")) if m.group("y") else None
    end_day = int(m.group("e")) if m.group("e") else None
    if end_day is not None and end_day <= day:
        end_day = None  # "Oct 19 - 2" is not a span of this month
    end = m.end() if end_day is not None else max(m.end(g) for g in ("mon", "d", "d2", "mon2", "y") if m.group(g))
    return DatePhrase(m.start(), end, month, day, year, None, month if end_day else None, end_day)


def _plausible(m: re.Match) -> bool:
    """Whether "10.19" is a month and a day rather than a version number or a score."""
    return 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31


def _looks_like_time_after(text: str, pos: int) -> bool:
    """``10/19-20:00`` is a day then a time, not a span ending on the 20th."""
    return text[pos : pos + 1] == ":"


def find_month(text: str) -> MonthPhrase | None:
    """A month named without a day ("11월 중"), or ``None``."""
    for m in _MONTH.finditer(text):
        month = int(m.group("m"))
        if 1 <= month <= 12:
            year = int(m.group("y")) if m.group("y") else None
            return MonthPhrase(m.start(), m.end(), month, year, m.group("q") or "")
    return None


def find_day_number(text: str) -> DayNumber | None:
    """ "2일차" or "Day 2", counted from the trip's first day."""
    m = _DAY_N.search(text)
    if m is None:
        return None
    return DayNumber(m.start(), m.end(), int(m.group("n") or m.group("n2")))


def _clock(m: re.Match, p: str, meridiem: str | None) -> tuple[time | None, str]:
    """One clock reading: the time, or ``(None, words)`` when it needs 오전/오후 to be known."""
    if m.group(p + "noon"):
        return time(12, 0), ""
    english = (p + "ampm") in m.re.groupindex
    if english and m.group(p + "ampm"):
        meridiem = "pm" if m.group(p + "ampm")[0] in "Pp" else "am"
    if english and m.group(p + "hx") is not None:  # "2 PM", or the "2" of "2-4pm"
        h = int(m.group(p + "hx"))
        if not 1 <= h <= 12:
            raise ValueError(f"{h} {m.group(p + 'ampm') or ''} is not a time of day")
        if meridiem is None:
            return None, str(h)
        return time(h % 12 + (12 if meridiem == "pm" else 0), 0), ""
    if m.group(p + "hh") is not None:
        h, mi = int(m.group(p + "hh")), int(m.group(p + "mm"))
        if meridiem == "pm" and h < 12:
            h += 12
        elif meridiem == "am" and h == 12:
            h = 0
        if h > 23 or mi > 59:
            raise ValueError(f"{m.group(p + 'hh')}:{m.group(p + 'mm')} is not a time of day")
        return time(h, mi), ""
    h = int(m.group(p + "h"))
    mi = 30 if m.group(p + "half") else int(m.group(p + "min") or 0)
    if h > 24 or mi > 59:
        raise ValueError(f"{h}시 {mi}분 is not a time of day")
    if meridiem == "pm" and h < 12:
        h += 12
    elif meridiem == "am" and h == 12:
        h = 0
    elif meridiem is None and 1 <= h <= 11:
        return None, f"{h}시"
    if h == 24:
        h = 0
    return time(h, mi), ""


def find_times(text: str) -> TimePhrase | None:
    """A clock time or a range of them ("오후 2시~3시 30분", "10:00-12:00"), or ``None``.

    ``H:MM`` is read on the 24-hour clock, as schedules write it. ``H시``
    needs 오전/오후 (or an hour of 12 and over); the end of a range takes the
    start's 오전/오후 when it has none of its own and would otherwise fall
    before the start ("오후 2시~4시"). Raises ``ValueError`` for "25:00".
    """
    m = _TIMES.search(text)
    if m is None:
        return None
    mer_a = _MERIDIEM.get(m.group("amer") or "")
    start, amb = _clock(m, "a", mer_a)
    end = None
    if m.group("bh") or m.group("bhh") or m.group("bhx") or m.group("bnoon"):
        mer_b = _MERIDIEM.get(m.group("bmer") or "")
        end, amb_b = _clock(m, "b", mer_b)
        if m.group("bampm") and not (m.group("aampm") or m.group("amer")) and end is not None:
            # "2:00-4:00 PM": the PM is the range's
            pm_start, _ = _clock(m, "a", "pm" if m.group("bampm")[0] in "Pp" else "am")
            if pm_start is not None and pm_start <= end:
                start, amb = pm_start, ""
        if start is not None and mer_b is None and (end is None or (end < start and end.hour < 12)):
            # "오후 2시~4시", "14:00-4:00"?, "오후 11시~1시": an end with no 오전/오후 of its
            # own is the first reading at or after the start, else the next morning's.
            h = int(m.group("bh") or m.group("bhh") or 12)
            minute = end.minute if end is not None else (30 if m.group("bhalf") else int(m.group("bmin") or 0))
            readings = [time(x, minute) for x in (h % 12, h % 12 + 12)]
            end = next((r for r in readings if r >= start), readings[0])
            amb_b = ""
        amb = amb or amb_b
    return TimePhrase(m.start(), m.end(), start=start, until=end, ambiguous=amb)


def read_clock(m: re.Match[str]) -> tuple[time | None, str]:
    """The time a :data:`KO_CLOCK` match says, or ``(None, "3시")`` when it needs 오전/오후."""
    return _clock(m, "a", _MERIDIEM.get(m.group("amer") or ""))


def find_part(text: str) -> PartPhrase | None:
    """A part of the day said in words ("오전 중", "저녁"), or ``None``."""
    m = _PART.search(text)
    if m is None:
        return None
    return PartPhrase(m.start(), m.end(), _PART_NAMES[m.group("w")], m.group("w"))


def find_unscheduled(text: str) -> Found | None:
    """ "일정 미정", "추후 확정", "TBD": the source says the day is not fixed."""
    m = _UNSCHEDULED.search(text)
    return Found(m.start(), m.end()) if m else None


@dataclass(frozen=True)
class RelativeDay(Found):
    """A day counted from another: ``내일`` (from today), ``다음 날`` (from the day last named)."""

    base: str
    """``"today"`` (the day the text was written, or its header's 오늘) or ``"last"`` (the last day named)."""
    days: int
    word: str


@dataclass(frozen=True)
class WeekDay(Found):
    """``이번 주 금요일``, ``다음 주 화요일``, ``오는 금요일``: a weekday of a week counted from today."""

    weeks: int | None
    """0 this week, 1 next, -1 last; ``None`` for ``오는 금요일`` (the next such day)."""
    weekday: int


@dataclass(frozen=True)
class DayOfMonth(Found):
    """``19일(화)``, ``지난 21일``, ``다음 달 3일``: a day whose month the context gives."""

    day: int
    weekday: int | None = None
    months: int | None = None
    """0 this month, 1 next, -1 last, when the text says so (``다음 달``); else ``None``."""
    direction: int = 0
    """-1 for ``지난`` (the last such day), +1 for ``오는``/``이번`` (the next), 0 when bare."""
    end_day: int | None = None
    """The last day of a span in the same month (``22~24일``, ``3일부터 5일까지``), else ``None``."""
    end_weekday: int | None = None


@dataclass(frozen=True)
class RelativeMonth(Found):
    """``오는 10월``, ``다음 달``, ``내년 3월``: a month counted from today."""

    month: int | None
    months: int | None = None
    """For ``다음 달``: how many months from today's."""
    direction: int = 0
    years: int | None = None
    qualifier: str = ""


_MONTH_STEPS = {"이번달": 0, "이달": 0, "다음달": 1, "내달": 1, "지난달": -1, "전달": -1}


def find_relative_day(text: str) -> RelativeDay | None:
    """``내일``, ``모레``, ``같은 날``, ``다음 날``: a day counted from today or from the day last named."""
    m = _REL_DAY.search(text)
    if m is None:
        return None
    word = re.sub(r"\s+", "", m.group("w"))
    base, days = _REL_DAY_WORDS[word]
    return RelativeDay(m.start(), m.end(), base, days, m.group("w"))


def find_week_day(text: str) -> WeekDay | None:
    """``이번 주 금요일``, ``차주 월요일``, ``오는 금요일``."""
    m = _WEEK_DAY.search(text)
    if m is None:
        return None
    word = m.group("wk") or m.group("wk2")
    weeks = _WEEK_STEPS[word] if word else (None if m.group("wk3") in ("오는", "이번") else _WEEK_STEPS[m.group("wk3")])
    return WeekDay(m.start(), m.end(), weeks, WEEKDAYS_KO.index(m.group("wd")))


def find_day_of_month(text: str) -> DayOfMonth | None:
    """A day of the month written without its month (``19일(화)``, ``지난 21일``), or ``None``."""
    for m in _DAY_ONLY.finditer(text):
        day = int(m.group("d"))
        if not 1 <= day <= 31:
            continue
        rel = re.sub(r"\s+", "", m.group("rel") or "")
        months = _MONTH_STEPS.get(rel)
        direction = -1 if rel == "지난" else 1 if rel in ("오는", "이번") else 0
        end, weekday = m.end(), _weekday(m)
        if weekday is None and (full := _FULL_WEEKDAY.match(text, end)):
            weekday, end = WEEKDAYS_KO.index(full.group("wd")), full.end()
        if m.group("first"):  # "22~24일": the span's first day has no 일 of its own
            first = int(m.group("first"))
            if 1 <= first < day:
                return DayOfMonth(m.start(), end, first, None, months, direction, day, weekday)
        elif (tail := _BARE_SPAN_END.match(text, end)) and day < int(tail.group("d")) <= 31:
            return DayOfMonth(
                m.start(), tail.end(), day, weekday, months, direction, int(tail.group("d")), _weekday(tail)
            )
        return DayOfMonth(m.start(), end, day, weekday, months, direction)
    return None


def find_relative_month(text: str) -> RelativeMonth | None:
    """``오는 10월``, ``지난 9월``, ``다음 달``, ``내년 3월``: a month counted from today."""
    for m in _REL_MONTH.finditer(text):
        rel = re.sub(r"\s+", "", m.group("rel"))
        month = int(m.group("m")) if m.group("m") else None
        if month is not None and not 1 <= month <= 12:
            continue
        years = {"올해": 0, "내년": 1, "작년": -1}.get(rel)
        if rel in _MONTH_STEPS:
            if month is not None:
                continue  # "다음 달 10월" is not a phrase
            return RelativeMonth(m.start(), m.end(), None, _MONTH_STEPS[rel], qualifier=m.group("q") or "")
        if month is None:
            continue
        direction = -1 if rel == "지난" else 1 if rel == "오는" else 0
        return RelativeMonth(m.start(), m.end(), month, None, direction, years, m.group("q") or "")
    return None
