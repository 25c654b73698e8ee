"""The plain layout (``planner list`` / ``agenda`` to a pipe, without rich) prints exactly rich's text.

Two levels: the layout engine (:mod:`planner.text.grid`) against rich's own
``Text``/``Table.grid``/``Rule`` built from the same blocks, on every seeded
trip, every day, at many widths; and the whole command, run as a user runs it
with its output to a pipe, against the same command printed by rich in
process (the plain layout switched off), with several options.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import rich.cells
from conftest import SEEDS, in_terminal
from rich.console import Console

import planner.agenda.terminal as agenda_terminal
import planner.text.grid as grid
import planner.views.timeline_text as timeline_text
from planner.agenda.gather import build_day_agenda, build_trip_agenda
from planner.cli import main
from planner.model.timeline import occurrences
from planner.storage import load_workspace

WIDTHS = (30, 47, 60, 80, 99, 100, 120, 161, 200)


def rich_text(blocks: list[grid.Block], width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(
        grid.to_rich(blocks, agenda_terminal.rich_parts())
    )
    return buffer.getvalue()


def plain(blocks: list[grid.Block], width: int) -> str | None:
    lines = grid.lay_out(blocks, width, rich.cells, styled=False)
    styled = grid.lay_out(blocks, width, rich.cells)
    assert (styled is None) == (lines is None)
    if styled is not None:
        assert grid.plain_text(styled) == grid.plain_text(lines)
    return None if lines is None else grid.plain_text(lines)


def seeded_days() -> list[date]:
    ws = load_workspace(SEEDS)
    days: set[date] = set()
    for trip in ws.trips:
        d = trip.first_day - timedelta(days=1)
        while d <= trip.last_day + timedelta(days=1):
            days.add(d)
            d += timedelta(days=1)
    return sorted(days)


def compare(blocks: list[grid.Block], width: int, *, must: bool) -> None:
    laid = plain(blocks, width)
    if laid is None:
        assert not must, f"the plain layout gave up at width {width}"
        return
    assert laid == rich_text(blocks, width)


LANGS = ("en", "ko", "both")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_day_agendas_lay_out_as_rich_does(width: int, lang: str):
    ws = load_workspace(SEEDS)
    for day in seeded_days():
        for person in (None, "kim-hyun-kyum"):
            agenda = build_day_agenda(ws.trips, day, "event", person=person, lang=lang)
            compare(agenda_terminal.agenda_blocks(agenda, cells=rich.cells), width, must=width >= 60)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_trip_agendas_and_timelines_lay_out_as_rich_does(width: int, lang: str):
    ws = load_workspace(SEEDS)
    for trip in ws.trips:
        agenda = build_trip_agenda(trip, "home", lang=lang)
        compare(agenda_terminal.agenda_blocks(agenda, trip_mode=True, cells=rich.cells), width, must=width >= 60)
    for view in ("event", "home"):
        blocks = timeline_text.timeline_blocks(occurrences(ws.trips, view=view), view, lang)
        compare(blocks, width, must=width >= 60)


def test_wrapping_folding_and_cropping_follow_rich():
    long_word = "https://example.com/" + "x" * 90
    cells = (("회의 " * 30).strip(), "bold")
    blocks: list[grid.Block] = [
        grid.Para(((long_word, "dim"),)),
        grid.Para((("  lead   spaces and    runs of spaces   ", ""),)),
        grid.Rule("dim"),
        grid.Grid(
            (grid.Column(width=8, no_wrap=True), grid.Column(ratio=2, overflow="fold"), grid.Column(width=5)),
            2,
            (
                ((("a clock far too long", "bold"),), (cells,), (("confirmed", ""),)),
                ((), ((long_word, ""),), (("mou\nx", ""),)),
                ((("한국어 시계", ""),), (("trailing   ", ""), ("\nsecond", "dim")), (("", ""),)),
            ),
        ),
    ]
    for width in range(24, 130, 7):
        compare(blocks, width, must=True)


def test_unsure_input_is_left_to_rich():
    assert plain([grid.Para((("a\ttab", ""),))], 80) is None
    narrow = grid.Grid((grid.Column(width=30), grid.Column(ratio=1)), 1, (((), ()),))
    assert plain([narrow], 20) is None


COMMANDS = [
    ["list"],
    ["list", "--trip", "korea-2021", "--tz", "home"],
    ["list", "--person", "kim-hyun-kyum", "--tz", "Asia/Seoul"],
    ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--for", "public"],
    ["list", "--tz", "America/New_York", "--for", "delegation"],
    ["agenda", "2021-10-19"],
    ["agenda", "2021-10-19", "--tz", "America/Chicago"],
    ["agenda", "2021-10-20", "--person", "kim-hyun-kyum"],
    ["agenda", "2021-10-19", "--for", "public"],
    ["agenda", "--trip", "korea-2021"],
    ["agenda", "--trip", "richardson-2019", "--tz", "home", "--for", "organisers"],
    ["agenda", "2019-11-21", "--trip", "richardson-2019"],
    # In Korean and in both languages: the catalogue's labels, the contact block, Hangul widths.
    ["list", "--lang", "ko"],
    ["list", "--lang", "both", "--tz", "home"],
    ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--for", "delegation", "--lang", "ko"],
    ["list", "--trip", "gwangju-2022", "--lang", "both"],
    ["agenda", "2021-10-19", "--lang", "ko"],
    ["agenda", "2021-10-20", "--person", "kim-hyun-kyum", "--lang", "both"],
    ["agenda", "2021-10-19", "--tz", "America/Chicago", "--lang", "both", "--for", "public"],
    ["agenda", "--trip", "korea-2021", "--lang", "ko"],
    ["agenda", "--trip", "la-2023", "--lang", "both"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_piped_command_prints_what_rich_prints(argv: list[str], workspace: Path, monkeypatch, capsys):
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR")}
    env["COLUMNS"] = "100"
    # Without rich: the command's output to a pipe; the child reports whether rich was imported.
    child = (
        "import sys\nfrom planner.cli import main\ncode = main(sys.argv[1:])\nsys.stdout.flush()\n"
        "print(code, sorted(m for m in sys.modules if m == 'rich.console'), file=sys.stderr)\n"
    )
    piped = subprocess.run(
        [sys.executable, "-c", child, "--dir", str(workspace), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert piped.stderr.strip().splitlines()[-1] == "0 []", piped.stderr
    # With rich: the same command in process, the plain layout switched off.
    monkeypatch.setenv("COLUMNS", "100")
    for module in (grid, agenda_terminal, timeline_text):
        for name in ("lay_out", "lay_out_text"):  # styled, and text only
            if hasattr(module, name):
                monkeypatch.setattr(module, name, lambda *args, **kwargs: None)
    assert main(["--dir", str(workspace), *argv]) == 0
    expected = capsys.readouterr().out
    assert piped.stdout == expected
    assert "\x1b" not in piped.stdout


@pytest.mark.parametrize("argv", [COMMANDS[1], COMMANDS[6], COMMANDS[9], COMMANDS[13], COMMANDS[17]], ids=" ".join)
def test_terminal_output_has_the_same_text_with_styles(argv: list[str], workspace: Path):
    """To a terminal the same layout is written with rich's escape codes: without them, the piped text."""
    import re

    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR", "NO_COLOR")}
    env["COLUMNS"] = "100"
    run = [sys.executable, "-m", "planner", "--dir", str(workspace), *argv]
    piped = subprocess.run(run, capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    styled = subprocess.run(
        run,
        capture_output=True,
        text=True,
        env={**env, "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"},
        timeout=60,
        check=True,
    ).stdout
    assert "\x1b[" in styled
    assert re.sub(r"\x1b\[[0-9;]*m", "", styled) == piped


def _in_terminal(argv: list[str], env: dict[str, str]) -> str:
    """What a command writes to a pseudo-terminal 100 columns wide, with the terminal's CRLF as LF."""
    return in_terminal(argv, env, 100).replace("\r\n", "\n")


@pytest.mark.parametrize("argv", [COMMANDS[2], COMMANDS[5], COMMANDS[10], COMMANDS[14], COMMANDS[18]], ids=" ".join)
@pytest.mark.parametrize("term", [{"TERM": "xterm-256color"}, {"TERM": "xterm", "NO_COLOR": "1"}], ids=str)
def test_a_terminal_gets_the_escape_codes_rich_writes(argv: list[str], term: dict[str, str], workspace: Path):
    """In a terminal the escape codes are written without rich's console: the same as with it, to the byte."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR", "NO_COLOR")}
    env.pop("COLUMNS", None)
    env.update(term)
    run = [sys.executable, "-m", "planner", "--dir", str(workspace), *argv]
    own = _in_terminal(run, env)
    through_rich = subprocess.run(
        run,
        capture_output=True,
        text=True,
        env={**env, "TTY_COMPATIBLE": "1", "COLUMNS": "100"},
        timeout=60,
        check=True,
    ).stdout
    assert "\x1b[1m" in own
    assert own == through_rich
