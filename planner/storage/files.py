"""Reading a trip file's bytes, text and ``stat`` and hashing them: shared by the workspace and the cache below it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from planner.storage.errors import Problem, TripFileError

# The size limit is the reader's: a file the reader would refuse is not read whole here either.
from planner.storage.reader import MAX_FILE_BYTES
from planner.storage.regular import NotRegularFile, TooLarge, read_regular


def digest(raw: bytes) -> str:
    """The key of a trip file's content in the cache: SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()


def read(path: Path) -> tuple[bytes, str]:
    """The bytes and text of a trip file, refusing what cannot be one.

    Raises:
        TripFileError: the file is unreadable, not a regular file (a pipe, a device, a folder: never
            opened for a read that could wait or not end), too large, not UTF-8, or starts with a byte-order mark.
    """
    raw, text, _st = read_stat(path)
    return raw, text


def read_stat(path: Path) -> tuple[bytes, str, os.stat_result]:
    """:func:`read`, and the file's ``stat`` taken before reading (a change after it shows in the next one)."""
    name = str(path)
    try:
        raw, st = read_regular(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        raise TripFileError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"file is {exc.size // 1024 // 1024} MB, larger than a trip file can be ({MAX_FILE_BYTES // 1024 // 1024} MB)",
                )
            ]
        ) from None
    except NotRegularFile as exc:
        raise TripFileError([Problem(name, None, "", str(exc.strerror))]) from None
    except OSError as exc:
        raise TripFileError([Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TripFileError([Problem(name, line, "", "not UTF-8 text (save the file as UTF-8)")]) from None
    if text.startswith("\ufeff"):
        raise TripFileError([Problem(name, 1, "", "starts with a byte-order mark; save as UTF-8 without BOM")])
    return raw, text, st
