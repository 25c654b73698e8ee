"""Answers kept: what ``planner agenda``, ``list`` or ``trips`` printed, printed again while nothing it read has changed.

Why: a day's agenda of a trip of 10,000 events costs some 90 ms, of which the
work is a small part; the rest is starting Python and importing the model
(dataclasses, zones, the timeline) and the layout. A C program such as
calcurse answers in 70. Checking that an earlier answer still holds needs none
of that: its inputs are the arguments, the environment, the day, the
terminal, the planner's own code, the trip files and the configuration file,
and each can be compared without reading it. So the ``planner`` command
(:mod:`planner.launch`) first asks :func:`replay`, importing nothing but this
module and the standard library's built-in modules, and runs the command in
full only when there is no answer kept for exactly these inputs.

What makes an answer the same (all of it, or it is not replayed):

* the key (:func:`key`): the arguments, the working folder, the whole
  environment but the shell's own bookkeeping (:data:`IGNORED`), today's date
  in the local zone (``today``, a trip's status), whether standard output is
  a terminal and the size of each terminal, the output's encoding, the
  Python, the planner's version, and the ``stat`` of every module of the
  planner and of each folder on ``sys.path`` (an edited module, an installed
  or removed package);
* the workspace, as the cache index that answered was checked
  (:mod:`planner.storage.catalog`): exactly the same trip file names, each with
  the same ``stat`` signature (size, modification and change times, inode,
  device). Only an answer computed from that index is kept, so every file had
  been settled for :data:`~planner.storage.cache.RACY_SECONDS` when it was read;
* the configuration file: the same signature, or still missing.

Only the text is kept: a run that wrote anything to standard error, failed,
wrote a file (``--out``) or used a byte stream is not kept. An answer is
sealed (magic line, CRC-32) and decoded with :mod:`marshal`, which builds only
strings, numbers and tuples, from the cache's private folder
(:mod:`planner.storage.cachedir`); anything unexpected means "no answer".
At most :data:`KEEP` answers and :data:`KEEP_BYTES` are kept, the oldest removed first.
``PLANNER_CACHE=off`` turns answers off with the rest of the cache.
"""

from __future__ import annotations

import binascii
import marshal
import os
import sys
import time

from planner import __version__
from planner.storage.cachedir import enabled as cache_enabled
from planner.storage.cachedir import refusal, top_folders
from planner.storage.regular import same_trip_files, stat_key

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:  # annotations only: see planner.lazy
    from collections.abc import Sequence
    from typing import Any

    from planner.storage.regular import Signature

COMMANDS = frozenset({"agenda", "list", "trips"})
"""The commands whose answers are kept: they only read, and print."""
FORMAT = 1
MAGIC = b"planner-answer\n"
FOLDER = "answers"
KEEP = 200
"""Answers kept at most; the oldest go first."""
KEEP_BYTES = 32 * 1024 * 1024
"""Bytes of answers kept at most (a year's listing of a 10,000-event trip is about 2 MB)."""
IGNORED = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
"""Environment variables a shell changes between commands without meaning anything for the answer."""

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

Dependency = tuple[str, "Signature | None"]
"""A file read, and its signature (``None``: it did not exist)."""


def enabled(argv: Sequence[str]) -> bool:
    """Whether ``argv`` may name a command whose answer is kept, and the cache is on."""
    return cache_enabled() and any(a in COMMANDS for a in argv)


def key(argv: Sequence[str]) -> tuple[Any, ...]:
    """Everything an answer depends on other than the files it read (see the module's docstring)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k not in IGNORED))
    terminals: list[tuple[int, ...] | None] = []
    for fd in (0, 1, 2):
        try:
            terminals.append(tuple(os.get_terminal_size(fd)))
        except (OSError, ValueError):
            terminals.append(None)
    out = sys.stdout
    try:
        output = (out.isatty(), out.encoding, out.errors)
    except (AttributeError, ValueError):
        output = None
    return (
        FORMAT,
        __version__,
        sys.version,
        sys.executable,
        tuple(argv),
        os.getcwd(),
        env,
        time.localtime()[:3],
        tuple(terminals),
        output,
        _code(),
    )


def code_of(k: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of :func:`key` ``k`` that says which code would run: a warm process (:mod:`planner.warm`) shares it."""
    code: tuple[Any, ...] = k[-1]
    return code


def _code() -> tuple[Any, ...]:
    """The ``stat`` of each of the planner's modules and of each folder on ``sys.path`` (last in :func:`key`)."""
    found: list[Any] = []
    folders = [_PACKAGE]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append((entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
                elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith((".", "__")):
                    folders.append(entry.path)
    found.sort()
    for folder in sys.path:
        try:
            st = os.stat(folder or ".")
        except OSError:
            found.append((folder, None))
        else:
            found.append((folder, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(found)


def _folders() -> tuple[str, ...]:
    top = top_folders()
    return (*top, os.path.join(top[0], FOLDER))


def _name(k: tuple[Any, ...]) -> str:
    return f"{binascii.crc32(repr(k).encode('utf-8', 'surrogatepass')):08x}.answer"


def inputs(argv: Sequence[str]) -> tuple[Any, ...] | None:
    """:func:`key` of ``argv``, or ``None`` when no answer is kept for it or an input cannot be taken."""
    if not enabled(argv):
        return None
    try:
        return key(argv)
    except Exception:  # the working folder deleted under the shell, ...: no answer, never an error
        return None


def replay(argv: Sequence[str], k: tuple[Any, ...] | None = None) -> str | None:
    """The text kept for exactly this command and these inputs (``k``, else taken now), or ``None``."""
    if not enabled(argv):
        return None
    try:
        return _replay(argv, key(argv) if k is None else k)
    except Exception:
        return None


def _replay(argv: Sequence[str], k: tuple[Any, ...]) -> str | None:
    folders = _folders()
    if refusal(folders) is not None:
        return None
    with open(os.path.join(folders[-1], _name(k)), "rb") as f:
        blob = f.read()
    if not blob.startswith(MAGIC):
        return None
    body = blob[len(MAGIC) + 4 :]
    if binascii.crc32(body) != int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 4], "big"):
        return None
    kept_key, workspace, files, others, text = marshal.loads(body)
    if kept_key != k or type(text) is not str:
        return None
    if not _unchanged(workspace, files, others):
        return None
    return text


def _unchanged(workspace: str, files: tuple[Dependency, ...], others: tuple[Dependency, ...]) -> bool:
    """Whether the workspace lists the same trip files, and they and ``others`` have the same signatures."""
    if not same_trip_files(workspace, files):
        return False
    for path, sig in others:
        try:
            now: Signature | None = stat_key(os.stat(path))
        except FileNotFoundError:
            now = None
        if now != sig:
            return False
    return True


def keep(
    argv: Sequence[str],
    k: tuple[Any, ...],
    workspace: str,
    files: Sequence[Dependency],
    others: Sequence[Dependency],
    text: str,
) -> bool:
    """Keep ``text`` as the answer to ``argv`` with inputs ``k`` (taken before it ran); ``False`` if not kept.

    ``files`` are the workspace's trip files with the signatures the cache
    index checked; ``others`` the other files read (the configuration file),
    each taken again here: one changed too recently to be told apart from a
    later edit is a reason not to keep the answer.
    """
    from planner.storage.cache import RACY_SECONDS
    from planner.storage.cachedir import make_private

    if not enabled(argv) or any(sig is None for _name, sig in files):
        return False
    now = time.time_ns()
    checked: list[Dependency] = []
    for path, _sig in others:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            checked.append((path, None))
            continue
        if min(abs(now - st.st_mtime_ns), abs(now - st.st_ctime_ns)) < RACY_SECONDS * 1_000_000_000:
            return False
        checked.append((path, stat_key(st)))
    if checked != list(others):  # changed while the command ran
        return False
    folders = _folders()
    try:
        if refusal(folders) is not None:
            return False
        make_private(folders)
        body = marshal.dumps((k, os.path.abspath(workspace), tuple(files), tuple(checked), text))
        blob = MAGIC + binascii.crc32(body).to_bytes(4, "big") + body
        target = os.path.join(folders[-1], _name(k))
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "wb") as f:
            f.write(blob)
        os.replace(temporary, target)
        _trim(folders[-1])
    except OSError:
        return False
    return True


def dependency(path: str) -> Dependency:
    """``path`` and its signature now (``None``: missing)."""
    try:
        return (path, stat_key(os.stat(path)))
    except FileNotFoundError:
        return (path, None)


def _trim(folder: str) -> None:
    """Keep the newest answers, at most :data:`KEEP` and :data:`KEEP_BYTES`; remove what an interrupted run left."""
    entries = []
    with os.scandir(folder) as it:
        for entry in it:
            if entry.name.endswith(".answer"):
                st = entry.stat()
                entries.append((st.st_mtime_ns, st.st_size, entry.path))
            elif entry.name.endswith(".tmp") and entry.stat().st_mtime < time.time() - 3600:
                os.unlink(entry.path)
    entries.sort(reverse=True)
    total = 0
    for i, (_mtime, size, path) in enumerate(entries):
        total += size
        if i >= KEEP or (i and total > KEEP_BYTES):  # the newest stays, however large
            os.unlink(path)


__all__ = ["COMMANDS", "code_of", "dependency", "enabled", "inputs", "keep", "key", "replay"]
