"""Saving never loses data: atomic and durable writes, a backup, two writers, a full or read-only disk."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from planner.model.trip import Trip
from planner.storage import (
    FileChangedError,
    atomic,
    atomic_write,
    backup_path,
    create,
    describe_write_error,
    load_file,
    load_workspace,
    save,
    writer,
)
from planner.usecases.editing import EditError, Session


def test_failed_rename_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch):
    path = tmp_path / "trip.toml"
    path.write_bytes(b"old")

    def refuse(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic_write(path, b"new content")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.toml"]


def test_failed_write_leaves_old_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "trip.toml"
    path.write_bytes(b"old")

    def broken_fsync(_fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert len(list(tmp_path.iterdir())) == 1


def test_save_keeps_file_mode(tmp_path: Path):
    path = tmp_path / "trip.toml"
    path.write_bytes(b"x")
    path.chmod(0o640)
    atomic_write(path, b"y")
    assert path.read_bytes() == b"y"
    assert path.stat().st_mode & 0o777 == 0o640


def test_file_changed_on_disk_is_not_overwritten(workspace: Path):
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    edited_elsewhere = path.read_text(encoding="utf-8") + "\n# edited in another editor\n"
    path.write_text(edited_elsewhere, encoding="utf-8")
    with pytest.raises(FileChangedError, match="changed on disk"):
        save(loaded, dataclasses.replace(loaded.trip, notes="mine"))
    assert path.read_text(encoding="utf-8") == edited_elsewhere
    # Saving on purpose over it works and keeps the other editor's comment
    # only if the user reloads; with force, the planner's version wins.
    save(loaded, dataclasses.replace(loaded.trip, notes="mine"), force=True)
    assert load_file(path).trip.notes == "mine"


def test_new_file_gets_the_usual_mode_not_owner_only(tmp_path: Path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "new.toml"
        atomic_write(path, b"x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- never lose data (issue 6)


def _noted(trip: Trip, note: str) -> Trip:
    return dataclasses.replace(trip, notes=note)


def test_saving_keeps_the_previous_version_as_a_hidden_backup_never_loaded_as_a_trip(workspace: Path):
    path = workspace / "dc-2023.toml"
    original = path.read_bytes()
    path.chmod(0o640)
    loaded = load_file(path)
    assert save(loaded, loaded.trip).text == loaded.text
    assert not backup_path(path).exists()  # nothing changed: nothing written, no backup

    first = save(loaded, _noted(loaded.trip, "first"))
    backup = backup_path(path)
    assert backup == workspace / ".dc-2023.toml.bak"
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o640  # as private as the trip file
    second = save(first, _noted(first.trip, "second"))
    assert backup.read_bytes() == first.text.encode("utf-8")
    assert path.read_bytes() == second.text.encode("utf-8")
    # The backup is a valid trip file, but the workspace never counts it.
    assert writer.parse_trip(backup.read_text(encoding="utf-8"), str(backup)).notes == "first"
    assert sorted(load_workspace(workspace).files) == sorted(p.stem for p in workspace.glob("*.toml"))
    assert len(load_workspace(workspace).files) == 5
    assert [p.name for p in workspace.iterdir() if p.name.endswith(".tmp")] == []


def test_each_write_is_fsynced_renamed_then_the_folder_fsynced(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        st = os.fstat(fd)
        calls.append("fsync folder" if stat.S_ISDIR(st.st_mode) else f"fsync file ({st.st_size} bytes)")
        real_fsync(fd)

    def replace(src, dst):
        calls.append(f"rename {Path(src).name.split('.tmp')[0].rsplit('.', 1)[0]} -> {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    new = save(loaded, _noted(loaded.trip, "durable"))
    old_size, new_size = len(loaded.text.encode()), len(new.text.encode())
    assert calls == [
        f"fsync file ({old_size} bytes)",
        "rename ..dc-2023.toml.bak -> .dc-2023.toml.bak",
        "fsync folder",
        f"fsync file ({new_size} bytes)",
        "rename .dc-2023.toml -> dc-2023.toml",
        "fsync folder",
    ]


def test_two_loaded_copies_of_one_file_the_second_writer_is_refused_then_saves_as(workspace: Path):
    path = workspace / "dc-2023.toml"
    mine, theirs = load_file(path), load_file(path)
    theirs_saved = save(theirs, _noted(theirs.trip, "theirs"))
    with pytest.raises(FileChangedError, match="changed on disk since it was read, so it was not overwritten"):
        save(mine, _noted(mine.trip, "mine"))
    assert path.read_text(encoding="utf-8") == theirs_saved.text  # nothing overwritten
    # "Save as": the same trip under a new id in a new file; both load.
    copy = create(workspace / "dc-2023-mine.toml", dataclasses.replace(_noted(mine.trip, "mine"), id="dc-2023-mine"))
    ws = load_workspace(workspace)
    assert ws.trip("dc-2023").notes == "theirs" and ws.trip("dc-2023-mine").notes == "mine"
    assert copy.trip.notes == "mine"
    with pytest.raises(FileExistsError):
        create(workspace / "dc-2023-mine.toml", copy.trip)


def test_two_sessions_the_second_is_told_and_saves_as_a_new_trip(workspace: Path):
    first, second = Session(load_workspace(workspace)), Session(load_workspace(workspace))
    first.apply("dc-2023", _noted(first.trips["dc-2023"], "first planner"), "note")
    second.apply("dc-2023", _noted(second.trips["dc-2023"], "second planner"), "note")
    first.save("dc-2023")
    with pytest.raises(FileChangedError):
        second.save("dc-2023")
    assert second.dirty() == ["dc-2023"]
    for bad in ("dc-2023", "korea-2021.toml", "Bad Name", "../escape", ""):
        with pytest.raises(EditError):
            second.save_as("dc-2023", bad)
    loaded = second.save_as("dc-2023", "dc-2023-second.toml")
    assert loaded.path == workspace / "dc-2023-second.toml"
    assert second.dirty() == []
    assert second.trips["dc-2023"].notes == "first planner"  # the original shows the file as it is
    assert second.trips["dc-2023-second"].notes == "second planner"
    ws = load_workspace(workspace)
    assert ws.trip("dc-2023").notes == "first planner" and ws.trip("dc-2023-second").notes == "second planner"


def test_a_change_made_while_saving_is_caught_just_before_the_rename(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    edited = loaded.text + "# an editor saved this while the planner was writing\n"
    real = writer.atomic_write

    def racing(target, data, **kw):
        if target == path:
            path.write_text(edited, encoding="utf-8")
        real(target, data, **kw)

    monkeypatch.setattr(writer, "atomic_write", racing)
    with pytest.raises(FileChangedError):
        save(loaded, _noted(loaded.trip, "mine"))
    assert path.read_text(encoding="utf-8") == edited
    assert [p.name for p in workspace.iterdir() if p.name.endswith(".tmp")] == []


def test_saves_into_one_folder_wait_for_each_other(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.3)
    with atomic.folder_lock(workspace):  # another planner is saving
        box: list[BaseException] = []
        t = threading.Thread(target=lambda: _catch(box, lambda: save(loaded, _noted(loaded.trip, "x"))))
        t.start()
        t.join(5)
    assert len(box) == 1 and isinstance(box[0], OSError) and "another planner" in str(box[0])
    assert path.read_text(encoding="utf-8") == loaded.text
    assert save(loaded, _noted(loaded.trip, "x")).trip.notes == "x"  # lock released: saving works


def _catch(box: list, fn) -> None:
    try:
        fn()
    except BaseException as exc:
        box.append(exc)


class _FullDisk:
    """A file object whose writes fail as on a full disk (os.fdopen is replaced by it)."""

    def __init__(self, fd, *_a, **_kw):
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        os.close(self.fd)

    def write(self, _data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_the_file_and_its_backup_intact_with_a_clear_reason(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    loaded = save(load_file(path), _noted(load_file(path).trip, "saved once"))
    files = {p.name: p.read_bytes() for p in workspace.iterdir()}
    monkeypatch.setattr(os, "fdopen", _FullDisk)
    with pytest.raises(OSError) as caught:
        save(loaded, _noted(loaded.trip, "lost?"))
    assert describe_write_error(caught.value) == "the disk is full (No space left on device)"
    assert {p.name: p.read_bytes() for p in workspace.iterdir()} == files  # no temp file, nothing changed
    monkeypatch.undo()
    assert save(loaded, _noted(loaded.trip, "later")).trip.notes == "later"


def test_a_read_only_folder_refuses_with_a_clear_reason(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    before = path.read_bytes()

    def read_only(*_a, **_kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    with pytest.raises(OSError) as caught:
        save(loaded, _noted(loaded.trip, "x"))
    assert describe_write_error(caught.value) == "the folder is on a read-only file system (Read-only file system)"
    assert path.read_bytes() == before and not backup_path(path).exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod")
def test_a_folder_without_write_permission_refuses(workspace: Path):  # pragma: no cover - not as root
    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    before = path.read_bytes()
    workspace.chmod(0o555)
    try:
        with pytest.raises(PermissionError) as caught:
            save(loaded, _noted(loaded.trip, "x"))
    finally:
        workspace.chmod(0o755)
    assert describe_write_error(caught.value).startswith("no permission to write in the folder")
    assert path.read_bytes() == before


def test_temporary_files_left_by_a_killed_save_are_removed_by_the_next_save(workspace: Path, monkeypatch):
    path = workspace / "dc-2023.toml"
    left = [workspace / ".dc-2023.toml.abcd1234.tmp", workspace / "..dc-2023.toml.bak.abcd1234.tmp"]
    other = workspace / ".korea-2021.toml.abcd1234.tmp"
    for p in (*left, other):
        p.write_bytes(b"half a fi")
    assert sorted(load_workspace(workspace).files) == sorted(p.stem for p in workspace.glob("*.toml"))
    loaded = load_file(path)
    save(loaded, _noted(loaded.trip, "young temp files stay"))
    assert all(p.exists() for p in left)
    monkeypatch.setattr(atomic, "STALE_TEMP_SECONDS", 0.0)
    loaded = load_file(path)
    save(loaded, _noted(loaded.trip, "old ones go"))
    assert not any(p.exists() for p in left)
    assert other.exists()  # another trip's: left to that trip's next save


# ---------------------------------------------------------------- the CLI's writes on a full disk

ICS = Path(__file__).resolve().parent / "ics"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "korea-2021", "--out", "{out}"], "planner: cannot write {out}/korea-2021.ics: the disk is full"),
        (
            ["import", str(ICS / "import_google.ics"), "--trip", "seoul-2024"],
            (
                "planner: cannot write the trip file: the disk is full (No space left on device); nothing imported; "
                "no trip file was written"
            ),
        ),
        (
            ["import", str(ICS / "import_google.ics"), "--trip", "dc-2023", "--tz", "Asia/Seoul"],
            (
                "planner: cannot write the trip file: the disk is full (No space left on device); nothing imported; "
                "dc-2023.toml is left as it was"
            ),
        ),
        (
            ["agenda", "--trip", "korea-2021", "--out", "{out}/a.html"],
            "planner: --out {out}/a.html: cannot write: the disk is full (No space left on device)",
        ),
    ],
)
def test_cli_writes_on_a_full_disk_say_so_in_one_line_and_exit_2(
    workspace: Path, tmp_path: Path, monkeypatch, capsys, args, said
):
    from planner.cli import main

    out = tmp_path / "out"
    out.mkdir()
    files = {p.name: p.read_bytes() for p in workspace.iterdir()}
    monkeypatch.setattr(os, "fdopen", _FullDisk)
    code = main(["--dir", str(workspace), *(a.replace("{out}", str(out)) for a in args)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and said.replace("{out}", str(out)) in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in workspace.iterdir()} == files
    assert list(out.iterdir()) == []
