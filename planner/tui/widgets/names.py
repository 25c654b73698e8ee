"""Completion of people's and organisations' names in a form field (Textual's ``Input`` suggester).

The field holds several names or ids, separated by commas (or spaces between
ids); the name being typed last is completed, in the script it is typed in:
``고`` offers ``고근백``, ``Ko`` offers ``Ko Geun-baek``. → or End accepts. What
the field then means is read by :func:`planner.text.lookup.resolve`.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.suggester import Suggester

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
