"""What the model accepts as an id (:data:`ID_RE`) and as a time zone (:func:`zone`).

Kept apart from the validation modules so that forms and commands checking one
field load only this small module.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ID_RE = re.compile(r"^[a-z0-9][a-z0-9\-]{0,79}$")
"""An id: lower-case letters, digits and ``-``, at most 80 characters."""


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises ``ValueError`` with a readable reason."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Asia/Seoul')") from None
