"""Saving never loses or misplaces what a file holds: shapes the writer cannot keep, a forged cache, links, CRLF.

Each hostile shape below is TOML that ``tomllib`` reads but the comment-keeping
writer (tomlkit) cannot keep faithfully. Loading refuses it at file and line;
a save that meets it anyway (a trip loaded by older code, or from a cache)
refuses too, writes nothing, and in the TUI keeps the edits.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS

from planner.cli import main as cli_main
from planner.model.trip import Trip
from planner.storage import (
    FileChangedError,
    LoadedTrip,
    TripFileError,
    backup_path,
    create,
    fresh,
    load_file,
    load_workspace,
    parse_trip,
    save,
)
from planner.storage import cache as cache_mod
from planner.storage.locate import Locator
from planner.storage.reader import build_trip
from planner.tui import PlannerApp
from planner.tui.screens import ChoiceScreen, TimelineScreen
from planner.tui.screens.prompt import PromptScreen

DC = (SEEDS / "dc-2023.toml").read_text(encoding="utf-8")


def _deep_value(text: str) -> str:
    return text.replace("[trip]\n", "[trip]\nx-deep = " + "[" * 120 + "]" * 120 + "\n", 1)


def _deep_inline_table(text: str) -> str:
    return text.replace("[trip]\n", "[trip]\nx-deep = " + "{a = " * 120 + "1" + "}" * 120 + "\n", 1)


def _deep_key(text: str) -> str:
    return text.replace("[trip]\n", "[trip]\n" + "x-a." * 120 + "b = 1\n", 1)


def _blocks(text: str) -> list[str]:
    """The text cut before each table header (a header's comments stay with the table above)."""
    return re.split(r"(?m)^(?=\[)", text)


def _interleaved(text: str) -> str:
    """The [[sources]] table moved between the two [[people]] tables: the same data, split sections."""
    blocks = _blocks(text)
    sources = next(i for i, b in enumerate(blocks) if b.startswith("[[sources]]"))
    moved = blocks.pop(sources)
    first_person = next(i for i, b in enumerate(blocks) if b.startswith("[[people]]"))
    blocks.insert(first_person + 1, moved)
    return "".join(blocks)


def _inline_array(text: str) -> str:
    """The [[sources]] tables written as a top-level ``sources = [{...}]``: the same data."""
    blocks = _blocks(text)
    items = tomllib.loads(text)["sources"]
    inline = ", ".join("{" + ", ".join(f"{k} = {fresh.value(v)}" for k, v in item.items()) + "}" for item in items)
    kept = [b for b in blocks if not b.startswith("[[sources]]")]
    return f"sources = [{inline}]\n" + "".join(kept)


SHAPES = {
    "value nested over 100 levels": (_deep_value, "[trip]\nx-deep"),
    "inline table nested over 100 levels": (_deep_inline_table, "[trip]\nx-deep"),
    "key nested over 100 levels": (_deep_key, "[trip]\nx-a."),
    "sections interleaved": (_interleaved, "[[sources]]"),
    "section as an inline array": (_inline_array, "sources = ["),
}


def _line_of(text: str, marker: str) -> int:
    """The line where ``marker``'s last line starts (markers may hold the header above)."""
    at = text.index(marker) + len(marker.rsplit("\n", 1)[0]) + (1 if "\n" in marker else 0)
    return text[:at].count("\n") + 1


def _seed_trip() -> Trip:
    return parse_trip(DC, "dc-2023.toml")


def _hostile(folder: Path, shape: str) -> tuple[Path, str]:
    make, _marker = SHAPES[shape]
    text = make(DC)
    # The same trip, as tomllib reads it: only the layout is hostile.
    assert build_trip(tomllib.loads(text), "x", Locator(text)) == _seed_trip()
    path = folder / "dc-2023.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


# ---------------------------------------------------------------- loading refuses, at file and line


@pytest.mark.parametrize("shape", SHAPES)
def test_loading_refuses_a_shape_the_writer_cannot_keep_with_file_and_line(workspace: Path, shape: str):
    path, text = _hostile(workspace, shape)
    with pytest.raises(TripFileError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == _line_of(text, SHAPES[shape][1])
    assert f"{path}:{problem.line}:" in str(caught.value)


# ---------------------------------------------------------------- saving refuses, writing nothing


@pytest.mark.parametrize("shape", SHAPES)
def test_a_save_over_a_shape_the_writer_cannot_keep_writes_nothing(workspace: Path, shape: str):
    """A trip that reached memory without the loader's check (older code, a cache) is still not saved."""
    path, text = _hostile(workspace, shape)
    loaded = LoadedTrip(path, text, _seed_trip())
    with pytest.raises(TripFileError) as caught:
        save(loaded, replace(loaded.trip, title="Edited"))
    assert "nothing was written" in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == text
    assert not backup_path(path).exists()
    assert sorted(p.name for p in workspace.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", ["export", "import", "draft --add"])
def test_the_commands_that_save_refuse_a_hostile_file_without_a_traceback(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str, command: str
):
    path, text = _hostile(workspace, shape)
    args = {
        "export": ["export", "dc-2023", "--out", str(tmp_path / "out")],
        "import": ["import", str(SEEDS.parent / "tests" / "ics" / "import_google.ics"), "--trip", "dc-2023"],
        "draft --add": ["draft", str(_schedule(tmp_path)), "--trip", "dc-2023", "--add"],
    }[command]
    code = cli_main(["--dir", str(workspace), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert f"{path}:{_line_of(text, SHAPES[shape][1])}:" in err
    assert path.read_text(encoding="utf-8") == text


def _schedule(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.txt"
    path.write_text("4월 25일\n- 저녁 환영 만찬\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- the TUI keeps the edits


async def _settle(pilot) -> None:
    app = pilot.app
    busy = [
        w
        for w in app.workers
        if w.group in ("save", "disk", "quit")
        and w.is_running
        and not isinstance(app.screen, (ChoiceScreen, PromptScreen))
    ]
    await asyncio.wait_for(app.workers.wait_for_complete(busy), timeout=30)
    await pilot.pause()


@pytest.mark.asyncio
@pytest.mark.parametrize("shape", SHAPES)
async def test_a_failed_save_keeps_the_tui_running_and_the_edits(workspace: Path, shape: str):
    app = PlannerApp(load_workspace(workspace), today=date(2021, 10, 19), watch_disk=False)
    async with app.run_test(size=(120, 40)) as pilot:
        # As a trip loaded by a planner without the load-time check would be held.
        path, text = _hostile(workspace, shape)
        session = app.session
        session.loaded["dc-2023"] = LoadedTrip(path, text, session.loaded["dc-2023"].trip)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await pilot.pause()
        assert screen.table.go_to_key(
            next(r.key for r in screen.table.rows_shown if r.kind == "event" and r.trip.id == "dc-2023")
        )
        await pilot.press("c")
        await pilot.pause()
        edited = session.trips["dc-2023"]
        assert session.dirty() == ["dc-2023"]

        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, TimelineScreen)
        assert session.dirty() == ["dc-2023"]
        assert session.trips["dc-2023"] is edited
        assert path.read_text(encoding="utf-8") == text
        shown = [str(n.message) for n in app._notifications]
        assert any("not saved" in m and "nothing was written" in m and "still here" in m for m in shown), shown


# ---------------------------------------------------------------- a save merges against the file, not the cache


def test_a_forged_cache_entry_never_decides_what_a_save_writes(workspace: Path, cache_dir: Path):
    path = workspace / "dc-2023.toml"
    load_workspace(workspace)
    before = path.read_bytes()
    real = load_file(path).trip
    assert real.events
    forged = replace(real, events=())
    sha = hashlib.sha256(before).hexdigest()
    cache_mod.trip_file(workspace, sha).write_bytes(
        cache_mod.seal_trip(cache_mod.cache_identity(workspace), sha, forged)
    )
    loaded = load_workspace(workspace).files["dc-2023"]
    if loaded.trip != forged:
        pytest.skip("the cache no longer serves this forged entry (hardened elsewhere)")
    with pytest.raises(FileChangedError) as caught:
        save(loaded, replace(loaded.trip, title="Edited"))
    assert "does not hold the trip that was loaded" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert path.read_bytes() == before
    assert load_file(path).trip == real


# ---------------------------------------------------------------- symbolic links are written through


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_a_save_through_a_symbolic_link_edits_its_target_and_keeps_the_link(tmp_path: Path, kind: str):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "dc-2023.toml"
    target.write_text(DC, encoding="utf-8")
    folder = tmp_path / "trips"
    folder.mkdir()
    link = folder / "dc-2023.toml"
    link.symlink_to(os.path.relpath(target, folder) if kind == "relative" else target)

    loaded = load_file(link)
    saved = save(loaded, replace(loaded.trip, title="Edited through the link"))
    assert link.is_symlink() and os.readlink(link) == (
        os.path.relpath(target, folder) if kind == "relative" else str(target)
    )
    assert load_file(target).trip.title == "Edited through the link"
    assert saved.text == target.read_text(encoding="utf-8")
    # The backup and any temporary file live beside the target, not the link.
    assert backup_path(target).read_text(encoding="utf-8") == DC
    assert sorted(p.name for p in folder.iterdir()) == ["dc-2023.toml"]
    # Saved again from the new state: still through the link.
    save(saved, replace(saved.trip, title="Twice"))
    assert link.is_symlink() and load_file(target).trip.title == "Twice"


def test_a_dangling_link_is_neither_read_nor_replaced(tmp_path: Path):
    folder = tmp_path / "trips"
    folder.mkdir()
    target = tmp_path / "gone" / "dc-2023.toml"
    link = folder / "dc-2023.toml"
    link.symlink_to(target)
    with pytest.raises(TripFileError, match="cannot read"):
        load_file(link)
    # A new trip file is never written over it (the link would silently become a file).
    with pytest.raises(FileExistsError):
        create(link, _seed_trip())
    assert link.is_symlink() and not target.exists()


def test_a_link_whose_target_vanished_after_loading_is_written_through_when_forced(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "dc-2023.toml"
    target.write_text(DC, encoding="utf-8")
    link = tmp_path / "dc-2023.toml"
    link.symlink_to(target)
    loaded = load_file(link)
    target.unlink()
    with pytest.raises(FileChangedError):
        save(loaded, replace(loaded.trip, title="Edited"))
    assert link.is_symlink() and not target.exists()
    save(loaded, replace(loaded.trip, title="Edited"), force=True)
    assert link.is_symlink()
    assert load_file(target).trip.title == "Edited"


# ---------------------------------------------------------------- line endings


def test_a_crlf_file_stays_crlf_with_new_events_and_comments(tmp_path: Path):
    path = tmp_path / "dc-2023.toml"
    crlf = DC.replace("\n", "\r\n")
    path.write_bytes(crlf.encode("utf-8"))
    loaded = load_file(path)
    trip = loaded.trip
    first = trip.events[0]
    new_events = tuple(
        replace(first, id=f"added-{i}", title=f"Added {i}", notes="two\nlines" if i == 0 else first.notes)
        for i in range(3)
    )
    edited = replace(trip, title="Edited title", events=(*trip.events[1:], *new_events))
    saved = save(loaded, edited)
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.endswith(b"\r\n") and not data.endswith(b"\r\n\r\n")
    assert b'# "Global SME Night" in Washington' in data  # the comments are kept
    back = load_file(path).trip
    assert back == saved.trip
    assert {e.id for e in back.events} == {e.id for e in edited.events}
    assert next(e for e in back.events if e.id == "added-0").notes == "two\nlines"


def test_a_trip_file_replaced_by_a_pipe_after_loading_stops_the_save(workspace: Path):
    """Neither the save nor the TUI's "changed on disk" check reads a pipe: both see a changed file at once."""
    from conftest import bounded

    from planner.storage import FileChangedError, save
    from planner.usecases.editing import Session

    path = workspace / "dc-2023.toml"
    loaded = load_file(path)
    session = Session(load_workspace(workspace))
    path.unlink()
    os.mkfifo(path)
    with bounded(10), pytest.raises(FileChangedError, match="not a regular file"):
        save(loaded, replace(loaded.trip, title="Edited"))
    assert path.is_fifo()  # left as it was, nothing written in its place
    with bounded(10):
        assert "dc-2023" in session.changed_on_disk()
