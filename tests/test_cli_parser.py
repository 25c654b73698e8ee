"""The lazy parser (only the chosen command's parser built) reads and reports exactly as the whole parser.

:func:`planner.cli.parse` builds the chosen subcommand's parser in full and the
others as one-line entries; these tests run both on the same arguments and
compare what they return or print, and check that a command imports no other
subcommand's module.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from planner.cli import build_parser, chosen_command, parse, subcommand_modules
from planner.cli.commands import COMMANDS

NAMES = [name for name, _module, _help in COMMANDS]

ARGVS = [
    ["--help"],
    ["-h"],
    ["--version"],
    ["bogus"],
    ["--dir"],
    ["--bogus", "trips"],
    ["--bogus", "x", "trips"],
    ["--dir", "list", "agenda", "--help"],
    ["--di", "list", "agenda", "2021-10-19"],
    ["--d=x", "list", "--lang", "ko"],
    ["--dir=agenda", "trips"],
    ["--di", "x", "lisst"],
    ["-x"],
    ["--", "trips"],
    ["list", "--lang", "xx"],
    ["agenda", "--format", "pdf", "2021-10-19"],
    ["agenda", "2021-10-19", "--for", "public", "--lang", "both", "--tz", "home"],
    ["import"],
    ["next", "x"],
    ["next", "3", "--now", "2021-10-19T14:00+09:00"],
    ["--dir=/nowhere", "trips", "extra"],
    ["list", "agenda"],
    ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--person", "kim-hyun-kyum"],
    ["export", "--all", "--out", "x"],
    *[[name, "--help"] for name in NAMES],
    *[[name, "--definitely-not"] for name in NAMES],
]


def outcome(run: Callable[[], Any]) -> tuple[Any, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = run()
            result: Any = sorted((k, repr(v)) for k, v in vars(args).items())
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_lazy_parse_reads_and_reports_as_the_whole_parser(argv: list[str], monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    lazy = outcome(lambda: parse(argv))
    whole = outcome(lambda: build_parser().parse_args(argv))
    assert lazy == whole


def test_chosen_command_skips_the_options_before_it():
    assert chosen_command(["--dir", "list", "agenda"]) == "agenda"
    assert chosen_command(["--d", "list", "agenda"]) == "agenda"
    assert chosen_command(["--dir=list", "agenda"]) == "agenda"
    assert chosen_command(["-x", "trips", "--dir", "x"]) == "trips"
    assert chosen_command(["--", "trips"]) == "trips"
    assert chosen_command(["--dir", "x"]) is None
    assert chosen_command(["nonsense", "list"]) is None


def test_the_table_names_every_command_in_the_order_of_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == NAMES
    assert {m.__name__.rsplit(".", 1)[1] for m in subcommand_modules()} == {m for _n, m, _h in COMMANDS}


def test_a_command_imports_only_its_own_module():
    code = (
        "import sys\nfrom planner.cli import parse\nparse(['--dir', 'x', 'trips'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('planner.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['planner.cli._common', 'planner.cli.commands', 'planner.cli.trips']"


def test_a_brief_command_pauses_the_cycle_collector_and_gives_it_back(workspace, monkeypatch, capsys):
    import gc

    import planner.cli.trips as trips

    seen: list[bool] = []
    real = trips.run
    monkeypatch.setattr(trips, "run", lambda args, console: seen.append(gc.isenabled()) or real(args, console))
    from planner.cli import main

    assert gc.isenabled()
    assert main(["--dir", str(workspace), "trips"]) == 0
    assert seen == [False] and gc.isenabled()
    assert main(["--dir", str(workspace / "missing"), "trips"]) == 2  # also after an error
    assert gc.isenabled()
