"""The event dialog's fields checked without a screen: what is wrong with each, a note beside it, and the finished Event.

The TUI's event form reads its widgets into :class:`EventFields` and shows what
:func:`check_event` says beside each field; keeping the checks here lets them be
read (and tested) without Textual, and keeps the screen to layout and keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, timedelta, tzinfo

from planner.model.days import days_covered, outside_trip
from planner.model.names import zone
from planner.model.trip import VISIBILITIES, Event, Organisation, Person, Trip
from planner.model.visibility import DEFAULT
from planner.model.when import Exact, OnDate, PartOfDay, Span, Unscheduled, When, zone_name
from planner.text.dates import TripDays, WhenError, WhenRead, read_when
from planner.text.labels import date_range, day_heading
from planner.text.lookup import resolve
from planner.text.safe import clean
from planner.usecases.editing import new_event_id
from planner.usecases.repeat_fields import RepeatFields, read_repeat

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
    "repeat",
    "except",
    "place",
    "people",
    "counterparts",
    "orgs",
    "outcome",
    "notes",
    "visibility",
    "notes_visibility",
)
"""The form's fields, in the order they are shown (the first wrong one is reported)."""


@dataclass(frozen=True)
class EventFields:
    """What is typed or chosen in each field; a choice left blank is ``None``."""

    title: str = ""
    title_ko: str = ""
    kind: str | None = None
    status: str | None = None
    precision: str | None = None
    when: str = ""
    part: str | None = None
    tz: str = ""
    end_tz: str = ""
    place: str | None = None
    people: str = ""
    counterparts: str = ""
    orgs: str = ""
    outcome: str = ""
    notes: str = ""
    visibility: str | None = None
    """Who may see the event (``None``: the default, ``delegation``)."""
    notes_visibility: str | None = None
    """Who may see its notes (``None``: the default, ``delegation``)."""
    repeat: RepeatFields | None = None
    """The repeat fields (``None``: the event's series, if any, is kept as it is)."""


@dataclass
class Checked:
    """The verdict on the fields: a problem or a note per field, and the event when nothing is wrong."""

    event: Event | None = None
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    """Shown beside a field that is right: the names of the ids typed, or (for ``when``) the time understood."""
    zones: dict[str, str] = field(default_factory=dict)
    """Zone fields (``tz``, ``end_tz``) to set to the IANA name typed with the time: it is used, and shown there."""
    extend_to: Span | None = None
    """The trip's dates stretched to take the event, which falls just outside them (ask before using)."""


EXTEND_DAYS = 3
"""How far outside a trip an event may fall and still offer to extend the trip (a flight the day before).

Further away it is more likely a mistyped date: refused, as before; the
trip's own form (``t``) changes its dates on purpose.
"""


def extension(trip: Trip, when: When) -> Span | None:
    """The trip's dates stretched to take ``when``, if it lies at most :data:`EXTEND_DAYS` outside them.

    ``None`` when it fits already, lies further away, has no day, or the trip is dated by a month.
    """
    if not isinstance(trip.dates, Span):
        return None
    if isinstance(when, Exact):
        covered = days_covered(when)
    elif isinstance(when, Span):
        covered = (when.first, when.last)
    elif isinstance(when, OnDate | PartOfDay):
        covered = (when.day, when.day)
    else:
        covered = None
    if covered is None:
        return None
    first, last = min(covered[0], trip.first_day), max(covered[1], trip.last_day)
    if (first, last) == (trip.first_day, trip.last_day):
        return None
    if (trip.first_day - first).days > EXTEND_DAYS or (last - trip.last_day).days > EXTEND_DAYS:
        return None
    return Span(first, last)


def default_day(trip: Trip, today: date) -> date:
    """The day a new event starts on: today during the trip, else the trip's first day."""
    if trip.first_day <= today <= trip.last_day:
        return today
    return trip.first_day


def check_event(trip: Trip, fields: EventFields, *, event: Event | None = None, day: date, today: date) -> Checked:
    """Check every field against ``trip``; with no error, the new event (or ``event`` edited)."""
    out = Checked()
    errors, notes = out.errors, out.notes
    title = " ".join(fields.title.split())
    if not title:
        errors["title"] = "a title is needed"
    tz = _zone("tz", fields.tz, errors)
    end_tz = _zone("end_tz", fields.end_tz, errors) if fields.end_tz.strip() else None
    precision = fields.precision or "exact"
    when: When | None = None
    said: WhenRead | None = None
    try:
        # With a mistyped zone the time is still checked (in UTC), so every problem shows at once.
        said = read_when(
            fields.when,
            precision,
            tz or UTC,
            end_tz=end_tz,
            day=day,
            part=fields.part,
            today=today,
            trips=(TripDays.of(trip),),
        )
        when = said.when
    except WhenError as exc:
        errors["when"] = str(exc)
    extra: list[str] = []
    if said is not None and isinstance(when, Exact):
        when, tz = _typed_zones(said, when, fields, tz, out, extra)
        when = _keep_length(when, event, said, extra)
    repeats = (
        (event is not None and event.repeat is not None) if fields.repeat is None else bool(fields.repeat.freq.strip())
    )
    if when is not None and repeats and precision not in ("exact", "date", "part"):
        errors["precision"] = "a repeating event needs a day: exact, date only or part of day"
    old_repeat = event.repeat if event is not None else None
    repeat = old_repeat
    if fields.repeat is not None and "precision" not in errors:
        repeat = read_repeat(
            fields.repeat, when, old_repeat, today=today, trips=(TripDays.of(trip),), errors=errors, notes=notes
        )
    if when is not None:
        problem = outside_trip(when, trip.dates)
        out.extend_to = extension(trip, when) if problem else None
        if problem and out.extend_to is None:
            errors["when"] = problem
        elif tz is not None:
            if out.extend_to is not None:
                span = out.extend_to
                extra.append(f"outside the trip: saving offers to extend it to {date_range(span.first, span.last)}")
            notes["when"] = "; ".join([preview(when), *extra])
    people = _ids("people", fields.people, trip.people, "person", errors, notes)
    counterparts = _ids("counterparts", fields.counterparts, trip.people, "person", errors, notes)
    orgs = _ids("orgs", fields.orgs, trip.organisations, "organisation", errors, notes)
    if errors or when is None or tz is None:
        return out
    base = event or Event(id=new_event_id(trip, title), title=title, when=Unscheduled(), tz=tz)
    out.event = replace(
        base,
        title=title,
        title_ko=" ".join(fields.title_ko.split()),
        kind=fields.kind or "other",
        status=fields.status or "confirmed",
        when=when,
        tz=tz,
        place=fields.place or "",
        people=people,
        counterparts=counterparts,
        orgs=orgs,
        outcome=_outcome(fields.outcome, event),
        notes=fields.notes.strip(),
        visibility=_level(fields.visibility),
        notes_visibility=_level(fields.notes_visibility),
        repeat=repeat,
    )
    return out


def _level(chosen: str | None) -> str:
    """A visibility chosen in the form; nothing chosen (or an unknown word) is the default."""
    return chosen if chosen in VISIBILITIES else DEFAULT


def _typed_zones(
    said: WhenRead, when: Exact, fields: EventFields, tz: tzinfo | None, out: Checked, extra: list[str]
) -> tuple[Exact, tzinfo | None]:
    """A zone typed with the time is used: it becomes the event's zone (and the end's), and the note says so."""
    extra.extend(said.notes)
    if said.zone is not None:
        if zone_name(said.zone) != fields.tz.strip():
            out.zones["tz"] = zone_name(said.zone)
            extra.append(f"zone set to {zone_name(said.zone)}")
        tz = said.zone
        out.errors.pop("tz", None)
    end_zone = said.end_zone
    if end_zone is not None and when.end is not None:
        typed_end = zone_name(end_zone)
        wanted = "" if typed_end == zone_name(tz) else typed_end
        if wanted != fields.end_tz.strip():
            out.zones["end_tz"] = wanted
            out.errors.pop("end_tz", None)
    return when, tz


def _keep_length(when: Exact, event: Event | None, said: WhenRead, extra: list[str]) -> Exact:
    """Retyping only the start of an event that had an end keeps its length (``+0`` drops the end)."""
    old = event.when if event is not None else None
    if when.end is not None or said.open_end or not isinstance(old, Exact) or old.end is None:
        return when
    length = old.end - old.start
    end_zone = old.end.tzinfo or when.start.tzinfo
    end = (when.start.astimezone(UTC) + length).astimezone(end_zone)
    extra.append(f"keeps its length of {_length(length)} (type +0 for no end)")
    return Exact(when.start, end)


def _length(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def preview(when: When) -> str:
    """How a correct time was understood, shown beside it: the time, its zone's abbreviation, the day."""
    day = when.local_date()
    text = f"→ {when.label()}"
    if isinstance(when, Exact):
        text += f" {when.start.tzname()}"
    if day is not None and when.precision in ("exact", "date", "part"):
        text += f", {day_heading(day)}"
    return text


def _outcome(typed: str, event: Event | None) -> str:
    typed = " ".join(typed.split())
    if event is not None and typed == " ".join(event.outcome.split()):
        return event.outcome  # untouched: keep it exactly as the file has it
    return typed


def _ids(
    name: str,
    typed: str,
    records: Sequence[Person] | Sequence[Organisation],
    what: str,
    errors: dict[str, str],
    notes: dict[str, str],
) -> tuple[str, ...]:
    """Ids for what is typed in field ``name``: ids or names (Hangul or romanised), by commas or spaces.

    Each must be declared in the trip; a name that fits several asks which
    (:func:`planner.text.lookup.resolve`).
    """
    found = resolve(records, typed, what)
    if found.problem:
        errors[name] = found.problem
    elif found.ids:
        by_id = {r.id: r for r in records}
        notes[name] = ", ".join(clean(by_id[i].display(), single_line=True) for i in found.ids)
    return found.ids


def _zone(name: str, typed: str, errors: dict[str, str]) -> tzinfo | None:
    typed = typed.strip()
    if not typed:
        errors[name] = "a zone is needed (Asia/Seoul)"
        return None
    try:
        return zone(typed)
    except ValueError:
        errors[name] = f"unknown zone {typed!r}: use an IANA name (Asia/Seoul)"
        return None
