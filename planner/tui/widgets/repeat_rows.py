"""The event form's repeat rows: how an event repeats (frequency, every, until, times) and the days it skips.

Kept apart from :mod:`planner.tui.screens.event_form` so that form stays a
size one can read; the checking of these fields is
:mod:`planner.usecases.repeat_fields`, shared with anything else that edits
repeats.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from planner.model.trip import Recurrence
from planner.tui.screens.form_keys import example
from planner.usecases.repeat_fields import FREQUENCY_LABELS, RepeatFields


def repeat_rows(repeat: Recurrence | None) -> ComposeResult:
    """How the event repeats: frequency, every how many, until, how many times; and the days it skips."""
    shown = RepeatFields.of(repeat)
    with Horizontal(classes="field", id="row-repeat"):
        yield Label("repeats", classes="field-label")
        yield Select(
            [(Text(label), key) for key, label in FREQUENCY_LABELS.items()],
            value=shown.freq if shown.freq in FREQUENCY_LABELS else "",
            allow_blank=False,
            id="repeat",
            compact=True,
        )
        yield Label("every", classes="repeat-part")
        yield Input(shown.interval, placeholder="1", id="repeat-interval", compact=True, classes="short")
        yield Label("until", classes="repeat-part")
        yield Input(shown.until, placeholder=example("Oct 25"), id="repeat-until", compact=True)
        yield Label("times", classes="repeat-part")
        yield Input(shown.count, placeholder=example("4"), id="repeat-count", compact=True, classes="short")
        yield Static("", id="repeat-error", classes="field-error")
    with Horizontal(classes="field", id="row-except"):
        yield Label("skips", classes="field-label")
        yield Input(
            shown.skipped,
            placeholder=example("2021-10-21 2021-10-28: days the series skips"),
            id="except",
            compact=True,
        )
        yield Static("", id="except-error", classes="field-error")
