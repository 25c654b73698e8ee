"""The package ships its seeds, and the headless core never imports Textual."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_seeded_trips(tmp_path: Path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("planner-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    seeds = sorted(n for n in names if n.startswith("planner/_seeds/"))
    assert len(seeds) == len(list((ROOT / "seeds").glob("*.toml"))) == 5
    assert "planner/cli/__init__.py" in names
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "planner = planner.launch:main" in entry


def test_cli_commands_do_not_import_textual_or_writer_libraries():
    # Reading and listing trips never pays for Textual, tomlkit (saving) or icalendar (export).
    code = (
        "import sys; from planner.cli import main; "
        "main(['--dir', sys.argv[1], 'trips']); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tomlkit', 'icalendar')]; "
        "sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
