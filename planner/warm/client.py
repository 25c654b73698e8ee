"""The ``planner`` command's side of the warm process: hand the command over, or run it and start one for next time.

Only built-in modules are imported here (and :mod:`planner.storage.cachedir`,
which imports no more): this runs before every ``agenda``, ``list`` or
``trips`` that has no kept answer, and ``import socket`` alone (enum,
selectors) would cost 7 ms of the 10 it takes Python to start; the C module
underneath has the same calls.

The conversation, over a Unix stream socket in the cache's private folder:

1. the client connects and sends one message: a 4-byte length, then
   (:mod:`marshal`) the format, ``sys.argv[0]``, the arguments, the working
   folder, the environment, the umask, how each standard stream is set up
   (encoding, errors, buffering) and the kept answer's key, with its file
   descriptors 0, 1 and 2 attached (``SCM_RIGHTS``);
2. the warm process forks; the child answers ``N`` (not a command it runs:
   the client runs it itself) or ``G`` and its process id;
3. the client says ``A`` (go ahead) and from then on never runs the command
   itself: the child runs it, writing straight to the client's terminal or
   pipe, lets go of the streams and sends its exit status (4 bytes); then it
   keeps the answer, while nobody waits. The client
   passes on the signals a terminal or a shell sends it (Ctrl-C, hang-up,
   ``kill``) to the child.

A silent or slow warm process (no ``G`` within :data:`REPLY_SECONDS`), or one
that cannot be reached, means the client runs the command as always; the
child runs only after the ``A``, so a command never runs twice.
"""

from __future__ import annotations

import binascii
import marshal
import os
import sys
import time

from planner import __version__
from planner.storage.answers import code_of
from planner.storage.cachedir import enabled as cache_enabled
from planner.storage.cachedir import make_private, refusal, top_folders, working_folder_entries

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:
    import signal as signals
    import socket as sockets
    from collections.abc import Sequence
    from typing import Any
else:
    # The C modules under socket.py and signal.py: the same calls and objects, without
    # importing enum and selectors (some 7 ms at start).
    try:
        import _socket as sockets
    except ImportError:  # pragma: no cover - an interpreter without it still has socket.py
        import socket as sockets
    try:
        import _signal as signals
    except ImportError:  # pragma: no cover
        import signal as signals

FORMAT = 1
"""The conversation's version; a warm process of another version answers ``N``."""
FOLDER = "warm"
"""The folder under the cache's top folder holding the sockets."""
ENV_SWITCH = "PLANNER_WARM"
IDLE_SECONDS = 900
"""A warm process ends after this long without a command (Mercurial's chg waits an hour)."""
REPLY_SECONDS = 5.0
"""How long the client waits for the child's ``G`` before running the command itself."""
START_PAUSE_SECONDS = 60
"""After a start, none for this long until the process is listening (it removes the marker then): one that cannot start costs little."""
STARTUP_VARIABLES = ("LANG", "LANGUAGE", "UNICODE_VERSION")
STARTUP_PREFIXES = ("PYTHON", "LC_")
"""Environment variables read once per process: by Python as it starts (locale, encodings, paths) and by rich
(the character width table, ``UNICODE_VERSION``). Another value, another warm process."""
PATH_LIMIT = 100
"""A Unix socket's path must fit in about 104 bytes (macOS) or 108 (Linux); longer means no warm process."""
FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
"""Signals passed on to the child while it runs the command."""

BOOT = (
    "import marshal, sys; sys.path[:] = marshal.loads(bytes.fromhex(sys.argv[1])); "
    "from planner.warm.server import serve; serve(sys.argv[2])"
)
"""What the started warm process runs: the client's module search path, then :func:`planner.warm.server.serve`."""


def enabled() -> bool:
    """Whether warm processes are used: on Linux, unless ``PLANNER_WARM=off`` (or ``0``, ``no``, ``false``) or the cache is off.

    Linux only for now: it is where they are tested (passing descriptors,
    forking, the peer's user id); elsewhere every command starts on its own.
    """
    return (
        sys.platform == "linux"
        and cache_enabled()
        and os.environ.get(ENV_SWITCH, "").strip().lower() not in ("off", "0", "no", "false")
    )


def search_path() -> list[str]:
    """``sys.path`` with each folder made absolute: ``''`` is the working folder, which the warm process does not share."""
    return [os.path.abspath(p or os.curdir) for p in sys.path]


def identity(code: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a warm process must share with this command to run it: the Python, its start-up settings, the code.

    ``code`` is the ``stat`` of every planner module and of each folder on the
    path (:func:`planner.storage.answers.code_of`): an edited or reinstalled
    planner, or a package installed or removed, is served by a new process, and
    the old one ends when idle. The working folder is left out when it is on
    the path (``python -m planner``): it changes with every file saved there.
    """
    working = working_folder_entries()
    code = tuple(entry for entry in code if not (type(entry) is tuple and entry and entry[0] in working))
    startup = tuple(
        sorted((k, v) for k, v in os.environ.items() if k in STARTUP_VARIABLES or k.startswith(STARTUP_PREFIXES))
    )
    return (FORMAT, __version__, sys.version, sys.executable, tuple(search_path()), tuple(sys.flags), startup, code)


def socket_path(ident: tuple[Any, ...], places: tuple[str, str]) -> str | None:
    """The socket in ``places`` (:func:`folders`) of the warm process for ``ident``; ``None``: too long a path."""
    name = f"{binascii.crc32(repr(ident).encode('utf-8', 'surrogatepass')):08x}.sock"
    path = os.path.join(places[1], name)
    return path if len(os.fsencode(path)) <= PATH_LIMIT else None


def folders() -> tuple[str, str]:
    """The cache's top folder and the warm processes' folder in it (both must be private)."""
    top = top_folders()[0]
    return (top, os.path.join(top, FOLDER))


def run(argv: Sequence[str], k: tuple[Any, ...]) -> int | None:
    """``argv``'s exit status, run by a warm process; ``None``: none ran it, so the caller runs it.

    ``k`` is the kept answer's key the launcher took (:func:`planner.storage.answers.key`): the
    child keeps its answer under it, as the command run here would.
    """
    if not enabled():
        return None
    try:
        places = folders()  # once: finding the cache folder reads a file
        path = socket_path(identity(code_of(k)), places)
        if path is None or refusal(places) is not None:
            return None
        conn = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    except Exception:
        return None
    try:
        conn.settimeout(REPLY_SECONDS)
        try:
            conn.connect(path)
            pid = _hand_over(conn, argv, k)
        except (OSError, ValueError, EOFError):
            return None
        if pid is None:
            return None
        # From here on the child runs the command: whatever happens, it is never run here too.
        return _wait(conn, pid)
    finally:
        conn.close()


def _hand_over(conn: Any, argv: Sequence[str], k: tuple[Any, ...]) -> int | None:
    """Send the command and the standard streams; the child's process id once it has been told to go, else ``None``."""
    streams = _streams()
    if streams is None:
        return None
    umask = os.umask(0o022)
    os.umask(umask)
    request = marshal.dumps(
        (FORMAT, sys.argv[0] if sys.argv else "planner", list(argv), os.getcwd(), dict(os.environ), umask, streams, k)
    )
    message = len(request).to_bytes(4, "big") + request
    fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
    sent = conn.sendmsg([message], [(sockets.SOL_SOCKET, sockets.SCM_RIGHTS, fds)])
    if sent < len(message):
        conn.sendall(message[sent:])
    reply = exactly(conn, 1)
    if reply != b"G":
        return None
    pid = int.from_bytes(exactly(conn, 4), "big")
    conn.sendall(b"A")
    return pid


def _streams() -> tuple[tuple[str, str, bool, bool], ...] | None:
    """How each standard stream is set up, for the child to set its own up alike; ``None`` if one is not on its descriptor.

    ``planner.launch.main`` called with ``sys.stdout`` captured (a test, an
    embedding program) must not have its output written to descriptor 1.
    """
    found: list[tuple[str, str, bool, bool]] = []
    streams: tuple[Any, ...] = (sys.stdin, sys.stdout, sys.stderr)
    for fd, stream in enumerate(streams):
        try:
            if stream.fileno() != fd:
                return None
            found.append((stream.encoding, stream.errors or "strict", stream.line_buffering, stream.write_through))
        except (AttributeError, ValueError, OSError):
            return None
    return tuple(found)


def exactly(conn: Any, n: int) -> bytes:
    """``n`` bytes from ``conn``; ``EOFError`` if it closes first."""
    data = b""
    while len(data) < n:
        piece = conn.recv(n - len(data))
        if not piece:
            raise EOFError
        data += piece
    return data


def _wait(conn: Any, pid: int) -> int:
    """Pass signals on to the child until it sends its exit status; that status."""
    forwarded: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        forwarded.append(signum)
        try:  # noqa: SIM105 - contextlib is not imported at start
            os.kill(pid, signum)
        except OSError:
            pass

    numbers = [getattr(signals, name) for name in FORWARDED if hasattr(signals, name)]
    previous = {}
    for signum in numbers:
        previous[signum] = signals.signal(signum, forward)
    try:
        conn.settimeout(None)
        try:
            return int.from_bytes(exactly(conn, 4), "big", signed=True)
        except (OSError, EOFError):
            pass
    finally:
        for signum, handler in previous.items():
            signals.signal(signum, handler)
    if forwarded:  # the child ended on the signal passed to it: end alike, as the command would have
        signals.signal(forwarded[-1], signals.SIG_DFL)
        os.kill(os.getpid(), forwarded[-1])
        return 128 + forwarded[-1]
    try:
        sys.stderr.write(
            "planner: the warm planner process stopped before the command finished; "
            f"run it again, or set {ENV_SWITCH}=off to run commands on their own\n"
        )
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 1


def start(k: tuple[Any, ...]) -> None:
    """Start a warm process for the next command, unless one answers or one was started less than a minute ago.

    It is a cache: anything failing here only means the next command starts as this one did.
    """
    try:
        if not enabled() or _streams() is None:  # a caller whose streams are not 0-2 could never use it
            return
        places = folders()
        path = socket_path(identity(code_of(k)), places)
        if path is None or refusal(places) is not None:
            return
        make_private(places)
        marker = path[: -len(".sock")] + ".started"
        try:
            if time.time() - os.stat(marker).st_mtime < START_PAUSE_SECONDS:
                return
        except FileNotFoundError:
            pass
        if _answers(path):
            return
        with open(marker, "w"):
            pass
        import subprocess

        # The same interpreter options (-O, -X utf8, -E ...), as multiprocessing starts its processes.
        flags: list[str] = getattr(subprocess, "_args_from_interpreter_flags", list)()
        subprocess.Popen(
            [sys.executable, *flags, "-c", BOOT, marshal.dumps(search_path()).hex(), path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=os.sep,
            close_fds=True,
            start_new_session=True,
        )
    except Exception:
        return


def _answers(path: str) -> bool:
    """Whether a warm process is listening on ``path``."""
    conn = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    try:
        conn.settimeout(1.0)
        conn.connect(path)
    except OSError:
        return False
    finally:
        conn.close()
    return True


__all__ = ["ENV_SWITCH", "FORMAT", "IDLE_SECONDS", "REPLY_SECONDS", "enabled", "exactly", "identity", "run", "start"]
