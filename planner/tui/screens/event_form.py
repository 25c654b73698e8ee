"""Add or edit one event in a dialog that checks every field as you type.

The dialog returns the finished :class:`~planner.model.trip.Event` (or ``None``
when cancelled) and never touches the session: the timeline screen applies it,
so undo, redo and saving stay in one place. Each field's problem is shown
beside it; Save is refused while any field is wrong. The checks themselves are
headless, in :mod:`planner.usecases.event_fields`: this screen lays the fields
out, reads them and shows the verdict.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from planner.model.trip import EVENT_KINDS, KIND_LABELS, STATUSES, Event, Person, Place, Trip
from planner.model.when import PARTS_OF_DAY, Exact, PartOfDay, Span, zone_name
from planner.text.dates import EXAMPLES, PRECISION_CHOICES, format_when
from planner.text.labels import date_range
from planner.text.safe import clean
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.form_keys import ACCEPT_LABEL, FORM_BINDINGS, FormKeys, example
from planner.tui.screens.record_form import RecordForm
from planner.tui.widgets.levels import level_select
from planner.tui.widgets.names import NameSuggester
from planner.tui.widgets.repeat_rows import repeat_rows
from planner.usecases.event_fields import FIELDS, EventFields, check_event, default_day
from planner.usecases.repeat_fields import RepeatFields


class EventForm(FormKeys, ModalScreen[Event | None]):
    """The event dialog: ``EventForm(trip, event=None, day=...)`` adds, with ``event`` edits."""

    BINDINGS = [*FORM_BINDINGS, Binding("ctrl+n", "new_place", "New place", key_display="^n")]

    def __init__(self, trip: Trip, event: Event | None = None, *, day: date | None = None, today: date | None = None):
        super().__init__()
        self.trip = trip
        self.event = event
        self.today = today or date.today()
        self.day = day or (event.when.local_date() if event else None) or default_day(trip, self.today)
        self.errors: dict[str, str] = {}
        self.result: Event | None = None
        self._tz_typed = False
        self.new_places: tuple[Place, ...] = ()
        """Places added from inside this form (:meth:`action_new_place`); the timeline adds them with the event."""
        self.extend_to: Span | None = None
        """The trip's new dates, when the event lies just outside them and the person agreed to extend."""
        self._checked_extension: Span | None = None
        self._initial: EventFields | None = None

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        ev, trip = self.event, self.trip
        precision = ev.when.precision if ev else "exact"
        heading = Text("Edit event" if ev else "New event", style="bold")
        heading.append(f" · {clean(trip.display_title(), single_line=True)}", style="dim")
        places = [(Text(clean(p.display(), single_line=True)), p.id) for p in trip.places]
        with Vertical(id="form"):
            yield Static(heading, id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self._row(
                    "title",
                    "title",
                    Input(
                        clean(ev.title) if ev else "", placeholder="English title (required)", id="title", compact=True
                    ),
                )
                yield from self._row(
                    "title_ko",
                    "Korean",
                    Input(
                        clean(ev.title_ko) if ev else "",
                        placeholder=example("한국어 제목"),
                        id="title_ko",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "kind",
                    "kind",
                    Select(
                        [(Text(KIND_LABELS[k]), k) for k in EVENT_KINDS],
                        value=ev.kind if ev else "meeting",
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "status",
                    "status",
                    Select(
                        [(Text(s), s) for s in STATUSES],
                        value=ev.status if ev else "confirmed",
                        allow_blank=False,
                        id="status",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "precision",
                    "precision",
                    Select(
                        [(Text(label), key) for key, label in PRECISION_CHOICES],
                        value=precision,
                        allow_blank=False,
                        id="precision",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "when",
                    "when",
                    Input(
                        format_when(ev.when) if ev else self.day.isoformat() + " ",
                        placeholder=example(EXAMPLES[precision]),
                        id="when",
                        compact=True,
                    ),
                )
                part = ev.when.part if ev and isinstance(ev.when, PartOfDay) else "morning"
                yield from self._row(
                    "part",
                    "part of day",
                    Select(
                        [(Text(p), p) for p in PARTS_OF_DAY], value=part, allow_blank=False, id="part", compact=True
                    ),
                )
                yield from self._row(
                    "tz",
                    "zone",
                    Input(
                        zone_name(ev.tz) if ev else zone_name(trip.event_tz),
                        placeholder=example("Asia/Seoul (an IANA zone)"),
                        id="tz",
                        compact=True,
                    ),
                )
                end_tz = ""
                if (
                    ev
                    and isinstance(ev.when, Exact)
                    and ev.when.end is not None
                    and zone_name(ev.when.end.tzinfo) != zone_name(ev.tz)
                ):
                    end_tz = zone_name(ev.when.end.tzinfo)
                yield from self._row(
                    "end_tz",
                    "end zone",
                    Input(
                        end_tz, placeholder="only if the end is in another zone (a flight)", id="end_tz", compact=True
                    ),
                )
                yield from repeat_rows(self.event.repeat if self.event else None)
                yield from self._row(
                    "place",
                    "place",
                    Select(
                        places,
                        value=ev.place if ev and ev.place else Select.NULL,
                        prompt="no place",
                        allow_blank=True,
                        id="place",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "people",
                    "attending",
                    Input(
                        " ".join(ev.people) if ev else "",
                        placeholder="names or ids, by commas; empty = whole delegation",
                        id="people",
                        suggester=NameSuggester(trip.people),
                        compact=True,
                    ),
                )
                yield from self._row(
                    "counterparts",
                    "meeting",
                    Input(
                        " ".join(ev.counterparts) if ev else "",
                        placeholder="names or ids of the people met",
                        id="counterparts",
                        suggester=NameSuggester(trip.people),
                        compact=True,
                    ),
                )
                yield from self._row(
                    "orgs",
                    "organisations",
                    Input(
                        " ".join(ev.orgs) if ev else "",
                        placeholder="organisation names or ids",
                        id="orgs",
                        compact=True,
                        suggester=NameSuggester(trip.organisations),
                    ),
                )
                yield from self._row(
                    "outcome",
                    "outcome",
                    Input(
                        clean(ev.outcome) if ev else "",
                        placeholder=example("an MOU signed; what came of it"),
                        id="outcome",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "notes", "notes", TextArea(clean(ev.notes) if ev else "", id="notes", soft_wrap=True, compact=True)
                )
                yield from self._row(
                    "visibility", "shown to", level_select("visibility", ev.visibility if ev else None)
                )
                yield from self._row(
                    "notes_visibility",
                    "notes to",
                    level_select("notes_visibility", ev.notes_visibility if ev else None),
                )
            with Horizontal(id="form-buttons"):
                yield Button(ACCEPT_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")
                yield Button("New place  ctrl+n", id="new-place")
        yield Footer(compact=True, show_command_palette=False)

    def _row(self, name: str, label: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="field", id=f"row-{name}"):
            yield Label(label, classes="field-label")
            yield widget
            yield Static("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._sync_visibility()
        self.validate()
        self._initial = self._fields()

    # ---------------------------------------------------------------- validation

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Message) -> None:
        control = getattr(event, "control", None) or getattr(event, "text_area", None)
        ident = getattr(control, "id", None)
        if ident == "tz":
            self._tz_typed = True
        if ident == "place" and not self._tz_typed:
            self._follow_place()
        if ident in ("precision", "repeat"):
            self._sync_visibility()
        self.validate()

    def _follow_place(self) -> None:
        place = self.trip.place(self._select("place") or "")
        tz = (place.tz if place else None) or self.trip.event_tz
        box = self.query_one("#tz", Input)
        with box.prevent(Input.Changed):
            box.value = zone_name(tz)

    def _sync_visibility(self) -> None:
        precision = self._select("precision")
        self.query_one("#row-part").display = precision == "part"
        self.query_one("#row-end_tz").display = precision == "exact"
        self.query_one("#row-repeat").display = precision in ("exact", "date", "part")
        self.query_one("#row-except").display = precision in ("exact", "date", "part") and bool(self._select("repeat"))
        self.query_one("#row-when").display = precision != "unscheduled"
        self.query_one("#when", Input).placeholder = example(EXAMPLES.get(str(precision), ""))

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def _select(self, ident: str) -> Any:  # the option's value: a str here, of the type each field expects
        value = self.query_one(f"#{ident}", Select).value
        return None if value is Select.NULL else value

    def validate(self) -> Event | None:
        """Check every field, show each problem beside it, and return the event if all is well."""
        checked = check_event(self.trip, self._fields(), event=self.event, day=self.day, today=self.today)
        for name, value in checked.zones.items():
            # A zone typed with the time is used: the zone field shows it (and a place no longer sets it).
            zone_box = self.query_one(f"#{name}", Input)
            with zone_box.prevent(Input.Changed):
                zone_box.value = value
            self._tz_typed = True
        for name in FIELDS:
            box = self.query_one(f"#{name}-error", Static)
            if name in checked.errors:
                box.update(Text(checked.errors[name], style="bold red"))
            elif name in checked.notes:
                box.update(Text(checked.notes[name], style="green" if name == "when" else "dim"))
            else:
                box.update(Text(""))
            self.query_one(f"#row-{name}").set_class(name in checked.errors, "invalid")
        self.errors = checked.errors
        self._checked_extension = checked.extend_to
        self.query_one("#save", Button).disabled = bool(checked.errors)
        return checked.event

    def _fields(self) -> EventFields:
        return EventFields(
            title=self._value("title"),
            title_ko=self._value("title_ko"),
            kind=self._select("kind"),
            status=self._select("status"),
            precision=self._select("precision"),
            when=self._value("when"),
            part=self._select("part"),
            tz=self._value("tz"),
            end_tz=self._value("end_tz"),
            place=self._select("place"),
            people=self._value("people"),
            counterparts=self._value("counterparts"),
            orgs=self._value("orgs"),
            outcome=self._value("outcome"),
            notes=self.query_one("#notes", TextArea).text,
            visibility=self._select("visibility"),
            notes_visibility=self._select("notes_visibility"),
            repeat=RepeatFields(
                freq=self._select("repeat") or "",
                interval=self._value("repeat-interval"),
                until=self._value("repeat-until"),
                count=self._value("repeat-count"),
                skipped=self._value("except"),
            )
            if self.query_one("#row-repeat").display
            else RepeatFields(),
        )

    # ---------------------------------------------------------------- actions

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        event = self.validate()
        if event is None:
            first = next(name for name in FIELDS if name in self.errors)
            self.notify(f"{first}: {self.errors[first]}", title="Not saved", severity="error", markup=False)
            self.query_one(f"#{first}").focus()
            return
        span = self._checked_extension
        if span is None:
            self._done(event)
            return
        trip = self.trip
        question = (
            f"{event.when.label()} is outside {trip.id} ({date_range(trip.first_day, trip.last_day)}). "
            f"Extend the trip to {date_range(span.first, span.last)}? One undo (u) takes back both."
        )
        answers = [("extend", "Extend the trip", "primary"), ("back", "Back to the form", "default")]

        def answered(answer: str | None) -> None:
            if answer == "extend":
                self.extend_to = span
                self._done(event)

        self.app.push_screen(ChoiceScreen("Outside the trip's dates", question, answers), answered)

    def _done(self, event: Event) -> None:
        self.result = event
        self.dismiss(event)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; a form with anything typed or chosen asks first."""
        self.close_asking(self._fields() != self._initial or bool(self.new_places))

    @on(Button.Pressed, "#new-place")
    def action_new_place(self) -> None:
        """A new place in a small form; the event form then has it chosen (it joins the trip with the event)."""

        def made(place: Person | Place | None) -> None:
            if not isinstance(place, Place):
                return
            self.new_places = (*self.new_places, place)
            self.trip = replace(self.trip, places=(*self.trip.places, place))
            select = self.query_one("#place", Select)
            select.set_options([(Text(clean(p.display(), single_line=True)), p.id) for p in self.trip.places])
            select.value = place.id

        self.app.push_screen(RecordForm(self.trip, Place), made)
