"""Shared fixtures: a scratch workspace holding the seeded trips, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the seeded trips in a temporary folder."""
    folder = tmp_path / "trips"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run ``python -m planner`` as a user would, in a clean environment."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
        full_env["COLUMNS"] = "120"
        full_env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
        full_env["HOME"] = str(tmp_path / "home")
        if env:
            full_env.update(env)
        return subprocess.run(
            [sys.executable, "-m", "planner", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or tmp_path,
            timeout=60,
        )

    return run
