"""The help screen: every key with what it does, and what the date field accepts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from planner.text.dates import EXAMPLES, PRECISION_CHOICES


def key_table(bindings: list[BindingType]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        first, *others = b.key.split(",")
        table.add_row(Text(" / ".join([b.key_display or first, *others])), Text(b.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the bindings it is given (the timeline's and the app's) and the date formats."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, bindings: list[BindingType]):
        super().__init__()
        self._shown_bindings = bindings

    def compose(self) -> ComposeResult:
        formats = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        formats.add_column(style="bold", no_wrap=True)
        formats.add_column()
        for key, label in PRECISION_CHOICES:
            formats.add_row(Text(label), Text(EXAMPLES[key]))
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold underline"))
            yield Static(key_table(self._shown_bindings))
            yield Static(Text("\nDates and times in the event form", style="bold underline"))
            yield Static(formats)
            yield Static(
                Text(
                    "\nFilter: type words to match titles, names, places, notes; add "
                    "person:NAME org:NAME (an id, or a name in Hangul or romanised) kind:KIND trip:ID to narrow.\n"
                    "Days: g goes to a date (a day without events too), . to today, m opens the month calendar.\n"
                    "ctrl+p lists every action.\n"
                    "escape closes this screen.",
                    style="dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
