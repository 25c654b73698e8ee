"""Cutting a line of schedule text into the pieces that are activities of their own.

A line can hold several activities: clauses (``오전 면담, 오후 견학``),
sentences (``… 개막식. 이날 오후 2시 …``), or two days in one clause of press
prose (``20일 삼성전자를 방문한 뒤 21일 LG를 찾는다``). A table row is cells
(``| 10/19(화) | 14:00 | 시청 면담 | 시청 |``) whose header row names them.
:mod:`planner.draft.lines` reads each piece this module gives it; the cut is
kept apart from the reading so that what counts as "one activity" is decided
in one place.
"""

from __future__ import annotations

import re

from planner.text import korean as phrases

MIDNIGHT = re.compile(r"(?:밤|저녁)\s*12\s*시|자정")
"""``밤 12시``, ``자정``: midnight, which ends the day (00:00 of the next one), not noon."""
_SENTENCE = re.compile(r"(?<=[^\d\s][.!?。])\s+")
_CLAUSE = re.compile(r"\s*[,，;；]\s*|\s+/\s+")
"""Commas, semicolons, and a slash with spaces around it (``오후 2시 면담 / 오후 4시 견학``; ``10/19`` is a day)."""
_DATE_OR_TIME_ONLY = re.compile(
    r"^[\s\d년월일시분반()（）,.~\-–:/요월화수목금토오전후저녁밤새벽아침정오자정부터까지에는]*$"
)
_CELL = re.compile(r"\s*(?:\||\t)\s*")
_HEADER_WORDS = re.compile(
    r"^(?:날짜|일자|일시|요일|시간|시각|일정|내용|행사|장소|위치|비고|구분|참석자?|담당|주관|"
    r"date|day|time|schedule|program(?:me)?|event|activity|venue|place|location|notes?|who)$",
    re.I,
)
"""The words of a table's header row: skipped, and remembered to find the place column."""
_PLACE_COLUMN = re.compile(r"^(?:장소|위치|venue|place|location)$", re.I)


def part(text: str) -> phrases.PartPhrase | None:
    """A part of the day, but not the 밤 of an event's name (``한국의 밤``)."""
    offset = 0
    while (found := phrases.find_part(text[offset:])) is not None:
        begin, end = found.begin + offset, found.end + offset
        if not re.search(r"의\s*$", text[:begin]) and not re.match(r"\s*(?:행사|축제|파티|['’\"”」』])", text[end:]):
            return phrases.PartPhrase(begin, end, found.part, found.word)
        offset = end
    return None


def _anchored(clause: str) -> bool:
    """Whether a clause says a day, a time or a part of the day of its own (and so starts an activity)."""
    try:
        clock = phrases.find_times(MIDNIGHT.sub("24시", clause))
    except ValueError:
        return True  # "25:00": a time, wrong; the activity asks about it
    return bool(
        clock
        or phrases.find_date(clause)
        or phrases.find_day_of_month(clause)
        or phrases.find_relative_day(clause)
        or phrases.find_week_day(clause)
        or phrases.find_day_number(clause)
        or part(clause)
    )


def activities(text: str) -> list[str]:
    """The pieces of a line that are activities of their own: each clause with its own day or time.

    A clause with no day or time belongs to the activity before it (a list of
    guests, a place); a sentence with none, in a line where others have one,
    is prose around them and is left out.
    """
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) > 1 and any(_anchored(s) for s in sentences):
        sentences = [s for s in sentences if _anchored(s)]
    acts: list[str] = []
    for sentence in sentences:
        pending = ""
        start = len(acts)
        for clause in _CLAUSE.split(sentence):
            if not clause.strip():
                continue
            if _anchored(clause):
                if pending or (acts[start:] and _DATE_OR_TIME_ONLY.match(acts[-1])):
                    prefix = pending or acts.pop()
                    clause, pending = f"{prefix} {clause}", ""
                acts.append(clause)
            elif len(acts) > start:
                acts[-1] = f"{acts[-1]}, {clause}"
            else:
                pending = f"{pending}, {clause}" if pending else clause
        if pending:
            if len(acts) > start:
                acts[-1] = f"{acts[-1]}, {pending}"
            else:
                acts.append(pending)
    return acts or [text]


def _day_phrases(text: str) -> list[tuple[int, int, str, object]]:
    finders = (
        ("date", phrases.find_date(text)),
        ("relative", phrases.find_relative_day(text)),
        ("week", phrases.find_week_day(text)),
        ("dom", phrases.find_day_of_month(text)),
    )
    return sorted((f.begin, f.end, kind, f) for kind, f in finders if f is not None)


def split_days(text: str, last_day_known: bool) -> int | None:
    """Where a second day starts in one clause (``20일 … 방문한 뒤 21일 …``), or ``None``.

    The second day starts a second activity when words stand between the two
    (``10월 19일(화) 오늘`` is one day said twice), and not when the first is
    ``이날``/``같은 날`` with no day named before (it then means the day that follows).
    """
    found = _day_phrases(text)
    if not found:
        return None
    _begin, end, kind, first = found[0]
    if kind == "relative" and getattr(first, "base", "") == "last" and not last_day_known:
        return None
    for begin2, _end2, _kind2, _f in _day_phrases(text[end:]):
        between = text[end : end + begin2]
        if re.search(r"[가-힣A-Za-z]{2,}", between):
            return end + begin2
        break
    return None


def table_cells(line: str, columns: list[str] | None) -> tuple[str, list[str] | None] | None:
    """A table row as text to read (the place column in brackets), or ``None`` for a line that is no row.

    Returns the text and the columns to remember: a header row (``| 날짜 | 시간 |
    일정 | 장소 |``) gives ``("", its columns)``, which the caller skips.
    """
    if "|" not in line and "\t" not in line:
        return None
    cells = _CELL.split(line.strip().strip("|").strip())
    if len(cells) < 2:
        return None
    words = [c for c in cells if c]
    if words and all(_HEADER_WORDS.match(c) for c in words):
        return "", cells
    place = ""
    if columns is not None and len(columns) == len(cells):
        for i, name in enumerate(columns):
            if _PLACE_COLUMN.match(name) and cells[i]:
                place, cells[i] = cells[i], ""
    text = " ".join(c for c in cells if c)
    return (f"{text} ({place})" if place else text), columns
