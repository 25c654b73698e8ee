"""The command palette provider: every action of the current screen, by name."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from planner.text.safe import clean

Command = tuple[str, str, Callable[[], object]]
"""A command palette entry: text, help, callback (what a screen's ``commands()`` lists)."""


class PlannerCommands(Provider):
    """Offers what the screen under the palette lists in its ``commands()`` method.

    Prompts read "verb: object", like "filter: person kim-hyun-kyum" or
    "times: trip's home zone", so typing the first word lists a whole family.
    """

    def _commands(self) -> list[Command]:
        # The palette reads prompts and help as markup: names from trip files are escaped.
        commands = getattr(self.screen, "commands", None)
        found = commands() if callable(commands) else []
        return [
            (escape(clean(text, single_line=True)), escape(clean(help_text, single_line=True)), callback)
            for text, help_text, callback in found
        ]

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            if text.startswith(("timeline:", "times:")):
                yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(f"{text} {help_text}") if query else 1.0
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text, help=help_text)
