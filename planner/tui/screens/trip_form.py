"""Edit a trip's own details (titles, status, dates, zones, notes), or start a new trip, in a checked dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from planner.model.days import outside_trip
from planner.model.names import ID_RE, reserved_name, zone
from planner.model.trip import TRIP_STATUSES, Trip
from planner.model.when import InMonth, Span, zone_name
from planner.text.dates import TripDays, WhenError, parse_when
from planner.text.safe import clean, shorten
from planner.tui.screens.form_keys import ACCEPT_LABEL, FORM_BINDINGS, FormKeys, example

FIELDS = ("title", "title_ko", "status", "dates", "home_tz", "local_tz", "notes")


class TripForm(FormKeys, ModalScreen[Trip | None]):
    """Returns the edited trip; refuses dates that would leave an event outside the trip."""

    BINDINGS = list(FORM_BINDINGS)

    def __init__(self, trip: Trip, *, new: bool = False, taken: frozenset[str] = frozenset()):
        """
        Args:
            trip: the trip to edit, or a template for a new one.
            new: ask for the new trip's id too (it names the file, so it must be free).
            taken: trip ids already in use (and file stems already in the folder).
        """
        super().__init__()
        self.trip = trip
        self.new = new
        self.taken = taken
        self.errors: dict[str, str] = {}

    @property
    def fields(self) -> tuple[str, ...]:
        return ("id", *FIELDS) if self.new else FIELDS

    def compose(self) -> ComposeResult:
        trip = self.trip
        dates = (
            f"{trip.dates.year:04d}-{trip.dates.month:02d}"
            if isinstance(trip.dates, InMonth)
            else f"{trip.dates.first} to {trip.dates.last}"
        )
        rows = [
            ("title", "title", Input(clean(trip.title), id="title", compact=True)),
            ("title_ko", "Korean", Input(clean(trip.title_ko), id="title_ko", compact=True)),
            (
                "status",
                "status",
                Select(
                    [(Text(s), s) for s in TRIP_STATUSES],
                    value=trip.status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                ),
            ),
            (
                "dates",
                "dates",
                Input(
                    dates,
                    placeholder=example("2021-10-18 to 2021-10-27, or a month: 2023-10"),
                    id="dates",
                    compact=True,
                ),
            ),
            ("home_tz", "home zone", Input(zone_name(trip.home_tz), id="home_tz", compact=True)),
            (
                "local_tz",
                "event zone",
                Input(
                    zone_name(trip.local_tz) if trip.local_tz else "",
                    placeholder="where events happen; empty = the home zone",
                    id="local_tz",
                    compact=True,
                ),
            ),
            ("notes", "notes", Input(clean(trip.notes), id="notes", compact=True)),
        ]
        if self.new:
            rows.insert(
                0,
                (
                    "id",
                    "id",
                    Input(
                        trip.id,
                        placeholder=example("busan-2025: names the file busan-2025.toml"),
                        id="id",
                        compact=True,
                    ),
                ),
            )
        heading = Text("New trip" if self.new else "Edit trip", style="bold")
        if not self.new:
            heading.append(f" · {trip.id}", style="dim")
        with Vertical(id="form"):
            yield Static(heading, id="form-title")
            with VerticalScroll(id="form-fields"):
                for name, label, widget in rows:
                    with Horizontal(classes="field", id=f"row-{name}"):
                        yield Label(label, classes="field-label")
                        yield widget
                        yield Static("", id=f"{name}-error", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Button(ACCEPT_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#id" if self.new else "#title", Input).focus()
        self.validate()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.validate()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def validate(self) -> Trip | None:
        errors: dict[str, str] = {}
        trip_id = self._value("id") if self.new else self.trip.id
        if self.new:
            if not ID_RE.fullmatch(trip_id):
                errors["id"] = "lower-case letters, digits and '-' (it becomes the file name)"
            elif reserved_name(trip_id):
                errors["id"] = f"{trip_id!r} is a name Windows keeps for a device (it becomes the file name)"
            elif trip_id in self.taken:
                errors["id"] = f"a trip or file {trip_id!r} already exists"
        title = " ".join(self._value("title").split())
        if not title:
            errors["title"] = "a title is needed"
        home = local = None
        try:
            home = zone(self._value("home_tz"))
        except ValueError:
            errors["home_tz"] = f"unknown zone {shorten(self._value('home_tz'))!r}: use an IANA name"
        if self._value("local_tz"):
            try:
                local = zone(self._value("local_tz"))
            except ValueError:
                errors["local_tz"] = f"unknown zone {shorten(self._value('local_tz'))!r}: use an IANA name"
        dates: Span | InMonth | None = None
        text = self._value("dates")
        try:
            # Edited, the trip's own dates settle a day typed without its year; a new trip has none
            # (its dates are a placeholder), so such a day is asked about, not put in this year.
            trips = () if self.new else (TripDays.of(self.trip),)
            month = parse_when(text, "month", UTC) if len(text) <= 7 and text[:4].isdigit() else None
            dates = month or parse_when(text, "span", UTC, trips=trips)  # type: ignore[assignment]
        except WhenError as exc:
            errors["dates"] = str(exc)
        if dates is not None:
            for ev in self.trip.events:
                problem = outside_trip(ev.when, dates)
                if problem:
                    errors["dates"] = f"{clean(ev.title, single_line=True)[:30]}: {problem}"
                    break
        for name in self.fields:
            self.query_one(f"#{name}-error", Static).update(Text(errors.get(name, ""), style="bold red"))
            self.query_one(f"#row-{name}").set_class(name in errors, "invalid")
        self.errors = errors
        self.query_one("#save", Button).disabled = bool(errors)
        if errors or home is None or dates is None:
            return None
        status = self.query_one("#status", Select).value
        return replace(
            self.trip,
            id=trip_id,
            title=title,
            title_ko=" ".join(self._value("title_ko").split()),
            status=str(status),
            dates=dates,
            home_tz=home,
            local_tz=local,
            notes=self._value("notes"),
        )

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        trip = self.validate()
        if trip is None:
            first = next(name for name in self.fields if name in self.errors)
            self.notify(f"{first}: {self.errors[first]}", title="Not saved", severity="error", markup=False)
            return
        self.dismiss(trip)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
