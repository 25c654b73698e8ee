"""The ``planner`` command's entry point: an answer kept for exactly this command is printed again, else the CLI runs.

Why a module of its own, above :mod:`planner.cli`: importing the CLI package
imports :mod:`argparse` and :mod:`pathlib` (some 20 ms), more than replaying a
kept answer takes in all. :func:`planner.storage.answers.replay` needs only
the standard library's built-in modules. When it has nothing, a warm process
that has imported the planner already runs the command in a fork of itself
(:mod:`planner.warm`); when there is none, :func:`main` hands over to
:func:`planner.cli.main`, which keeps the answer for next time when it may
(see :mod:`planner.storage.answers`), and then starts a warm process for the
next command.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``planner`` with ``argv`` (default: the command line's arguments)."""
    args = sys.argv[1:] if argv is None else list(argv)
    from planner.storage.answers import inputs, replay

    taken = inputs(args)  # once: the CLI keeps the answer on the same inputs when there is none yet
    text = replay(args, taken) if taken is not None else None
    if text is not None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `planner agenda DAY | head`: as the full command ends then
            return 0
        return 0
    if taken is not None:
        from planner.warm import client as warm

        code = warm.run(args, taken)
        if code is not None:
            return code
    from planner.cli import main as run

    code = run(args, answer_key=taken)
    if taken is not None and _warm_command(args):
        try:  # noqa: SIM105 - contextlib is not imported at start
            sys.stdout.flush()  # the answer is out before the warm process for next time starts
        except (OSError, ValueError, AttributeError):  # AttributeError: no standard output at all
            pass
        warm.start(taken)
    return code


def _warm_command(args: list[str]) -> bool:
    """Whether ``args`` ran a command a warm process runs (``agenda``, ``list``, ``trips``)."""
    from planner.cli import chosen_command
    from planner.storage.answers import COMMANDS

    return chosen_command(args) in COMMANDS
