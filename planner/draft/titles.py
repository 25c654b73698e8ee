"""What is left of a piece of schedule text once its day and time are cut: title, place hint, kind.

Korean text goes to ``title_ko``; an English ``title`` is proposed only where
the text has one (a line written in English, or an English name in brackets
after the Korean: ``한국의 밤 (Korea Night)``). The particles a cut leaves
behind (``27일에는 …`` → ``에는 …``) are dropped, and no gap is left where the
date and the time were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds by the words Korean and English programmes use; the first that matches wins,
# so "시청 방문 및 시장 면담" is a meeting and "인천공항 도착" is travel.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("mou", r"MOU|업무\s*협약|협약식|양해\s*각서|협약\s*체결|협약을\s*(?:맺|체결)"),
    ("roundtable", r"간담회|라운드\s*테이블|roundtable|좌담회"),
    ("conference", r"컨퍼런스|콘퍼런스|포럼|세미나|심포지엄|총회|대회(?!의실)|conference|forum|seminar|summit|서밋"),
    ("expo", r"박람회|엑스포|전시회|expo|EXPO|trade\s*show"),
    ("reception", r"리셉션|환영회|네트워킹|교류회|의\s*밤|reception|networking|night"),
    ("dinner", r"만찬|오찬|조찬|저녁\s*식사|점심|식사|회식|dinner|lunch|breakfast"),
    ("talk", r"강연|특강|발표|연설|설명회|talk|lecture|keynote"),
    ("meeting", r"면담|회의|미팅|접견|예방|회담|상담회|meeting"),
    ("visit", r"방문|시찰|견학|투어|답사|둘러|visit|tour"),
    ("travel", r"출발|도착|이동|입국|출국|귀국|항공|공항|KTX|비행|flight|depart|arrive"),
)
_KIND_RX = [(kind, re.compile(words, re.IGNORECASE)) for kind, words in KIND_WORDS]


def guess_kind(text: str) -> str:
    """The event kind a title's words suggest (``"other"`` when none do)."""
    for kind, rx in _KIND_RX:
        if rx.search(text):
            return kind
    return "other"


_SEPARATORS = re.compile(r"^[\s:：|/,，\-–—~.·]+|[\s:：|/,，\-–—~]+$")
_ZONE_WORDS = re.compile(r"[(（]?\s*(?:현지|한국|미국)\s*시간(?:으로)?\s*[)）]?")
"""``현지시간 25일``, ``19일(한국시간)``: which clock the day is on, not part of the title."""
_ANAPHOR = re.compile(r"^(?:이날|같은\s*날|당일|그날)\s+")
"""``이날 간담회는 지난 21일 …``: the day the clause then names; the word is not part of the title."""
_LEADING_PARTICLE = re.compile(r"^(?:에서는|에서|에는|에도|에|은|는|부터|까지|경|쯤|께|중)(?=[\s,]|$)\s*")
_TRAILING = re.compile(r"\s*(?:예정|예정이다|부터|까지)?\s*[.。]?$")
_INNER_GAP = re.compile(r"\s+([,，.)）])|([(（])\s+")
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]|\[\s*\]")
_PLACE_AT = re.compile(r"(?:장소\s*[:：]\s*|@\s*)(?P<p>[^,()（）]+?)\s*$")
_PLACE_BRACKETS = re.compile(r"[(（\[](?P<p>[^()（）\[\]]{2,40})[)）\]]\s*$")
_PLACE_EODSEO = re.compile(r"^(?P<p>\S{2,30})에서\s+")
_HANGUL = re.compile(r"[가-힣]")
_ENGLISH = re.compile(r"^[A-Za-z][A-Za-z0-9&'’.,:/\- ]*[A-Za-z0-9.)]$")


@dataclass(frozen=True)
class Title:
    title: str
    """English, only where the text has it."""
    title_ko: str
    place_hint: str
    kind: str


def tidy(text: str) -> str:
    """One space between words, no leftover particle or separator at the edges, no gap before a comma."""
    text = " ".join(_ZONE_WORDS.sub(" ", text).split())
    text = _ANAPHOR.sub("", _EMPTY_BRACKETS.sub("", text))
    for _ in range(3):
        text = _SEPARATORS.sub("", text).strip()
        text = _LEADING_PARTICLE.sub("", text)
    text = _INNER_GAP.sub(lambda m: m.group(1) or m.group(2), text)
    text = " ".join(text.split())
    return _SEPARATORS.sub("", text).strip()


def read_title(rest: str) -> Title:
    """The title, place hint and kind in what is left of the text."""
    text = tidy(rest)
    text = _TRAILING.sub("", text).strip() if _HANGUL.search(text) else text
    english = ""
    place_hint = ""
    m = _PLACE_BRACKETS.search(text)
    if m and _HANGUL.search(text[: m.start()]) and _ENGLISH.match(m.group("p").strip()):
        english = m.group("p").strip()
        text = tidy(text[: m.start()])
    for rx in (_PLACE_AT, _PLACE_BRACKETS):
        m = rx.search(text)
        if m and tidy(text[: m.start()]):
            place_hint = m.group("p").strip()
            text = tidy(text[: m.start()])
            break
    if not place_hint:
        m = _PLACE_EODSEO.match(text)
        if m:
            place_hint = m.group("p")
    if _HANGUL.search(text):
        title_ko = text
    else:
        title_ko, english = "", english or text
    return Title(english, title_ko, place_hint, guess_kind(f"{title_ko} {english}"))
