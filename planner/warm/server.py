"""The warm process: the planner imported once, a fork per command (see :mod:`planner.warm`).

It never runs a command itself: it keeps one spare child forked ahead, which
has copied its memory (:mod:`planner.warm.pages`) and waits on the socket;
the spare that takes a command tells the warm process, which forks the next
spare. So every command starts from the same clean state, and starts at
once.

Started by :func:`planner.warm.client.start` in a session of its own, with no
terminal and its standard streams on ``/dev/null``. The child of each command
becomes that command's process as far as the command can tell: it takes the
client's standard input, output and error as its own file descriptors 0-2,
its working folder, environment (and time zone), umask and ``sys.argv[0]``,
builds ``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` as Python would for
those streams, and runs :func:`planner.cli.main` as :mod:`planner.launch`
does. Kept answers work as in any run: the child takes the answer's inputs
itself, after all of that.

What differs from a fresh process, and why it does not matter here: the
modules were imported with the warm process's environment (no planner module
reads the environment when imported; a test checks), the locale and
interpreter settings are the warm process's (they are part of its identity,
so they are the client's), and the child has no controlling terminal (these
commands never open ``/dev/tty``; the client passes signals on).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import marshal
import os
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn

from planner.warm import pages
from planner.warm.client import FORMAT, IDLE_SECONDS, REPLY_SECONDS, exactly

PRELOAD = (
    "planner.cli",
    "planner.cli._common",
    "planner.cli.agenda",
    "planner.cli.listing",
    "planner.cli.trips",
    "planner.cli.output",
    "planner.cli.keeping",
    "planner.storage.answers",
    "planner.storage.catalog",
    "planner.storage.cache",
    "planner.storage.config",
    "planner.storage.workspace",  # the first load after an edit parses the trip file
    "planner.storage.reader",
    "planner.storage.writer",
    "tomllib",
    "hashlib",
    "tempfile",
    "planner.model.timeline",
    "planner.model.visibility",
    "planner.views.timeline_text",
    "planner.agenda.gather",
    "planner.agenda.terminal",
    "planner.text.grid",
    "planner.views.listing",
    "dateutil.rrule",
    "rich.cells",
    "rich.console",
    "rich.table",
    "rich._emoji_codes",
    "shutil",  # argparse's help formatter imports it when the first option is added
)
"""What ``agenda``, ``list`` and ``trips`` import when they run (a test runs them after these and finds nothing new)."""
CHECK_SECONDS = 2.0
"""How often an idle warm process looks whether it should end."""
STREAMS = (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w"))


def serve(path: str, idle: float = IDLE_SECONDS) -> None:
    """Import the planner, listen on ``path``, and run each command in a child until ``idle`` seconds idle or replaced."""
    for name in PRELOAD:
        importlib.import_module(name)
    # rich loads its table of character widths on first use (the version from UNICODE_VERSION,
    # which is part of this process's identity): once here, not in every child.
    importlib.import_module("rich.cells").cell_len("한")
    listener = _listen(path)
    st = os.stat(path)
    mine = (st.st_dev, st.st_ino)
    with contextlib.suppress(OSError):  # started: the pause between attempts to start is for failures only
        os.unlink(path[: -len(".sock")] + ".started")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    gc.collect()
    gc.freeze()  # children share these pages: the collector would copy them by touching every object
    taken, tell = os.pipe()  # a spare writes a byte on ``tell`` when it takes a connection
    server = os.getpid()
    spare: int | None = None
    last = time.monotonic()
    try:
        spare = _spare(listener, tell, server)
        while True:
            ready, _writable, _errors = select.select([taken], [], [], CHECK_SECONDS)
            if ready:
                os.read(taken, 256)
                last = time.monotonic()
                spare = None  # it runs a command now: never ended from here
                spare = _spare(listener, tell, server)  # forked from this process, never from a used one
            elif time.monotonic() - last > idle or not _still(path, mine):
                return
            elif spare is None or not _alive(spare):
                spare = _spare(listener, tell, server)
    finally:
        if spare is not None:  # an idle spare, waiting for a command
            with contextlib.suppress(OSError):
                os.kill(spare, signal.SIGTERM)
        listener.close()
        if _still(path, mine):
            os.unlink(path)


def _spare(listener: socket.socket, tell: int, server: int) -> int:
    """Fork a spare child that copies its memory ahead (:mod:`planner.warm.pages`), then waits for a command."""
    pid = os.fork()
    if pid:
        return pid
    try:
        pages.die_with_parent()
        if os.getppid() != server:
            os._exit(0)
        pages.populate()
        listener.settimeout(CHECK_SECONDS)
        while True:
            try:
                conn, _address = listener.accept()
            except TimeoutError:
                if os.getppid() != server:  # the warm process ended
                    os._exit(0)
                continue
            os.write(tell, b"t")
            listener.close()
            os.close(tell)
            if _same_user(conn):
                _child(conn)
            os._exit(0)
    finally:
        os._exit(70)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _listen(path: str) -> socket.socket:
    """A socket bound at ``path`` (only its owner may connect), put in place atomically."""
    temporary = f"{path}.{os.getpid()}.tmp"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(temporary)
    finally:
        os.umask(old)
    listener.listen(64)
    os.replace(temporary, path)  # a second warm process started at once replaces this one, which then ends
    return listener


def _still(path: str, mine: tuple[int, int]) -> bool:
    """Whether ``path`` is still this process's socket (not removed, not replaced)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == mine


def _same_user(conn: socket.socket) -> bool:
    """Whether the peer is this user (Linux tells; elsewhere the private folder and the socket's mode keep others out)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    size = struct.calcsize("3i")
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, size))
    return bool(uid == os.getuid())


def _child(conn: socket.socket) -> NoReturn:
    """Become the command's process, run it once the client says so, send the exit status, and exit."""
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    conn.settimeout(REPLY_SECONDS)
    try:
        request = _receive(conn)
    except (OSError, ValueError, EOFError):
        os._exit(0)  # a client that only looked whether this process answers
    if request is None:
        conn.sendall(b"N")
        os._exit(0)
    argv0, argv, cwd, environment, umask, streams, answer_key = request
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(environment)
    time.tzset()
    os.umask(umask)
    sys.argv = [argv0, *argv]
    _set_up_streams(streams)

    from planner.cli import chosen_command, keeping
    from planner.storage.answers import COMMANDS

    if chosen_command(argv) not in COMMANDS:
        conn.sendall(b"N")
        os._exit(0)
    conn.sendall(b"G" + os.getpid().to_bytes(4, "big"))
    if exactly(conn, 1) != b"A":
        os._exit(0)
    conn.settimeout(None)
    keeping.LATER = []
    code = _run(argv, answer_key)
    _let_go()  # the caller's pipe or terminal is its own again: a reader sees the end now
    with contextlib.suppress(OSError):  # a client gone: the command has still run
        conn.sendall(code.to_bytes(4, "big", signed=True))
    conn.close()
    for later in keeping.LATER:
        later()
    os._exit(code)


def _let_go() -> None:
    """Put ``/dev/null`` on descriptors 0-2 (the streams were flushed), releasing the caller's."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _receive(conn: socket.socket) -> tuple[Any, ...] | None:
    """The client's request, with its three file descriptors moved to 0, 1 and 2; ``None``: not one this process reads."""
    data, fds, _flags, _address = socket.recv_fds(conn, 65536, 3)
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return None
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    while len(data) < 4:
        data += exactly(conn, 4 - len(data))
    size = int.from_bytes(data[:4], "big")
    body = data[4:]
    if len(body) < size:
        body += exactly(conn, size - len(body))
    request = marshal.loads(body)
    if type(request) is not tuple or len(request) != 8 or request[0] != FORMAT:
        return None
    return tuple(request[1:])


def _set_up_streams(streams: Sequence[tuple[str, str, bool, bool]]) -> None:
    """``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` on descriptors 0-2, set up as the client's were."""
    for (name, fd, mode), setup in zip(STREAMS, streams, strict=True):
        encoding, errors, line_buffering, write_through = setup
        unbuffered = write_through and mode == "w"
        # Open for the rest of this process, as Python's own standard streams are.
        binary = open(fd, mode + "b", buffering=0 if unbuffered else -1, closefd=False)  # noqa: SIM115
        text = io.TextIOWrapper(
            binary,
            encoding=encoding,
            errors=errors,
            newline="\n",
            line_buffering=line_buffering,
            write_through=write_through,
        )
        text.mode = mode  # type: ignore[misc]
        setattr(sys, name, text)
        setattr(sys, f"__{name}__", text)


def _run(argv: list[str], answer_key: tuple[Any, ...]) -> int:
    """Run the command as ``sys.exit(planner.launch.main())`` would, flushing as Python does at exit."""
    from planner.cli import main

    try:
        code = _status(main(argv, answer_key=answer_key))
    except SystemExit as exc:
        code = _status(exc.code)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            code = 120  # as Python when it cannot flush its standard streams at exit
    return code


def _status(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    with contextlib.suppress(Exception):
        print(value, file=sys.stderr)
    return 1


__all__ = ["PRELOAD", "serve"]
