"""Printed agendas: terminal, Markdown and HTML for seeded days, a hostile trip, and a PDF in Chromium."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from planner.agenda import build_day_agenda, build_trip_agenda, render_html, render_markdown
from planner.agenda.html_page import FONT_STACK
from planner.storage import load_workspace

# A trip with exact times in Seoul (home Dallas) and values that try to break
# every format: HTML, Markdown, rich markup and a terminal escape.
HOSTILE_TRIP = """
[trip]
id = "hostile-2024"
title = "Spring <b>mission</b> [bold red]to[/] Seoul"
title_ko = "봄 방문 <i>단</i>"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-03-11
end = 2024-03-13
members = ["kim"]

[[people]]
id = "kim"
name = "Kim </td> Hyun-kyum"
name_ko = "김현겸"

[[people]]
id = "park"
name = "Park [link=http://evil]Ji-won[/link]"
name_ko = "박지원"

[[places]]
id = "hall"
name = "Hall <img src=x onerror=alert(1)>"
name_ko = "홀"
address = "1 Main St & <Co>, Jung-gu, Seoul"
city = "Seoul"
tz = "Asia/Seoul"

[[events]]
id = "signing"
title = "<script>alert('x')</script> [bold]MOU[/bold] *now* | `tick`"
title_ko = "<script>서명식</script>"
kind = "mou"
start = 2024-03-12T10:00:00
end = 2024-03-12T11:30:00
place = "hall"
counterparts = ["park"]
outcome = "Signed & sealed: <em>done</em> &amp; [red]kept[/red]"
notes = "Bring ID.\\u001b[31m Red\\u202e text"

[[events]]
id = "dinner"
title = "Dinner"
kind = "dinner"
date = 2024-03-12
part = "evening"
place = "hall"
"""

HOSTILE_TITLE = "<script>alert('x')</script> [bold]MOU[/bold] *now* | `tick`"


@pytest.fixture
def hostile(workspace: Path) -> Path:
    (workspace / "hostile-2024.toml").write_text(HOSTILE_TRIP, encoding="utf-8")
    return workspace


class Page(HTMLParser):
    """Collects elements, text and nesting errors of an HTML document."""

    VOID = {"meta", "br", "img", "link", "hr", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.text: list[tuple[tuple[str, ...], str]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> inside {self.stack}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.text.append((tuple(self.stack), data))

    def all_text(self) -> str:
        return " ".join(t for _, t in self.text)

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a, _ in self.elements if name in (a.get("class") or "").split()]


def parse(doc: str) -> Page:
    page = Page()
    page.feed(doc)
    page.close()
    assert page.errors == []
    assert page.stack == []
    return page


# --- Markdown ---------------------------------------------------------------


def test_markdown_day_has_korean_weekday_city_and_address(workspace: Path, hostile: Path):
    ws = load_workspace(workspace)
    md = render_markdown(build_day_agenda(ws.trips, date(2021, 10, 19)))
    assert "## Tue 19 Oct 2021 · 10월 19일 (화)" in md
    assert "City: Seoul (서울)" in md
    assert "### *time not given* — Life-care robot MOU" in md
    # The report names only "Lotte Hotel": the city is the file's assumption, and marked so.
    assert "- **Where:** Lotte Hotel (롯데호텔), Seoul (assumed)" in md
    assert "- **Delegation:** 김현겸 Kim Hyun-kyum, 고근백 Ko Geun-baek" in md
    assert "- **Meeting:** 방호열 Bang Ho-yeol" in md
    assert "day 2 of 4" in md  # the convention, 18-21 Oct
    # A place with a street address (the fixture's; no seed gives one) shows it after the name.
    hostile_md = render_markdown(build_day_agenda(load_workspace(hostile).trips, date(2024, 3, 12)))
    assert "- **Where:** Hall \\<img src=x onerror=alert(1)\\> (홀), 1 Main St & \\<Co\\>, Jung-gu, Seoul" in hostile_md


def test_markdown_shows_local_home_and_third_clock(hostile: Path):
    ws = load_workspace(hostile)
    from zoneinfo import ZoneInfo

    md = render_markdown(
        build_day_agenda(ws.trips, date(2024, 3, 12), ZoneInfo("Europe/London"), trip_id="hostile-2024")
    )
    # 10:00 KST is 20:00 the evening before in Dallas (CDT since 10 March) and 01:00 UTC in London.
    assert "10:00–11:30 KST local · 20:00–21:30 CDT (Mon 11) home · 01:00–02:30 GMT" in md
    assert "*evening* — Dinner" in md


def test_markdown_escapes_hostile_values(hostile: Path):
    ws = load_workspace(hostile)
    md = render_markdown(build_day_agenda(ws.trips, date(2024, 3, 12), trip_id="hostile-2024"))
    assert r"\<script\>alert('x')\</script\> \[bold\]MOU\[/bold\] \*now\* \| \`tick\`" in md
    # The renderer writes no HTML, links or tables of its own: every <, >, [, ], | is from a value.
    assert not re.search(r"(?<!\\)[<>\[\]|`]", md), "an unescaped special character"
    assert "&amp;amp; \\[red\\]kept" in md  # a literal "&amp;" stays literal
    assert "\x1b" not in md and "\u202e" not in md
    assert r"Kim \</td\> Hyun-kyum" in md


def test_markdown_trip_has_every_day_then_the_undated_items(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--format", "md")
    assert out.returncode == 0, out.stderr
    md = out.stdout
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == [
        "Mon 18 Oct 2021 · 10월 18일 (월)",
        "Tue 19 Oct 2021 · 10월 19일 (화)",
        "Wed 20 Oct 2021 · 10월 20일 (수)",
        "Thu 21 Oct 2021 · 10월 21일 (목)",
        "Fri 22 Oct–Mon 25 Oct 2021 · 10월 22일 (금)–10월 25일 (월)",
        "Tue 26 Oct 2021 · 10월 26일 (화)",
        "Wed 27 Oct 2021 · 10월 27일 (수)",
        "Not yet on a day · 날짜 미정",
    ]
    undated = md.split("## Not yet on a day")[1]
    assert "KABCC leadership visit to Yeongju" in undated and "*unscheduled*" in undated
    assert "Yeongju" not in md.split("## Not yet on a day")[0]
    oct21 = md.split("## Thu 21 Oct 2021")[1].split("\n## ")[0]
    # The report gives no time or part of day for either meeting, and the agenda invents none.
    assert "*time not given* — Meeting at the Korea Chamber" in oct21
    assert "*time not given* — Meeting at the Korea Federation" in oct21
    assert "*morning*" not in oct21
    assert "City: Cheongju (청주)" in md  # 26 Oct, the Osong visit


ORDER_TRIP = """\
[trip]
id = "order-2024"
title = "Fixture: a part of the day and an unknown time"
status = "planned"
home_tz = "Asia/Seoul"
start = 2024-05-02
end = 2024-05-02

[[events]]
id = "a-untimed"
title = "Untimed call"
kind = "meeting"
date = 2024-05-02

[[events]]
id = "b-morning"
title = "Morning meeting"
kind = "meeting"
date = 2024-05-02
part = "morning"
"""
"""An invented day: the seeds no longer give any event a part of the day beside an untimed one."""


def test_a_part_of_the_day_comes_before_the_items_whose_time_is_not_given(run_cli, tmp_path: Path):
    folder = tmp_path / "order"
    folder.mkdir()
    (folder / "order-2024.toml").write_text(ORDER_TRIP, encoding="utf-8")
    out = run_cli("--dir", str(folder), "agenda", "--trip", "order-2024", "--format", "md")
    assert out.returncode == 0, out.stderr
    md = out.stdout
    assert md.index("*morning* — Morning meeting") < md.index("*time not given* — Untimed call")


def test_personal_agenda_keeps_only_that_members_events(run_cli, workspace: Path):
    out = run_cli(
        "--dir", str(workspace), "agenda", "--trip", "korea-2021", "--person", "ko-geun-baek", "--format", "md"
    )
    assert out.returncode == 0, out.stderr
    assert "personal agenda of 고근백 Ko Geun-baek" in out.stdout
    assert "Life-care robot MOU" in out.stdout  # named as an attendee
    assert "World Korean Business Convention 2021" in out.stdout  # whole delegation
    assert "beauty industry" not in out.stdout  # only Kim went
    assert "Not yet on a day" not in out.stdout


# --- HTML -------------------------------------------------------------------


def test_html_day_is_well_formed_with_both_clocks_and_korean(hostile: Path):
    ws = load_workspace(hostile)
    doc = render_html(build_day_agenda(ws.trips, date(2024, 3, 12), trip_id="hostile-2024"))
    assert doc.startswith("<!DOCTYPE html>\n")
    page = parse(doc)
    assert page.doctype.lower() == "doctype html"
    tags = [t for t, _, _ in page.elements]
    assert "script" not in tags and "img" not in tags and "em" not in tags and "i" not in tags
    assert tags.count("section") == 1
    assert len(page.with_class("event")) == 2
    text = page.all_text()
    assert "Tue 12 Mar 2024" in text and "3월 12일 (화)" in text
    assert "10:00–11:30 KST" in text
    assert "home 20:00–21:30 CDT (Mon 11)" in text
    assert "Hall <img src=x onerror=alert(1)> (홀)" in text
    assert "1 Main St & <Co>, Jung-gu, Seoul" in text
    assert "Signed & sealed: <em>done</em> &amp; [red]kept[/red]" in text
    # The hostile title arrives as text, inside the event's title paragraph.
    titles = [t for stack, t in page.text if stack and stack[-1] == "p" and t == HOSTILE_TITLE]
    assert titles == [HOSTILE_TITLE]
    assert "<script>서명식</script>" in text
    assert "\x1b" not in doc and "\u202e" not in doc
    korean = [a for t, a, _ in page.elements if a.get("lang") == "ko"]
    assert korean, "Korean text is marked lang=ko for font selection"


def test_html_is_print_ready(workspace: Path):
    ws = load_workspace(workspace)
    doc = render_html(build_trip_agenda(ws.trip("korea-2021")), trip_mode=True)
    page = parse(doc)
    style = "".join(t for stack, t in page.text if stack and stack[-1] == "style")
    assert "@page" in style and "@media print" in style
    assert "break-before: page" in style
    assert '"Noto Sans KR"' in FONT_STACK and '"Apple SD Gothic Neo"' in FONT_STACK and '"Malgun Gothic"' in FONT_STACK
    assert FONT_STACK in style and FONT_STACK.rstrip().endswith("sans-serif")
    assert not re.search(
        r"#(?:[0-9a-f]{3}){1,2}\b",
        style.replace("#000", "").replace("#333", "").replace("#fff", "").replace("#d9d9d9", ""),
        re.I,
    )
    sheets = page.with_class("sheet")
    assert len(sheets) == 8  # 7 day sections (22-25 Oct as one) + the undated items
    tags = [t for t, _, _ in page.elements]
    assert "link" not in tags and "script" not in tags  # self-contained: nothing to fetch
    assert "Lotte Hotel (롯데호텔)" in page.all_text()
    assert "Seoul (assumed)" in page.all_text()  # the venue's city is not in the reports


def test_html_paper_size_is_optional():
    from planner.agenda import Agenda

    empty = Agenda("T", "", "", "", ())
    assert not re.search(r"[{;]\s*size:", render_html(empty))
    assert "@page { size: 210mm 297mm; }" in render_html(empty, paper="a4")
    assert "@page { size: 8.5in 11in; }" in render_html(empty, paper="letter")


# --- terminal and the command -----------------------------------------------


def test_terminal_agenda_prints_markup_literally(run_cli, hostile: Path):
    out = run_cli("--dir", str(hostile), "agenda", "2024-03-12", "--trip", "hostile-2024")
    assert out.returncode == 0, out.stderr
    assert "[bold]MOU[/bold]" in out.stdout
    assert "Spring <b>mission</b> [bold red]to[/] Seoul" in out.stdout
    assert "Park [link=http://evil]Ji-won[/link]" in out.stdout
    assert "\x1b" not in out.stdout
    assert "home 20:00–21:30 CDT (Mon 11)" in out.stdout
    assert "evening" in out.stdout and "notes: Bring ID." in out.stdout


def test_agenda_out_writes_the_format_its_suffix_names(run_cli, workspace: Path, tmp_path: Path):
    target = tmp_path / "korea.html"
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert f"to {target}" in out.stdout
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    text = tmp_path / "day.txt"
    out = run_cli("--dir", str(workspace), "agenda", "2021-10-19", "--out", str(text))
    assert out.returncode == 0, out.stderr
    written = text.read_text(encoding="utf-8")
    assert "Tue 19 Oct 2021 · 10월 19일 (화)" in written and "\x1b" not in written


def test_agenda_bad_arguments_exit_2(run_cli, workspace: Path, tmp_path: Path):
    cases = [
        (["agenda"], "give a DATE, or --trip ID"),
        (["agenda", "2021-10-19", "--format", "pdf"], "invalid choice"),
        (["agenda", "--trip", "korea-2021", "--out", str(tmp_path / "missing" / "a.html")], "does not exist"),
        (
            ["agenda", "--trip", "korea-2021", "--format", "md", "--paper", "a4"],
            "--paper applies to --format html only",
        ),
        (["agenda", "--trip", "korea-2012"], "did you mean korea-2021"),
    ]
    for args, words in cases:
        out = run_cli("--dir", str(workspace), *args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert words in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_agenda_and_check_do_not_import_textual(tmp_path: Path):
    import sys

    from conftest import SEEDS

    code = (
        "import sys; from planner.cli import main; "
        "main(['--dir', sys.argv[1], 'agenda', '--trip', 'korea-2021', '--out', sys.argv[2]]); "
        "main(['--dir', sys.argv[1], 'check', '--json']); "
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; "
        "sys.exit(1 if bad else 0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEEDS), str(tmp_path / "a.html")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert (tmp_path / "a.html").exists()
