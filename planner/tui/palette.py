"""The timeline screen's command palette entries: every key, zone view, filter, trip, person and place, by name.

:mod:`planner.tui.commands` (the palette provider) shows what a screen's
``commands()`` returns; the timeline screen returns :func:`timeline_commands`.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, Protocol

from textual.binding import Binding, BindingType

from planner.model.trip import EVENT_KINDS, Person, Place
from planner.tui.commands import Command
from planner.tui.screens.sync import open_sync
from planner.tui.widgets.timeline import TimelineTable
from planner.usecases.editing import Session
from planner.views.filtering import Filter
from planner.views.rows import TIME_MODE_NAMES, TIME_MODES, TimeMode


class PaletteHost(Protocol):
    """What the timeline screen offers the palette (a protocol, so this module needs no screen import)."""

    BINDINGS: ClassVar[list[BindingType]]
    session: Session

    @property
    def table(self) -> TimelineTable: ...

    def run_action(self, action: str) -> object: ...

    def set_time_mode(self, mode: TimeMode) -> None: ...

    def set_filter(self, flt: Filter, *, update_box: bool = True) -> None: ...

    def action_clear_filter(self) -> None: ...

    def reload(self, trip_id: str) -> None: ...

    def save_as(self, trip_id: str) -> object: ...

    def action_edit_trip(self, trip_id: str | None = None) -> object: ...

    def action_draft(self, trip_id: str | None = None) -> object: ...

    def edit_record(
        self, kind: type[Person] | type[Place], record_id: str | None = None, trip_id: str | None = None
    ) -> object: ...


def timeline_commands(screen: PaletteHost) -> list[Command]:
    """Everything the palette offers on the timeline screen, in the order it lists them."""
    out: list[Command] = []
    for b in screen.BINDINGS:
        if isinstance(b, Binding) and b.description:
            out.append(
                (f"timeline: {b.description}", f"key {b.key_display or b.key}", partial(screen.run_action, b.action))
            )
    for mode in TIME_MODES:
        out.append((f"times: {TIME_MODE_NAMES[mode]}", "show times in this zone", partial(screen.set_time_mode, mode)))
    trips = sorted(screen.session.all_trips(), key=lambda t: t.first_day)
    for t in trips:
        out.append((f"filter: trip {t.id}", t.title, partial(screen.set_filter, Filter(trip=t.id))))
        out.append((f"go to: {t.id}", t.title, partial(screen.table.go_to_key, f"trip:{t.id}")))
        out.append(
            (f"file: reload {t.id} from disk", "drop unsaved changes to this trip", partial(screen.reload, t.id))
        )
        out.append(
            (
                f"file: save {t.id} as…",
                "write this trip as edited to a new file (a new trip id)",
                partial(screen.save_as, t.id),
            )
        )
    people: dict[str, str] = {}
    orgs: dict[str, str] = {}
    for t in trips:
        for p in t.people:
            people.setdefault(p.id, p.display())
        for o in t.organisations:
            orgs.setdefault(o.id, o.display())
    for t in trips:
        out.append((f"trips: edit {t.id}", t.title, partial(screen.action_edit_trip, t.id)))
        out.append(
            (
                f"trips: draft events into {t.id} from text",
                "paste a Korean schedule; drafts are added as tentative",
                partial(screen.action_draft, t.id),
            )
        )
        out.append(
            (
                f"people: add to {t.id}",
                "a delegation member or a counterpart",
                partial(screen.edit_record, Person, None, t.id),
            )
        )
        out.append((f"places: add to {t.id}", "a venue, a city", partial(screen.edit_record, Place, None, t.id)))
        out.append(
            (f"sync: {t.id}", "last sync and publish; check the server; sync now", partial(open_sync, screen, t.id))
        )
        for p in t.people:
            out.append((f"people: edit {p.id} ({t.id})", p.display(), partial(screen.edit_record, Person, p.id, t.id)))
        for pl in t.places:
            out.append(
                (f"places: edit {pl.id} ({t.id})", pl.display(), partial(screen.edit_record, Place, pl.id, t.id))
            )
    for pid, name in people.items():
        out.append((f"filter: person {pid}", name, partial(screen.set_filter, Filter(person=pid))))
    for oid, name in orgs.items():
        out.append((f"filter: org {oid}", name, partial(screen.set_filter, Filter(org=oid))))
    for kind in EVENT_KINDS:
        out.append((f"filter: kind {kind}", "only events of this kind", partial(screen.set_filter, Filter(kind=kind))))
    out.append(("filter: clear", "show everything", screen.action_clear_filter))
    return out
