"""Exporting trips as .ics: which files, with which bytes, after recording the export stamps.

Shared by ``planner export`` and the TUI's export key, which differ only in
what they do with the plan: the command saves the refreshed trips to their
files, the TUI records them as one undoable change. Nothing here prints,
asks, or writes a trip file. :mod:`planner.ical.writer` (and icalendar) is
imported when a plan is made, so importing this module costs a command
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from planner.model.rules import involves

if TYPE_CHECKING:
    from planner.ical.writer import Blocks
    from planner.model.reminders import Alarms
    from planner.model.trip import Event, Trip

DEFAULT_FOLDER = "exports"
"""Where exports go, under the current directory, unless the person says otherwise."""

Problem = Literal["no-events", "one-file-many-trips"]
"""Why a plan has no files: nothing matched the selection, or one ``.ics`` path for several trips."""


@dataclass(frozen=True)
class ExportFile:
    """One .ics file to write."""

    path: Path
    data: bytes
    events: tuple[Event, ...]
    todos: int
    """How many of ``events`` have no day yet, so are written as VTODO."""


@dataclass(frozen=True)
class ExportPlan:
    """Everything an export will do, decided before anything is written."""

    trips: tuple[Trip, ...]
    """The trips with their SEQUENCE and LAST-MODIFIED stamps refreshed, in the order given."""
    changed: dict[str, list[Event]]
    """Trip id -> the events whose stamps changed; those trips must be recorded (saved)."""
    files: tuple[ExportFile, ...]
    label: str
    """The calendar name of a person's or organisation's file ("" for per-trip files)."""
    problem: Problem | None = None
    """Set when there is nothing to write (then ``files`` is empty)."""

    @property
    def event_count(self) -> int:
        return sum(len(f.events) for f in self.files)

    @property
    def todo_count(self) -> int:
        return sum(f.todos for f in self.files)


def plan_export(
    trips: Sequence[Trip],
    *,
    person: str | None = None,
    org: str | None = None,
    kind: str | None = None,
    out: Path | None = None,
    now: datetime | None = None,
    label: str | None = None,
    reader: str | None = None,
    lang: str = "en",
    alarms: Alarms | None = None,
) -> ExportPlan:
    """Refresh the trips' export stamps and work out the files to write.

    Without ``person``, ``org`` or ``kind``, one file per trip, ``<trip id>.ics``;
    with them, one file of the matching events, ``<person>-<org>-<kind>.ics``
    (the TUI's filter ``person:`` ``org:`` ``kind:`` selects the same way).
    ``out`` is a folder (default ``./exports``), or the file itself when it
    ends in ``.ics``. ``label`` names a person's or organisation's calendar
    (default: their display names).

    ``reader`` is the recipient's level (``public``, ``delegation``,
    ``organisers``; ``--for``); a person's file defaults to ``delegation``,
    any other to ``organisers``. Every file but the organisers' full-trip
    export is made from :func:`planner.model.visibility.redact` and carries
    no ``X-PLANNER-*`` properties; a recipient's per-trip file is named
    ``<trip id>-<level>.ics``, and ``-<level>`` ends a person's or
    organisation's file name when ``reader`` is given.

    ``lang`` (``en``, ``ko``, ``both``; ``--lang``) words each entry's
    DESCRIPTION for its readers; a file in another language than ``en`` has
    ``-<lang>`` at the end of its name, so it never replaces the English file
    of the same trip. Its SEQUENCE stamps are those of the English content.

    ``alarms`` are the configuration's reminders by event kind (``[alarms]``
    in the configuration file, :func:`configured_alarms`); ``None`` writes
    only the reminders events set themselves.
    """
    from planner.ical import writer
    from planner.model.visibility import DELEGATION, ORGANISERS, redact

    level = reader or (DELEGATION if person else ORGANISERS)

    now = now or datetime.now(UTC)
    out = out if out is not None else Path.cwd() / DEFAULT_FOLDER
    # Refresh first, so SEQUENCE and LAST-MODIFIED come from the trip files.
    blocks: Blocks = {}  # each event's lines, made once for both the change check and the file
    current: list[Trip] = []
    changed: dict[str, list[Event]] = {}
    for trip in trips:
        new, stamped = writer.refresh(trip, now, blocks, alarms)
        if stamped:
            changed[trip.id] = stamped
        current.append(new)

    def plan(files: list[ExportFile], label: str = "", problem: Problem | None = None) -> ExportPlan:
        return ExportPlan(tuple(current), changed, tuple(files), label, problem)

    def file(path: Path, data: bytes, events: tuple[Event, ...]) -> ExportFile:
        return ExportFile(path, data, events, sum(1 for e in events if writer.is_todo(e)))

    one_file = out.suffix.lower() == ".ics"
    suffix = "" if lang == "en" else lang
    tail = f"-{suffix}" if suffix else ""
    if person or org or kind:
        chosen = []
        for trip in current:
            seen = redact(
                replace(trip, events=tuple(ev for ev in trip.events if _wanted(trip, ev, None, org, kind))),
                level,
                person,
            )
            if seen.events:
                chosen.append(writer.Selection(seen, seen.events))
        name = label if label is not None else selection_label(current, person, org, kind)
        if not chosen:
            return plan([], name, "no-events")
        stem = "-".join(x for x in (person, org, kind, reader, suffix) if x)
        path = out if one_file else out / f"{stem}.ics"
        data = writer.calendar_bytes(chosen, name, f"{name} · planner", planner_data=False, lang=lang, alarms=alarms)
        return plan([file(path, data, tuple(e for s in chosen for e in s.events))], name)
    if one_file and len(current) > 1:
        return plan([], problem="one-file-many-trips")
    if level != ORGANISERS:
        seen_trips = [t for t in (redact(t, level) for t in current) if t.events]
        if not seen_trips:
            return plan([], problem="no-events")
        return plan(
            [
                file(
                    out if one_file else out / f"{t.id}-{level}{tail}.ics",
                    writer.trip_calendar_bytes(t, planner_data=False, lang=lang, alarms=alarms),
                    t.events,
                )
                for t in seen_trips
            ]
        )
    return plan(
        [
            file(
                out if one_file else out / f"{trip.id}{tail}.ics",
                writer.trip_calendar_bytes(trip, blocks, lang=lang, alarms=alarms),
                trip.events,
            )
            for trip in current
        ]
    )


def configured_alarms() -> Alarms:
    """The alarms by event kind of the configuration file (``[alarms]``), for both front ends' exports.

    Raises:
        planner.storage.config.ConfigError: the configuration file is broken (each problem at its line).
    """
    from planner.storage.config import load_settings

    return load_settings().alarms


def write_file(file: ExportFile) -> bool:
    """Write one planned file atomically; returns False when it already held these bytes (left alone).

    Only ever a regular file (:func:`planner.storage.atomic.output_target`):
    a device, FIFO, folder or link out of the export folder at the file's
    name is refused, and so is a name Windows keeps for a device (``con.ics``,
    from a person or trip id ``con``).

    Raises:
        OSError: the folder or file could not be made or written; ``UnsafeTarget`` for the refusals above.
    """
    from planner.model.names import reserved_name
    from planner.storage.atomic import UnsafeTarget, output_target, write_output

    if reserved_name(file.path.name):
        raise UnsafeTarget(
            file.path, f"{file.path.name!r} is a name Windows keeps for a device; export under another name"
        )
    file.path.parent.mkdir(parents=True, exist_ok=True)
    if _holds(output_target(file.path), file.data):
        return False
    write_output(file.path, file.data)
    return True


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data`` (sizes compared first)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_export(plan: ExportPlan) -> list[bool]:
    """Write every file of the plan (see :func:`write_file`); stops at the first error."""
    return [write_file(f) for f in plan.files]


def selection_label(trips: Sequence[Trip], person: str | None, org: str | None, kind: str | None = None) -> str:
    """The display names of the person, organisation and kind an export selects, for its calendar name."""
    parts = []
    if person:
        p = next((p for t in trips for p in t.people if p.id == person), None)
        parts.append(p.display() if p else person)
    if org:
        o = next((o for t in trips for o in t.organisations if o.id == org), None)
        parts.append(o.display() if o else org)
    if kind:
        from planner.model.trip import KIND_LABELS

        parts.append(KIND_LABELS.get(kind, kind))
    return " · ".join(parts)


def _wanted(trip: Trip, ev: Event, person: str | None, org: str | None, kind: str | None = None) -> bool:
    if kind and ev.kind != kind:
        return False
    if org and org not in ev.orgs:
        return False
    if person:
        return involves(trip, ev, person)
    return True


def workspace_exports(folder: Path) -> Path:
    """Where the TUI writes exports: the workspace's own ``exports`` folder, whatever the current directory."""
    return folder / DEFAULT_FOLDER


def would_overwrite(plan: ExportPlan) -> list[Path]:
    """The plan's files that exist with other bytes: writing them replaces someone's file, so ask first."""
    from planner.storage.atomic import output_target

    out = []
    for f in plan.files:
        try:
            if f.path.exists() and not _holds(output_target(f.path), f.data):
                out.append(f.path)
        except OSError:
            continue  # not a file to write at all: the write refuses it and says why
    return out


def stamped_base(base: Trip, stamped: Trip) -> Trip:
    """``base`` (the trip as its file holds it) with the export stamps of ``stamped``'s events of the same id.

    Recording an export writes only these stamps to the trip file, so the
    edits not saved yet stay unsaved, and an export never makes a trip unsaved.
    """
    stamps = {e.id: e for e in stamped.events}
    events = []
    for ev in base.events:
        new = stamps.get(ev.id)
        if new is None:
            events.append(ev)
        else:
            events.append(
                replace(ev, ical_sequence=new.ical_sequence, ical_hash=new.ical_hash, ical_modified=new.ical_modified)
            )
    return replace(base, events=tuple(events))
