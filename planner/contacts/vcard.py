"""People as vCard 3.0, the version Google Contacts, Apple Contacts and Outlook all import.

vCard 4.0 (RFC 6350) is newer, but Outlook imports only 2.1 and 3.0, and
Google Contacts reads 3.0 most reliably, so the planner writes 3.0 (RFC 2426)
in UTF-8 with CRLF line ends and lines folded at 75 octets between characters.

Each card has the person as the planner shows them (``FN:김현겸 Kim
Hyun-kyum``, Hangul first), a structured ``N`` from the romanised name
(family name first for a Korean name, last otherwise), their role and
organisation, and the phone, e-mail, KakaoTalk id (``X-KAKAOTALK``) and notes
the reader may see. Passport-like ``documents`` are never put on a card: a
contact file is shared and synced far more widely than a trip file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planner.model.trip import Organisation, Person

VERSION = "3.0"
_FOLD_AT = 75


def text(value: str) -> str:
    r"""A text value escaped as vCard 3.0 wants: ``\\``, ``,``, ``;`` and line breaks.

    >>> text("Lotte Hotel, Seoul; 3F\nlobby")
    'Lotte Hotel\\, Seoul\\; 3F\\nlobby'
    """
    value = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """The line folded into pieces of at most 75 octets (CRLF and a space), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_AT:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _FOLD_AT
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            pieces.append(current)
            current, size, limit = "", 0, _FOLD_AT - 1  # a continuation line starts with a space
        current += ch
        size += n
    pieces.append(current)
    return "\r\n ".join(pieces)


def korean_order(p: Person) -> bool:
    """Whether the romanised name is family name first: a Korean name written in Hangul without a space."""
    return bool(p.name_ko) and " " not in p.name_ko.strip() and bool(re.fullmatch(r"[가-힣]{2,5}", p.name_ko.strip()))


def name_parts(p: Person) -> tuple[str, str]:
    """(family, given) of the romanised name.

    >>> name_parts(Person("k", "Kim Hyun-kyum", name_ko="김현겸")), name_parts(Person("c", "Leslie Carpenter"))
    (('Kim', 'Hyun-kyum'), ('Carpenter', 'Leslie'))
    """
    words = p.name.split()
    if len(words) < 2:
        return (p.name, "")
    if korean_order(p):
        return (words[0], " ".join(words[1:]))
    return (words[-1], " ".join(words[:-1]))


def card(p: Person, org: Organisation | None = None, trips: Iterable[str] = ()) -> str:
    """One person's vCard (CRLF line ends, folded)."""
    family, given = name_parts(p)
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{VERSION}",
        f"UID:urn:planner:person:{p.id}",
        f"FN:{text(p.display())}",
        f"N:{text(family)};{text(given)};;;",
    ]
    if p.name_ko:
        lines.append(f"NICKNAME:{text(p.name_ko)}")
    if org is not None:
        lines.append(f"ORG:{text(org.display())}")
    if p.role:
        lines.append(f"TITLE:{text(p.role)}")
    if p.phone:
        lines.append(f"TEL;TYPE=CELL:{text(p.phone)}")
    if p.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{text(p.email.strip())}")
    if p.kakao:
        lines.append(f"X-KAKAOTALK:{text(p.kakao)}")
    notes = [p.notes] if p.notes else []
    if p.kakao:
        notes.append(f"KakaoTalk: {p.kakao}")
    if notes:
        lines.append(f"NOTE:{text(chr(10).join(notes))}")
    trip_ids = list(trips)
    if trip_ids:
        lines.append(f"CATEGORIES:{','.join(text(t) for t in trip_ids)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


__all__ = ["VERSION", "card", "fold", "korean_order", "name_parts", "text"]
