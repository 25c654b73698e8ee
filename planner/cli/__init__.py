"""The ``planner`` command: registers one module per subcommand and runs the one asked for.

Every failure a user can cause (a wrong argument, an unknown id, a broken trip
file) ends with a short reason on stderr and exit status 2, never a traceback.
Textual is never imported here, so the non-TUI commands start fast; and each
subcommand module imports only :mod:`argparse` at its top and what it needs
when it runs, since every import at start-up is time a short command such as
``planner trips`` pays on every run.

A subcommand module provides ``add_parser(sub)`` (which sets ``func``); shared
pieces live in :mod:`planner.cli._common`. This package imports the modules;
they never import it back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner import __version__, paths
from planner.cli import (
    agenda,
    check,
    config,
    contacts,
    draft,
    export,
    importing,
    listing,
    publish,
    sync,
    today,
    trips,
    tui,
)
from planner.cli._common import MESSAGE_LIMIT, UsageError

SUBCOMMANDS = (trips, listing, agenda, today, check, tui, export, importing, contacts, draft, publish, sync, config)
"""The subcommand modules, in the order ``planner --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Plan delegation trips: a timeline of events across time zones, in Korean and English.",
        epilog="With no command, opens the full-screen planner (or, when piped, prints the timeline).",
    )
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    parser.add_argument(
        "--dir",
        metavar="DIR",
        help=f"workspace folder of trip files (default: ${paths.ENV_DIR}, else your data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from planner.cli.output import LazyConsole
    from planner.text.safe import clean

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # In a terminal: the full-screen TUI. Piped or redirected: the printed timeline.
        command = "tui" if sys.stdin.isatty() and sys.stdout.isatty() else "list"
        args = parser.parse_args([*(argv or sys.argv[1:]), command])
    # Made on first use: ``list`` and ``agenda`` to a pipe print without rich (planner.cli.output).
    console = LazyConsole(highlight=False)
    err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)
    try:
        return int(args.func(args, console))
    except UsageError as exc:
        message = clean(str(exc))
        if len(message) > MESSAGE_LIMIT:  # values are cut where quoted (given); this catches any other
            message = f"{message[:MESSAGE_LIMIT]}… ({len(message)} characters)"
        err.print(f"planner: {message}", markup=False)
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


__all__ = ["SUBCOMMANDS", "UsageError", "build_parser", "main"]
