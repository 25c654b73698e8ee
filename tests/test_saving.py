"""Atomic saving and refusing to overwrite a file that changed on disk."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from planner.storage import FileChangedError, atomic_write, load_file, save


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
