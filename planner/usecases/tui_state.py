"""What the TUI remembers between runs: its theme, its zone view and where the cursor was.

A small JSON file in the per-user state folder (``platformdirs``, e.g.
``~/.local/state/planner/tui.json``; ``PLANNER_STATE_DIR`` moves it, for
tests and scripts), written atomically. It is a convenience, never a
source of truth: a missing, unreadable or odd file gives the defaults, and a
failed write is ignored. Preferences a person writes by hand belong in the
configuration file (``~/.config/planner/config.toml``), which this module
does not read; the front end decides which wins.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENV_STATE_DIR = "PLANNER_STATE_DIR"
FILE_NAME = "tui.json"
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class TuiState:
    theme: str = ""
    """A theme name ("" for the default)."""
    mode: str = ""
    """The zone view: ``event``, ``home`` or ``both`` ("" for the default)."""
    positions: dict[str, str] = field(default_factory=dict)
    """Workspace folder -> the key of the row the cursor was on."""
    saved_on: str = ""
    """The day (ISO) the state was written: a cursor from an earlier day gives way to today's."""


def state_path() -> Path:
    """The state file: under ``$PLANNER_STATE_DIR`` when set, else the user's state folder."""
    env = os.environ.get(ENV_STATE_DIR)
    if env:
        return Path(env).expanduser() / FILE_NAME
    import platformdirs

    return Path(platformdirs.user_state_dir("planner", appauthor=False)) / FILE_NAME


def read_state(path: Path) -> TuiState:
    """The remembered settings, or the defaults when the file is missing or not what this writes."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return TuiState()
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return TuiState()
    if not isinstance(data, dict):
        return TuiState()
    theme, mode, positions = data.get("theme"), data.get("mode"), data.get("positions")
    saved_on = data.get("saved_on")
    return TuiState(
        theme=theme if isinstance(theme, str) else "",
        mode=mode if isinstance(mode, str) else "",
        positions={k: v for k, v in positions.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(positions, dict)
        else {},
        saved_on=saved_on if isinstance(saved_on, str) else "",
    )


def write_state(path: Path, state: TuiState) -> bool:
    """Write the settings atomically; False when the folder refused (the TUI carries on)."""
    from planner.storage.atomic import atomic_write

    data = json.dumps(asdict(state), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        return True
    return False
