"""Add or edit a person or a place of a trip, in a dialog that checks as you type.

Like the event form, it returns the finished model object (``Person`` or
``Place``) or ``None``, and the timeline screen applies it through the session.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from planner.model.names import ID_RE, reserved_name, zone
from planner.model.trip import Person, Place, Trip
from planner.model.visibility import default_of
from planner.model.when import zone_name
from planner.text.safe import clean, shorten
from planner.tui.screens.form_keys import ACCEPT_LABEL, FORM_BINDINGS, FormKeys, example
from planner.tui.widgets.levels import level_select

PERSON_FIELDS = (
    ("id", "id", "kim-hyun-kyum (lower-case, digits, -)"),
    ("name", "name", "romanised, as the person writes it (required)"),
    ("name_ko", "Korean", "김현겸"),
    ("role", "role", "President"),
    ("org", "org", "dallas-kacc (an organisation id)"),
    ("phone", "phone", "+82-10-0000-0000"),
    ("email", "e-mail", "name@example.org"),
    ("kakao", "KakaoTalk", "KakaoTalk id"),
    ("documents", "documents", "passport number, expiry, visa"),
)
MARKED = ("phone", "email", "kakao", "documents")
"""A person's fields with their own visibility, chosen beside each (``<field>_visibility``)."""
PLACE_FIELDS = (
    ("id", "id", "lotte-hotel-seoul (lower-case, digits, -)"),
    ("name", "name", "English name (required)"),
    ("name_ko", "Korean", "롯데호텔 서울"),
    ("address", "address", "30 Eulji-ro, Jung-gu, Seoul"),
    ("city", "city", "Seoul"),
    ("tz", "zone", "Asia/Seoul (an IANA zone)"),
)


class RecordForm(FormKeys, ModalScreen[Person | Place | None]):
    """``RecordForm(trip, Person)`` adds a person; ``RecordForm(trip, Person, person)`` edits one."""

    BINDINGS = list(FORM_BINDINGS)

    def __init__(self, trip: Trip, kind: type[Person] | type[Place], record: Person | Place | None = None):
        super().__init__()
        self.trip = trip
        self.kind = kind
        self.record = record
        self.fields = PERSON_FIELDS if kind is Person else PLACE_FIELDS
        self.errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        what = "person" if self.kind is Person else "place"
        heading = Text(f"{'Edit' if self.record else 'New'} {what}", style="bold")
        heading.append(f" · {clean(self.trip.display_title(), single_line=True)}", style="dim")
        with Vertical(id="form"):
            yield Static(heading, id="form-title")
            with VerticalScroll(id="form-fields"):
                for name, label, placeholder in self.fields:
                    with Horizontal(classes="field", id=f"row-{name}"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            self._initial(name),
                            placeholder=example(placeholder) if name not in ("name",) else placeholder,
                            id=name,
                            compact=True,
                            disabled=name == "id" and self.record is not None,
                        )
                        if self.kind is Person and name in MARKED:
                            select = level_select(f"{name}_visibility", self._level(f"{name}_visibility"), short=True)
                            select.add_class("level")
                            yield select
                        yield Static("", id=f"{name}-error", classes="field-error")
                if self.kind is Place:
                    with Horizontal(classes="field", id="row-visibility"):
                        yield Label("shown to", classes="field-label")
                        yield level_select("visibility", self._level("visibility"))
                        yield Static("", id="visibility-error", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Button(ACCEPT_LABEL, id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")
        yield Footer(compact=True, show_command_palette=False)

    def _initial(self, name: str) -> str:
        if self.record is None:
            return zone_name(self.trip.event_tz) if name == "tz" else ""
        value = getattr(self.record, name)
        # Shown as typed text: control characters from the file would reach the terminal.
        return zone_name(value) if name == "tz" and value is not None else clean(value or "")

    def _level(self, key: str) -> str:
        """The record's ``key`` level (a new record: the field's default)."""
        if self.record is not None:
            return str(getattr(self.record, key))
        return default_of(key.removesuffix("_visibility"))

    def _chosen(self, key: str) -> str:
        return str(self.query_one(f"#{key}", Select).value)

    def on_mount(self) -> None:
        next(box for box in self.query(Input) if not box.disabled).focus()
        self.validate()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.validate()

    def _value(self, name: str) -> str:
        return " ".join(self.query_one(f"#{name}", Input).value.split())

    def validate(self) -> Person | Place | None:
        errors: dict[str, str] = {}
        ident = self._value("id")
        taken = {p.id for p in (self.trip.people if self.kind is Person else self.trip.places)}
        if self.record is None:
            if not ident:
                errors["id"] = "an id is needed"
            elif not ID_RE.fullmatch(ident):
                errors["id"] = "use lower-case letters, digits and '-'"
            elif self.kind is Person and reserved_name(ident):  # a person's id names their export file
                errors["id"] = f"{ident!r} is a name Windows keeps for a device"
            elif ident in taken:
                errors["id"] = f"{ident!r} is already used in this trip"
        if not self._value("name"):
            errors["name"] = "a name is needed"
        values = {name: self._value(name) for name, _label, _ph in self.fields}
        if self.kind is Person and values["org"] and self.trip.organisation(values["org"]) is None:
            errors["org"] = f"no organisation {shorten(values['org'])!r} in this trip"
        tz = None
        if self.kind is Place and values["tz"]:
            try:
                tz = zone(values["tz"])
            except ValueError:
                errors["tz"] = f"unknown zone {shorten(values['tz'])!r}: use an IANA name (Asia/Seoul)"
        for name, _label, _ph in self.fields:
            self.query_one(f"#{name}-error", Static).update(Text(errors.get(name, ""), style="bold red"))
            self.query_one(f"#row-{name}").set_class(name in errors, "invalid")
        self.errors = errors
        self.query_one("#save", Button).disabled = bool(errors)
        if errors:
            return None
        if self.kind is Person:
            person = self.record if isinstance(self.record, Person) else Person(id=ident, name=values["name"])
            # Text fields and their levels, all strings (a Person also has non-text fields, such as ``assumed``).
            changed: dict[str, Any] = {name: values[name] for name in ("name", "name_ko", "role", "org", *MARKED)}
            changed.update({f"{name}_visibility": self._chosen(f"{name}_visibility") for name in MARKED})
            return replace(person, **changed)
        place = self.record if isinstance(self.record, Place) else Place(id=ident, name=values["name"])
        return replace(
            place,
            name=values["name"],
            name_ko=values["name_ko"],
            address=values["address"],
            city=values["city"],
            tz=tz,
            visibility=self._chosen("visibility"),
        )

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        record = self.validate()
        if record is None:
            first = next(name for name, _l, _p in self.fields if name in self.errors)
            self.notify(f"{first}: {self.errors[first]}", title="Not saved", severity="error", markup=False)
            return
        self.dismiss(record)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
