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
    "dc-global-sme-night-2023-04-25.ko.txt": 1,
}
"""What the drafter finds today (14 of 15, as the README says): a change that finds fewer fails here."""


@pytest.mark.parametrize("article", articles.ARTICLES, ids=[a.file for a in articles.ARTICLES])
def test_the_drafter_finds_the_dated_activities_of_each_article(article):
    found, missed = articles.count(article, articles.draft_article(article, articles.SEEDS))
    assert len(found) >= FOUND_AT_LEAST[article.file], [m.what for m in missed]


def test_the_total_is_the_one_the_readme_gives():
    _table, found, total = articles.table()
    assert (found, total) == (14, 15)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{found} of {total}" in readme


def test_the_one_missed_is_found_on_the_right_day():
    """The D.C. evening: the article names the day and a dinner, not a time or a part of the day."""
    dc = next(a for a in articles.ARTICLES if a.trip == "dc-2023")
    drafts = articles.draft_article(dc, articles.SEEDS)
    _found, missed = articles.count(dc, drafts)
    assert [m.start for m in missed] == ["2023-04-25"]
    assert any(articles.day_matches(missed[0], d) for d in drafts)
