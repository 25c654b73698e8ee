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
    import platformdirs

    base = platformdirs.user_cache_dir("planner", appauthor=False)
    return (base, os.path.join(base, "workspaces"))


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
