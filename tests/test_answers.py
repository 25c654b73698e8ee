"""Kept answers (planner.storage.answers): printed again only while every input is the same, and then to the byte."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import in_terminal

from planner import launch
from planner.cli import main as cli_main
from planner.storage import answers
from planner.storage import cache as cache_mod

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = [
    ["agenda", "2021-10-19"],
    ["agenda", "2021-10-20", "--lang", "ko"],
    ["agenda", "2021-10-19", "--for", "public", "--lang", "both"],
    ["agenda", "2021-10-20", "--person", "kim-hyun-kyum"],
    ["agenda", "2021-10-19", "--tz", "America/Chicago"],
    ["agenda", "--trip", "la-2023", "--lang", "both"],
    ["list"],
    ["list", "--from", "2021-10-18", "--to", "2021-10-27"],
    ["list", "--trip", "gwangju-2022", "--lang", "ko", "--for", "delegation"],
    ["trips"],
]


@pytest.fixture
def kept(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run a command in process (files count as settled at once) and return what it printed."""
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)
    cli_main(["--dir", str(workspace), "trips"])  # a full load writes the cache index

    def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
        assert launch.main(["--dir", str(workspace), *argv]) == 0
        return capsys.readouterr().out

    return run


def _argv(workspace: Path, argv: list[str]) -> list[str]:
    return ["--dir", str(workspace), *argv]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_an_answer_is_kept_and_replayed_to_the_byte(argv, kept, workspace: Path, capsys):
    first = kept(argv, capsys)
    assert first.strip()
    assert answers.replay(_argv(workspace, argv)) == first
    # And the launcher prints it: the same as a full run of the command.
    assert launch.main(_argv(workspace, argv)) == 0
    assert capsys.readouterr().out == first
    assert cli_main(_argv(workspace, argv)) == 0
    assert capsys.readouterr().out == first


def test_another_argument_or_setting_is_another_answer(kept, workspace: Path, capsys, monkeypatch):
    kept(["agenda", "2021-10-19"], capsys)
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-19", "--lang", "ko"])) is None
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-20"])) is None
    monkeypatch.setenv("COLUMNS", "80")
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-19"])) is None
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("PLANNER_LANGUAGE", "ko")
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-19"])) is None
    monkeypatch.delenv("PLANNER_LANGUAGE")
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-19"])) is not None


def test_an_edited_touched_added_or_removed_trip_file_ends_the_answer(kept, workspace: Path, capsys):
    argv = ["agenda", "2021-10-19"]
    first = kept(argv, capsys)
    korea = workspace / "korea-2021.toml"
    text = korea.read_text(encoding="utf-8")

    korea.write_text(text.replace("title = ", "title = 'Renamed' #", 1), encoding="utf-8")
    assert answers.replay(_argv(workspace, argv)) is None
    korea.write_text(text, encoding="utf-8")  # the same bytes again: still another file (its times)
    assert answers.replay(_argv(workspace, argv)) is None
    assert kept(argv, capsys) == first

    os.utime(korea)
    assert answers.replay(_argv(workspace, argv)) is None
    assert kept(argv, capsys) == first

    shutil.copy(korea, workspace / "zz-copy.toml")
    assert answers.replay(_argv(workspace, argv)) is None
    (workspace / "zz-copy.toml").unlink()
    assert answers.replay(_argv(workspace, argv)) is None  # the index no longer matches the folder either
    kept(argv, capsys)
    (workspace / "gwangju-2022.toml").unlink()
    assert answers.replay(_argv(workspace, argv)) is None


def test_a_hidden_file_or_another_kind_of_file_is_not_an_input(kept, workspace: Path, capsys):
    argv = ["list", "--from", "2021-10-18", "--to", "2021-10-27"]
    first = kept(argv, capsys)
    (workspace / ".#korea-2021.toml").write_text("an editor's lock", encoding="utf-8")
    (workspace / "notes.md").write_text("not a trip", encoding="utf-8")
    assert answers.replay(_argv(workspace, argv)) == first


def test_the_configuration_file_is_an_input(kept, workspace: Path, capsys, tmp_path: Path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    argv = ["agenda", "2021-10-19"]
    english = kept(argv, capsys)
    config.write_text('language = "ko"\n', encoding="utf-8")
    assert answers.replay(_argv(workspace, argv)) is None
    korean = kept(argv, capsys)
    assert korean != english
    assert answers.replay(_argv(workspace, argv)) == korean
    config.unlink()
    assert answers.replay(_argv(workspace, argv)) is None
    assert kept(argv, capsys) == english
    # A configuration file written just now is not settled: the answer is printed but not kept.
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 2)
    config.write_text('language = "both"\n', encoding="utf-8")
    past = time.time() - 60
    os.utime(config, (past, past))  # its change time stays recent
    both = kept(argv, capsys)
    assert both not in (english, korean)
    assert answers.replay(_argv(workspace, argv)) is None


def test_tomorrow_and_an_edited_module_are_new_inputs(kept, workspace: Path, capsys, monkeypatch, tmp_path: Path):
    argv = ["agenda", "2021-10-19"]
    kept(argv, capsys)
    assert answers.replay(_argv(workspace, argv)) is not None
    real = time.localtime
    monkeypatch.setattr(answers.time, "localtime", lambda: real(time.time() + 86400))
    assert answers.replay(_argv(workspace, argv)) is None
    monkeypatch.setattr(answers.time, "localtime", real)
    assert answers.replay(_argv(workspace, argv)) is not None
    # The planner's own code: a copy of a package folder stands in for it here.
    package = tmp_path / "package"
    (package / "views").mkdir(parents=True)
    (package / "views" / "m.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(answers, "_PACKAGE", str(package))
    kept(argv, capsys)
    assert answers.replay(_argv(workspace, argv)) is not None
    (package / "views" / "m.py").write_text("x = 2\n", encoding="utf-8")
    assert answers.replay(_argv(workspace, argv)) is None


def test_what_is_never_kept(workspace: Path, cache_dir: Path, capsys, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    argv = _argv(workspace, ["agenda", "2021-10-19"])
    # Files just copied are not settled: the catalog is not used, and nothing is kept.
    assert launch.main(argv) == 0
    assert capsys.readouterr().out.strip()
    assert answers.replay(argv) is None
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)
    cli_main(["--dir", str(workspace), "trips"])
    capsys.readouterr()
    # A failure, a file written, the cache turned off.
    assert launch.main(_argv(workspace, ["agenda", "2021-10-19", "--trip", "nope"])) == 2
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-19", "--trip", "nope"])) is None
    out = tmp_path / "day.md"
    assert launch.main(_argv(workspace, ["agenda", "2021-10-19", "--out", str(out)])) == 0
    assert out.exists() and answers.replay(_argv(workspace, ["agenda", "2021-10-19", "--out", str(out)])) is None
    monkeypatch.setenv("PLANNER_CACHE", "off")
    assert launch.main(argv) == 0
    monkeypatch.delenv("PLANNER_CACHE")
    assert answers.replay(argv) is None
    # Anything on standard error (here a warning printed while the command runs): not kept.
    from planner.cli import agenda

    real_run = agenda.run

    def warning_run(args, console):
        print("planner: a warning", file=sys.stderr)
        return real_run(args, console)

    monkeypatch.setattr(agenda, "run", warning_run)
    assert launch.main(argv) == 0
    assert "a warning" in capsys.readouterr().err
    assert answers.replay(argv) is None
    monkeypatch.setattr(agenda, "run", real_run)
    assert launch.main(argv) == 0
    assert answers.replay(argv) is not None


def test_a_damaged_or_foreign_answer_is_never_printed(kept, workspace: Path, cache_dir: Path, capsys):
    argv = ["list", "--from", "2021-10-18", "--to", "2021-10-27"]
    first = kept(argv, capsys)
    (kept_file,) = (cache_dir / "answers").glob("*.answer")
    blob = bytearray(kept_file.read_bytes())
    blob[-5] ^= 0x20
    kept_file.write_bytes(bytes(blob))
    assert answers.replay(_argv(workspace, argv)) is None
    assert kept(argv, capsys) == first  # the full run prints it right, and keeps it again
    kept_file.write_bytes(kept_file.read_bytes()[:100])
    assert answers.replay(_argv(workspace, argv)) is None
    assert kept(argv, capsys) == first
    # A folder others may write to is not trusted at all.
    mode = stat.S_IMODE((cache_dir / "answers").stat().st_mode)
    (cache_dir / "answers").chmod(mode | stat.S_IWOTH)
    try:
        assert answers.replay(_argv(workspace, argv)) is None
    finally:
        (cache_dir / "answers").chmod(mode)
    assert answers.replay(_argv(workspace, argv)) == first
    assert stat.S_IMODE((cache_dir / "answers").stat().st_mode) == 0o700


def test_only_the_newest_answers_are_kept(kept, workspace: Path, cache_dir: Path, capsys, monkeypatch):
    monkeypatch.setattr(answers, "KEEP", 3)
    for day in range(18, 24):
        kept(["agenda", f"2021-10-{day}"], capsys)
        time.sleep(0.01)
    assert len(list((cache_dir / "answers").glob("*.answer"))) == 3
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-23"])) is not None
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-18"])) is None
    # And by size: with room for about two, the two newest stay.
    monkeypatch.setattr(answers, "KEEP", 200)
    sizes = sorted(p.stat().st_size for p in (cache_dir / "answers").glob("*.answer"))
    monkeypatch.setattr(answers, "KEEP_BYTES", sizes[-1] * 2 + 1)
    kept(["list", "--trip", "korea-2021"], capsys)
    time.sleep(0.01)
    kept(["list", "--trip", "dc-2023"], capsys)
    assert answers.replay(_argv(workspace, ["list", "--trip", "dc-2023"])) is not None
    assert answers.replay(_argv(workspace, ["agenda", "2021-10-21"])) is None
    assert sum(p.stat().st_size for p in (cache_dir / "answers").glob("*.answer")) <= answers.KEEP_BYTES


# ---------------------------------------------------------------- the command as a user runs it


def _settled_workspace(workspace: Path) -> None:
    """Wait until a copied workspace's files are settled, then let a load index them."""
    time.sleep(cache_mod.RACY_SECONDS + 0.2)


CHILD = (
    "import sys\nfrom planner.launch import main\ncode = main(sys.argv[1:])\nsys.stdout.flush()\n"
    "print(code, 'planner.cli' in sys.modules, file=sys.stderr)\n"
)


def test_the_command_replays_without_loading_the_cli(workspace: Path, cache_dir: Path, tmp_path: Path):
    """Run as a user runs it: the second run prints the same bytes and never imports planner.cli."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR")}
    env["COLUMNS"] = "100"
    _settled_workspace(workspace)
    argv = [sys.executable, "-c", CHILD, "--dir", str(workspace), "agenda", "2021-10-19", "--lang", "both"]
    runs = [subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path) for _ in range(3)]
    assert [r.stderr.split() for r in runs] == [["0", "True"], ["0", "True"], ["0", "False"]]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert "Gwangju" in runs[2].stdout or "광주" in runs[2].stdout


def test_a_terminal_gets_its_own_answer_at_its_own_width(workspace: Path, cache_dir: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    _settled_workspace(workspace)
    argv = [sys.executable, "-m", "planner", "--dir", str(workspace), "list", "--trip", "korea-2021"]
    wide = [in_terminal(argv, env, 120) for _ in range(3)]
    narrow = [in_terminal(argv, env, 70) for _ in range(3)]
    assert "\x1b[" in wide[0]
    assert wide[0] == wide[1] == wide[2]
    assert narrow[0] == narrow[1] == narrow[2]
    assert wide[0] != narrow[0]
    assert len(list((cache_dir / "answers").glob("*.answer"))) == 2


def test_a_closed_standard_output_or_error_is_no_traceback(workspace: Path, cache_dir: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
    _settled_workspace(workspace)
    command = f"{sys.executable} -m planner --dir '{workspace}' agenda 2021-10-19"
    for redirect in (">&-", "2>&-", ">&-", "2>&-"):
        out = subprocess.run(f"{command} {redirect}", shell=True, capture_output=True, text=True, env=env, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr


def test_an_input_that_cannot_be_taken_only_means_no_answer(kept, workspace: Path, capsys, monkeypatch):
    """The working folder deleted under the shell: the command prints as always and nothing is kept or replayed."""
    argv = ["agenda", "2021-10-19"]
    first = kept(argv, capsys)

    def gone() -> str:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(answers.os, "getcwd", gone)
    assert answers.replay(_argv(workspace, argv)) is None
    assert launch.main(_argv(workspace, argv)) == 0
    assert capsys.readouterr().out == first
