"""Atomic, durable file replacement for trip files: temporary file, fsync, rename, folder lock, backup.

Files are replaced atomically: the new text goes to a temporary file in the
same folder, is flushed and fsynced, then renamed over the old one, and the
folder is fsynced, so a crash leaves either the old file or the new one.

Saving over a trip file first keeps what the file held as a backup beside it,
``.NAME.toml.bak`` (hidden, and not ``*.toml``, so never loaded as a trip),
written the same atomic way. Saves into one folder take a lock on the folder
(:func:`folder_lock`), so two planners cannot both pass the "unchanged since
loaded" check and then overwrite each other.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

BACKUP_SUFFIX = ".bak"
"""A saved trip ``NAME.toml`` keeps its previous version in ``.NAME.toml.bak`` beside it."""

LOCK_WAIT_SECONDS = 10.0
"""How long a save waits for another planner saving in the same folder."""

STALE_TEMP_SECONDS = 600.0
"""A trip's temporary file older than this was left by a crash and is removed on the next save."""


def backup_path(path: Path) -> Path:
    """Where saving keeps the version of ``path`` it replaced: ``.NAME.bak`` in the same folder.

    >>> backup_path(Path("trips/korea-2021.toml")).as_posix()
    'trips/.korea-2021.toml.bak'
    """
    return path.with_name(f".{path.name}{BACKUP_SUFFIX}")


def atomic_write(
    path: Path, data: bytes, *, mode: int | None = None, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    The data goes to a temporary file ``.NAME.XXXXXXXX.tmp`` in the same folder,
    is fsynced, renamed over ``path``, and the folder is fsynced. On any error
    the temporary file is removed and ``path`` is untouched.

    Args:
        mode: permission bits for the file (default: those of the file replaced,
            or the usual ones for a new file).
        before_replace: called just before the rename; raising there writes nothing.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is None:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                # mkstemp makes owner-only files; a new trip file gets the usual mode.
                mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename itself is done
    finally:
        os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` (POSIX ``flock``) while saving into it.

    Every planner save and create takes it, so two planners on one workspace
    save one after the other. Where locks are not available the save goes on
    without one (the check just before the rename still applies).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        fcntl = None  # type: ignore[assignment]
    fd = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
    try:
        if fd is not None:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OSError(
                            errno.EAGAIN,
                            f"another planner kept {folder} locked for {LOCK_WAIT_SECONDS:.0f} s; try again",
                        ) from None
                    time.sleep(0.01)
                except OSError:
                    break  # no locks on this file system
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock (so does the process dying)


def read_current(path: Path) -> bytes | None:
    """What ``path`` holds now, ``None`` when it is gone.

    Read bounded, and only from a regular file: a pipe or device put in its
    place since it was loaded must make a save stop (its content never equals
    the loaded text), not hang it or fill memory.

    Raises:
        FileChangedError: ``path`` is no longer a regular file, or grew past
            the size of any trip file: it changed since it was loaded.
    """
    from planner.storage.errors import FileChangedError
    from planner.storage.reader import MAX_FILE_BYTES
    from planner.storage.regular import NotRegularFile, TooLarge, read_regular

    try:
        return read_regular(path, MAX_FILE_BYTES)[0]
    except FileNotFoundError:
        return None
    except (NotRegularFile, TooLarge) as exc:
        raise FileChangedError(
            path, f"{path} changed on disk since it was read ({exc}), so it was not overwritten"
        ) from None


def remove_stale_temps(path: Path) -> None:
    """Remove temporary files of ``path`` (and of its backup) that a killed save left behind.

    Called with the folder locked, so no other planner is writing them; only
    files older than :data:`STALE_TEMP_SECONDS` go, to spare any other writer.
    """
    now = time.time()
    for name in (path.name, backup_path(path).name):
        for tmp in path.parent.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - tmp.lstat().st_mtime >= STALE_TEMP_SECONDS and tmp.is_file():
                    tmp.unlink()


_WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "no permission to write in the folder",
    errno.EPERM: "no permission to write in the folder",
    errno.EIO: "the disk reported an input/output error",
    errno.EFBIG: "the file is larger than this system allows",
}


def describe_write_error(exc: OSError) -> str:
    """A plain sentence for a failed write: "the disk is full (No space left on device)".

    >>> describe_write_error(OSError(28, "No space left on device"))
    'the disk is full (No space left on device)'
    """
    reason = _WRITE_ERRORS.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    return f"{reason} ({detail})" if reason else detail


class UnsafeTarget(OSError):
    """A user-named output is no place for a regular file (a device, a FIFO, a folder, a link elsewhere).

    An ``OSError`` (errno ``EINVAL``), so every "cannot write" path already
    reports it; ``strerror`` says why, in words.
    """

    def __init__(self, path: Path, reason: str):
        super().__init__(errno.EINVAL, reason, str(path))


def output_target(path: Path) -> Path:
    """Where to write a user-named output ``path`` (an export, an agenda): a regular file, never anything else.

    The rule for every file the planner writes where a person (or a trip's
    ids) says: the name is a new file, or an existing regular file, which is
    then replaced atomically (:func:`atomic_write`). Refused with
    :class:`UnsafeTarget`, nothing written: a device (``/dev/null``, which an
    atomic replace run as root would turn into a plain file), a FIFO or socket
    (reading or writing it would block), a folder, and a symbolic link leading
    out of the folder it is in, or to anything but a regular file. A link to a
    regular file in the same folder is followed: its target is returned, so
    the link stays a link. ``-`` (standard output) is for the caller to handle
    before calling this.

    Call it again just before the rename (``atomic_write(...,
    before_replace=...)``) to narrow the time in which the name could change.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(st.st_mode):
        try:
            folder, target = path.parent.resolve(), path.resolve()
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            raise UnsafeTarget(path, "is a symbolic link that leads nowhere (a loop)") from None
        if target.parent != folder:
            raise UnsafeTarget(path, f"is a symbolic link to {target}, outside {folder}; not following it")
        try:
            st = target.lstat()
        except FileNotFoundError:
            raise UnsafeTarget(path, f"is a symbolic link to {target}, which does not exist") from None
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeTarget(path, f"is a symbolic link to {target}, {_kind(st.st_mode)}; not writing there")
        return target
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeTarget(path, f"is {_kind(st.st_mode)}, not a regular file; not replacing it")
    return path


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def write_output(path: Path, data: bytes) -> Path:
    """Write ``data`` to the user-named output ``path``: only ever as a regular file; returns the file written.

    :func:`output_target` decides where (or refuses, raising
    :class:`UnsafeTarget`), :func:`atomic_write` writes, and the target is
    checked again just before the rename, so a name swapped for a device or a
    link meanwhile is refused too.
    """
    target = output_target(path)

    def still_there() -> None:
        if output_target(path) != target:
            raise UnsafeTarget(path, "changed while it was being written; nothing replaced")

    atomic_write(target, data, before_replace=still_there)
    return target
