"""The configuration file (issue 14, item 5): where it is, what it sets, precedence, and broken files.

Run as a user would: ``planner config ...``, ``planner export`` and
``planner today`` in a subprocess with ``PLANNER_CONFIG`` naming the file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from planner.storage.config import TEMPLATE, ConfigError, load_settings, parse_settings

GOOD = """\
home_tz = "America/Chicago"
paper = "Letter"
language = "both"
theme = "light"

[alarms]
travel = "3h"
mou = ["1d", "30m"]
dinner = "none"
default = "15m"

[caldav]
url = "https://caldav.example.com/cal/"
user = "organiser@example.com"
password = "s3cret-value"
"""


def test_no_file_means_the_built_in_defaults(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "missing.toml")
    assert (s.home_tz, s.paper, s.language, s.theme, dict(s.alarms)) == ("", "", "en", "dark", {})
    assert s.path is None and s.source("paper") == "default"


def test_a_file_sets_each_setting_and_says_so(tmp_path: Path) -> None:
    from datetime import timedelta

    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    s = load_settings(path)
    assert (s.home_tz, s.paper, s.language, s.theme) == ("America/Chicago", "letter", "both", "light")
    assert s.alarms["travel"] == (timedelta(hours=3),)
    assert s.alarms["mou"] == (timedelta(days=1), timedelta(minutes=30))
    assert s.alarms["dinner"] == () and s.alarms["default"] == (timedelta(minutes=15),)
    assert s.caldav.password == "s3cret-value" and s.source("theme") == "file"


def test_the_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("PLANNER_PAPER", "a4")
    s = load_settings(path)
    assert s.paper == "a4" and s.source("paper") == "environment" and s.source("theme") == "file"
    monkeypatch.setenv("PLANNER_THEME", "purple")
    with pytest.raises(ConfigError, match="PLANNER_THEME: unknown theme 'purple'"):
        load_settings(path)


def test_the_template_is_valid_and_sets_nothing() -> None:
    s = parse_settings(TEMPLATE.encode())
    assert s.origin == {} and not s.alarms


BROKEN = [
    ('paper = "A4"\ntheme = "dark"\n[alarms\n', 3, "not valid TOML"),
    ('paper = "a4"\ncolour = "red"\n', 2, "colour: unknown key 'colour'"),
    ("paper = 4\n", 1, "paper: expected text, got a number 4"),
    ('[alarms]\nmou = "soon"\n', 2, "alarms.mou: 'soon' is not a duration"),
    ('[alarms]\nflight = "3h"\n', 2, "alarms.flight: unknown event kind 'flight': flights are events of kind 'travel'"),
    ('[alarms]\nmou = ["30m", 5]\n', 2, 'alarms.mou: each reminder is a duration in quotes such as "3h", got 5'),
    ('# mine\nhome_tz = "Mars/Base"\n', 2, "home_tz: unknown time zone 'Mars/Base'"),
    ('[caldav]\nurl = "ftp://x"\n', 2, "caldav.url: 'ftp://x' is not a web address"),
    ('[alarms]\ntravel = "30d"\n', 2, "alarms.travel: '30d' is more than 28 days before the event"),
]


def _env(tmp_path: Path, config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
    env.update(PLANNER_CONFIG=str(config), HOME=str(tmp_path / "home"), COLUMNS="120")
    return env


def _planner(tmp_path: Path, config: Path, *args: str):
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path, config),
        cwd=tmp_path,
        timeout=60,
    )


@pytest.mark.parametrize(("text", "line", "message"), BROKEN)
def test_a_broken_file_is_reported_at_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    first = caught.value.problems[0]
    assert first.line == line, str(caught.value)
    assert message in str(first), str(caught.value)
    assert str(first).startswith(f"{path}:{line}: ")


def test_every_command_that_reads_it_says_file_line_and_exits_2(workspace: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[alarms]\nmou = "soon"\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in workspace.glob("*.toml")}
    for args in (
        ("export", "korea-2021", "--out", str(tmp_path / "out")),
        ("today", "--now", "2021-10-19T10:00+09:00"),
        ("next", "--now", "2021-10-19T10:00+09:00"),
        ("config", "show"),
        ("agenda", "2021-10-19"),  # reads `language`
        ("list", "--trip", "korea-2021"),
    ):
        done = _planner(tmp_path, config, "--dir", str(workspace), *args)
        assert done.returncode == 2, (args, done.stderr)
        assert f"planner: {config}:2: alarms.mou: 'soon' is not a duration" in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # nothing half-done: no export, no trip file touched
    assert before == {p.name: p.read_bytes() for p in workspace.glob("*.toml")}
    # A command that uses no setting does not read the file, so it is not slowed (or stopped) by it.
    assert _planner(tmp_path, config, "--dir", str(workspace), "trips").returncode == 0


def test_config_path_and_show(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    done = _planner(tmp_path, config, "config", "path")
    assert done.returncode == 0 and done.stdout.strip() == str(config)
    assert "built-in defaults apply" in done.stderr
    config.parent.mkdir()
    config.write_text(GOOD, encoding="utf-8")
    env = _env(tmp_path, config) | {"PLANNER_LANGUAGE": "ko"}
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "planner", "config", "show"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[1:]}
    assert lines["paper"] == ["letter", "file"]
    assert lines["language"] == ["ko", "environment", "(PLANNER_LANGUAGE)"]
    assert lines["alarms.travel"] == ["3h", "before", "file"]
    assert lines["alarms.mou"] == ["1d,", "30m", "before", "file"]
    assert "s3cret-value" not in done.stdout and "(set, not shown)" in done.stdout


def test_config_edit_writes_the_template_then_checks_the_result(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "config.toml"
    editor = tmp_path / "editor.py"
    # An "editor" that adds a line to the file it is given.
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('theme = \"light\"\\n')\n", encoding="utf-8")
    env = _env(tmp_path, config) | {"VISUAL": f"{sys.executable} {editor}"}
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "planner", "config", "edit"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    text = config.read_text(encoding="utf-8")
    assert text.startswith(TEMPLATE) and load_settings(config).theme == "light"
    # A mistake made in the editor is reported at once, with its line.
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('paper = \"A5\"\\n')\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "config", "edit"], capture_output=True, text=True, env=env, timeout=60
    )
    n = len(text.splitlines()) + 1
    assert done.returncode == 2 and f"{config}:{n}: paper: unknown paper 'A5'" in done.stderr


def test_the_flag_wins_over_the_file(workspace: Path, tmp_path: Path) -> None:
    """export --no-alarms leaves out the configured alarms; without it they are written."""
    config = tmp_path / "config.toml"
    config.write_text('[alarms]\ndefault = "20m"\n', encoding="utf-8")
    with_file = _planner(tmp_path, config, "--dir", str(workspace), "export", "richardson-2019", "--out", "-")
    assert with_file.returncode == 0, with_file.stderr
    assert "TRIGGER:-PT20M" in with_file.stdout
    flag = _planner(tmp_path, config, "--dir", str(workspace), "export", "richardson-2019", "--no-alarms", "--out", "-")
    assert flag.returncode == 0 and "VALARM" not in flag.stdout


def test_trips_does_not_import_the_configuration_reader() -> None:
    import subprocess

    code = "import sys; from planner.cli import main; main(['--dir', sys.argv[1], 'trips']); print('planner.storage.config' in sys.modules, 'platformdirs' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code, str(root / "seeds")], capture_output=True, text=True, timeout=60, cwd=root
    )
    assert done.stdout.strip().splitlines()[-1] == "False False", done.stdout + done.stderr


def test_the_paper_of_the_file_is_the_agendas_unless_the_flag_says_otherwise(workspace: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('paper = "letter"\n', encoding="utf-8")
    base = ("--dir", str(workspace), "agenda", "2021-10-19", "--format", "html", "--out", "-")
    from_file = _planner(tmp_path, config, *base)
    assert from_file.returncode == 0, from_file.stderr
    assert "@page { size: 8.5in 11in; }" in from_file.stdout
    flag = _planner(tmp_path, config, *base, "--paper", "a4")
    assert "@page { size: 210mm 297mm; }" in flag.stdout and "8.5in" not in flag.stdout
    none = _planner(tmp_path, tmp_path / "absent.toml", *base)
    assert "@page { size:" not in none.stdout  # built in: the printer's paper


def test_the_language_of_the_file_words_agendas_lists_and_exports_unless_the_flag_says_otherwise(
    workspace: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "ko"\n', encoding="utf-8")
    base = ("--dir", str(workspace))
    agenda = _planner(tmp_path, config, *base, "agenda", "2021-10-19", "--format", "md")
    assert agenda.returncode == 0, agenda.stderr
    english = _planner(tmp_path, config, *base, "agenda", "2021-10-19", "--format", "md", "--lang", "en")
    built_in = _planner(tmp_path, tmp_path / "absent.toml", *base, "agenda", "2021-10-19", "--format", "md")
    assert english.stdout == built_in.stdout  # the flag wins over the file
    assert agenda.stdout != english.stdout and "2021년 10월 19일" in agenda.stdout
    listing = _planner(tmp_path, config, *base, "list", "--trip", "korea-2021")
    assert listing.returncode == 0, listing.stderr
    assert "시간 미정" in listing.stdout and "time not given" not in listing.stdout, listing.stdout
    out = tmp_path / "ko.ics"
    done = _planner(tmp_path, config, *base, "export", "korea-2021", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "장소" in out.read_text(encoding="utf-8").replace("\r\n ", "")
