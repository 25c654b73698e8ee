"""The contact block at the end of each printed day: liaison, interpreter, driver, consulate, where known.

A delegation on the road needs, on every page it carries, the few people it
calls when something goes wrong. The trip file has no separate list for them:
they are people of the trip whose ``role`` (or whose organisation's name) says
what they do, in English or Korean (``Liaison officer``, ``통역``, ``driver``,
``Consul``). Only what the trip given to the agenda holds is shown: an agenda
for a recipient is built from the redacted trip
(:func:`planner.model.visibility.redact`), so a phone number marked above the
reader's level is already blank here, and a person no remaining event needs is
already gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from planner.model.trip import Person, Trip
from planner.text.labels import person_display
from planner.text.messages import msg
from planner.text.safe import clean

CONTACT_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("liaison", re.compile(r"liaison|coordinator|연락|의전", re.IGNORECASE)),
    ("interpreter", re.compile(r"interpret|translat|통역|번역", re.IGNORECASE)),
    ("driver", re.compile(r"\bdriver|chauffeur|운전|기사님", re.IGNORECASE)),
    ("consulate", re.compile(r"consul(?!t)|영사", re.IGNORECASE)),
)
"""Each contact role, in the order the block lists them, and the words in a role or organisation that mean it."""


@dataclass(frozen=True)
class Contact:
    """One line of the contact block; every value is plain text in the agenda's language, not yet escaped."""

    role: str
    """``liaison`` / ``연락 담당`` ..."""
    name: str
    details: tuple[str, ...] = ()
    """``phone +82-10-...``, ``e-mail ...``, ``KakaoTalk ...``: only the fields the trip holds."""


def contact_role(trip: Trip, person: Person) -> str | None:
    """The contact role (``liaison``, ``interpreter``, ``driver``, ``consulate``) a person's role or organisation names."""
    org = trip.organisation(person.org) if person.org else None
    texts = [person.role] + ([org.name, org.name_ko] if org else [])
    for role, words in CONTACT_ROLES:
        if any(t and words.search(t) for t in texts):
            return role
    return None


def contacts_of(trips: Iterable[Trip], lang: str = "en") -> tuple[Contact, ...]:
    """The contact lines of ``trips``, by role in :data:`CONTACT_ROLES` order, then as the trips list them."""
    found: list[tuple[int, int, Contact]] = []
    order = {role: i for i, (role, _) in enumerate(CONTACT_ROLES)}
    seen: set[tuple[str, str]] = set()
    for trip in trips:
        for p in trip.people:
            role = contact_role(trip, p)
            if role is None or (trip.id, p.id) in seen:
                continue
            seen.add((trip.id, p.id))
            details = tuple(
                f"{msg(key, lang)} {clean(value, single_line=True)}"
                for key, value in (("phone", p.phone), ("email", p.email), ("kakao", p.kakao))
                if value
            )
            found.append(
                (order[role], len(found), Contact(msg(f"role_{role}", lang), person_display(p, lang), details))
            )
    return tuple(c for _, _, c in sorted(found, key=lambda x: x[:2]))


def contact_line(c: Contact) -> str:
    """``liaison: 김현겸 (Kim Hyun-kyum) · phone +82-10-0000-0000``, for plain-text outputs."""
    return f"{c.role}: " + " · ".join((c.name, *c.details))
