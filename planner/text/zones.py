"""Zone words typed with a time: ``3pm CST``, ``15:00 KST``, ``09:00 America/Chicago``.

A zone typed with a time is used, and the reader says which zone it took
(:data:`~planner.text.words.ZONE_WORDS` maps the few abbreviations read to
IANA zones); an abbreviation it does not know is refused, never ignored.

>>> read_zone("CST")
(zoneinfo.ZoneInfo(key='America/Chicago'), 'CST read as America/Chicago')
>>> read_zone("Asia/Seoul")[1]
''
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from planner.model.names import zone
from planner.text.words import ZONE_WORDS, WhenError

IANA = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+)*(?:/[A-Za-z0-9_+\-]+)+|UTC(?![A-Za-z])", re.I)
"""What an IANA zone name typed in a field looks like (``America/Chicago``)."""


def read_zone(word: str) -> tuple[ZoneInfo, str]:
    """The zone ``word`` names, and a note saying which zone an abbreviation was read as ('' for an IANA name)."""
    key = word.lower()
    if key in ZONE_WORDS:
        name = ZONE_WORDS[key]
        return zone(name), f"{word.upper()} read as {name}"
    try:
        return zone(word), ""
    except ValueError:
        raise WhenError(f"unknown zone {word!r}: use an IANA name (America/Chicago)", "zone") from None
