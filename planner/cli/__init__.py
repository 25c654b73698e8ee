"""The ``planner`` command: subcommands over a workspace of trip files.

Every failure a user can cause (a wrong argument, an unknown id, a broken trip
file) ends with a short reason on stderr and exit status 2, never a traceback.
Textual is never imported here, so the non-TUI commands start fast; and each
command imports what it needs when it runs, since at start-up every import is
time a short command like ``planner trips`` pays on every run.

Commands that only read (``trips``, ``list``, ``agenda``) take the workspace
from the trip cache's index when every file is unchanged since it was written
(:func:`planner.storage.cache.open_catalog`), without reading a trip file;
the others load it in full (:func:`planner.storage.load_workspace`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from rich.console import Console

from planner import __version__, paths
from planner.text.safe import clean

if TYPE_CHECKING:
    from planner.model.timeline import ZoneView
    from planner.storage.cache import Catalog
    from planner.storage.workspace import Workspace


class UsageError(Exception):
    """A problem with what the user typed; printed as one line, exit 2."""


def parse_day(text: str, today: date | None = None) -> date:
    """A day from what people type: ``2021-10-19``, ``Oct 19 2021``, ``19 October 2021``, ``today``.

    >>> parse_day("Oct 19 2021")
    datetime.date(2021, 10, 19)
    >>> parse_day("tomorrow", today=date(2021, 10, 18))
    datetime.date(2021, 10, 19)
    """
    today = today or date.today()
    word = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return today + timedelta(days=relative[word])
    if len(word) == 10 and word.isascii() and word[4] == word[7] == "-" and word.replace("-", "").isdigit():
        # ISO, the common case: no need to import dateutil's parser (a valid one reads the same).
        with contextlib.suppress(ValueError):
            return _sane_year(date.fromisoformat(word), text)
    from dateutil import parser as dateparser

    if len(word) > 100:
        raise UsageError(f"invalid date {text[:40]!r}...: too long for a date")
    try:
        parsed = dateparser.parse(text, default=datetime(today.year, today.month, today.day))
    except (ValueError, ArithmeticError):  # dateutil can raise decimal.InvalidOperation
        raise UsageError(f"invalid date {text!r}: write it like 2021-10-19 or 'Oct 19 2021'") from None
    return _sane_year(parsed.date(), text)


def _sane_year(day: date, text: str) -> date:
    """``day``, unless its year is one no trip can have (year 1 overflows a day's arithmetic)."""
    from planner.model.when import YEARS

    if day.year not in YEARS:
        raise UsageError(f"invalid date {text[:40]!r}: the year {day.year} is not between {YEARS[0]} and {YEARS[-1]}")
    return day


def parse_zone(text: str, flag: str = "--tz") -> tzinfo:
    """An IANA zone from an option, or a :class:`UsageError` naming the option."""
    from planner.storage.reader import zone

    try:
        return zone(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None


def parse_view(text: str | None) -> ZoneView:
    """``event`` (default), ``home``, or an IANA zone name."""
    if text is None or text == "event":
        return "event"
    if text == "home":
        return "home"
    from planner.storage.reader import zone

    try:
        return zone(text)
    except ValueError as exc:
        raise UsageError(f"--tz: {exc}; or use 'event' or 'home'") from None


def _workspace(args: argparse.Namespace) -> Workspace:
    """The whole workspace, every file read (what a command that may save needs)."""
    from planner.storage.workspace import load_workspace

    folder = paths.workspace(args.dir)
    return load_workspace(folder)


def _read_only(args: argparse.Namespace) -> Catalog | Workspace:
    """The workspace for a command that only reads: from the cache index when it is fresh, else loaded in full.

    Both answer ``trips``, ``trip(id)``, ``summaries`` and ``trips_on(day)`` the same way.
    """
    from planner.storage.cache import open_catalog

    folder = paths.workspace(args.dir)
    catalog = open_catalog(folder)
    if catalog is not None:
        return catalog
    from planner.storage.workspace import load_workspace

    return load_workspace(folder)


def _check_ids(ws: Catalog | Workspace, args: argparse.Namespace) -> None:
    # From the summaries: checking an id unpickles no trip.
    summaries = ws.summaries
    if getattr(args, "trip", None) and all(s.id != args.trip for s in summaries):
        raise UsageError(_unknown("trip", args.trip, [s.id for s in summaries]))
    if getattr(args, "person", None):
        known = {p for s in summaries for p in s.people}
        if args.person not in known:
            raise UsageError(_unknown("person", args.person, known))
    if getattr(args, "org", None):
        known = {o for s in summaries for o in s.organisations}
        if args.org not in known:
            raise UsageError(_unknown("organisation", args.org, known))


def _unknown(what: str, value: str, known: Sequence[str] | set[str]) -> str:
    import difflib

    hint = difflib.get_close_matches(value, sorted(known), n=3)
    text = f"no {what} {value!r} in the workspace"
    if hint:
        text += f" (did you mean {', '.join(hint)}?)"
    return text


def cmd_trips(args: argparse.Namespace, console: Console) -> int:
    from planner.views.listing import trips_table

    ws = _read_only(args)
    summaries = ws.summaries
    if not summaries:
        console.print(f"No trip files in {ws.folder}.")
        return 0
    console.print(trips_table(summaries))
    return 0


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    from planner.views.listing import timeline
    from planner.model.timeline import occurrences

    ws = _read_only(args)
    _check_ids(ws, args)
    view = parse_view(args.tz)
    start = parse_day(args.from_) if args.from_ else None
    end = parse_day(args.to) if args.to else None
    if start and end and end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    occs = occurrences(ws.trips, start=start, end=end, view=view, trip_id=args.trip, person=args.person, org=args.org)
    console.print(timeline(occs, view))
    return 0


def cmd_agenda(args: argparse.Namespace, console: Console) -> int:
    from planner.cli.agenda import run_agenda

    return run_agenda(args, console)


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    from planner.cli.check import run_check

    return run_check(args, console)


def cmd_tui(args: argparse.Namespace, console: Console) -> int:
    # Textual is imported here and only here, so the other commands start fast.
    from planner.tui import PlannerApp

    ws = _workspace(args)
    PlannerApp(ws).run()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Plan delegation trips: a timeline of events across time zones, in Korean and English.",
        epilog="With no command, opens the full-screen planner (or, when piped, prints the timeline).",
    )
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    parser.add_argument("--dir", metavar="DIR", help=f"workspace folder of trip files (default: ${paths.ENV_DIR}, else your data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("trips", help="every trip with its dates, home zone and event count")
    p.set_defaults(func=cmd_trips)

    p = sub.add_parser("list", help="the timeline, grouped by day, with each time's precision")
    p.add_argument("--trip", metavar="ID", help="only this trip")
    p.add_argument("--person", metavar="ID", help="only events this person takes part in")
    p.add_argument("--org", metavar="ID", help="only events involving this organisation")
    p.add_argument("--from", dest="from_", metavar="DATE", help="first day (2021-10-19, 'Oct 19 2021')")
    p.add_argument("--to", metavar="DATE", help="last day, inclusive")
    p.add_argument("--tz", metavar="ZONE", help="read days and times in: event (default), home, or an IANA zone")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("agenda", help="a day's or a whole trip's agenda: terminal, Markdown or printable HTML")
    p.add_argument("date", metavar="DATE", nargs="?", help="the day (2021-10-19, 'Oct 19 2021', today); omit with --trip for every day of the trip")
    p.add_argument("--trip", metavar="ID", help="only this trip; without DATE, one section per day of it")
    p.add_argument("--person", metavar="ID", help="one member's agenda")
    p.add_argument("--tz", metavar="ZONE", help="pick the day in this zone and add a column for it")
    p.add_argument("--format", choices=("terminal", "md", "html"), help="terminal (default), md (Markdown) or html (print-ready page)")
    p.add_argument("--out", metavar="PATH", help="write to this file (its .md/.html suffix sets the format) instead of printing")
    p.add_argument("--paper", choices=("a4", "letter"), help="html: fix the paper size (default: whatever the printer uses; the page fits both)")
    p.set_defaults(func=cmd_agenda)

    p = sub.add_parser("check", help="itinerary checks: overlaps, travel time, zone mistakes, look-alike events ...")
    p.add_argument("trip_ids", metavar="TRIP_ID", nargs="*", help="the trips to check (default: all)")
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--today", metavar="DATE", help="the date 'starts soon' is counted from (default: today)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("tui", help="the full-screen planner: view, edit and save the timeline")
    p.set_defaults(func=cmd_tui)
    from planner.cli.ical import add_parsers as add_ical_parsers  # export, import

    add_ical_parsers(sub)
    from planner.cli.draft import add_parser as add_draft_parser  # draft

    add_draft_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # In a terminal: the full-screen TUI. Piped or redirected: the printed timeline.
        command = "tui" if sys.stdin.isatty() and sys.stdout.isatty() else "list"
        args = parser.parse_args([*(argv or sys.argv[1:]), command])
    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        return args.func(args, console)
    except UsageError as exc:
        err.print(f"planner: {clean(str(exc))}", markup=False)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Imported when needed, like everything else.
        from planner.storage.errors import TripFileError

        if not isinstance(exc, TripFileError):
            raise
        # A problem may quote the file (a key, a value): never let it drive the terminal.
        for problem in exc.problems:
            err.print(f"planner: {clean(str(problem), single_line=True)}", markup=False)
        return 2
