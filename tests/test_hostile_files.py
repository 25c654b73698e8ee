"""Hostile files and folders: what is behind a name, hidden files in the workspace, the cache folder's owner.

A FIFO, a device, a socket or a folder named like a trip (or given to
``planner import`` / ``planner draft``) is refused without a read that waits
or never ends; hidden files (editors' locks, macOS's AppleDouble files) are no
trips; a default workspace that is a link to nothing is a message, not a
traceback; and a cache folder that is not this user's own is not used.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from conftest import SEEDS, bounded

from planner import cli
from planner.storage import TripFileError, load_workspace
from planner.storage import cache as cache_mod
from planner.storage.catalog import open_catalog
from planner.usecases.importing import read_calendar

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.toml"))
OTHER_UID = 54321
"""A user that is not the one running the tests (root can give a folder to it)."""


def _can_chown() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


needs_chown = pytest.mark.skipif(not _can_chown(), reason="only root can give a folder to another user")


# ---------------------------------------------------------------- not a regular file


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(path.parent)  # a socket's path is limited to ~100 bytes: bind by its short relative name
    try:
        sock.bind(path.name)
    finally:
        os.chdir(cwd)
    return sock


MAKERS = {
    "a named pipe": _fifo,
    "a character device": _zero,
    "a folder": _folder,
    "a socket": _socket,
}


@pytest.mark.parametrize("what", list(MAKERS))
def test_a_non_regular_toml_in_the_workspace_is_reported_never_read(workspace: Path, cache_dir: Path, what: str):
    made = MAKERS[what](workspace / "x.toml")
    try:
        with bounded(10), pytest.raises(TripFileError) as caught:
            load_workspace(workspace)
    finally:
        if isinstance(made, socket.socket):
            made.close()
    assert [str(p) for p in caught.value.problems] == [f"{workspace / 'x.toml'}: not a regular file ({what})"]


def test_a_fifo_in_the_workspace_fails_every_command_at_once(
    workspace: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
):
    assert cli.main(["--dir", str(workspace), "trips"]) == 0  # a complete cache index, for the catalog
    capsys.readouterr()
    os.mkfifo(workspace / "x.toml")
    for command in (["trips"], ["list"], ["check"], ["agenda", "2021-10-19"]):
        with bounded(20):
            assert cli.main(["--dir", str(workspace), *command]) == 2, command
        err = capsys.readouterr().err
        assert "x.toml: not a regular file (a named pipe)" in err, command


@pytest.mark.parametrize("what", ["a named pipe", "a character device", "a folder"])
def test_import_refuses_a_calendar_that_is_not_a_regular_file(tmp_path: Path, what: str):
    path = tmp_path / "cal.ics"
    MAKERS[what](path)
    with bounded(10), pytest.raises(OSError) as caught:
        read_calendar(path)
    assert caught.value.strerror == f"not a regular file ({what})"


def test_planner_import_dev_zero_is_a_usage_error(workspace: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]):
    with bounded(20):
        assert cli.main(["--dir", str(workspace), "import", "/dev/zero", "--trip", "zero-2024"]) == 2
    assert "cannot read /dev/zero: not a regular file (a character device)" in capsys.readouterr().err
    assert not (workspace / "zero-2024.toml").exists()


@pytest.mark.parametrize("what", ["a named pipe", "a character device", "a folder"])
def test_draft_refuses_a_schedule_that_is_not_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
):
    path = tmp_path / "schedule.txt"
    MAKERS[what](path)
    with bounded(20):
        assert cli.main(["draft", str(path), "--tz", "Asia/Seoul"]) == 2
    assert f"cannot read {path}: not a regular file ({what})" in capsys.readouterr().err


def test_draft_dev_zero_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    with bounded(20):
        assert cli.main(["draft", "/dev/zero", "--tz", "Asia/Seoul"]) == 2
    err = capsys.readouterr().err
    assert "cannot read /dev/zero: not a regular file (a character device)" in err
    assert "give - and redirect it to standard input" in err


# ---------------------------------------------------------------- hidden files are no trips

APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\t\x00\x00\x002\xff\xfe"


def _editor_litter(folder: Path) -> None:
    (folder / ".#korea-2021.toml").symlink_to("root@laptop.4242:1700000000")  # Emacs's lock: a dangling link
    (folder / "._korea-2021.toml").write_bytes(APPLEDOUBLE)  # macOS's AppleDouble file
    (folder / ".korea-2021.toml.swp.toml").write_text("not = [toml", encoding="utf-8")
    os.mkfifo(folder / ".pipe.toml")


def test_hidden_files_in_the_workspace_are_ignored(workspace: Path, cache_dir: Path):
    _editor_litter(workspace)
    with bounded(10):
        ws = load_workspace(workspace)
    assert sorted(ws.files) == SEED_IDS


def test_hidden_files_leave_the_catalog_usable(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)
    _editor_litter(workspace)
    with bounded(10):
        load_workspace(workspace)
        catalog = open_catalog(workspace)
    assert catalog is not None and sorted(s.id for s in catalog.summaries) == SEED_IDS


def test_hidden_files_do_not_block_commands(workspace: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]):
    _editor_litter(workspace)
    with bounded(20):
        assert cli.main(["--dir", str(workspace), "trips"]) == 0
        assert cli.main(["--dir", str(workspace), "check"]) in (0, 1)  # findings, not a broken workspace
    assert "korea-2021" in capsys.readouterr().out


# ---------------------------------------------------------------- a default workspace that leads nowhere


@pytest.mark.parametrize("link", ["planner/trips", "planner"])
def test_a_dangling_default_workspace_link_is_a_message(run_cli, tmp_path: Path, link: str):
    data = tmp_path / "xdg-data"  # run_cli's XDG_DATA_HOME: the default workspace is data/planner/trips
    where = data / link
    where.parent.mkdir(parents=True)
    target = tmp_path / "unmounted" / "trips"
    where.symlink_to(target)
    result = run_cli("trips")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{where} is a symbolic link to {target}, which does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists() and not (tmp_path / "unmounted").exists()  # nothing made on the missing disk


# ---------------------------------------------------------------- the cache folder must be this user's own


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_cache_folders_are_made_private(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
):
    monkeypatch.delenv(cache_mod.ENV_DIR)
    monkeypatch.delenv(cache_mod.ENV_SWITCH, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    load_workspace(workspace)
    top = tmp_path / "xdg-cache" / "planner"
    made = [top, top / "workspaces", cache_mod.cache_dir(workspace)]
    assert (made[-1] / cache_mod.INDEX).is_file()
    assert [oct(_mode(p)) for p in made] == [oct(0o700)] * 3


def test_a_new_planner_cache_dir_is_made_private(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
):
    folder = tmp_path / "new-cache"
    monkeypatch.setenv(cache_mod.ENV_DIR, str(folder))
    monkeypatch.delenv(cache_mod.ENV_SWITCH, raising=False)
    load_workspace(workspace)
    assert [oct(_mode(p)) for p in (folder, cache_mod.cache_dir(workspace))] == [oct(0o700)] * 2


def _someone_elses(path: Path) -> None:
    os.chown(path, OTHER_UID, OTHER_UID)


def _writable_by_all(path: Path) -> None:
    path.chmod(0o777)


def _writable_by_group(path: Path) -> None:
    path.chmod(0o770)


SPOILERS = {
    "belongs to another user (uid 54321)": _someone_elses,
    "can be written by other users (mode 777)": _writable_by_all,
    "can be written by other users (mode 770)": _writable_by_group,
}


def _notices(err: str) -> list[str]:
    return [line for line in err.splitlines() if "trip cache" in line]


@needs_chown
@pytest.mark.parametrize("which", ["workspace's folder", "PLANNER_CACHE_DIR"])
@pytest.mark.parametrize("reason", list(SPOILERS))
def test_a_cache_folder_not_this_users_own_is_not_used(
    run_cli, workspace: Path, tmp_path: Path, which: str, reason: str
):
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o700)
    env = {cache_mod.ENV_DIR: str(shared), "PLANNER_CACHE": "on"}
    folder = shared if which == "PLANNER_CACHE_DIR" else shared / cache_mod.cache_dir(workspace).name
    folder.mkdir(exist_ok=True, mode=0o700)  # pre-created, as another user could
    SPOILERS[reason](folder)
    for command in ("trips", "check", "trips"):
        result = run_cli("--dir", str(workspace), command, env=env)
        assert result.returncode in (0, 1), result.stderr
        assert "korea-2021" in result.stdout
        # Once per run, one clear line, naming the folder and what is wrong with it.
        assert _notices(result.stderr) == [
            (
                f"planner: not using the trip cache: {folder} {reason} "
                f"(remove that folder, or set PLANNER_CACHE_DIR to a folder of your own); working without it"
            )
        ]
    assert not list(shared.rglob(cache_mod.INDEX))  # nothing was written into it


@needs_chown
def test_a_cache_folder_given_away_is_not_trusted(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """An index already there (someone else's, or planted) is not read once its folder is not this user's."""
    from conftest import spy_parses

    monkeypatch.setattr(cache_mod, "RACY_SECONDS", 0)
    load_workspace(workspace)
    assert open_catalog(workspace) is not None
    folder = cache_mod.cache_dir(workspace)
    for path in (folder, *folder.iterdir()):
        os.chown(path, OTHER_UID, OTHER_UID)
    parsed = spy_parses(monkeypatch)
    assert open_catalog(workspace) is None
    load_workspace(workspace)
    assert sorted(parsed) == sorted(f"{i}.toml" for i in SEED_IDS)  # every trip parsed, none unpickled
