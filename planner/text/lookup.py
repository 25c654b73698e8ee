"""People, organisations and places found by what a person types: an id, a Hangul name, or a romanised one.

Forms, the timeline filter and (if it wants) the CLI all read names through
here, so ``김현겸``, ``Kim Hyun-kyum``, ``kim hyun kyum`` and ``kim-hyun-kyum``
find the same person everywhere. Names are compared folded: case, spaces,
hyphens and dots ignored. An exact id or whole name wins; otherwise a name
(or one of its words) that starts with what was typed is a candidate, and
more than one candidate is an ambiguity the caller must ask about.

>>> from planner.model.trip import Person
>>> people = [Person("kim-hyun-kyum", "Kim Hyun-kyum", "김현겸"), Person("kim-mi-kyung", "Kim Mi-kyung", "김미경")]
>>> [p.id for p in find(people, "김현겸")], [p.id for p in find(people, "Kim Hyun-kyum")]
(['kim-hyun-kyum'], ['kim-hyun-kyum'])
>>> [p.id for p in find(people, "Kim")], [p.id for p in find(people, "hyun")]
(['kim-hyun-kyum', 'kim-mi-kyung'], ['kim-hyun-kyum'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Named(Protocol):
    """A person, an organisation or a place: an id and a name in each script."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_ko(self) -> str: ...


R = TypeVar("R", bound=Named)

_IGNORED = re.compile(r"[\s\-_.·,']+")


def fold(text: str) -> str:
    """``"Kim Hyun-kyum"`` → ``"kimhyunkyum"``: the form names are compared in."""
    return _IGNORED.sub("", text).casefold()


def _words(record: Named) -> list[str]:
    return [fold(w) for w in re.split(r"[\s\-_.·]+", f"{record.name} {record.name_ko} {record.id}") if w]


def find(records: Iterable[R], typed: str) -> list[R]:
    """The records ``typed`` names: the exact match, else every record a name or word of starts with it."""
    key = fold(typed)
    if not key:
        return []
    records = list(records)
    exact = [r for r in records if r.id == typed.strip()]
    if exact:
        return exact[:1]
    whole = [r for r in records if key in (fold(r.name), fold(r.name_ko), fold(r.id))]
    if whole:
        return _unique(whole)
    starts = [
        r
        for r in records
        if fold(r.name).startswith(key)
        or fold(r.name_ko).startswith(key)
        or fold(r.id).startswith(key)
        or any(w.startswith(key) for w in _words(r))
    ]
    return _unique(starts)


def _unique(records: list[R]) -> list[R]:
    seen: set[str] = set()
    out = []
    for r in records:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


@dataclass(frozen=True)
class Resolved:
    """What a field of names came to: the ids, or the first problem (unknown or ambiguous)."""

    ids: tuple[str, ...] = ()
    problem: str = ""


def resolve(records: Sequence[Named], typed: str, what: str) -> Resolved:
    """Ids for a field of names or ids separated by commas (or, between ids and one-word names, spaces).

    A comma-separated part that names one record whole (``Kim Hyun-kyum``) is
    that record; otherwise each of its words must name one.

    >>> from planner.model.trip import Person
    >>> people = [Person("kim-hyun-kyum", "Kim Hyun-kyum", "김현겸"), Person("ko-geun-baek", "Ko Geun-baek", "고근백")]
    >>> resolve(people, "김현겸, Ko Geun-baek", "person").ids
    ('kim-hyun-kyum', 'ko-geun-baek')
    >>> resolve(people, "kim-hyun-kyum ko-geun-baek", "person").ids
    ('kim-hyun-kyum', 'ko-geun-baek')
    >>> resolve(people, "Park", "person").problem
    "no person 'Park' in this trip"
    """
    ids: list[str] = []
    for part in (p.strip() for p in typed.split(",")):
        if not part:
            continue
        whole = find(records, part)
        if len(whole) == 1:
            ids.append(whole[0].id)
            continue
        for word in part.split() if " " in part else [part]:
            found = find(records, word)
            if not found:
                return Resolved(tuple(ids), f"no {what} {word!r} in this trip")
            if len(found) > 1:
                return Resolved(tuple(ids), ambiguity(word, found))
            ids.append(found[0].id)
    return Resolved(tuple(dict.fromkeys(ids)))


def ambiguity(typed: str, found: Sequence[Named]) -> str:
    """``'Kim' could be: Kim Hyun-kyum (kim-hyun-kyum), …``: the question a form shows."""
    shown = ", ".join(f"{r.name} ({r.id})" for r in found[:4])
    more = f" and {len(found) - 4} more" if len(found) > 4 else ""
    return f"{typed!r} could be: {shown}{more}; type more of the name or the id"


def complete(records: Iterable[Named], typed: str) -> str | None:
    """The rest of the name ``typed`` begins, in the script it is typed in (Hangul or romanised), or ``None``."""
    if not typed.strip():
        return None
    low = typed.casefold()
    for r in records:
        for candidate in (r.name_ko, r.name, r.id):
            if candidate and candidate.casefold().startswith(low) and len(candidate) > len(typed):
                return typed + candidate[len(typed) :]
    return None
