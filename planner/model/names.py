"""What the model accepts as an id (:data:`ID_RE`, :func:`id_problem`) and as a time zone (:func:`zone`).

Kept apart from the validation modules so that forms and commands checking one
field load only this small module.

An id is matched whole (``fullmatch``, or the ``\\Z`` at the end of
:data:`ID_RE`): ``$`` would also match before a final newline, and
``"nl\\n"`` would pass as an id and become a file ``nl\\n.toml``. Ids that name
files (trip ids; person and organisation ids, which name export files) must
also not be a name Windows keeps for a device (:func:`reserved_name`).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ID_RE = re.compile(r"^[a-z0-9][a-z0-9\-]{0,79}\Z")
"""An id: lower-case letters, digits and ``-``, at most 80 characters. Use ``ID_RE.fullmatch(text)``."""

RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)
"""File names Windows gives to devices, whatever the case and whatever follows a first dot."""


def reserved_name(name: str) -> bool:
    """Whether Windows takes the file name ``name`` for a device: ``con``, ``NUL.txt``, ``com1.ics``, ``lpt9``.

    The reserved part is the name before its first dot, ignoring case and any
    trailing spaces; ``con-1`` or ``console`` is an ordinary name.

    >>> [reserved_name(n) for n in ("con", "CON.toml", "nul.tar.gz", "com1", "con-1", "console", "com0")]
    [True, True, True, True, False, False, False]
    """
    return name.split(".", 1)[0].rstrip(" ").lower() in RESERVED_NAMES


def id_problem(text: str, *, names_file: bool = False) -> str | None:
    """Why ``text`` is not an id (``None`` when it is one); ``names_file`` adds the device-name rule.

    >>> id_problem("korea-2021"), id_problem("nl\\n"), id_problem("con", names_file=True)
    (None, "an id uses lower-case letters, digits and '-' only", "'con' is a name Windows keeps for a device")
    """
    if not ID_RE.fullmatch(text):
        return "an id uses lower-case letters, digits and '-' only"
    if names_file and reserved_name(text):
        return f"{text!r} is a name Windows keeps for a device"
    return None


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises ``ValueError`` with a readable reason."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise ValueError(f"unknown time zone {shown!r} (use an IANA name such as 'Asia/Seoul')") from None
