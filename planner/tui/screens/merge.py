"""Settle the conflicts of a merge: each entry both sides changed, side by side, mine or the file's.

The merge itself is headless (:mod:`planner.usecases.merging`); this dialog
shows each conflict's two versions in file shape, the lines that differ in
bold, and dismisses with the side chosen for each (or ``None``: not merged).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, RadioButton, RadioSet, Static

from planner.text.safe import clean
from planner.usecases.merging import MergePlan, Side

CONTEXT = 4
"""Lines of the entry that are the same on both sides, shown under what differs (the id, the title ...)."""


def _version(plan: MergePlan, index: int, side: Side) -> Text:
    conflict = plan.conflicts[index]
    trip = plan.ours if side == "ours" else plan.theirs
    out = Text()
    out.append("mine (on screen)\n" if side == "ours" else "the file's (on disk)\n", style="bold underline")
    # What differs first, in bold; the rest of the entry after it, dim, for context.
    lines = conflict.lines(trip, side)
    differing = [line for line, differs in lines if differs]
    same = [line for line, differs in lines if not differs]
    for line in differing:
        out.append(clean(line, single_line=True) + "\n", style="bold")
    for line in same[:CONTEXT]:
        out.append(clean(line, single_line=True) + "\n", style="dim")
    if len(same) > CONTEXT:
        out.append(f"… and {len(same) - CONTEXT} more the same on both sides\n", style="dim italic")
    out.rstrip()
    return out


class MergeScreen(ModalScreen[dict[tuple[str, str], Side] | None]):
    """``MergeScreen(plan)``: one block per conflict; enter on "Merge and save" takes the choices."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "merge", "Merge and save", priority=True),
    ]

    def __init__(self, plan: MergePlan, name: str):
        super().__init__()
        self.plan = plan
        self.file_name = name

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="merge-dialog"):
            head = Text(f"Merge {self.file_name}", style="bold")
            merged = len(plan.taken_ours) + len(plan.taken_theirs)
            head.append(
                f"\n{merged} changes merge by themselves; {len(plan.conflicts)} "
                f"{'entry was' if len(plan.conflicts) == 1 else 'entries were'} changed on both sides: "
                "choose a version of each.",
                style="",
            )
            yield Static(head, id="merge-title")
            with VerticalScroll(id="merge-list"):
                for i, conflict in enumerate(plan.conflicts):
                    yield Static(Text(conflict.label, style="bold"), classes="merge-label")
                    with RadioSet(id=f"pick-{i}", classes="merge-pick"):
                        yield RadioButton("keep mine", value=True, id=f"pick-{i}-ours")
                        yield RadioButton("take the file's", id=f"pick-{i}-theirs")
                    with Horizontal(classes="merge-pair"):
                        yield Static(_version(plan, i, "ours"), classes="merge-side", id=f"ours-{i}")
                        yield Static(_version(plan, i, "theirs"), classes="merge-side", id=f"theirs-{i}")
            with Horizontal(id="merge-buttons"):
                yield Button("Merge and save  ctrl+s", id="merge", variant="primary")
                yield Button("Cancel  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query(RadioSet).first().focus()

    def choices(self) -> dict[tuple[str, str], Side]:
        out: dict[tuple[str, str], Side] = {}
        for i, conflict in enumerate(self.plan.conflicts):
            pressed = self.query_one(f"#pick-{i}", RadioSet).pressed_button
            theirs = pressed is not None and pressed.id == f"pick-{i}-theirs"
            out[conflict.key] = "theirs" if theirs else "ours"
        return out

    @on(Button.Pressed, "#merge")
    def action_merge(self) -> None:
        self.dismiss(self.choices())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
