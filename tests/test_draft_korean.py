"""Korean schedule lines as organisers and the press write them, each with the ``planner draft --json`` it gives.

Written for these tests (not taken from any article). Each row: the text, what
the reader is told (``written``, ``year``, ``trip_dates``) and the expected
JSON (drafts and questions, in text order).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from planner.draft import draft
from planner.usecases.drafting import result_json

SEOUL = ZoneInfo("Asia/Seoul")

CORPUS = [
    (
        "19일(화) 오후 2시 광주시청 시장 면담",
        {"trip_dates": ["2021-10-18", "2021-10-28"]},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "19일(화) 오후 2시 광주시청 시장 면담",
                    "start": "2021-10-19T14:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "광주시청 시장 면담",
                    "kind": "meeting",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "[11월 방한 일정]\n19일(금) 오전 10시 코트라 간담회",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 2,
                    "text": "19일(금) 오전 10시 코트라 간담회",
                    "start": "2021-11-19T10:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "코트라 간담회",
                    "kind": "roundtable",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "지난 21일 시청 방문",
        {"written": "2021-10-25"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "지난 21일 시청 방문",
                    "start": "2021-10-21",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "시청 방문",
                    "kind": "visit",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "27일에는 부산 엑스포 참관",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "27일에는 부산 엑스포 참관",
                    "start": "2021-10-27",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "부산 엑스포 참관",
                    "kind": "expo",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "20일에는 중기부와 MOU를 체결하고, 26일에는 부산을 방문하며, 27일에는 귀국한다.",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "20일에는 중기부와 MOU를 체결하고, 26일에는 부산을 방문하며, 27일에는 귀국한다.",
                    "start": "2021-10-20",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "중기부와 MOU를 체결하고",
                    "kind": "mou",
                    "warnings": [],
                },
                {
                    "line": 1,
                    "text": "20일에는 중기부와 MOU를 체결하고, 26일에는 부산을 방문하며, 27일에는 귀국한다.",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "부산을 방문하며",
                    "kind": "visit",
                    "warnings": [],
                },
                {
                    "line": 1,
                    "text": "20일에는 중기부와 MOU를 체결하고, 26일에는 부산을 방문하며, 27일에는 귀국한다.",
                    "start": "2021-10-27",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "귀국한다",
                    "kind": "travel",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "내일 오전 9시 조찬 간담회",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "내일 오전 9시 조찬 간담회",
                    "start": "2021-10-19T09:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "조찬 간담회",
                    "kind": "roundtable",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "모레 오후 3시 면담",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "모레 오후 3시 면담",
                    "start": "2021-10-20T15:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "면담",
                    "kind": "meeting",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "이번 주 금요일 오후 4시 기업 방문",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "이번 주 금요일 오후 4시 기업 방문",
                    "start": "2021-10-22T16:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "기업 방문",
                    "kind": "visit",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "다음 주 화요일 세미나",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "다음 주 화요일 세미나",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "세미나",
                    "kind": "conference",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "다음 달 3일 포럼 개최",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "다음 달 3일 포럼 개최",
                    "start": "2021-11-03",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "포럼 개최",
                    "kind": "conference",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "지난 2일 협약 체결",
        {"written": "2021-10-18"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "지난 2일 협약 체결",
                    "start": "2021-10-02",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "협약 체결",
                    "kind": "mou",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "오는 10월 중 박람회",
        {"written": "2021-08-02"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "오는 10월 중 박람회",
                    "start": "2021-10",
                    "end": None,
                    "precision": "month",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "박람회",
                    "kind": "expo",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "내일 오전 10시 회의",
        {},
        {
            "drafts": [],
            "questions": [
                {
                    "line": 1,
                    "text": "내일 오전 10시 회의",
                    "question": "'내일' counts from the day the text was written: give it (--written DATE)",
                }
            ],
        },
    ),
    (
        "10월 19일 오전 10시 MOU 체결\n같은 날 오후 6시 환영 만찬",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오전 10시 MOU 체결",
                    "start": "2021-10-19T10:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "MOU 체결",
                    "kind": "mou",
                    "warnings": [],
                },
                {
                    "line": 2,
                    "text": "같은 날 오후 6시 환영 만찬",
                    "start": "2021-10-19T18:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "환영 만찬",
                    "kind": "dinner",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 오전 10시 개막식. 이날 오후 2시 기업 상담회가 열린다.",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오전 10시 개막식. 이날 오후 2시 기업 상담회가 열린다.",
                    "start": "2021-10-19T10:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "개막식",
                    "kind": "other",
                    "warnings": [],
                },
                {
                    "line": 1,
                    "text": "10월 19일 오전 10시 개막식. 이날 오후 2시 기업 상담회가 열린다.",
                    "start": "2021-10-19T14:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "기업 상담회가 열린다",
                    "kind": "other",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 공장 견학\n다음 날 오전 9시 출국",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 공장 견학",
                    "start": "2021-10-19",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "공장 견학",
                    "kind": "visit",
                    "warnings": [],
                },
                {
                    "line": 2,
                    "text": "다음 날 오전 9시 출국",
                    "start": "2021-10-20T09:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "출국",
                    "kind": "travel",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "10월 20일 투자 설명회. 당일 오후 7시 리셉션",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 20일 투자 설명회. 당일 오후 7시 리셉션",
                    "start": "2021-10-20",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "투자 설명회",
                    "kind": "talk",
                    "warnings": [],
                },
                {
                    "line": 1,
                    "text": "10월 20일 투자 설명회. 당일 오후 7시 리셉션",
                    "start": "2021-10-20T19:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "리셉션",
                    "kind": "reception",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 밤 12시 인천공항 출발",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 밤 12시 인천공항 출발",
                    "start": "2021-10-27T00:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "인천공항 출발",
                    "kind": "travel",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 자정 야간 버스 이동",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 자정 야간 버스 이동",
                    "start": "2021-10-27T00:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "야간 버스 이동",
                    "kind": "travel",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 오후 10시~자정 네트워킹",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 오후 10시~자정 네트워킹",
                    "start": "2021-10-26T22:00:00+09:00",
                    "end": "2021-10-27T00:00:00+09:00",
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "네트워킹",
                    "kind": "reception",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 2.5억 달러 규모 투자 협약",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 2.5억 달러 규모 투자 협약",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "2.5억 달러 규모 투자 협약",
                    "kind": "other",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 1:1 비즈니스 상담회",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 1:1 비즈니스 상담회",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "1:1 비즈니스 상담회",
                    "kind": "other",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 KE032편 탑승",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 KE032편 탑승",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "KE032편 탑승",
                    "kind": "other",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 26일 78개 기업 참가 박람회",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 26일 78개 기업 참가 박람회",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "78개 기업 참가 박람회",
                    "kind": "expo",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "2.5억 달러 투자 유치",
        {"year": 2021},
        {
            "drafts": [],
            "questions": [
                {
                    "line": 1,
                    "text": "2.5억 달러 투자 유치",
                    "question": "no day for this line: write one (10월 19일) or put it under a day's heading",
                }
            ],
        },
    ),
    (
        "10월 26일\n6:30 환영 만찬",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 2,
                    "text": "6:30 환영 만찬",
                    "start": "2021-10-26",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "환영 만찬",
                    "kind": "dinner",
                    "warnings": [],
                }
            ],
            "questions": [
                {
                    "line": 2,
                    "text": "6:30 환영 만찬",
                    "question": "'6:30' reads as 06:30, but a dinner is likely at 18:30; write 오전/오후 or 18:30 "
                    "(the hour is left out)",
                }
            ],
        },
    ),
    (
        "[10/19(화) 오늘 일정]\n내일 오전 9시 출발",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 2,
                    "text": "내일 오전 9시 출발",
                    "start": "2021-10-20T09:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "출발",
                    "kind": "travel",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일 글로벌 중소기업의 밤",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일 글로벌 중소기업의 밤",
                    "start": "2021-10-22",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "글로벌 중소기업의 밤",
                    "kind": "reception",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일 밤 한국의 밤 행사",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일 밤 한국의 밤 행사",
                    "start": "2021-10-22",
                    "end": None,
                    "precision": "part_of_day",
                    "part_of_day": "night",
                    "title": None,
                    "title_ko": "한국의 밤 행사",
                    "kind": "reception",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일 저녁 만찬",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일 저녁 만찬",
                    "start": "2021-10-22",
                    "end": None,
                    "precision": "part_of_day",
                    "part_of_day": "evening",
                    "title": None,
                    "title_ko": "만찬",
                    "kind": "dinner",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일 Korea Night (Lotte Hotel)",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일 Korea Night (Lotte Hotel)",
                    "start": "2021-10-22",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": "Korea Night",
                    "title_ko": None,
                    "kind": "reception",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일 한국의 밤 (Korea Night)",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일 한국의 밤 (Korea Night)",
                    "start": "2021-10-22",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": "Korea Night",
                    "title_ko": "한국의 밤",
                    "kind": "reception",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일(수) 면담",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일(수) 면담",
                    "start": "2021-10-19",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "면담",
                    "kind": "meeting",
                    "warnings": ["(수) is written, but 19 Oct 2021 is a Tuesday (화); check the date or the year"],
                }
            ],
            "questions": [
                {
                    "line": 1,
                    "text": "10월 19일(수) 면담",
                    "question": "(수) is written, but 19 Oct 2021 is a Tuesday (화); check the date or the year",
                }
            ],
        },
    ),
    (
        "19일(화) 면담",
        {"written": "2021-11-03"},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "19일(화) 면담",
                    "start": "2021-10-19",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "면담",
                    "kind": "meeting",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 오전 11시~오후 2시 오찬 간담회",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오전 11시~오후 2시 오찬 간담회",
                    "start": "2021-10-19T11:00:00+09:00",
                    "end": "2021-10-19T14:00:00+09:00",
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "오찬 간담회",
                    "kind": "roundtable",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 14시부터 16시까지 회의",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 14시부터 16시까지 회의",
                    "start": "2021-10-19T14:00:00+09:00",
                    "end": "2021-10-19T16:00:00+09:00",
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "회의",
                    "kind": "meeting",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 오후 2시 30분-4시 세미나",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오후 2시 30분-4시 세미나",
                    "start": "2021-10-19T14:30:00+09:00",
                    "end": "2021-10-19T16:00:00+09:00",
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "세미나",
                    "kind": "conference",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 정오 오찬",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 정오 오찬",
                    "start": "2021-10-19T12:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "오찬",
                    "kind": "dinner",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 새벽 5시 출발",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 새벽 5시 출발",
                    "start": "2021-10-19T05:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "출발",
                    "kind": "travel",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 오전 중 현장 방문",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오전 중 현장 방문",
                    "start": "2021-10-19",
                    "end": None,
                    "precision": "part_of_day",
                    "part_of_day": "morning",
                    "title": None,
                    "title_ko": "현장 방문",
                    "kind": "visit",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 22일~24일 부산 엑스포",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 22일~24일 부산 엑스포",
                    "start": "2021-10-22",
                    "end": "2021-10-24",
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "부산 엑스포",
                    "kind": "expo",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "11월 중 후속 방문",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "11월 중 후속 방문",
                    "start": "2021-11",
                    "end": None,
                    "precision": "month",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "후속 방문",
                    "kind": "visit",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 오전 10시 MOU 체결, 오후 2시 공장 방문",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 오전 10시 MOU 체결, 오후 2시 공장 방문",
                    "start": "2021-10-19T10:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "MOU 체결",
                    "kind": "mou",
                    "warnings": [],
                },
                {
                    "line": 1,
                    "text": "10월 19일 오전 10시 MOU 체결, 오후 2시 공장 방문",
                    "start": "2021-10-19T14:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "공장 방문",
                    "kind": "visit",
                    "warnings": [],
                },
            ],
            "questions": [],
        },
    ),
    (
        "10/19 10:00 로봇협회 MOU @ 롯데호텔",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10/19 10:00 로봇협회 MOU @ 롯데호텔",
                    "start": "2021-10-19T10:00:00+09:00",
                    "end": None,
                    "precision": "minute",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "로봇협회 MOU",
                    "kind": "mou",
                    "warnings": [],
                }
            ],
            "questions": [],
        },
    ),
    (
        "10월 19일 3시 회의",
        {"year": 2021},
        {
            "drafts": [
                {
                    "line": 1,
                    "text": "10월 19일 3시 회의",
                    "start": "2021-10-19",
                    "end": None,
                    "precision": "day",
                    "part_of_day": None,
                    "title": None,
                    "title_ko": "회의",
                    "kind": "meeting",
                    "warnings": [],
                }
            ],
            "questions": [
                {
                    "line": 1,
                    "text": "10월 19일 3시 회의",
                    "question": "'3시' could be morning or afternoon; write 오전/오후 or a 24-hour time (the hour "
                    "is left out)",
                }
            ],
        },
    ),
]


def _told(kw: dict) -> dict:
    out: dict = {}
    for key, value in kw.items():
        if key == "written":
            out[key] = date.fromisoformat(value)
        elif key == "trip_dates":
            out[key] = tuple(date.fromisoformat(v) for v in value)
        else:
            out[key] = value
    return out


@pytest.mark.parametrize(("text", "told", "expected"), CORPUS, ids=[row[0][:40] for row in CORPUS])
def test_korean_schedule_lines_give_the_expected_json(text, told, expected):
    assert result_json(draft(text, tz=SEOUL, **_told(told))) == expected


def test_cli_json_with_written_resolves_relative_days(run_cli, tmp_path):
    src = tmp_path / "msg.txt"
    src.write_text("[10/19(화) 오늘 일정]\n내일 오전 9시 조찬 간담회\n26일 밤 12시 공항 출발\n", encoding="utf-8")
    result = run_cli("draft", str(src), "--tz", "Asia/Seoul", "--written", "2021-10-18", "--json")
    assert result.returncode == 0, result.stderr
    import json

    out = json.loads(result.stdout)
    assert out["questions"] == []
    assert [(d["line"], d["start"], d["title_ko"], d["title"]) for d in out["drafts"]] == [
        (2, "2021-10-20T09:00:00+09:00", "조찬 간담회", None),
        (3, "2021-10-27T00:00:00+09:00", "공항 출발", None),
    ]


def test_cli_without_written_asks_about_relative_days(run_cli, tmp_path):
    src = tmp_path / "msg.txt"
    src.write_text("내일 오전 9시 회의\n", encoding="utf-8")
    result = run_cli("draft", str(src), "--tz", "Asia/Seoul", "--year", "2021", "--json")
    assert result.returncode == 1
    import json

    assert "--written" in json.loads(result.stdout)["questions"][0]["question"]


def test_cli_refuses_an_unreadable_written_date(run_cli, tmp_path):
    src = tmp_path / "msg.txt"
    src.write_text("내일 회의\n", encoding="utf-8")
    result = run_cli("draft", str(src), "--tz", "Asia/Seoul", "--written", "someday")
    assert result.returncode == 2
    assert "--written" in result.stderr
