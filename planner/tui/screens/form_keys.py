"""The keys every form shares, so a form is accepted the same way everywhere.

In the timeline ``ctrl+s`` writes files to disk; in a form it only accepts
the form (the change then waits, unsaved, like any edit). The two are told
apart by their names wherever they show: "Accept form" in a form's footer and
button, "Save files" in the timeline's. ``enter`` in a one-line field moves
to the next field, and in the last one accepts the form, as in most
dialogs; ``ctrl+enter`` accepts from anywhere in terminals that send it.
Placeholders are examples, never values: they start with "e.g." and are
drawn dim and italic (``styles/app.tcss``).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input

from planner.tui.screens.choice import ChoiceScreen

ACCEPT_LABEL = "Accept form  ctrl+s"
FORM_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("escape", "cancel", "Cancel"),
    Binding("ctrl+s", "submit", "Accept form", key_display="^s", priority=True),
    Binding("ctrl+enter", "submit", "Accept form", show=False, priority=True),
]


def example(text: str) -> str:
    """A placeholder that reads as an example, not as something already filled in."""
    return text if not text or text.startswith("e.g.") else f"e.g. {text}"


class FormKeys:
    """Mixed into a form screen (before ``ModalScreen``): ``enter`` goes to the next field, or accepts on the last."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        screen: Any = self
        # The last line to type in accepts: choices after it keep their own use of enter (open the list).
        fields = [w for w in screen.focus_chain if isinstance(w, Input)]
        if fields and event.input is fields[-1]:
            screen.action_submit()
        else:
            screen.focus_next()

    def close_asking(self, changed: bool) -> None:
        """Close the form; when ``changed`` (anything typed or chosen), ask first, so Esc never loses work."""
        screen: Any = self
        if not changed:
            screen.dismiss(None)
            return
        answers = [("discard", "Discard the changes", "error"), ("keep", "Keep editing", "primary")]

        def answered(answer: str | None) -> None:
            if answer == "discard":
                screen.dismiss(None)

        screen.app.push_screen(
            ChoiceScreen("Discard the changes?", "This form has changes that are not saved.", answers), answered
        )
