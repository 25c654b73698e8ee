"""Completion of people's and organisations' names in a form field (Textual's ``Input`` suggester).

The field holds several names or ids, separated by commas (or spaces between
ids); the name being typed last is completed, in the script it is typed in:
``고`` offers ``고근백``, ``Ko`` offers ``Ko Geun-baek``. → or End accepts. What
the field then means is read by :func:`planner.text.lookup.resolve`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual.suggester import Suggester

from planner.model.trip import Trip
from planner.text.lookup import Named, complete


class NameSuggester(Suggester):
    """Completes the last name in a field of names from ``records`` (a trip's people or organisations)."""

    def __init__(self, records: Sequence[Named]):
        super().__init__(use_cache=True, case_sensitive=True)
        self.records = list(records)

    async def get_suggestion(self, value: str) -> str | None:
        cut = value.rfind(",") + 1
        head, part = value[:cut], value[cut:]
        stripped = part.lstrip()
        lead = part[: len(part) - len(stripped)]
        done = complete(self.records, stripped)
        if done is None and " " in stripped:
            # Ids separated by spaces: complete the last word.
            space = stripped.rfind(" ") + 1
            word = complete(self.records, stripped[space:])
            done = None if word is None else stripped[:space] + word
        return None if done is None else head + lead + done


class FilterSuggester(Suggester):
    """Completes a ``person:`` or ``org:`` token, the last in the timeline's filter, from every trip.

    Tokens are separated by spaces, so a name is completed in a form without
    them: its Hangul (``person:고`` → ``고근백``) or its id's letters
    (``person:Ko`` → ``Ko-geun-baek``, which the filter reads as that person).
    The trips are asked for on each use (they change with every edit), so
    nothing is cached.
    """

    def __init__(self, trips: Callable[[], Iterable[Trip]]):
        super().__init__(use_cache=False, case_sensitive=True)
        self.trips = trips

    async def get_suggestion(self, value: str) -> str | None:
        cut = max(value.rfind(" "), value.rfind("\t")) + 1
        key, sep, typed = value[cut:].partition(":")
        if not sep or not typed or key.lower() not in ("person", "org"):
            return None
        records: list[Named] = []
        for trip in self.trips():
            records.extend(trip.people if key.lower() == "person" else trip.organisations)
        low = typed.casefold()
        for r in records:
            for candidate in (r.name_ko, r.id):
                if candidate and candidate.casefold().startswith(low) and len(candidate) > len(typed):
                    return value + candidate[len(typed) :]
        return None
