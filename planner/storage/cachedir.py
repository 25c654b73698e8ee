"""Where a workspace's trip cache lives, and whether that folder is this user's own.

The cache (:mod:`planner.storage.cache`) unpickles what it finds, through
restricted unpicklers, and trusts an index to say which trip a file holds: a
folder someone else can write to could feed this user another's trips. So the
folders the planner makes for a cache are made private (0700), and are used
only while each of them is a folder owned by this user that no group or other
user may write to (write bits only: 0755 is fine). They are
``PLANNER_CACHE_DIR`` (else the per-user cache folder's ``planner`` and its
``workspaces``) and the workspace's own folder in it; the folders above them
are the user's choice and not checked. A folder that fails is not used at
all, not even tidied: the planner says so once on stderr and works without
the cache (every trip file is parsed, as with ``PLANNER_CACHE=off``).
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:  # not imported at run time: the replay of a kept answer uses this module without pathlib
    from pathlib import Path

ENV_DIR = "PLANNER_CACHE_DIR"
ENV_SWITCH = "PLANNER_CACHE"


def enabled() -> bool:
    """Whether the cache is on: ``PLANNER_CACHE=off`` (or ``0``, ``no``, ``false``) turns it off, kept answers too."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("off", "0", "no", "false")


_told = False
"""Whether this run has said why a cache folder is not used (it says so once)."""


def top_folders() -> tuple[str, ...]:
    """The planner's own cache folders, outermost first; the last holds every workspace's cache folder.

    ``$PLANNER_CACHE_DIR``, else the per-user cache folder's ``planner`` and its ``workspaces``.
    """
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return (os.path.expanduser(explicit),)
    base = _remembered()
    if base is None:
        import platformdirs

        base = platformdirs.user_cache_dir("planner", appauthor=False)
        _remember(base)
    return (base, os.path.join(base, "workspaces"))


LOCATION = "location"
"""The file in the per-user cache folder that says for which inputs ``platformdirs`` named that folder."""


def _fingerprint() -> str:
    """What ``platformdirs`` decides the per-user cache folder from, as far as this module can tell without it.

    The platform, ``HOME``, ``XDG_CACHE_HOME``, the user id, and the ``stat`` of
    each folder on the module path but the working folder (an installed or
    upgraded ``platformdirs`` changes its folder's).
    """
    working = working_folder_entries()
    folders: list[tuple[object, ...]] = []
    for folder in sys.path:
        if folder in working:
            continue
        path = os.path.abspath(folder or os.curdir)
        try:
            st = os.stat(path)
        except OSError:
            folders.append((path, None))
        else:
            folders.append((path, st.st_mtime_ns, st.st_ino))
    uid = os.getuid() if hasattr(os, "getuid") else None
    home = (os.environ.get("HOME"), os.environ.get("XDG_CACHE_HOME"))
    return repr((1, sys.platform, uid, home, tuple(folders)))


def working_folder_entries() -> set[str]:
    """The entries of ``sys.path`` that name the working folder (``python -m`` and ``-c`` put it there).

    Left out of what identifies an installation (here, and a warm process's identity in
    :mod:`planner.warm.client`): it changes with every file saved in it.
    """
    here = os.getcwd()
    return {p for p in sys.path if os.path.abspath(p or os.curdir) == here}


def _guess() -> str:
    """Where ``platformdirs`` puts the cache on Linux (XDG): only a guess, trusted when :func:`_remembered` agrees."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    return os.path.join(base, "planner")


def _remembered() -> str | None:
    """The per-user cache folder ``platformdirs`` named for exactly these inputs before, without importing it.

    Why: importing ``platformdirs`` (pathlib, tempfile, re) takes about 9 ms,
    more than half of printing a kept answer. Its answer is written down in
    that folder (:func:`_remember`) with the inputs it came from; a folder is
    trusted only when it is private to this user and says the same inputs.
    Anything else asks ``platformdirs``, which stays the authority.
    """
    guess = _guess()
    try:
        if refusal((guess,)) is not None:
            return None
        with open(os.path.join(guess, LOCATION), encoding="utf-8") as f:
            said = f.read()
        return guess if said == _fingerprint() else None
    except (OSError, ValueError):
        return None


def _remember(base: str) -> None:
    """Write down that ``platformdirs`` named ``base`` for these inputs (only in an existing private folder)."""
    try:
        if not os.path.isdir(base) or refusal((base,)) is not None:
            return
        target = os.path.join(base, LOCATION)
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(_fingerprint())
        os.replace(temporary, target)
    except (OSError, ValueError):
        return


def cache_folders(folder: Path) -> tuple[Path, ...]:
    """The folders the planner makes for the cache of the workspace ``folder``, outermost first."""
    from pathlib import Path

    top = tuple(Path(p) for p in top_folders())
    return (*top, top[-1] / _folder_key(os.fsencode(os.path.abspath(folder))))


def cache_folder() -> Path:
    """The folder holding every workspace's cache folder."""
    from pathlib import Path

    return Path(top_folders()[-1])


def cache_dir(folder: Path) -> Path:
    """The cache folder of the workspace ``folder``."""
    return cache_folder() / _folder_key(os.fsencode(os.path.abspath(folder)))


_FNV_OFFSET = 0x6C62272E07BB014262B821756295C58D
_FNV_PRIME = 0x0000000001000000000000000000013B
_MASK = (1 << 128) - 1


def _folder_key(path: bytes) -> str:
    """A 32-digit hex name for a workspace's absolute path: 128-bit FNV-1a.

    Not ``hashlib``: importing it loads OpenSSL, 3-15 ms measured, on every
    command's start, for hashing one short path (and CPython's private
    ``_blake2`` is no API to rely on). The name only has to be stable and to
    tell folders apart; trust is not its job, as the index names its folder
    and is ignored when that is another one.
    """
    h = _FNV_OFFSET
    for byte in path:
        h = ((h ^ byte) * _FNV_PRIME) & _MASK
    return f"{h:032x}"


def refusal(folders: tuple[str | Path, ...]) -> str | None:
    """Why the cache in ``folders`` (from :func:`cache_folders`) must not be used, or ``None``.

    A folder that does not exist yet is fine: it is made private when first written.
    """
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    for path in folders:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None  # and so is everything inside it
        except OSError:
            return None  # cannot even look: reading and writing fail too, and a failing cache is a missing one
        if not stat.S_ISDIR(st.st_mode):
            return f"{path} is not a folder"
        if uid is not None and st.st_uid != uid:
            return f"{path} belongs to another user (uid {st.st_uid})"
        if uid is not None and st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return f"{path} can be written by other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def make_private(folders: tuple[str | Path, ...]) -> None:
    """Make the missing ones of ``folders`` (and the folders above them), each readable by this user alone.

    Raises ``OSError`` when one cannot be made.
    """
    import contextlib

    os.makedirs(os.path.dirname(os.path.abspath(folders[0])), mode=0o700, exist_ok=True)
    for path in folders:
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)


def usable(folders: tuple[str | Path, ...]) -> bool:
    """Whether the cache in ``folders`` may be used; if not, the first time in this run, says why on stderr."""
    reason = refusal(folders)
    if reason is None:
        return True
    global _told
    if not _told:
        _told = True
        from planner.text.safe import clean

        print(
            f"planner: not using the trip cache: {clean(reason, single_line=True)} "
            f"(remove that folder, or set {ENV_DIR} to a folder of your own); working without it",
            file=sys.stderr,
        )
    return False
