"""How many of the seeded trips' dated activities ``planner draft`` finds in the five source articles.

The articles are press reports kept outside the repository (``../shared/seeds``);
they are read at test time and nothing of them is copied here. The facts to
find are those of ``../shared/brief/trip-facts.md``, listed in
``tools/draft_articles.py``, which prints the table quoted in the README.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("draft_articles", ROOT / "tools" / "draft_articles.py")
assert _spec is not None and _spec.loader is not None
articles = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = articles
_spec.loader.exec_module(articles)

pytestmark = pytest.mark.skipif(
    not articles.SEEDS.is_dir(),
    reason=f"the source articles are not here ({articles.SEEDS}): they are kept outside the repository",
)

FOUND_AT_LEAST = {
    "korea-trip-2021-dallas-chamber.ko.txt": 9,
    "robot-mou-2021-10-19.ko.txt": 1,
    "richardson-roundtable-2019-11-21.ko.txt": 2,
    "gwangju-mayor-2022-11-07.ko.txt": 1,
    "dc-global-sme-night-2023-04-25.ko.txt": 2,
}
"""What the drafter finds today (15 of 15, as the README says): a change that finds fewer fails here."""


@pytest.mark.parametrize("article", articles.ARTICLES, ids=[a.file for a in articles.ARTICLES])
def test_the_drafter_finds_the_dated_activities_of_each_article(article):
    found, missed = articles.count(article, articles.draft_article(article, articles.SEEDS))
    assert len(found) >= FOUND_AT_LEAST[article.file], [m.what for m in missed]


def test_the_total_is_the_one_the_readme_gives():
    _table, found, total = articles.table()
    assert (found, total) == (15, 15)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{found} of {total}" in readme


def test_the_dc_evening_is_read_from_what_the_event_is_not_from_an_hour():
    """The D.C. article names the day and a '…의 밤' event with a dinner, but no hour: the evening, saying why."""
    dc = next(a for a in articles.ARTICLES if a.trip == "dc-2023")
    drafts = articles.draft_article(dc, articles.SEEDS)
    evening = [d for d in drafts if d["start"] == "2023-04-25" and d["part_of_day"] == "evening"]
    assert evening, drafts
    assert all(any("no hour was written" in w for w in d["warnings"]) for d in evening)
