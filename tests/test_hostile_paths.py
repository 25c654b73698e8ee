"""Hostile names and paths: outputs are only ever regular files, ids are matched whole, messages stay short.

No test here touches a real system device node: devices, FIFOs and links are
made in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import bounded

from planner.model.names import ID_RE

ICS = Path(__file__).resolve().parent / "ics"
LONG = "x" * 100_000


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _char_device(path: Path) -> Path:
    """A character device node (major/minor of /dev/null) in ``path``, or skip where mknod is not allowed."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


# ---------------------------------------------------------------- agenda --out


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_agenda_out_refuses_a_fifo_or_device_and_leaves_it(run_cli, workspace: Path, tmp_path: Path, kind: str):
    target = tmp_path / "agenda.md"
    _fifo(target) if kind == "fifo" else _char_device(target)
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--out", str(target))
    assert out.returncode == 2, out.stdout
    assert "not a regular file" in out.stderr and ("FIFO" in out.stderr or "device" in out.stderr)
    mode = target.lstat().st_mode
    assert stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISCHR(mode)


def test_agenda_out_refuses_a_link_leading_out_of_its_folder(run_cli, workspace: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "notes.md"
    victim.write_text("keep me\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    link = out_dir / "agenda.md"
    link.symlink_to(victim)
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--out", str(link))
    assert out.returncode == 2
    assert "symbolic link" in out.stderr and "outside" in out.stderr
    assert link.is_symlink() and victim.read_text() == "keep me\n"


def test_agenda_out_follows_a_link_within_its_folder_and_keeps_the_link(run_cli, workspace: Path, tmp_path: Path):
    real = tmp_path / "agenda-real.md"
    real.write_text("old\n")
    link = tmp_path / "agenda.md"
    link.symlink_to(real.name)
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--out", str(link))
    assert out.returncode == 0, out.stderr
    assert link.is_symlink() and "old" not in real.read_text() and real.read_text().startswith("#")


def test_agenda_out_dash_is_standard_output(run_cli, workspace: Path, tmp_path: Path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = run_cli("--dir", str(workspace), "agenda", "--trip", "korea-2021", "--format", "md", "--out", "-", cwd=cwd)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("#") and list(cwd.iterdir()) == []


# ---------------------------------------------------------------- export --out and the export folder


def test_export_refuses_a_link_out_of_the_export_folder(run_cli, workspace: Path, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    (out_dir / "korea-2021.ics").symlink_to(victim)
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--out", str(out_dir))
    assert out.returncode == 2 and "symbolic link" in out.stderr
    assert victim.read_text() == "keep me\n" and (out_dir / "korea-2021.ics").is_symlink()


def test_export_refuses_a_device_named_like_its_file(run_cli, workspace: Path, tmp_path: Path):
    target = _char_device(tmp_path / "korea.ics")
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--out", str(target))
    assert out.returncode == 2 and "device" in out.stderr
    assert stat.S_ISCHR(target.lstat().st_mode)


def test_export_to_a_fifo_neither_blocks_nor_replaces_it(workspace: Path, tmp_path: Path):
    # What the TUI's export key and the command both call.
    from planner.storage import load_workspace
    from planner.usecases.export import plan_export, write_export

    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    fifo = _fifo(out_dir / "korea-2021.ics")
    plan = plan_export([load_workspace(workspace).trip("korea-2021")], out=out_dir)
    with bounded(10), pytest.raises(OSError, match="FIFO"):
        write_export(plan)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_out_dash_writes_one_calendar_to_standard_output(run_cli, workspace: Path, tmp_path: Path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--out", "-", cwd=cwd)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("BEGIN:VCALENDAR") and list(cwd.iterdir()) == []
    two = run_cli("--dir", str(workspace), "export", "korea-2021", "dc-2023", "--out", "-", cwd=cwd)
    assert two.returncode == 2 and "standard output" in two.stderr and list(cwd.iterdir()) == []


def test_export_refuses_a_windows_device_name_for_its_file(run_cli, workspace: Path, tmp_path: Path):
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--out", str(tmp_path / "con.ics"))
    assert out.returncode == 2 and "Windows" in out.stderr
    assert not (tmp_path / "con.ics").exists()


def test_output_target_rules(tmp_path: Path):
    from planner.storage.atomic import UnsafeTarget, output_target

    assert output_target(tmp_path / "new.md") == tmp_path / "new.md"
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(UnsafeTarget, match="loop"):
        output_target(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to("missing.md")
    with pytest.raises(UnsafeTarget, match="does not exist"):
        output_target(tmp_path / "dangling")
    (tmp_path / "sub").mkdir()
    with pytest.raises(UnsafeTarget, match="folder"):
        output_target(tmp_path / "sub")


# ---------------------------------------------------------------- ids are matched whole


def test_ids_are_matched_whole_and_device_names_refused_where_ids_name_files():
    from planner.model.names import id_problem, reserved_name

    assert ID_RE.match("nl\n") is None and ID_RE.fullmatch("nl") is not None
    assert id_problem("nl\n") and id_problem("korea-2021", names_file=True) is None
    for name in ("con", "nul", "aux", "prn", "com1", "lpt9"):
        assert id_problem(name, names_file=True) and id_problem(name) is None
    assert reserved_name("CON.txt") and reserved_name("con.x") and not reserved_name("con-1")


def test_import_refuses_a_trip_id_with_a_trailing_newline_or_a_device_name(run_cli, workspace: Path):
    before = sorted(p.name for p in workspace.iterdir())
    for bad in ("nl\n", "con", "lpt1"):
        out = run_cli("--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", bad)
        assert out.returncode == 2, (bad, out.stdout)
    assert sorted(p.name for p in workspace.iterdir()) == before
    ok = run_cli("--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", "con-1")
    assert ok.returncode == 0, ok.stderr


def test_an_imported_event_id_never_ends_in_a_newline(run_cli, workspace: Path, tmp_path: Path):
    ics = tmp_path / "nl.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20241015T010000Z\r\n"
        b'SUMMARY:One\r\nX-PLANNER-EVENT:{"id":"nl\\\\n"}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
    )
    out = run_cli("--dir", str(workspace), "import", str(ics), "--trip", "newt")
    assert out.returncode == 0, out.stderr
    from planner.storage import load_workspace

    trip = load_workspace(workspace).trip("newt")
    assert all(ID_RE.fullmatch(ev.id) for ev in trip.events), [ev.id for ev in trip.events]


def test_a_trip_file_with_an_id_ending_in_a_newline_is_refused(workspace: Path):
    from planner.storage import TripFileError, load_file

    path = workspace / "korea-2021.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('id = "korea-2021"', 'id = "korea-2021\\n"', 1))
    with pytest.raises(TripFileError, match="should use lower-case"):
        load_file(path)


def test_the_tui_session_refuses_device_names_as_trip_ids(workspace: Path):
    from planner.storage import load_workspace
    from planner.usecases.editing import EditError, Session

    session = Session(load_workspace(workspace))
    for name in ("con", "nul.toml", "lpt3"):
        with pytest.raises(EditError):
            session.save_as_target(name)
    with pytest.raises(EditError) as info:
        session.save_as_target(LONG)
    assert len(str(info.value)) < 300


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize(
    "args",
    [
        ["agenda", "--trip", LONG],
        ["agenda", "--person", LONG, "2021-10-19"],
        ["import", "{ics}", "--trip", LONG],
        ["export", LONG],
        ["agenda", "2021-10-19", "--out", "{tmp}/" + "d/" * 40_000 + "a.md"],
    ],
    ids=["agenda-trip", "agenda-person", "import-trip", "export-trip", "agenda-out"],
)
def test_a_huge_argument_is_not_echoed_back_in_full(run_cli, workspace: Path, tmp_path: Path, args: list[str]):
    args = [a.replace("{ics}", str(ICS / "import_google.ics")).replace("{tmp}", str(tmp_path)) for a in args]
    out = run_cli("--dir", str(workspace), *args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr) < 1000, out.stderr[:300]


def _race(monkeypatch: pytest.MonkeyPatch, act) -> None:
    """Run ``act(outcome)`` between the import's merge and its write: another planner getting there first."""
    import planner.ical.reader as reader

    real = reader.merge

    def merge(*args, **kwargs):
        outcome = real(*args, **kwargs)
        act(outcome)
        return outcome

    monkeypatch.setattr(reader, "merge", merge)


def test_a_losing_concurrent_import_gets_command_line_advice(workspace: Path, monkeypatch, capsys):
    from planner.cli import main

    path = workspace / "korea-2021.toml"
    _race(monkeypatch, lambda _o: path.write_text(path.read_text(encoding="utf-8") + "\n# theirs\n"))
    assert main(["--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", "korea-2021"]) == 2
    err = capsys.readouterr().err
    assert "run the command again" in err and "reload" not in err and "save under another name" not in err
    assert path.read_text(encoding="utf-8").endswith("# theirs\n")


def test_a_losing_concurrent_create_is_told_what_the_file_holds(workspace: Path, monkeypatch, capsys):
    from planner.cli import main
    from planner.storage import create

    target = workspace / "new-trip.toml"
    _race(monkeypatch, lambda outcome: create(target, outcome.trip))
    assert main(["--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", "new-trip"]) == 2
    err = capsys.readouterr().err
    assert "another trip" not in err and "run the command again" in err


def test_a_create_losing_to_another_trip_is_told_which(workspace: Path, monkeypatch, capsys):
    from planner.cli import main

    other = workspace / "other-trip.toml"
    _race(monkeypatch, lambda _o: shutil.copy(workspace / "dc-2023.toml", other))
    assert main(["--dir", str(workspace), "import", str(ICS / "import_google.ics"), "--trip", "other-trip"]) == 2
    assert "'dc-2023'" in capsys.readouterr().err
