"""The itinerary checks in the TUI: the same findings as ``planner check``, on the trips as edited."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from planner.checks import EventRef, Finding
from planner.text.safe import clean

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def finding_text(finding: Finding) -> Text:
    """One finding as plain text with styles: severity, check, events, then the reason."""
    text = Text()
    text.append(f"{finding.severity:<8}", style=SEVERITY_STYLES.get(finding.severity, ""))
    text.append(f"{finding.check:<17}", style="bold")
    text.append(finding.trip, style="cyan")
    if finding.events:
        text.append("  " + clean(", ".join(e.label() for e in finding.events), single_line=True))
    text.append("\n" + " " * 25 + clean(finding.message, single_line=True))
    return text


class ChecksScreen(ModalScreen[EventRef | None]):
    """Lists findings; ``enter`` closes it on the finding's first event, ``escape`` just closes."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, findings: list[Finding]):
        super().__init__()
        self.findings = findings

    def compose(self) -> ComposeResult:
        errors = sum(f.severity == "error" for f in self.findings)
        warnings = sum(f.severity == "warning" for f in self.findings)
        with Vertical(id="checks-dialog"):
            summary = Text("Itinerary checks", style="bold")
            summary.append(
                f"   {errors} errors, {warnings} warnings, {len(self.findings) - errors - warnings} info"
                "   (enter: go to the event · esc: close)",
                style="dim",
            )
            yield Static(summary, id="checks-title")
            if self.findings:
                yield OptionList(
                    *(Option(finding_text(f), id=str(i)) for i, f in enumerate(self.findings)), id="checks-list"
                )
            else:
                yield Static(
                    Text("No findings: nothing overlaps, every journey has time, every date fits."), id="checks-empty"
                )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        finding = self.findings[int(event.option.id or 0)]
        self.dismiss(finding.events[0] if finding.events else None)

    def action_close(self) -> None:
        self.dismiss(None)
