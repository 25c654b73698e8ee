"""The parts of a news page pasted with an article that are no activity: footers, datelines, page labels, other headlines.

Why: organisers paste whole press pages into ``planner draft``, and a page
brings more than the article: the copyright footer (with the time the page was
posted, which read as an event at that minute), the "posted/updated" dateline
(which opened the publication day for every line after it), the page's own
labels (``본문``, ``페이지 정보``, ``오늘의 날씨``) and lists of other stories
(``- “…”…도내 기업 업무협약 체결``), each of which became a draft to delete by
hand. None of these shapes occurs in a schedule: a copyright notice, a posting
stamp, a label standing alone on its line, a bulleted headline joined with an
ellipsis. A byline in front of the lede (``[예시TV=홍길동 기자]``) is not part
of the activity's title, and is cut off; the sentence after it is read as any.
"""

from __future__ import annotations

import re

_FOOTER = re.compile(r"저작권자|무단\s*전재|재배포\s*금지|[ⓒ©]|\bcopyright\b|all rights reserved", re.I)
"""A copyright notice: the page's footer, often with the time it was posted."""
_DATELINE = re.compile(
    r"^(?:기사\s*)?(?:입력|수정|승인|등록|발행|송고|게재|업데이트|최종\s*수정)\s*(?:일시|시간)?\s*[:：]?\s*"
    r"\d{4}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}"
)
"""``입력 2024.03.06 09:00``: when the page was posted or updated, not when anything happens."""
_LABELS = frozenset(
    {
        "본문",
        "페이지 정보",
        "기사 정보",
        "관련기사",
        "관련 기사",
        "관련뉴스",
        "관련 뉴스",
        "많이 본 뉴스",
        "많이 본 기사",
        "인기 기사",
        "인기기사",
        "오늘의 날씨",
        "오늘의 운세",
        "주요 뉴스",
        "최신 뉴스",
        "실시간 뉴스",
        "이전 기사",
        "다음 기사",
        "기사 목록",
        "댓글",
        "공유하기",
        "기사 공유",
        "글자 크기",
        "프린트",
        "인쇄",
        "스크랩",
        "구독",
        "뉴스레터",
        "기사제보",
        "기사 제보",
        "전체메뉴",
        "전체 메뉴",
    }
)
"""The page's own labels, each alone on its line."""
_BULLETED = re.compile(r"^\s*[-*•·∙○●◦▶▷►■□◆◇※]")
_HEADLINE_JOIN = re.compile(r"…|\.\.\.")
_BYLINE = re.compile(
    r"^\s*(?:\[[^\]]*(?:기자|특파원|통신원|=)[^\]]*\]|【[^】]*(?:기자|특파원|=)[^】]*】"
    r"|\([^)]*=[^)]*\)\s*(?:[가-힣]{2,4}\s*(?:기자|특파원)\s*)?=)\s*"
)
"""``[예시TV=홍길동 기자]``, ``(서울=예시통신) 홍길동 기자 =``: who wrote the lede, in front of it."""


def is_furniture(raw: str) -> bool:
    """Whether the line ``raw`` (as pasted) is part of the page around the article, not of any schedule.

    >>> [is_furniture(x) for x in ("본문", "입력 2024.03.06 09:12", "저작권자 © 예시일보 무단전재 금지 2024.03.06 10:15")]
    [True, True, True]
    >>> is_furniture("- “수출 길 넓힌다”…도내 기업 업무협약 체결"), is_furniture("8일 오후 2시 공장 견학 … 버스로 이동")
    (True, False)
    >>> is_furniture("- 9일 본문 검토"), is_furniture("10월 19일 입력 자료 점검")
    (False, False)
    """
    line = " ".join(raw.split())
    if not line:
        return False
    if line in _LABELS or _FOOTER.search(line) or _DATELINE.match(line):
        return True
    # A list of other stories: a bullet, then a headline whose clauses are joined by an ellipsis.
    return bool(_BULLETED.match(line)) and bool(_HEADLINE_JOIN.search(line))


def without_byline(text: str) -> str:
    """``text`` without a byline in front of it (``[예시TV=홍길동 기자] 7일 …`` → ``7일 …``).

    >>> without_byline("[예시TV=홍길동 기자] 7일 간담회"), without_byline("(서울=예시통신) 김하나 기자 = 11일 방문")
    ('7일 간담회', '11일 방문')
    >>> without_byline("[10/19 일정] 시청 방문")
    '[10/19 일정] 시청 방문'
    """
    m = _BYLINE.match(text)
    return text[m.end() :] if m else text
