"""How many of the seeded trips' dated activities ``planner draft`` finds in the five source articles.

Not a test by itself (``tests/test_draft_articles.py`` runs it and holds the
floor): run it by hand to print the table the README and docs/drafting.md quote.

    .venv/bin/python tools/draft_articles.py             # the table
    .venv/bin/python tools/draft_articles.py --misses    # and every activity not found
    .venv/bin/python tools/draft_articles.py --drafts    # and every draft, to see why

The articles are read from ``../shared/seeds`` (next to the repository; give
``--seeds DIR`` otherwise); nothing of them is kept here. Each article is
drafted as a user would: the publication date as ``--written`` (where the
article prints none, the day its file name gives, or the day after the trip
for a report written after it) and the seeded trip as ``--trip`` (its dates
and zone), through the same :func:`planner.draft.lines.draft` as the command.

The dated activities are those of ``../shared/brief/trip-facts.md``, one per
dated row, written here as facts (day, time, a name the activity's draft must
mention). One is *found* when a draft, not already counted for another
activity, has the right day (or span, or month), the time where the facts
give one (a clock time, or a part of the day: a draft at that clock time or in
that part), and the name in its Korean or English title.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@dataclass(frozen=True)
class Fact:
    """A dated activity of trip-facts.md: ``start`` as ``--json`` prints it, and what else must match."""

    start: str
    """``YYYY-MM-DD`` (a day or a span's first day) or ``YYYY-MM`` (a month)."""
    what: str
    """In English, for the table of misses."""
    name: str
    """A name the draft's title must contain (an organisation or a place, as the facts give it)."""
    end: str | None = None
    """A span's last day, or the end time ``HH:MM`` of a clock range."""
    clock: str | None = None
    """``HH:MM`` when the facts give a clock time."""
    part: str | None = None
    """``morning``/``afternoon``/``evening``/``night`` when the facts give a part of the day."""


@dataclass(frozen=True)
class Article:
    file: str
    trip: str
    written: date
    why_written: str
    facts: tuple[Fact, ...]


ARTICLES = (
    Article(
        "korea-trip-2021-dallas-chamber.ko.txt",
        "korea-2021",
        date(2021, 10, 28),
        "no date printed; written after the trip (18-27 Oct): the day after",
        (
            Fact("2021-10-18", "World Korean Business Convention, 18-21 Oct", "한상대회", end="2021-10-21"),
            Fact("2021-10-19", "life-care robot MOU", "MOU"),
            Fact("2021-10-20", "beauty and cosmetics OEM associations MOU", "뷰티"),
            Fact("2021-10-20", "meeting with the chairman of Challenge and Sharing", "도전과 나눔"),
            Fact("2021-10-21", "Korea Chamber of Commerce and Industry meeting", "대한상공회의소"),
            Fact("2021-10-21", "Korea Federation of SMEs meeting", "중소기업중앙회"),
            Fact("2021-10-21", "Guro-gu Office visit", "구로"),
            Fact("2021-10-26", "beauty associations MOU, then the Osong complex", "오송"),
            Fact("2021-10-27", "Asan Pharm and a hydrogen-energy company", "아산제약"),
        ),
    ),
    Article(
        "robot-mou-2021-10-19.ko.txt",
        "korea-2021",
        date(2021, 10, 19),
        "no date printed; the file name's day",
        (Fact("2021-10-19", "life-care robot MOU at the Lotte Hotel", "롯데호텔"),),
    ),
    Article(
        "richardson-roundtable-2019-11-21.ko.txt",
        "richardson-2019",
        date(2019, 11, 22),
        "published 22 Nov 2019 (trip-facts.md)",
        (
            Fact("2019-11-21", "monthly roundtable, 07:30-09:00", "드로잉 보드", clock="07:30", end="09:00"),
            Fact("2019-11-02", "first 5G Smart Business Expo", "엑스포"),
        ),
    ),
    Article(
        "gwangju-mayor-2022-11-07.ko.txt",
        "gwangju-2022",
        date(2022, 11, 7),
        "dated 7 Nov 2022 14:18 in the article",
        (Fact("2022-11-07", "the mayor meets the KABCC executives, in the morning", "시청", part="morning"),),
    ),
    Article(
        "dc-global-sme-night-2023-04-25.ko.txt",
        "dc-2023",
        date(2023, 4, 25),
        "no date printed; the file name's day",
        (
            Fact("2023-04-25", "Global SME Night, in the evening", "중소기업인의 밤", part="evening"),
            Fact("2023-10", "2023 World Korean Business Convention, October, LA", "한상대회"),
        ),
    ),
)

_PARTS = {"morning": (5, 12), "afternoon": (12, 18), "evening": (18, 22), "night": (21, 29)}


def draft_article(article: Article, seeds: Path) -> list[dict]:
    """The ``--json`` drafts of one article, read as ``planner draft --trip --written`` reads it."""
    from planner.draft.lines import draft
    from planner.storage import load_file
    from planner.usecases.drafting import result_json

    trip = load_file(ROOT / "seeds" / f"{article.trip}.toml").trip
    text = (seeds / article.file).read_text(encoding="utf-8")
    result = draft(text, tz=trip.event_tz, trip_dates=(trip.first_day, trip.last_day), written=article.written)
    return result_json(result)["drafts"]


def _clock(start: str) -> str:
    return start[11:16]


def matches(fact: Fact, d: dict) -> bool:
    """Whether draft ``d`` (as ``--json`` prints it) is the activity ``fact``."""
    start = d["start"] or ""
    if start[: len(fact.start)] != fact.start or (len(fact.start) == 7 and d["precision"] != "month"):
        return False
    if len(fact.start) == 10 and fact.end and fact.clock is None and d["end"] != fact.end:
        return False  # a span of days
    if fact.clock is not None:
        if d["precision"] != "minute" or _clock(start) != fact.clock:
            return False
        if fact.end and (d["end"] is None or _clock(d["end"]) != fact.end):
            return False
    if fact.part is not None:
        if d["precision"] == "minute":
            first, last = _PARTS[fact.part]
            if not first <= int(start[11:13]) < last:
                return False
        elif d["part_of_day"] != fact.part:
            return False
    title = f"{d['title_ko'] or ''} {d['title'] or ''}"
    return fact.name.replace(" ", "") in title.replace(" ", "")


def day_matches(fact: Fact, d: dict) -> bool:
    """Whether ``d`` has the fact's day (span, month) and name, whatever its time."""
    loose = Fact(fact.start, fact.what, fact.name, fact.end if fact.clock is None else None)
    return matches(loose, d)


def count(article: Article, drafts: list[dict]) -> tuple[list[Fact], list[Fact]]:
    """The facts found (each by a draft of its own) and those missed."""
    used: set[int] = set()
    found, missed = [], []
    for fact in article.facts:
        hit = next((i for i, d in enumerate(drafts) if i not in used and matches(fact, d)), None)
        if hit is None:
            missed.append(fact)
        else:
            used.add(hit)
            found.append(fact)
    return found, missed


def table(seeds: Path = SEEDS, show_misses: bool = False, show_drafts: bool = False) -> tuple[str, int, int]:
    """The printed table, and the total found and total facts."""
    rows = ["| article | --trip | --written | found |", "|---|---|---|---|"]
    extra: list[str] = []
    total_found = total = 0
    for article in ARTICLES:
        drafts = draft_article(article, seeds)
        found, missed = count(article, drafts)
        total_found += len(found)
        total += len(article.facts)
        rows.append(f"| {article.file} | {article.trip} | {article.written} | {len(found)} of {len(article.facts)} |")
        if show_misses:
            for fact in missed:
                near = any(day_matches(fact, d) for d in drafts)
                extra.append(
                    f"{article.file}: missed {fact.start} {fact.what}" + (" (day right, time not)" if near else "")
                )
        if show_drafts:
            extra.extend(f"  {article.file}: " + json.dumps(d, ensure_ascii=False) for d in drafts)
    rows.append(f"| total | | | {total_found} of {total} |")
    return "\n".join(rows + ([""] if extra else []) + extra), total_found, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the folder of the articles (../shared/seeds)")
    parser.add_argument("--misses", action="store_true", help="list the activities not found")
    parser.add_argument("--drafts", action="store_true", help="print every draft")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"no articles at {args.seeds}: give --seeds DIR", file=sys.stderr)
        return 2
    print(table(args.seeds, args.misses, args.drafts)[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
