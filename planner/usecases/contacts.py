"""``planner contacts``: the people a recipient needs, as vCards or CSV, shared with any other front end.

Who is in the file is decided by :func:`planner.model.visibility.redact`, the
same rule as every other recipient output: the people the reader's events
need (with ``person``, that person's events), each field above the reader's
level blank. A person in several trips is one card, listing the trips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.model.trip import Organisation, Person, Trip


@dataclass(frozen=True)
class Contact:
    person: Person
    """As the reader may see them (fields above the level blank)."""
    org: Organisation | None
    trips: tuple[str, ...]


def gather(trips: Sequence[Trip], reader: str, person: str | None = None) -> list[Contact]:
    """The people of ``trips`` a reader at level ``reader`` needs, in the trips' order, each once."""
    from planner.model.visibility import redact

    found: dict[str, Contact] = {}
    for trip in trips:
        seen = redact(trip, reader, person)
        for p in seen.people:
            org = seen.organisation(p.org) if p.org else None
            if p.id in found:
                have = found[p.id]
                found[p.id] = Contact(have.person, have.org or org, (*have.trips, trip.id))
            else:
                found[p.id] = Contact(p, org, (trip.id,))
    return list(found.values())


def render(contacts: Sequence[Contact], fmt: str) -> str:
    """The file's text: ``vcf`` (vCard 3.0) or ``csv``."""
    if fmt == "vcf":
        from planner.contacts.vcard import card

        return "".join(card(c.person, c.org, c.trips) for c in contacts)
    if fmt == "csv":
        from planner.contacts.table import rows

        return rows((c.person, c.org, c.trips) for c in contacts)
    raise ValueError(f"unknown contacts format {fmt!r}")


__all__ = ["Contact", "gather", "render"]
