"""The one catalogue of the words readers see in agendas, listings and calendar descriptions: English and Korean.

Every label of ``planner agenda`` (terminal, Markdown, HTML), ``planner list``
and the DESCRIPTION of exported calendar entries is a message here, keyed by a
message id, with its English and its Korean text. Code asks for a message in
a reader's language with :func:`msg`; nothing else in those outputs spells a
label. The language is ``en``, ``ko`` or ``both`` (English and Korean side by
side, ``where · 장소``); :func:`resolve_lang` picks it from the command line
and the configuration file.

Why a table and not gettext (Babel): the planner has exactly two languages,
both always shipped, chosen per output (``--lang``) rather than per process
locale, and ``both`` needs the two texts of one message at once, which gettext
does not give. A table of pairs keeps each English message beside its Korean
one for review, needs no compiled ``.mo`` files in the wheel and no build step,
and a test checks that every id has both texts. Should a third language come,
the table turns into one column per language, or the ids become gettext
msgids and this module's :func:`msg` their one caller.

Messages may hold ``{name}`` fields, filled by :func:`msg`'s keywords:

>>> msg("where", "en"), msg("where", "ko"), msg("where", "both")
('where', '장소', 'where · 장소')
>>> msg("day_of", "ko", n=2, total=4)
'4일 중 2일째'
>>> resolve_lang(None, None), resolve_lang("ko", "both"), resolve_lang(None, "both")
('en', 'ko', 'both')
"""

from __future__ import annotations

from typing import Final

LANGS: Final = ("en", "ko", "both")
"""The readers' languages: English, Korean, or both side by side."""

DEFAULT_LANG: Final = "en"
"""The language when neither ``--lang`` nor the configuration file names one."""

BOTH_SEP: Final = " · "
"""Between the English and the Korean text of one message in ``both``."""

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # --- the agenda's page furniture
    "daily_agenda": ("Daily agenda", "일정표"),
    "personal_agenda": ("Personal agenda of {who}", "{who} 개인 일정표"),
    "personal_agenda_tail": ("personal agenda of {who}", "{who} 개인 일정표"),
    "undated": ("Not yet on a day", "날짜 미정"),
    "empty_day": ("Nothing recorded for this day.", "이날 기록된 일정이 없습니다."),
    "empty_run": ("Nothing recorded on these days.", "이 기간에 기록된 일정이 없습니다."),
    "local_times": ("Local times", "현지 시각"),
    "days_in_home": ("days read in the home zone", "날짜는 본국 시간대 기준"),
    "days_in_zone": ("days read in {zone}, shown as a third clock", "날짜는 {zone} 기준, 세 번째 시각으로 표시"),
    "city": ("City", "도시"),
    "not_given": ("not given", "미정"),
    # --- an event's facts
    "when": ("When", "일시"),
    "what": ("What", "종류"),
    "where": ("where", "장소"),
    "where_title": ("Where", "장소"),
    "with": ("with", "참석"),
    "delegation": ("Delegation", "대표단"),
    "meeting": ("meeting", "면담"),
    "meeting_title": ("Meeting", "면담"),
    "outcome": ("outcome", "성과"),
    "outcome_title": ("Outcome", "성과"),
    "notes": ("notes", "메모"),
    "notes_title": ("Notes", "메모"),
    "place_not_given": ("place not given", "장소 미정"),
    "whole_delegation": ("whole delegation", "대표단 전원"),
    "the_whole_delegation": ("the whole delegation", "대표단 전원"),
    "home_clock": ("home", "본국"),
    "local_clock": ("local", "현지"),
    "day_of": ("day {n} of {total}", "{total}일 중 {n}일째"),
    "assumed": ("assumed", "추정"),
    # --- the contact block at the end of a printed day
    "contacts": ("Contacts", "연락처"),
    "role_liaison": ("liaison", "연락 담당"),
    "role_interpreter": ("interpreter", "통역"),
    "role_driver": ("driver", "운전기사"),
    "role_consulate": ("consulate", "영사관"),
    "phone": ("phone", "전화"),
    "email": ("e-mail", "이메일"),
    "kakao": ("KakaoTalk", "카카오톡"),
    # --- precision words
    "time_not_given": ("time not given", "시간 미정"),
    "part_early morning": ("early morning", "이른 아침"),
    "part_morning": ("morning", "오전"),
    "part_midday": ("midday", "정오 무렵"),
    "part_afternoon": ("afternoon", "오후"),
    "part_evening": ("evening", "저녁"),
    "part_night": ("night", "밤"),
    "span_days": ("{first}–{last} ({n} days)", "{first}–{last} ({n}일간)"),
    "sometime_in": ("sometime in {month}", "{month} 중 (날짜 미정)"),
    "unscheduled": ("unscheduled", "일정 중 미정"),
    "next_day": ("+{n}d", "+{n}일"),
    "month_days_unknown": ("{month}, days not known", "{month}, 날짜 미정"),
    # --- kinds and statuses (English as planner.model.trip.KIND_LABELS; a test holds them equal)
    "kind_mou": ("MOU signing", "MOU 체결"),
    "kind_meeting": ("meeting", "면담"),
    "kind_visit": ("visit", "방문"),
    "kind_conference": ("conference", "회의"),
    "kind_roundtable": ("roundtable", "간담회"),
    "kind_dinner": ("dinner", "만찬"),
    "kind_reception": ("reception", "리셉션"),
    "kind_expo": ("expo", "박람회"),
    "kind_talk": ("talk", "강연"),
    "kind_travel": ("travel", "이동"),
    "kind_other": ("other", "기타"),
    "status_confirmed": ("confirmed", "확정"),
    "status_tentative": ("tentative", "잠정"),
    "status_cancelled": ("cancelled", "취소"),
    # --- planner list
    "times_in": ("Times in {view}.", "시각 기준: {view}."),
    "view_event": ("each event's own zone", "각 일정의 현지 시간대"),
    "view_home": ("each trip's home zone", "각 출장의 본국 시간대"),
    "no_events_match": ("No events match.", "해당하는 일정이 없습니다."),
    # --- an exported entry's DESCRIPTION
    "ics_when": ("When", "일시"),
    "ics_repeats": ("Repeats", "반복"),
    "ics_not_on": ("not on {days}", "제외: {days}"),
    "ics_where": ("Where", "장소"),
    "ics_delegation": ("Delegation", "대표단"),
    "ics_meeting": ("Meeting", "면담"),
    "ics_orgs": ("Organisations", "기관"),
    "ics_outcome": ("Outcome", "성과"),
    "ics_notes": ("Notes", "메모"),
    "ics_source": ("Source", "출처"),
    "ics_trip": ("Trip", "출장"),
    "ics_span": ("{first} to {last} ({n} days)", "{first}–{last} ({n}일간)"),
    "ics_on_date": (
        "{day}; the source gives no time, so it is an all-day entry",
        "{day}; 출처에 시각이 없어 종일 일정으로 등록",
    ),
    "ics_part": (
        "{day}, {part}; no clock time is known, so it is an all-day entry",
        "{day}, {part}; 정확한 시각을 몰라 종일 일정으로 등록",
    ),
    "ics_month": ("sometime in {month}; the day is not known yet", "{month} 중; 날짜는 아직 미정"),
    "ics_unscheduled": (
        "during the trip ({days}); the source gives no date",
        "출장 기간 중 ({days}); 출처에 날짜 없음",
    ),
}
"""Message id -> (English, Korean)."""


def resolve_lang(flag: str | None, configured: str | None = None) -> str:
    """The reader's language: ``--lang`` if given, else the configuration file's ``language``, else ``en``.

    Raises:
        ValueError: a value that is not one of :data:`LANGS` (the message names them).
    """
    for value, origin in ((flag, "--lang"), (configured, "language")):
        if value:
            if value not in LANGS:
                raise ValueError(f"{origin}: {value!r} is not one of {', '.join(LANGS)}")
            return value
    return DEFAULT_LANG


def msg(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """Message ``key`` in ``lang``; ``both`` gives ``English · Korean`` (once when the two are the same).

    A field given as a pair ``(english, korean)`` fills each language's text with its own value:

    >>> msg("times_in", "both", view=("home", "본국"))
    'Times in home. · 시각 기준: 본국.'
    """
    en, ko = MESSAGES[key]
    if fields:
        en = en.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in fields.items()})
        ko = ko.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in fields.items()})
    if lang == "ko":
        return ko
    if lang == "both":
        return en if en == ko else f"{en}{BOTH_SEP}{ko}"
    return en


def pair(en: str, ko: str, lang: str) -> str:
    """Two texts that are already in their languages (a date, a title), as ``lang`` shows them."""
    if lang == "ko":
        return ko or en
    if lang == "both" and ko and ko != en:
        return f"{en}{BOTH_SEP}{ko}"
    return en


def value_label(key: str, lang: str = DEFAULT_LANG) -> str:
    """A value's word rather than a label's: in ``both`` the Korean in brackets, ``conference (회의)``."""
    if lang == "both":
        en, ko = MESSAGES[key]
        return en if en == ko else f"{en} ({ko})"
    return msg(key, lang)


def kind_label(kind: str, lang: str = DEFAULT_LANG) -> str:
    """An event kind's label (``MOU signing`` / ``MOU 체결`` / ``MOU signing (MOU 체결)``); an unknown kind as itself."""
    return value_label(f"kind_{kind}", lang) if f"kind_{kind}" in MESSAGES else kind


def status_label(status: str, lang: str = DEFAULT_LANG) -> str:
    """An event status's label (``confirmed`` / ``확정`` / ``confirmed (확정)``); an unknown status as itself."""
    return value_label(f"status_{status}", lang) if f"status_{status}" in MESSAGES else status
