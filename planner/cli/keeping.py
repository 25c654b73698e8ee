"""Keeping the answer of ``planner agenda``, ``list`` and ``trips`` for :mod:`planner.launch` to print again.

The command runs as always; standard output and standard error are watched
while it runs. The text is kept (:func:`planner.storage.answers.keep`) only
when the command succeeded, wrote nothing to standard error, wrote no file
and no bytes past the text stream, and read the workspace from a cache index
whose files were all settled (:class:`~planner.storage.catalog.Catalog`):
then every input of the answer is known and can be checked without reading it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO


class _Watched:
    """A text stream passed through, with what is written to it noted."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self.parts: list[str] = []
        self.bypassed = False

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self._stream.write(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # bytes written there would not be seen
            self.bypassed = True
        return getattr(self._stream, name)


class Keeping:
    """Watch one run of a command and keep its answer if it may be kept."""

    def __init__(self, argv: Sequence[str], key: tuple[Any, ...] | None = None):
        from planner.paths import config_path
        from planner.storage import answers

        self.argv = list(argv)
        # Before anything is redirected, as a replay takes it (the launcher's, when it took them).
        self.key = answers.key(self.argv) if key is None else key
        self.config = answers.dependency(str(config_path()))
        self.out = _Watched(sys.stdout)
        self.err = _Watched(sys.stderr)
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self.out, self.err

    def restore(self) -> None:
        sys.stdout, sys.stderr = self._saved

    def finish(self, args: argparse.Namespace, code: int) -> None:
        """Restore the streams, and keep the answer if the run allows it."""
        self.restore()
        from planner.storage import answers
        from planner.storage.catalog import Catalog

        catalog = getattr(args, "read_from", None)
        if code != 0 or not isinstance(catalog, Catalog) or self.err.parts or self.out.bypassed or self.err.bypassed:
            return
        text = "".join(self.out.parts)
        signatures = catalog.signatures()

        def keep() -> None:
            try:
                answers.keep(self.argv, self.key, str(catalog.folder), signatures, [self.config], text)
            except Exception:  # a cache: failing to keep an answer never fails the command
                return

        if LATER is not None:
            LATER.append(keep)
        else:
            keep()


LATER: list[Callable[[], None]] | None = None
"""When a list, :meth:`Keeping.finish` queues the keeping of the answer there instead of writing it.

The warm process's child (:mod:`planner.warm.server`) sets it: it gives the
caller its exit status and releases its output first, then keeps the answer
(some 3 ms for a month's listing) while nobody waits.
"""


def watch(argv: Sequence[str], args: argparse.Namespace, key: tuple[Any, ...] | None = None) -> Keeping | None:
    """A :class:`Keeping` for this run, or ``None`` when its answer is never kept."""
    from planner.storage import answers

    if args.command not in answers.COMMANDS or getattr(args, "out", None) or not answers.enabled(argv):
        return None
    if sys.stdout is None or sys.stderr is None:  # started with a stream closed: nothing to watch
        return None
    try:
        return Keeping(argv, key)
    except Exception:  # an input that cannot be taken (the working folder deleted): the command runs, unkept
        return None
