"""The reference corpus of ``planner draft``: print a new case to add, or check every case.

The corpus is ``tests/data/draft_corpus.toml`` (read by ``tests/test_draft_corpus.py``):
schedule text written for the project, what the reader is told, and the
``planner draft --json`` expected. To add a case, print it with what the
drafter says today, *check every field by hand*, correct what is wrong, and
paste it at the end of the file (a wrong expectation is a bug to fix in the
drafter, not a line to copy):

    .venv/bin/python tools/draft_corpus.py --written 2024-03-06 '내일 오전 9시 조찬 간담회'
    .venv/bin/python tools/draft_corpus.py --year 2021 --trip-dates 2021-10-18 2021-10-27 "$(cat schedule.txt)"
    .venv/bin/python tools/draft_corpus.py --check     # every case whose output differs, with both JSONs
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "draft_corpus.toml"
CONTEXT_KEYS = ("written", "year", "trip_dates", "tz")
DEFAULT_TZ = "Asia/Seoul"


def load(path: Path = CORPUS) -> list[dict]:
    """The cases, each with ``text``, its context keys and ``expected`` (parsed from its JSON)."""
    with path.open("rb") as f:
        cases = tomllib.load(f)["case"]
    for case in cases:
        case["expected"] = json.loads(case["expected"])
    return cases


def run(case: dict) -> dict:
    """What ``planner draft --json`` prints for the case (the same functions the command calls)."""
    from planner.draft.lines import draft
    from planner.usecases.drafting import result_json

    trip = case.get("trip_dates")
    result = draft(
        case["text"],
        tz=ZoneInfo(case.get("tz") or DEFAULT_TZ),
        year=case.get("year"),
        trip_dates=(trip[0], trip[1]) if trip else None,
        written=case.get("written"),
    )
    return result_json(result)


def schedule_lines(cases: list[dict]) -> int:
    """How many schedule lines the corpus holds: its cases' non-empty lines."""
    return sum(1 for case in cases for line in case["text"].splitlines() if line.strip())


def _toml_text(text: str) -> str:
    if "'''" in text or any(ord(c) < 32 and c not in "\t\n" for c in text):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string
    return "'''\n" + text + "'''" if "\n" in text else "'" + text + "'" if "'" not in text else "'''" + text + "'''"


def render(case: dict, expected: dict) -> str:
    """One ``[[case]]`` table: the text, the context, and the expected JSON one draft a line."""
    out = ["[[case]]"]
    if case.get("about"):
        out.append(f"about = {json.dumps(case['about'], ensure_ascii=False)}")
    out.append(f"text = {_toml_text(case['text'])}")
    for key in CONTEXT_KEYS:
        value = case.get(key)
        if value is None:
            continue
        if key == "trip_dates":
            out.append(f"trip_dates = [{value[0].isoformat()}, {value[1].isoformat()}]")
        elif isinstance(value, date):
            out.append(f"{key} = {value.isoformat()}")
        else:
            out.append(f"{key} = {json.dumps(value)}")
    body = ['{"drafts": [']
    drafts = [json.dumps(d, ensure_ascii=False) for d in expected["drafts"]]
    body.extend("  " + d + ("," if i < len(drafts) - 1 else "") for i, d in enumerate(drafts))
    body.append('], "questions": [')
    questions = [json.dumps(q, ensure_ascii=False) for q in expected["questions"]]
    body.extend("  " + q + ("," if i < len(questions) - 1 else "") for i, q in enumerate(questions))
    body.append("]}")
    out.append("expected = '''\n" + "\n".join(body) + "\n'''")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="?", help="the schedule text of the new case")
    parser.add_argument("--written", type=date.fromisoformat)
    parser.add_argument("--year", type=int)
    parser.add_argument("--trip-dates", nargs=2, type=date.fromisoformat, metavar=("FIRST", "LAST"))
    parser.add_argument("--tz", help=f"default {DEFAULT_TZ}")
    parser.add_argument("--about", help="what the case is for, in a few words")
    parser.add_argument("--check", action="store_true", help="print every case whose output differs")
    args = parser.parse_args()
    if args.check:
        cases = load()
        bad = [(c, got) for c in cases if (got := run(c)) != c["expected"]]
        for case, got in bad:
            print(f"--- differs: {case['text']!r}\nexpected: {json.dumps(case['expected'], ensure_ascii=False)}")
            print(f"got:      {json.dumps(got, ensure_ascii=False)}\n")
        print(f"{len(cases) - len(bad)} of {len(cases)} cases as expected; {schedule_lines(cases)} schedule lines")
        return 1 if bad else 0
    if not args.text:
        parser.error("give the text of the case, or --check")
    given = {
        "about": args.about,
        "text": args.text,
        "written": args.written,
        "year": args.year,
        "trip_dates": args.trip_dates,
        "tz": args.tz,
    }
    case = {key: value for key, value in given.items() if value is not None}
    print(render(case, run(case)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
