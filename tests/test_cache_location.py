"""Where the per-user cache lives: platformdirs decides; its answer is remembered so a kept answer need not import it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from planner.storage import cachedir

PROBE = (
    "import sys\nfrom planner.storage.cachedir import top_folders\n"
    "print(top_folders()[0]); print('platformdirs' in sys.modules)"
)


def _probe(env: dict[str, str], cwd: Path) -> tuple[str, bool]:
    ran = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)
    assert ran.returncode == 0, ran.stderr
    folder, imported = ran.stdout.split("\n")[:2]
    return folder, imported == "True"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANNER_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    return env


@pytest.mark.skipif(sys.platform != "linux", reason="the remembered folder is guessed by the XDG rule")
@pytest.mark.parametrize("xdg", [None, "cache-here", ""], ids=["HOME", "XDG_CACHE_HOME", "empty XDG_CACHE_HOME"])
def test_the_folder_is_platformdirs_and_is_remembered(home: dict[str, str], tmp_path: Path, xdg: str | None):
    env = dict(home)
    if xdg is not None:
        env["XDG_CACHE_HOME"] = str(tmp_path / xdg) if xdg else ""
    expected = subprocess.run(
        [sys.executable, "-c", "import platformdirs; print(platformdirs.user_cache_dir('planner', appauthor=False))"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    ).stdout.strip()
    first = _probe(env, tmp_path)
    assert first == (expected, True)  # asked platformdirs; the folder does not exist yet, so nothing is written
    Path(expected).mkdir(parents=True, mode=0o700)
    assert _probe(env, tmp_path) == (expected, True)  # asked again, and wrote it down
    assert (Path(expected) / cachedir.LOCATION).is_file()
    assert _probe(env, tmp_path) == (expected, False)  # remembered: platformdirs not imported


@pytest.mark.skipif(sys.platform != "linux", reason="the remembered folder is guessed by the XDG rule")
def test_another_home_or_a_doubtful_folder_asks_platformdirs_again(home: dict[str, str], tmp_path: Path):
    folder = Path(platformdirs.user_cache_dir("planner", appauthor=False).replace(str(Path.home()), home["HOME"], 1))
    folder.mkdir(parents=True, mode=0o700)
    _probe(home, tmp_path)
    assert _probe(home, tmp_path) == (str(folder), False)
    # The same folder under another XDG_CACHE_HOME naming it: written for other inputs, so not trusted.
    other = {**home, "XDG_CACHE_HOME": str(folder.parent)}
    assert _probe(other, tmp_path) == (str(folder), True)
    # A folder others may write to is never trusted, whatever it says.
    assert _probe(home, tmp_path)[1] is True  # the file now says the other inputs
    _probe(home, tmp_path)
    folder.chmod(0o777)
    try:
        assert _probe(home, tmp_path) == (str(folder), True)
    finally:
        folder.chmod(0o700)
    # A damaged file is a miss, and is written again.
    (folder / cachedir.LOCATION).write_bytes(b"\xff\xfe")
    assert _probe(home, tmp_path) == (str(folder), True)
    assert _probe(home, tmp_path) == (str(folder), False)


def test_an_explicit_folder_needs_neither(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "c"))
    assert cachedir.top_folders() == (str(tmp_path / "c"),)
    assert not (tmp_path / "c").exists()
