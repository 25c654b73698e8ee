"""``planner config path|show|edit``: where the configuration file is, what is in effect, and editing it.

The file and its rules are :mod:`planner.storage.config`; this module only
prints and starts the editor. ``show`` names the source of each setting
(``default``, ``file``, ``environment``) and never prints the CalDAV password;
``edit`` writes a commented template first when there is no file, opens
``$VISUAL`` (else ``$EDITOR``, else ``vi``), then checks what was saved, so a
mistake is reported at once with its line rather than at the next export.
"""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("config", help=HELP["config"])
    p.add_argument(
        "action",
        choices=("path", "show", "edit"),
        nargs="?",
        default="show",
        help="path: where the file is; show (default): every setting and where it comes from; "
        "edit: open it in $VISUAL or $EDITOR (a commented template first if it does not exist)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner.storage.config import config_path

    path = config_path()
    if args.action == "path":
        print(path)
        if not path.exists():
            from planner.cli._common import note

            note("no file there yet: the built-in defaults apply ('planner config edit' creates it)")
        return 0
    if args.action == "edit":
        return _edit(path)
    _show(path)
    return 0


def _show(path: Any) -> None:
    from planner.model.reminders import DEFAULT_KEY, duration_text
    from planner.model.trip import EVENT_KINDS
    from planner.storage.config import ENV_SETTINGS, load_settings

    s = load_settings()
    print(f"file: {path}" + ("" if s.path is not None else " (none: built-in defaults)"))
    rows: list[tuple[str, str, str]] = []
    for key in ("home_tz", "paper", "language", "theme"):
        value = getattr(s, key) or "(each trip's own)"
        where = s.source(key)
        if where == "environment":
            where = f"environment ({ENV_SETTINGS[key]})"
        rows.append((key, value, where))
    if not s.alarms:
        rows.append(("alarms", "none", "default"))
    for kind in (*EVENT_KINDS, DEFAULT_KEY):
        if kind in s.alarms:
            shown = ", ".join(duration_text(d) for d in s.alarms[kind]) or "none"
            rows.append((f"alarms.{kind}", f"{shown} before", s.source("alarms")))
    for key in ("url", "user"):
        rows.append((f"caldav.{key}", getattr(s.caldav, key) or "(not set)", s.source("caldav")))
    rows.append(("caldav.password", "(set, not shown)" if s.caldav.password else "(not set)", s.source("caldav")))
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    for key, value, where in rows:
        print(f"{key:<{width}}  {value:<{value_width}}  {where}")


def _edit(path: Any) -> int:
    import os
    import shlex
    import shutil
    import subprocess

    from planner.cli._common import UsageError, given, note
    from planner.storage.config import load_settings, write_template

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("vi" if shutil.which("vi") else "")
    if not editor:
        raise UsageError(f"set $VISUAL or $EDITOR to edit {given(path)}")
    try:
        write_template(path)
    except OSError as exc:
        raise UsageError(f"cannot create {given(path)}: {exc.strerror}") from None
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot start the editor {given(editor)}: {exc}") from None
    if done.returncode != 0:
        note(f"the editor exited with status {done.returncode}")
    load_settings(path)  # a broken file is reported now, with its lines (exit 2)
    note(f"{path}: the settings are valid")
    return 0
