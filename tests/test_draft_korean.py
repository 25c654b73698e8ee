"""``planner draft --written`` through the command: relative days answered, asked without it, refused if unreadable.

The line-by-line reference (the 45 rows that were here, and many more) is the
corpus in tests/data/draft_corpus.toml, run by tests/test_draft_corpus.py.
"""

from __future__ import annotations


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
