"""Plain files only: which files of a workspace are its trips, and reading a file a user named, bounded.

A name says nothing about what is behind it. ``x.toml`` may be a named pipe
(opening it for reading waits for a writer, forever), a link to ``/dev/zero``
(reading it never ends), a folder or a socket; ``planner import FILE`` and
``planner draft FILE`` may be given any of those. :func:`read_regular` reads
only a regular file (a symbolic link to one is fine), looks at what the name
is before opening it and opens without waiting, looks again at what it opened,
and never reads more than the limit and one byte, so a file that grows while
it is read is refused too. Standard library only, and not even :mod:`pathlib`
at import: ``planner draft``, the cache's listing and the replay of a kept
answer (:mod:`planner.storage.answers`) use it without loading the TOML reader.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

Signature = tuple[int, int, int, int, int]
"""What tells a changed file from an unchanged one without reading it (see :func:`stat_key`)."""

_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The name is not a regular file (a pipe, a device, a socket, a folder); ``strerror`` says which."""


class TooLarge(ValueError):
    """The file holds more than the limit; ``size`` is how much it holds (at least the limit and one byte)."""

    def __init__(self, path: Path, size: int, limit: int):
        self.path, self.size, self.limit = path, size, limit
        super().__init__(f"{path}: larger than {limit} bytes")


def is_hidden(name: str) -> bool:
    """Whether a workspace file is hidden: editors' lock files (``.#x.toml``), macOS's ``._x.toml``, dot files."""
    return name.startswith(".")


def trip_names(folder: str | os.PathLike[str]) -> list[str]:
    """The names of the trip files of ``folder``: its ``*.toml`` entries but the hidden ones, in name order.

    As ``Path.glob("*.toml")`` matches them (any kind of entry; the case as the
    system compares names), without importing :mod:`pathlib`.
    """
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if os.path.normcase(e.name).endswith(".toml") and not is_hidden(e.name)]
    return sorted(names)


def trip_paths(folder: Path) -> list[Path]:
    """The trip files of ``folder``: its ``*.toml`` files but the hidden ones, in name order."""
    return [folder / name for name in trip_names(folder)]


def same_trip_files(folder: str | os.PathLike[str], expected: Sequence[tuple[str, Signature | None]]) -> bool:
    """Whether ``folder``'s trip files are exactly ``expected``'s names, in order, each with its signature.

    What the cache index (:mod:`planner.storage.catalog`) and a kept answer
    (:mod:`planner.storage.answers`) are trusted on: a name without a signature
    (changed too recently when indexed) never matches.
    """
    names = trip_names(folder)
    if len(names) != len(expected):
        return False
    for name, (want, sig) in zip(names, expected, strict=True):
        if sig is None or name != want or stat_key(os.stat(os.path.join(folder, name))) != sig:
            return False
    return True


def stat_key(st: os.stat_result) -> Signature:
    """Size, modification and change times, inode and device: any write, rename or replacement changes one."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def kind(mode: int) -> str:
    """What a file of ``mode`` is, for a message: ``a named pipe``, ``a folder``, ..."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "neither a file nor a folder"


def check_regular(path: Path, st: os.stat_result) -> None:
    """Raise :class:`NotRegularFile` unless ``st`` (of ``path``) is a regular file's."""
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(0, f"not a regular file ({kind(st.st_mode)})", str(path))


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` and its ``stat`` (taken on the open file, before reading).

    Raises:
        NotRegularFile: ``path`` is a pipe, device, socket or folder; nothing was read from it.
        TooLarge: it holds more than ``limit`` bytes (at most ``limit + 1`` are read).
        OSError: it cannot be read.
    """
    check_regular(path, os.stat(path))  # before opening: a device is not even opened
    fd = os.open(path, _OPEN_FLAGS)  # without waiting, should a pipe have taken the name since
    with open(fd, "rb", closefd=True) as f:
        st = os.fstat(fd)
        check_regular(path, st)
        if st.st_size > limit:
            raise TooLarge(path, st.st_size, limit)
        data = f.read(st.st_size + 1)
        if len(data) > st.st_size:  # it grew since: read on, up to the limit
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(path, len(data), limit)
    return data, st
