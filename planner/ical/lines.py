"""Content lines written as text: the bytes icalendar writes, without building its objects.

Exporting 10,000 events through icalendar's component model spends most of
its time in that model (a property object, a parameter dictionary and a
character-by-character fold for every line). The planner writes few kinds of
values, so :mod:`planner.ical.writer` formats them here directly:

* TEXT is escaped as RFC 5545 says, as icalendar escapes it except for a
  literal backslash-N, kept as written (:func:`text`);
* a DATE or DATE-TIME gets the name and parameters icalendar gives a value
  in that zone, learnt once per zone from icalendar itself (:func:`moment_head`),
  so which zones are written as UTC (``...Z``, no TZID) stays icalendar's call;
* every line is folded as icalendar 7.3 folds it (:func:`fold`).

``tests/test_ical_lines.py`` checks the folding against the rules of RFC 5545
and the unfolded lines against icalendar's own output, so that it holds
whichever icalendar release is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

_FOLD_AT = 74
"""Longest piece of a folded line, in octets: icalendar folds before a piece would reach 75."""


def text(value: str) -> str:
    r"""A TEXT value escaped for a content line (RFC 5545 3.3.11).

    Backslashes are doubled before ``;`` and ``,`` are escaped, and every kind
    of line end becomes ``\n``. Unlike icalendar, a backslash followed by ``N``
    already in the text ("C:\New folder") stays a backslash and an N: icalendar
    takes it for an escaped line break, which would turn a path in a note into
    two lines after a round trip.

    >>> text("Lotte Hotel, Seoul; room 3\\4\r\nlobby")
    'Lotte Hotel\\, Seoul\\; room 3\\\\4\\nlobby'
    >>> text("C:\\New")
    'C:\\\\New'
    """
    if type(value) is str and _SPECIAL.search(value) is None:
        return value  # most titles: nothing to escape
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


_SPECIAL = re.compile("[\\\\;,\r\n]")
"""What :func:`text` escapes."""


def fold(line: str) -> bytes:
    r"""The line as UTF-8, folded into pieces of at most 74 octets joined by CRLF and a space.

    A piece never ends inside a UTF-8 character, and, as icalendar 7.3 does, a
    piece of more than one character does not end with ``\`` or ``^``: that
    character starts the next piece, so an escape is never cut in two.

    >>> fold("SUMMARY:short")
    b'SUMMARY:short'
    >>> [len(p) for p in fold("X:" + "a" * 200).split(b"\r\n ")]
    [74, 74, 54]
    """
    data = line.encode("utf-8")
    size = len(data)
    if size <= _FOLD_AT:
        return data
    pieces = []
    pos = 0
    while size - pos > _FOLD_AT:
        end = pos + _FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character started earlier
            end -= 1
        if end - 1 > pos and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[pos:end])
        pos = end
    pieces.append(data[pos:])
    return b"\r\n ".join(pieces)


def stamp(value: datetime) -> str:
    """A DTSTAMP or LAST-MODIFIED value: the time in UTC (a naive time is taken as UTC).

    >>> from datetime import timedelta, timezone
    >>> stamp(datetime(2021, 10, 19, 9, 30, tzinfo=timezone(timedelta(hours=9))))
    '20211019T003000Z'
    """
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}Z"


def digits(value: date) -> str:
    """``YYYYMMDD`` for a date, ``YYYYMMDDTHHMMSS`` for a date-time (seconds kept, no more)."""
    if isinstance(value, datetime):
        return f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"
    return f"{value.year:04}{value.month:02}{value.day:02}"


def moment_head(name: str, sample: date | datetime, many: bool = False) -> tuple[str, str, str] | None:
    """What comes before and after each value of ``name`` when it holds a value like ``sample``.

    Returns ``(head, suffix, tzid)``: for a time in Asia/Seoul
    ``("DTSTART;TZID=Asia/Seoul:", "", "Asia/Seoul")``, for one icalendar writes
    in UTC ``("DTSTART:", "Z", "")``, for a date ``("DTSTART;VALUE=DATE:", "", "")``.
    ``many`` is for a list of values (EXDATE). ``None`` when the zone is not one
    whose name alone decides how it is written (then ask icalendar per value).
    """
    tz = sample.tzinfo if isinstance(sample, datetime) else None
    if tz is not None and not (tz is UTC or (isinstance(tz, ZoneInfo) and tz.key)):
        return None
    kind = "datetime" if isinstance(sample, datetime) else "date"
    return _head(name, kind, tz, many)


@lru_cache(maxsize=1024)
def _head(name: str, kind: str, tz: tzinfo | None, many: bool) -> tuple[str, str, str]:
    sample: date = datetime(2000, 1, 1, tzinfo=tz) if kind == "datetime" else date(2000, 1, 1)
    line, tzid = reference_line(name, [sample] if many else sample)
    value = digits(sample)
    at = line.rindex(":" + value) + 1
    return line[:at], line[at + len(value) :], tzid


def reference_line(name: str, value: object) -> tuple[str, str]:
    """The unfolded line icalendar writes for ``value`` added as ``name``, and its TZID (or ``""``)."""
    from icalendar import Event
    from icalendar.parser import Contentline

    comp = Event()
    comp.add(name, value)
    prop = comp[name]
    params = prop.params
    line = str(Contentline.from_parts(name.upper(), params, prop, sorted=True))
    return line, str(params.get("TZID") or "")


# ---------------------------------------------------------------- components


class Line(str):
    """A whole content line, written as it is (an imported DESCRIPTION kept with its parameters)."""


class Lines(tuple[str, ...]):
    """Several whole content lines of one property (the ATTENDEEs), written as they are, in order."""


@dataclass(frozen=True)
class Block:
    """One VEVENT or VTODO as folded lines, DTSTAMP, LAST-MODIFIED and SEQUENCE aside.

    ``extra`` holds lines kept from an imported entry, written after the
    planner's own; ``more`` the components of a series' changed occurrences,
    written after this one with the same stamps and SEQUENCE.
    """

    kind: str
    lines: dict[str, bytes]
    """Each property's folded line by name (the planner writes each property once)."""
    tzids: frozenset[str]
    """The TZIDs its times are written with (each needs a VTIMEZONE)."""
    extra: tuple[bytes, ...] = ()
    more: tuple[Block, ...] = ()

    def content(self) -> bytes:
        """The component without stamps: what the export's change check hashes."""
        return self._join(self.lines) + b"".join(m.content() for m in self.more)

    def stamped(self, modified: datetime, sequence: int) -> bytes:
        """The component as the file holds it: with DTSTAMP and LAST-MODIFIED ``modified``, and SEQUENCE."""
        at = stamp(modified)
        extra = {
            "DTSTAMP": f"DTSTAMP:{at}".encode(),
            "LAST-MODIFIED": f"LAST-MODIFIED:{at}".encode(),
            "SEQUENCE": f"SEQUENCE:{sequence}".encode(),
        }
        return self._join({**self.lines, **extra}) + b"".join(m.stamped(modified, sequence) for m in self.more)

    def _join(self, found: dict[str, bytes]) -> bytes:
        ordered = [found[name] for name in _order(self.kind, tuple(found))]
        return b"\r\n".join([f"BEGIN:{self.kind}".encode(), *ordered, *self.extra, f"END:{self.kind}".encode(), b""])


@lru_cache(maxsize=1024)
def _order(kind: str, names: tuple[str, ...]) -> list[str]:
    """Property names in the order icalendar writes them for a component of ``kind``."""
    from icalendar import Event as VEvent
    from icalendar import Todo
    from icalendar.caselessdict import canonsort_keys

    cls = VEvent if kind == "VEVENT" else Todo
    return canonsort_keys(names, cls.canonical_order)


def block(
    kind: str, props: list[tuple[str, object]], extra: list[str] | None = None, more: tuple[Block, ...] = ()
) -> Block:
    """The folded lines of a component holding ``props`` (see :func:`planner.ical.writer.properties`).

    Each value is written by its type: text; a date or time (or a list of
    them) after the head icalendar gives that zone; a list of text as
    comma-separated TEXT; ``(lat, lon)`` as GEO; an int; a ``str`` subclass
    (``Raw``) as it is.
    """
    found: dict[str, bytes] = {}
    tzids: set[str] = set()
    for name, value in props:
        if type(value) is str:  # most values: checked first (a Line or Raw is a str subclass, not a str)
            found[name] = fold(f"{name}:{text(value)}")
            continue
        if type(value) is datetime or type(value) is date:
            line, tzid = _moment(name, value)
            tzids.add(tzid)
            found[name] = fold(line)
            continue
        if isinstance(value, Lines):
            found[name] = b"\r\n".join(fold(one) for one in value)
            continue
        if isinstance(value, Line):
            line = str(value)
        elif type(value) is str:
            line = f"{name}:{text(value)}"
        elif isinstance(value, str):
            line = f"{name}:{value}"
        elif isinstance(value, date):
            line, tzid = _moments(name, [value], False)
            tzids.add(tzid)
        elif isinstance(value, list) and value and isinstance(value[0], date):
            line, tzid = _moments(name, value, True)
            tzids.add(tzid)
        elif isinstance(value, list):
            line = f"{name}:" + ",".join(text(v) for v in value)
        elif isinstance(value, tuple):
            line = f"{name}:{float(value[0])};{float(value[1])}"
        elif isinstance(value, int):
            line = f"{name}:{value}"
        else:
            raise TypeError(f"{name}: cannot write {type(value).__name__}")
        found[name] = fold(line)
    tzids.discard("")
    for m in more:
        tzids |= m.tzids
    return Block(kind, found, frozenset(tzids), tuple(fold(line) for line in extra or ()), more)


def _moment(name: str, value: date) -> tuple[str, str]:
    """One DTSTART, DTEND ... as :func:`_moments` writes it, the head looked up once per name and zone."""
    tz = value.tzinfo if type(value) is datetime else None
    head = _single_heads.get((name, type(value), tz))
    if head is None:
        return _moments(name, [value], False)
    start, suffix, tzid = head
    return start + digits(value) + suffix, tzid


def _moments(name: str, values: list, many: bool) -> tuple[str, str]:
    head = moment_head(name, values[0], many)
    if head is None or any(
        type(v) is not type(values[0]) or getattr(v, "tzinfo", None) is not getattr(values[0], "tzinfo", None)
        for v in values[1:]
    ):
        return reference_line(name, values if many else values[0])
    if not many and len(_single_heads) < 1024:
        _single_heads[(name, type(values[0]), getattr(values[0], "tzinfo", None))] = head
    start, suffix, tzid = head
    return start + ",".join(digits(v) + suffix for v in values), tzid


_single_heads: dict[tuple[str, type, tzinfo | None], tuple[str, str, str]] = {}
""":func:`moment_head` of one value, by property name, type and zone (zones being few, it stays small)."""
