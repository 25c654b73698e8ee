"""The reference corpus of ``planner draft --json`` (tests/data/draft_corpus.toml), case by case.

Each case is schedule text written for the project (press releases, KakaoTalk
messages, tables, headings, mixed English), what the reader is told, and the
whole JSON the command prints, checked by hand. The corpus is the reference
docs/drafting.md points to; tools/draft_corpus.py prints a new case to add.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("draft_corpus", ROOT / "tools" / "draft_corpus.py")
assert _spec is not None and _spec.loader is not None
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus
_spec.loader.exec_module(corpus)

CASES = corpus.load()


def _id(case: dict) -> str:
    return case["text"].splitlines()[0][:40]


def test_the_corpus_holds_at_least_120_schedule_lines():
    assert corpus.schedule_lines(CASES) >= 120


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_each_case_gives_the_expected_json(case):
    assert corpus.run(case) == case["expected"]


def _cli_args(case: dict, path: Path) -> list[str]:
    args = ["draft", str(path), "--json", "--tz", case.get("tz", corpus.DEFAULT_TZ)]
    if case.get("written"):
        args += ["--written", case["written"].isoformat()]
    if case.get("year"):
        args += ["--year", str(case["year"])]
    return args


_THROUGH_CLI = [c for c in CASES if "trip_dates" not in c][::12]
"""A handful of cases through the real command (a trip's dates need a trip file: those stay in process)."""


@pytest.mark.parametrize("case", _THROUGH_CLI, ids=[_id(c) for c in _THROUGH_CLI])
def test_the_command_prints_the_same_json(case, run_cli, tmp_path):
    path = tmp_path / "schedule.txt"
    path.write_text(case["text"] + "\n", encoding="utf-8")
    result = run_cli(*_cli_args(case, path))
    assert result.returncode == (1 if case["expected"]["questions"] else 0), result.stderr
    assert json.loads(result.stdout) == case["expected"]


def test_the_corpus_covers_the_forms_issue_13_lists():
    text = "\n".join(c["text"] for c in CASES)
    forms = [
        "오전",
        "오후",
        "저녁",
        "밤 ",
        "새벽",
        "아침",
        "시 반",
        "분",
        "정오",
        "자정",
        "밤 12시",
        ":",
        "~",
        "부터",
        "까지",
        "내일",
        "모레",
        "이번 주 금요일",
        "다음 달 3일",
        "지난 2일",
        "오는 10월",
        "같은 날",
        "이날",
        "다음 날",
        "당일",
        "2.5억",
        "1:1",
        "KE032편",
        "78개",
        "6:30 환영 만찬",
        "[10/19(화) 오늘 일정]",
        "의 밤",
        "|",
        "\t",
        "【",
        "<",
        "Day ",
        "(수)",
        "Oct ",
        " PM",
        " / ",
        "낼",
        "4일간",
        "최장",
    ]
    assert [f for f in forms if f not in text] == []
    assert any(c.get("written") for c in CASES) and any(c["expected"]["questions"] for c in CASES)
