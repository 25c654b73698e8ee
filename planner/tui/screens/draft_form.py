"""Draft events from pasted Korean schedule text: the TUI's ``planner draft --trip ID``.

The dialog reads the text as it is typed or pasted (the same
:func:`~planner.draft.lines.draft` and :func:`~planner.draft.to_trip.to_events`
as the command) and shows, below it, each draft (line, day, time or its honest
absence, kind, title) and each question with its line. It returns the events
to add (tentative, linked to the trip's places and people) and never touches
the session: the timeline screen adds them as one undoable change. Drafts that
repeat an event already in the trip are shown and skipped, as the command does;
so are drafts dated outside the trip, which the trip file could not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Static, TextArea

from planner.draft.lines import DraftError, DraftResult, draft
from planner.draft.to_trip import Placed, to_events
from planner.model.trip import Event, Trip
from planner.text.dates import parse_day
from planner.text.labels import KOREAN_WEEKDAYS
from planner.text.safe import clean
from planner.text.words import WhenError
from planner.usecases.drafting import MAX_TEXT_BYTES, addable, when_label

_DAY_WIDTH = cell_len("2021-10-25 (월)")
_WHEN_WIDTH = 14
_KIND_WIDTH = 11
QUICK_LINES = 200
"""Up to this many lines the preview follows every key; a longer text is read when typing pauses."""


@dataclass(frozen=True)
class DraftAdd:
    """What the dialog hands back: the events to add and what was left out, for the message."""

    events: tuple[Event, ...]
    duplicates: int = 0
    outside: int = 0


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


class DraftForm(ModalScreen[DraftAdd | None]):
    """``DraftForm(trip)``: paste a schedule, check the preview, ``ctrl+s`` adds, ``escape`` cancels."""

    DEFAULT_CSS = """
    #draft-written-row { height: 3; }
    #draft-written-label { width: auto; padding: 1 0 0 0; }
    #draft-written { width: 16; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add drafts", priority=True),
    ]

    def __init__(self, trip: Trip, text: str = "", written: date | None = None):
        super().__init__()
        self.trip = trip
        self.written: date | None = written or datetime.now(trip.event_tz).date()
        """The day the text was written (today unless changed): what 내일 and 지난 21일 count from."""
        self._written_given = written is not None
        self.initial_text = text
        self.result: DraftResult = DraftResult()
        self.placed: list[Placed] = []
        self.error: str = ""
        self.outside: dict[int, str] = {}
        """Line number → why that draft cannot go into the trip (its date is outside it)."""
        self.preview = Text()
        """What the preview shows (kept for tests and for reading back)."""
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        trip = self.trip
        app_today = getattr(self.app, "today", None)
        if not self._written_given and isinstance(app_today, date):
            self.written = app_today  # the app's "today" (fixed in tests), as in every date field
        heading = Text("Draft events from text", style="bold")
        heading.append(f" · {clean(trip.display_title(), single_line=True)}", style="dim")
        heading.append(
            f"\nPaste or type the schedule (10월 25일(월) / - 오전 10시 구로구청 방문 …). "
            f"Year from the trip's dates ({trip.first_day} to {trip.last_day}), times in "
            f"{getattr(trip.event_tz, 'key', str(trip.event_tz))}. Drafts are added as tentative.",
            style="dim",
        )
        with Vertical(id="draft-dialog"):
            yield Static(heading, id="draft-title")
            yield TextArea(self.initial_text, id="draft-text", soft_wrap=True, show_line_numbers=True)
            with Horizontal(id="draft-written-row"):
                yield Static("written on ", id="draft-written-label")
                yield Input(self.written.isoformat() if self.written else "", id="draft-written")
            yield Static("", id="draft-summary")
            with VerticalScroll(id="draft-preview-scroll"):
                yield Static("", id="draft-preview")
            with Horizontal(id="draft-buttons"):
                yield Button("Add  ctrl+s", id="add", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#draft-text", TextArea).focus()
        self.refresh_preview()

    # ---------------------------------------------------------------- reading

    @on(Input.Changed, "#draft-written")
    def _written_changed(self, event: Input.Changed) -> None:
        """The day the text was written: empty for none; a day that cannot be read keeps the last one."""
        value = event.value.strip()
        if not value:
            self.written = None
        else:
            try:
                self.written = parse_day(value)
            except WhenError:
                return
        self.refresh_preview()

    @on(TextArea.Changed, "#draft-text")
    def _changed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if self.query_one("#draft-text", TextArea).document.line_count <= QUICK_LINES:
            self.refresh_preview()
        else:
            # A long paste takes a noticeable moment to read: wait until typing pauses.
            self._pending = self.set_timer(0.4, self.refresh_preview)

    @property
    def text(self) -> str:
        return self.query_one("#draft-text", TextArea).text

    def read(self, text: str) -> None:
        """Draft ``text`` against the trip (as ``planner draft --trip`` does); sets the fields below."""
        trip = self.trip
        self.error = ""
        self.result, self.placed, self.outside = DraftResult(), [], {}
        if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
            self.error = f"more than {MAX_TEXT_BYTES // 1024} KB is not a schedule"
            return
        try:
            self.result = draft(
                text, tz=trip.event_tz, trip_dates=(trip.first_day, trip.last_day), written=self.written
            )
        except DraftError as exc:
            self.error = str(exc)
            return
        self.placed = to_events(self.result.drafts, trip, trip.event_tz)
        self.outside = {p.draft.line: p.outside for p in self.placed if p.outside}

    @property
    def to_add(self) -> list[Event]:
        """The events the add button adds: not a repeat of one in the trip, not outside its dates."""
        return addable(self.placed)

    def refresh_preview(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        self.read(self.text)
        preview = Text()
        for p in self.placed:
            d = p.draft
            day = d.when.local_date()
            preview.append(f"{d.line:>4}  ", style="dim")
            preview.append(
                _pad(f"{day.isoformat()} ({KOREAN_WEEKDAYS[day.weekday()]})" if day else "—", _DAY_WIDTH) + "  "
            )
            preview.append(
                _pad(when_label(d.when), _WHEN_WIDTH) + " ", style="" if d.when.precision == "exact" else "dim"
            )
            preview.append(_pad(d.kind, _KIND_WIDTH) + " ", style="cyan")
            preview.append(clean(d.name, single_line=True))
            extra: list[str] = []
            if p.event.place:
                extra.append(f"place {p.event.place}")
            elif d.place_hint:
                extra.append(f"at {d.place_hint}")
            if p.event.people or p.event.counterparts:
                extra.append("people " + ", ".join((*p.event.people, *p.event.counterparts)))
            if extra:
                preview.append("  · " + clean("; ".join(extra), single_line=True), style="dim")
            if p.duplicate_of:
                preview.append(
                    f"  already in the trip ({clean(p.duplicate_of, single_line=True)}); not added", style="yellow"
                )
            elif d.line in self.outside:
                preview.append(f"  {self.outside[d.line]}; not added", style="bold red")
            preview.append("\n")
        for q in self.result.questions:
            preview.append("   ? ", style="yellow")
            preview.append(f"line {q.line}: {clean(q.message, single_line=True)}")
            preview.append("  " + clean(q.source, single_line=True)[:60], style="dim")
            preview.append("\n")
        preview.rstrip()
        self.preview = preview
        self.query_one("#draft-preview", Static).update(preview)

        adding = len(self.to_add)
        summary = Text()
        if self.error:
            summary.append(f"Not read: {self.error}", style="bold red")
        elif not self.text.strip():
            summary.append("Nothing to add yet: paste a schedule above.", style="dim")
        elif not self.placed:
            summary.append("No line could be read as a schedule yet.", style="yellow")
        else:
            summary.append(f"{adding} to add", style="bold green" if adding else "bold")
            duplicates = sum(1 for p in self.placed if p.duplicate_of)
            if duplicates:
                summary.append(f" · {duplicates} already in the trip")
            if self.outside:
                summary.append(f" · {len(self.outside)} outside the trip's dates", style="red")
        if self.result.questions:
            n = len(self.result.questions)
            summary.append(
                f" · {n} question{'s' if n != 1 else ''} (lines not added, or added with less precision)",
                style="yellow",
            )
        self.query_one("#draft-summary", Static).update(summary)
        self.query_one("#add", Button).disabled = not adding

    # ---------------------------------------------------------------- actions

    @on(Button.Pressed, "#add")
    def action_submit(self) -> None:
        self.refresh_preview()
        events = self.to_add
        if not events:
            reason = self.error or (
                "every draft is already in the trip or outside its dates"
                if self.placed
                else "no line could be read as a schedule"
            )
            self.notify(f"Nothing to add: {reason}.", title="Not added", severity="warning", markup=False)
            return
        self.dismiss(DraftAdd(tuple(events), sum(1 for p in self.placed if p.duplicate_of), len(self.outside)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
