"""``planner agenda``: one day or a whole trip, in the terminal, as Markdown or as printable HTML."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

from planner.agenda import FORMATS
from planner.cli._common import add_lang, add_recipient
from planner.cli.commands import HELP

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


def add_parser(sub: Any) -> None:
    p = sub.add_parser("agenda", help=HELP["agenda"])
    p.add_argument(
        "date",
        metavar="DATE",
        nargs="?",
        help="the day (2021-10-19, 'Oct 19 2021', today); omit with --trip for every day of the trip",
    )
    p.add_argument("--trip", metavar="ID", help="only this trip; without DATE, one section per day of it")
    p.add_argument("--person", metavar="ID", help="one member's agenda")
    p.add_argument("--tz", metavar="ZONE", help="pick the day in this zone and add a column for it")
    p.add_argument(
        "--format",
        choices=("terminal", "md", "html"),
        help="terminal (default), md (Markdown) or html (print-ready page)",
    )
    p.add_argument(
        "--out",
        metavar="PATH",
        help="write to this file (its .md/.html suffix sets the format) instead of printing; - is standard output",
    )
    p.add_argument(
        "--paper",
        choices=("a4", "letter"),
        help="html: fix the paper size (default: whatever the printer uses; the page fits both)",
    )
    add_recipient(p)
    add_lang(p)
    p.set_defaults(func=run)


def _rich_text(agenda: Any, trip_mode: bool) -> str:
    """The agenda as rich prints it to a file :data:`TEXT_WIDTH` columns wide (when the plain layout is unsure)."""
    from rich.console import Console

    from planner.agenda.terminal import render_terminal

    buffer = io.StringIO()
    Console(file=buffer, width=TEXT_WIDTH, color_system=None, highlight=False).print(
        render_terminal(agenda, trip_mode=trip_mode)
    )
    return buffer.getvalue()


def run(args: argparse.Namespace, console: Any) -> int:
    """Build the agenda the arguments ask for and print it or write it to ``--out``."""
    from planner.agenda.gather import AgendaTooLong, build_day_agenda, build_trip_agenda
    from planner.cli._common import (
        UsageError,
        check_ids,
        given,
        note,
        parse_day,
        parse_view,
        read_only,
        reader_lang,
        recipient,
        trip_days,
    )
    from planner.model.visibility import redact

    fmt = choose_format(args.format, args.out)
    if fmt not in FORMATS:  # argparse's choices catch this on the command line
        raise UsageError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if args.date is None and not args.trip:
        raise UsageError("give a DATE, or --trip ID for a whole trip")
    if args.paper and fmt != "html":
        raise UsageError("--paper applies to --format html only")
    ws = read_only(args)
    check_ids(ws, args)
    view = parse_view(args.tz)
    trip_mode = args.date is None
    level = recipient(args)  # None: everything, as the organisers see it
    lang = reader_lang(args)
    if trip_mode:
        trip = ws.trip(args.trip)
        assert trip is not None  # check_ids refused unknown ids
        if level is not None:
            trip = redact(trip, level, args.person)
        try:
            agenda = build_trip_agenda(trip, view, person=args.person, lang=lang)
        except AgendaTooLong as exc:
            note(str(exc))
            return 1
    else:
        day = parse_day(args.date, trips=trip_days(ws))
        # Only the trips that can have something on the day (from the cache index,
        # without unpickling the others), and those naming the person.
        trips = ws.trips_on(day, args.person)
        if level is not None:
            trips = [redact(t, level, args.person) for t in trips]
        agenda = build_day_agenda(trips, day, view, trip_id=args.trip, person=args.person, lang=lang)

    if fmt == "terminal":
        from planner.agenda.terminal import agenda_blocks, agenda_text

        if not args.out:
            from planner.cli.output import print_laid_out

            if not print_laid_out(console, lambda cells: agenda_blocks(agenda, trip_mode=trip_mode, cells=cells)):
                from planner.agenda.terminal import render_terminal

                console.print(render_terminal(agenda, trip_mode=trip_mode))
            return 0
        laid_out = agenda_text(agenda, TEXT_WIDTH, trip_mode=trip_mode)
        if laid_out is None:
            laid_out = _rich_text(agenda, trip_mode)
        text = "\n".join(line.rstrip() for line in laid_out.splitlines()) + "\n"
    elif fmt == "md":
        from planner.agenda.markdown import render_markdown

        text = render_markdown(agenda, trip_mode=trip_mode)
    else:
        from planner.agenda.html_page import render_html
        from planner.storage.config import load_settings

        # --paper, else the configuration file's paper, else the printer's (the page fits both).
        text = render_html(agenda, trip_mode=trip_mode, paper=args.paper or load_settings().paper or None)

    if not args.out or args.out == "-":  # "-": standard output, as the file would hold it
        console.file.write(text)
        console.file.flush()
        return 0
    from planner.storage.atomic import describe_write_error, write_output

    path = Path(args.out).expanduser()
    try:
        if path.is_dir():
            raise UsageError(f"--out {given(path)}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise UsageError(f"--out {given(path)}: folder {given(path.parent)} does not exist")
        # Only ever a regular file: a device, a FIFO or a link out of the folder is refused.
        write_output(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"--out {given(path)}: cannot write: {describe_write_error(exc)}") from None
    days = len(agenda.days)
    console.print(
        f"Wrote {fmt} agenda ({days} day section{'s' if days != 1 else ''}, {agenda.entry_count} items) "
        f"to {given(path)}",
        markup=False,
        soft_wrap=True,
    )
    return 0
