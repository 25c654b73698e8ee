"""``planner agenda``: one day or a whole trip, in the terminal, as Markdown or as printable HTML."""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

from rich.console import Console

from planner.agenda import FORMATS

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".txt": "terminal"}
"""The format ``--out`` implies when ``--format`` is not given."""

TEXT_WIDTH = 100
"""Columns of a terminal-format agenda written to a file."""


def choose_format(fmt: str | None, out: str | None) -> str:
    """``--format`` if given, else what the ``--out`` file's suffix says, else ``terminal``.

    >>> choose_format(None, "day.html"), choose_format("md", "day.html"), choose_format(None, None)
    ('html', 'md', 'terminal')
    """
    if fmt:
        return fmt
    if out:
        return SUFFIX_FORMATS.get(Path(out).suffix.lower(), "terminal")
    return "terminal"


def run_agenda(args: argparse.Namespace, console: Console) -> int:
    """Build the agenda the arguments ask for and print it or write it to ``--out``."""
    from planner.agenda.gather import build_day_agenda, build_trip_agenda
    from planner.cli import UsageError, _check_ids, _read_only, parse_day, parse_view

    fmt = choose_format(args.format, args.out)
    if fmt not in FORMATS:  # argparse's choices catch this on the command line
        raise UsageError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if args.date is None and not args.trip:
        raise UsageError("give a DATE, or --trip ID for a whole trip")
    if args.paper and fmt != "html":
        raise UsageError("--paper applies to --format html only")
    ws = _read_only(args)
    _check_ids(ws, args)
    view = parse_view(args.tz)
    trip_mode = args.date is None
    if trip_mode:
        trip = ws.trip(args.trip)
        assert trip is not None  # _check_ids refused unknown ids
        agenda = build_trip_agenda(trip, view, person=args.person)
    else:
        day = parse_day(args.date)
        # Only the trips that can have something on the day (from the cache index,
        # without unpickling the others), and those naming the person.
        agenda = build_day_agenda(ws.trips_on(day, args.person), day, view, trip_id=args.trip, person=args.person)

    if fmt == "terminal":
        from planner.agenda.terminal import render_terminal

        renderable = render_terminal(agenda, trip_mode=trip_mode)
        if not args.out:
            console.print(renderable)
            return 0
        buffer = io.StringIO()
        Console(file=buffer, width=TEXT_WIDTH, color_system=None, highlight=False).print(renderable)
        text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    elif fmt == "md":
        from planner.agenda.markdown import render_markdown

        text = render_markdown(agenda, trip_mode=trip_mode)
    else:
        from planner.agenda.html_page import render_html

        text = render_html(agenda, trip_mode=trip_mode, paper=args.paper)

    if not args.out:
        console.file.write(text)
        console.file.flush()
        return 0
    from planner.storage.writer import atomic_write, describe_write_error

    path = Path(args.out).expanduser()
    if path.is_dir():
        raise UsageError(f"--out {path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"--out {path}: folder {path.parent} does not exist")
    existed = path.exists()
    try:
        atomic_write(path, text.encode("utf-8"))
        if not existed:
            # The temporary file behind an atomic write is private (0600); a
            # new agenda is meant to be shared, so give it the usual mode.
            os.chmod(path, 0o666 & ~_umask())
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot write: {describe_write_error(exc)}") from None
    days = len(agenda.days)
    console.print(f"Wrote {fmt} agenda ({days} day section{'s' if days != 1 else ''}, {agenda.entry_count} items) to {path}", markup=False, soft_wrap=True)
    return 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
