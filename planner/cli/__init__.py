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

Only the chosen command's module is imported and its parser built in full
(:func:`chosen_command` peeks at the arguments): building every subcommand's
parser and importing every module took a short command some 40 ms. The other
commands are one-line entries with their help from :mod:`planner.cli.commands`,
so ``planner --help``, the usage lines and every error read exactly as with the
whole parser (a test compares them).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from planner import __version__, paths
from planner.cli._common import MESSAGE_LIMIT, UsageError
from planner.cli.commands import COMMANDS

BRIEF = frozenset({"trips", "list", "agenda", "today", "next", "check", "export", "import", "contacts"})
"""The commands that run with the cycle collector paused (see :func:`main`)."""

GLOBAL_WITH_VALUE = ("--dir",)
"""The options before the command that take a value (``--dir DIR``; argparse also takes ``--di``, ``--d``)."""


def subcommand_modules() -> list[ModuleType]:
    """Every subcommand module, in the order ``planner --help`` lists them (imports them all)."""
    names = dict.fromkeys(module for _name, module, _help in COMMANDS)
    return [importlib.import_module(f"planner.cli.{name}") for name in names]


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand argparse will choose in ``argv``, or ``None`` (none given, or not one of ours)."""
    names = {name for name, _module, _help in COMMANDS}
    takes_value = False
    for i, arg in enumerate(argv):
        if takes_value:
            takes_value = False
            continue
        if arg == "--":
            following = argv[i + 1 : i + 2]
            return following[0] if following and following[0] in names else None
        if arg.startswith("-") and arg != "-":
            takes_value = "=" not in arg and any(len(arg) > 2 and o.startswith(arg) for o in GLOBAL_WITH_VALUE)
            continue
        return arg if arg in names else None
    return None


def build_parser(command: str | None = "*") -> argparse.ArgumentParser:
    """The ``planner`` parser: every subcommand in full (``"*"``), or only ``command``'s (``None``: none)."""
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
    chosen = next((module for name, module, _help in COMMANDS if name == command), None)
    added: set[str] = set()
    for name, module, text in COMMANDS:
        if command == "*" or module == chosen:
            if module not in added:  # a module may define several commands (today, next)
                added.add(module)
                importlib.import_module(f"planner.cli.{module}").add_parser(sub)
        else:
            # Only its line in the help; what follows it is never read (this is not the command asked for).
            sub.add_parser(name, help=text, add_help=False).add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments as the whole parser reads them, building only the chosen command's parser."""
    command = chosen_command(argv)
    args = build_parser(command).parse_args(argv)
    if args.command is None:
        # In a terminal: the full-screen TUI. Piped or redirected: the printed timeline.
        command = "tui" if sys.stdin.isatty() and sys.stdout.isatty() else "list"
        argv = [*argv, command]
        args = build_parser(command).parse_args(argv)
    if args.command != command:  # never expected: then the whole parser decides
        args = build_parser().parse_args(argv)
    return args


def main(argv: Sequence[str] | None = None, *, answer_key: tuple[object, ...] | None = None) -> int:
    """Run the ``planner`` command; ``answer_key``: the inputs :mod:`planner.launch` took for a kept answer."""
    from planner.cli.output import LazyConsole
    from planner.text.safe import clean

    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse(argv)
    # Made on first use: ``list`` and ``agenda`` to a pipe print without rich (planner.cli.output).
    console = LazyConsole(highlight=False)
    err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)
    # These commands run for a moment and their objects go by reference counting: the cycle collector
    # would only walk the loaded trips again and again (5-10 ms of a 100 ms agenda). The TUI, a
    # server (publish --serve) and the network (sync) keep it.
    pause_gc = gc.isenabled() and args.command in BRIEF
    if pause_gc:
        gc.disable()
    from planner.cli.keeping import watch

    watching = watch(argv, args, answer_key)
    try:
        code = int(args.func(args, console))
        if watching is not None:
            watching.finish(args, code)
            watching = None
        return code
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
    finally:
        if watching is not None:
            watching.restore()
        if pause_gc:
            gc.enable()


__all__ = ["UsageError", "build_parser", "chosen_command", "main", "parse", "subcommand_modules"]
