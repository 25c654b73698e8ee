"""The derived trip cache: used only when it was made from the same bytes, never trusted, never fatal."""

from __future__ import annotations

import binascii
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import spy_parses

from planner.storage import TripFileError, load_workspace
from planner.storage import cache as cache_mod
from planner.storage.workspace import load_file


def _fresh(folder: Path) -> dict:
    return {p.name: load_file(p) for p in sorted(folder.glob("*.toml"))}


def test_cache_hit_equals_a_fresh_parse(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    first = load_workspace(workspace)
    assert cache_mod.cache_file(workspace).is_file()
    parsed = spy_parses(monkeypatch)
    second = load_workspace(workspace)
    assert parsed == []  # every trip came from the cache
    fresh = _fresh(workspace)
    assert len(second.files) == len(fresh) == 5
    for lt in second.files.values():
        expected = fresh[lt.path.name]
        assert lt.trip == expected.trip == first.files[lt.trip.id].trip
        assert lt.text == expected.text == lt.path.read_text(encoding="utf-8")
        assert lt.path == expected.path
        # Zones come back as the very ZoneInfo objects a parse gives.
        assert lt.trip.home_tz is expected.trip.home_tz


def test_editing_a_file_invalidates_its_entry(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    load_workspace(workspace)
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('title = "Global SME Night', 'title = "Edited Global SME Night', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    parsed = spy_parses(monkeypatch)
    ws = load_workspace(workspace)
    assert parsed == ["dc-2023.toml"]
    assert ws.trip("dc-2023").title.startswith("Edited Global SME Night")
    assert ws.files["dc-2023"].text == edited
    # The rewritten cache serves the edited file next time.
    parsed.clear()
    assert load_workspace(workspace).trip("dc-2023") == ws.trip("dc-2023")
    assert parsed == []


def test_same_size_same_mtime_edit_is_still_seen(workspace: Path, cache_dir: Path):
    """The key is the content hash, not size or modification time."""
    load_workspace(workspace)
    path = workspace / "dc-2023.toml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace('status = "completed"', 'status = "cancelled"', 1)
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_workspace(workspace).trip("dc-2023").status == "cancelled"


def _corruptions(blob: bytes) -> dict[str, bytes]:
    body_at = len(cache_mod.MAGIC) + 4
    flipped = bytearray(blob)
    flipped[body_at + 100] ^= 0xFF
    return {
        "garbage": os.urandom(4096),
        "empty": b"",
        "truncated": blob[: len(blob) // 2],
        "magic only": cache_mod.MAGIC,
        "bit flip": bytes(flipped),
        "plain pickle": pickle.dumps({"not": "a cache"}),
    }


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated", "magic only", "bit flip", "plain pickle"])
def test_corrupt_cache_is_ignored_and_rebuilt(
    workspace: Path, cache_dir: Path, kind: str, monkeypatch: pytest.MonkeyPatch
):
    load_workspace(workspace)
    path = cache_mod.cache_file(workspace)
    path.write_bytes(_corruptions(path.read_bytes())[kind])
    parsed = spy_parses(monkeypatch)
    ws = load_workspace(workspace)
    assert sorted(parsed) == sorted(p.name for p in workspace.glob("*.toml"))
    assert {lt.path.name: lt.trip for lt in ws.files.values()} == {k: v.trip for k, v in _fresh(workspace).items()}
    # Rebuilt: the next load uses it.
    parsed.clear()
    load_workspace(workspace)
    assert parsed == []


def _rewrite(path: Path, folder: Path, change) -> None:
    """Re-seal a cache index after changing its header (as another version would write it)."""
    blob = path.read_bytes()
    header, complete, records = pickle.loads(blob[len(cache_mod.MAGIC) + 4 :])
    header, records = change(dict(header), records)
    path.write_bytes(_seal(cache_mod.MAGIC, pickle.dumps((header, complete, records))))


def _seal(magic: bytes, body: bytes) -> bytes:
    return magic + binascii.crc32(body).to_bytes(4, "big") + body


def _trip_blob(folder: Path, name: str) -> Path:
    """The cache file holding the trip of ``folder/name`` (named by the SHA-256 of its bytes)."""
    sha = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    return cache_mod.trip_file(folder, sha)


@pytest.mark.parametrize(
    "field,value",
    [("format", cache_mod.FORMAT + 1), ("planner", "0.0.0-other"), ("python", [2, 7]), ("folder", "/somewhere/else")],
)
def test_cache_of_another_version_is_not_used(
    workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: object
):
    load_workspace(workspace)
    path = cache_mod.cache_file(workspace)
    _rewrite(path, workspace, lambda h, e: ({**h, field: value}, e))
    parsed = spy_parses(monkeypatch)
    load_workspace(workspace)
    assert len(parsed) == 5


def test_entry_with_wrong_content_or_forbidden_class_is_not_used(
    workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    load_workspace(workspace)
    identity = cache_mod.cache_identity(workspace)
    blobs = {
        name: _trip_blob(workspace, name)
        for name in ("dc-2023.toml", "gwangju-2022.toml", "la-2023.toml", "korea-2021.toml", "richardson-2019.toml")
    }
    # A function, not a trip: refused by the unpickler, though the checksum is right.
    blobs["dc-2023.toml"].write_bytes(_seal(cache_mod.TRIP_MAGIC, pickle.dumps(os.getcwd)))
    sha = blobs["gwangju-2022.toml"].name.removesuffix(".trip")
    blobs["gwangju-2022.toml"].write_bytes(_seal(cache_mod.TRIP_MAGIC, pickle.dumps((identity, sha, "just text"))))
    data = blobs["la-2023.toml"].read_bytes()
    blobs["la-2023.toml"].write_bytes(data[: len(data) // 2])
    # Another file's trip under this file's name: the entry names the content it was made from.
    blobs["korea-2021.toml"].write_bytes(blobs["richardson-2019.toml"].read_bytes())
    parsed = spy_parses(monkeypatch)
    ws = load_workspace(workspace)
    assert sorted(parsed) == ["dc-2023.toml", "gwangju-2022.toml", "korea-2021.toml", "la-2023.toml"]
    assert ws.trip("dc-2023") == load_file(workspace / "dc-2023.toml").trip
    assert ws.trip("korea-2021") == load_file(workspace / "korea-2021.toml").trip
    # Rewritten: the next load parses nothing.
    parsed.clear()
    load_workspace(workspace)
    assert parsed == []


def test_unwritable_cache_location_does_not_break_loading(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache_mod.ENV_DIR, str(blocker / "cache"))  # cannot be created
    ws = load_workspace(workspace)
    assert len(ws.files) == 5
    assert load_workspace(workspace).trips == ws.trips


def test_read_only_cache_folder_does_not_break_loading(workspace: Path, cache_dir: Path):
    load_workspace(workspace)
    (workspace / "dc-2023.toml").write_text(
        (workspace / "dc-2023.toml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    cache_dir.chmod(0o500)
    try:
        ws = load_workspace(workspace)
        assert ws.files["dc-2023"].text.endswith("# edited\n")
    finally:
        cache_dir.chmod(0o700)


def test_unreadable_cache_file_is_ignored(workspace: Path, cache_dir: Path):
    load_workspace(workspace)
    path = cache_mod.cache_file(workspace)
    path.unlink()
    path.mkdir()  # reading a folder fails; so does replacing it
    assert len(load_workspace(workspace).files) == 5


def test_cache_can_be_turned_off(workspace: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(cache_mod.ENV_SWITCH, "off")
    load_workspace(workspace)
    assert not cache_mod.cache_file(workspace).exists()


def test_errors_are_reported_with_file_and_line_even_with_a_cache(workspace: Path, cache_dir: Path):
    load_workspace(workspace)
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("home_tz"))
    lines[n] = 'home_tz = "Mars/Olympus_Mons"\n'
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(TripFileError) as err:
        load_workspace(workspace)
    [problem] = err.value.problems
    assert problem.file == str(path) and problem.line == n + 1 and problem.path == "trip.home_tz"
    # Restoring the file brings back the cached trip; the broken text was never cached.
    path.write_text(text, encoding="utf-8")
    assert load_workspace(workspace).trip("dc-2023") == load_file(path).trip


def test_duplicate_event_id_still_names_the_first_line(tmp_path: Path, cache_dir: Path):
    folder = tmp_path / "ws"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", folder)
    path = folder / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    block_at = text.index("[[events]]")
    block = text[block_at:]
    path.write_text(text + "\n" + block, encoding="utf-8")
    first_id_line = (
        text[:block_at].count("\n")
        + 1
        + next(i for i, line in enumerate(block.splitlines()) if line.startswith("id ="))
    )
    with pytest.raises(TripFileError) as err:
        load_workspace(folder)
    assert any(f"(first on line {first_id_line})" in p.message for p in err.value.problems)


def test_cache_lives_outside_the_workspace(workspace: Path, cache_dir: Path):
    before = sorted(p.name for p in workspace.iterdir())
    load_workspace(workspace)
    assert sorted(p.name for p in workspace.iterdir()) == before
    assert cache_dir in cache_mod.cache_file(workspace).parents


def test_a_format_2_cache_folder_of_the_workspace_is_removed(workspace: Path, cache_dir: Path):
    """Format 2 named the folder by blake2b; the renamed cache leaves no stale copy behind."""
    old = cache_dir / hashlib.blake2b(os.fsencode(os.path.abspath(workspace)), digest_size=16).hexdigest()
    old.mkdir(parents=True)
    (old / "index").write_bytes(b"old")
    load_workspace(workspace)
    assert not old.exists() and cache_mod.cache_dir(workspace).is_dir()
