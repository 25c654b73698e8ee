"""Add or edit one event in a dialog that checks every field as you type.

The dialog returns the finished :class:`~planner.model.trip.Event` (or ``None``
when cancelled) and never touches the session: the timeline screen applies it,
so undo, redo and saving stay in one place. Each field's problem is shown
beside it; Save is refused while any field is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, tzinfo
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from planner.model.names import zone
from planner.model.trip import EVENT_KINDS, KIND_LABELS, STATUSES, Event, Organisation, Person, Trip
from planner.model.when import PARTS_OF_DAY, Exact, PartOfDay, Unscheduled, When, outside_trip, zone_name
from planner.text.dates import EXAMPLES, PRECISION_CHOICES, WhenError, format_when, parse_when
from planner.text.labels import day_heading
from planner.text.safe import clean
from planner.usecases.editing import new_event_id

FIELDS = (
    "title",
    "title_ko",
    "kind",
    "status",
    "precision",
    "when",
    "part",
    "tz",
    "end_tz",
    "place",
    "people",
    "counterparts",
    "orgs",
    "outcome",
    "notes",
)


class EventForm(ModalScreen[Event | None]):
    """The event dialog: ``EventForm(trip, event=None, day=...)`` adds, with ``event`` edits."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save event", priority=True),
    ]

    def __init__(self, trip: Trip, event: Event | None = None, *, day: date | None = None, today: date | None = None):
        super().__init__()
        self.trip = trip
        self.event = event
        self.today = today or date.today()
        self.day = day or (event.when.local_date() if event else None) or _default_day(trip, self.today)
        self.errors: dict[str, str] = {}
        self.result: Event | None = None
        self._tz_typed = False

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
                    Input(clean(ev.title_ko) if ev else "", placeholder="한국어 제목", id="title_ko", compact=True),
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
                        placeholder=EXAMPLES[precision],
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
                        placeholder="IANA zone: Asia/Seoul",
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
                        placeholder="member ids; empty = whole delegation",
                        id="people",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "counterparts",
                    "meeting",
                    Input(
                        " ".join(ev.counterparts) if ev else "",
                        placeholder="ids of the people met",
                        id="counterparts",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "orgs",
                    "organisations",
                    Input(" ".join(ev.orgs) if ev else "", placeholder="organisation ids", id="orgs", compact=True),
                )
                yield from self._row(
                    "outcome",
                    "outcome",
                    Input(
                        clean(ev.outcome) if ev else "",
                        placeholder="what came of it (an MOU signed ...)",
                        id="outcome",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "notes", "notes", TextArea(clean(ev.notes) if ev else "", id="notes", soft_wrap=True, compact=True)
                )
            with Horizontal(id="form-buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def _row(self, name: str, label: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="field", id=f"row-{name}"):
            yield Label(label, classes="field-label")
            yield widget
            yield Static("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._sync_visibility()
        self.validate()

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
        if ident == "precision":
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
        self.query_one("#row-when").display = precision != "unscheduled"
        self.query_one("#when", Input).placeholder = EXAMPLES.get(str(precision), "")

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def _select(self, ident: str) -> Any:  # the option's value: a str here, of the type each field expects
        value = self.query_one(f"#{ident}", Select).value
        return None if value is Select.NULL else value

    def validate(self) -> Event | None:
        """Check every field, show each problem beside it, and return the event if all is well."""
        errors: dict[str, str] = {}
        notes: dict[str, Text] = {}
        trip = self.trip
        title = " ".join(self._value("title").split())
        if not title:
            errors["title"] = "a title is needed"
        tz = self._zone("tz", errors)
        end_tz = self._zone("end_tz", errors) if self._value("end_tz").strip() else None
        precision = self._select("precision") or "exact"
        when: When | None = None
        try:
            # With a mistyped zone the time is still checked (in UTC), so every problem shows at once.
            when = parse_when(
                self._value("when"),
                precision,
                tz or UTC,
                end_tz=end_tz,
                day=self.day,
                part=self._select("part"),
                today=self.today,
            )
        except WhenError as exc:
            errors["when"] = str(exc)
        if (
            when is not None
            and self.event is not None
            and self.event.repeat is not None
            and precision not in ("exact", "date", "part")
        ):
            errors["precision"] = "a repeating event needs a day: exact, date only or part of day"
        if when is not None:
            problem = outside_trip(when, trip.dates)
            if problem:
                errors["when"] = problem
            elif tz is not None:
                notes["when"] = _preview(when)
        people = tuple(self._value("people").replace(",", " ").split())
        found = [trip.person(p) for p in people]
        unknown = [p for p, person in zip(people, found, strict=True) if person is None]
        if unknown:
            errors["people"] = f"no person {unknown[0]!r} in this trip"
        elif people:
            notes["people"] = Text(
                ", ".join(clean(person.display(), single_line=True) for person in found if person is not None),
                style="dim",
            )
        counterparts = self._ids("counterparts", trip.person, "person", errors, notes)
        orgs = self._ids("orgs", trip.organisation, "organisation", errors, notes)
        for name in FIELDS:
            box = self.query_one(f"#{name}-error", Static)
            if name in errors:
                box.update(Text(errors[name], style="bold red"))
            else:
                box.update(notes.get(name, Text("")))
            self.query_one(f"#row-{name}").set_class(name in errors, "invalid")
        self.errors = errors
        self.query_one("#save", Button).disabled = bool(errors)
        if errors or when is None or tz is None:
            return None
        base = self.event or Event(id=new_event_id(trip, title), title=title, when=Unscheduled(), tz=tz)
        return replace(
            base,
            title=title,
            title_ko=" ".join(self._value("title_ko").split()),
            kind=self._select("kind") or "other",
            status=self._select("status") or "confirmed",
            when=when,
            tz=tz,
            place=self._select("place") or "",
            people=people,
            counterparts=counterparts,
            orgs=orgs,
            outcome=self._outcome(),
            notes=self.query_one("#notes", TextArea).text.strip(),
        )

    def _outcome(self) -> str:
        typed = " ".join(self._value("outcome").split())
        if self.event is not None and typed == " ".join(self.event.outcome.split()):
            return self.event.outcome  # untouched: keep it exactly as the file has it
        return typed

    def _ids(
        self,
        ident: str,
        lookup: Callable[[str], Person | Organisation | None],
        what: str,
        errors: dict[str, str],
        notes: dict[str, Text],
    ) -> tuple[str, ...]:
        """Ids typed in ``ident`` (spaces or commas); each must be declared in the trip."""
        ids = tuple(self._value(ident).replace(",", " ").split())
        found = [lookup(i) for i in ids]
        unknown = [i for i, record in zip(ids, found, strict=True) if record is None]
        if unknown:
            errors[ident] = f"no {what} {unknown[0]!r} in this trip"
        elif ids:
            notes[ident] = Text(
                ", ".join(clean(r.display(), single_line=True) for r in found if r is not None), style="dim"
            )
        return ids

    def _zone(self, ident: str, errors: dict[str, str]) -> tzinfo | None:
        name = self._value(ident).strip()
        if not name:
            errors[ident] = "a zone is needed (Asia/Seoul)"
            return None
        try:
            return zone(name)
        except ValueError:
            errors[ident] = f"unknown zone {name!r}: use an IANA name (Asia/Seoul)"
            return None

    # ---------------------------------------------------------------- actions

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        event = self.validate()
        if event is None:
            first = next(name for name in FIELDS if name in self.errors)
            self.notify(f"{first}: {self.errors[first]}", title="Not saved", severity="error", markup=False)
            self.query_one(f"#{first}").focus()
            return
        self.result = event
        self.dismiss(event)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _default_day(trip: Trip, today: date) -> date:
    if trip.first_day <= today <= trip.last_day:
        return today
    return trip.first_day


def _preview(when: When) -> Text:
    day = when.local_date()
    text = f"→ {when.label()}"
    if isinstance(when, Exact):
        text += f" {when.start.tzname()}"
    if day is not None and when.precision in ("exact", "date", "part"):
        text += f", {day_heading(day)}"
    return Text(text, style="green")
