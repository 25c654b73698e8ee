"""Two-way sync of a trip with a CalDAV calendar: pull proposals, push the planner's events, report both.

``planner sync`` and the TUI's sync call :func:`sync_trip`. What is pushed
is what ``planner export`` writes for the same reader
(:func:`planner.usecases.export.plan_export`), cut into one resource per
UID; what comes back is merged by :func:`planner.usecases.importing.import_calendar`,
with the importer's guarantees (by UID, nothing written when the file
cannot be read, SEQUENCE never going back). :mod:`planner.usecases.sync_plan`
decides; this module talks to the server, writes the trip and the state, and
says what was done and what was not. Nothing here prints or asks.

Order of a run: read the server (listing, then the bytes of what is new or
changed), take the server's changes into the trip when asked (``pull``, or a
conflict settled as ``theirs``), then push. The state is saved after every
write that reached the server, so a run cut off half-way leaves a state the
next run repairs from; the trip's export stamps are recorded only when the
whole push went through.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.remote.caldav_client import DEFAULT_TIMEOUT, Connection, Listing, RemoteError, resource_name
from planner.remote.objects import digest, join, split, summary, uid_of
from planner.remote.state import Entry, SyncState, load, save, state_key, state_path
from planner.usecases.sync_plan import Choice, Conflict, Plan, Seen, classify

if TYPE_CHECKING:
    from planner.storage.writer import LoadedTrip
    from planner.usecases.importing import Imported

PASSWORD_ENV = "PLANNER_CALDAV_PASSWORD"


def caldav_password(url: str, user: str, *, configured: str = "", prompt: Callable[[str], str] | None = None) -> str:
    """The CalDAV password: ``$PLANNER_CALDAV_PASSWORD``, else ``configured`` (the configuration file's
    ``[caldav] password``), else asked with ``prompt`` (``getpass`` by default).

    Never an argument on the command line (other users could read it in the
    process list).
    """
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if configured:
        return configured
    if prompt is None:
        import getpass

        prompt = getpass.getpass
    return prompt(f"CalDAV password for {user or 'you'} at {url}: ")


@dataclass(frozen=True)
class Target:
    """Where a trip is synced: a server, a user, a calendar name, and the reader it is written for."""

    url: str
    user: str
    calendar: str
    person: str = ""
    level: str = ""
    """``public``, ``delegation`` or ``organisers``; empty for the default (see :func:`plan_export`)."""


def default_calendar(trip_id: str, person: str | None = None, level: str | None = None) -> str:
    """The calendar a trip syncs to without ``--calendar``: its id, with the person and a reader level."""
    return "-".join(x for x in (trip_id, person, level) if x)


@dataclass(frozen=True)
class Step:
    """One thing done (or to do) to one event: ``add``, ``update``, ``delete``, ``adopt``, ``pull`` ..."""

    action: str
    uid: str
    title: str


@dataclass
class Result:
    """What a sync did and did not do."""

    state_path: Path
    calendar_path: str = ""
    created_calendar: bool = False
    dry_run: bool = False
    done: list[Step] = field(default_factory=list)
    not_done: list[Step] = field(default_factory=list)
    proposals: list[Step] = field(default_factory=list)
    """Server changes by others waiting to be pulled (``--pull``)."""
    conflicts: list[Conflict] = field(default_factory=list)
    pulled: Imported | None = None
    error: RemoteError | None = None
    notices: list[str] = field(default_factory=list)
    """Why server copies could not be taken (the importer's messages, naming the line)."""

    @property
    def ok(self) -> bool:
        return self.error is None and not self.conflicts


def _title(data: bytes | None, uid: str) -> str:
    found = summary(data) if data else None
    return found.title if found and found.title else uid


def local_objects(loaded: LoadedTrip, target: Target, now: datetime) -> tuple[dict[str, bytes], LoadedTrip | None]:
    """UID -> the resource the planner publishes for the trip now, and the trip with new stamps when they changed."""
    from planner.usecases.export import plan_export

    plan = plan_export(
        [loaded.trip], person=target.person or None, out=Path("unused.ics"), now=now, reader=target.level or None
    )
    stamped = replace(loaded, trip=plan.trips[0]) if plan.changed else None
    if not plan.files:
        return {}, stamped
    return split(plan.files[0].data), stamped


def sync_trip(
    folder: Path,
    loaded: LoadedTrip,
    target: Target,
    password: str | None,
    *,
    dry_run: bool = False,
    pull: bool = False,
    keep: Mapping[str, Choice] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    now: datetime | None = None,
) -> Result:
    """Sync the trip in ``loaded`` with the calendar of ``target``; see the module's notes.

    ``keep`` settles conflicts: event id, UID or ``*`` -> ``ours``/``theirs``.
    A network or server failure does not raise: it is ``Result.error``, with
    what was done before it in ``done`` and the rest in ``not_done``.

    Raises ``ValueError`` (an unreadable state file) and the trip file
    errors of saving (``FileChangedError``, ``OSError``), with nothing sent.
    """
    now = now or datetime.now(UTC)
    trip = loaded.trip
    path = state_path(folder, trip.id, state_key(target.url, target.user, target.calendar, target.person, target.level))
    state = load(path) or SyncState(trip.id, target.url, target.user, target.calendar, target.person, target.level)
    result = Result(path, dry_run=dry_run)
    keep_by_uid = _keep_by_uid(loaded, keep or {})
    conn: Connection | None = None
    try:
        conn = Connection(target.url, target.user or None, password, timeout)
        cal = conn.find_calendar(target.calendar)
        if cal is None and not dry_run:
            cal = conn.make_calendar(target.calendar)
            result.created_calendar = True
        if cal is None or cal != state.calendar_path:
            state.entries.clear()  # a new (or re-created) calendar: nothing of the old state holds
        state.calendar_path = result.calendar_path = cal or ""
        listing = conn.listing(cal) if cal else Listing({}, None, None)
        server = _read_server(conn, cal or "", state, listing)
        local, _stamped = local_objects(loaded, target, now)
        plan = classify(state.entries, server, local, _names(cal or "", local), keep_by_uid)
        take = {uid: v for uid, v in plan.incoming.items() if pull or keep_by_uid.get(uid) == "theirs"}
        drop = {uid: e for uid, e in plan.gone.items() if pull or keep_by_uid.get(uid) == "theirs"}
        if (take or drop) and not dry_run:
            loaded = _take(folder, loaded, state, take, drop, result)
            save(path, state)
            local, _stamped = local_objects(loaded, target, now)
            plan = classify(state.entries, server, local, _names(cal or "", local), keep_by_uid)
        elif take or drop:
            result.done += [Step("pull", uid, _title(s.data, uid)) for uid, (s, _k) in take.items()]
            result.done += [Step("pull-delete", uid, uid) for uid in drop]
        _report_waiting(plan, result, skip=set(take) | set(drop) if dry_run else set())
        _push(conn, plan, local, state, path, result, dry_run)
        if not dry_run:
            if _stamped is not None and plan.writes:
                from planner.storage import save as save_trip

                save_trip(loaded, _stamped.trip)
            if plan.writes:
                state.ctag, state.sync_token = conn.tags(cal or "")
            else:
                state.ctag, state.sync_token = listing.ctag, listing.sync_token
            state.last_sync = state.last_attempt = now.isoformat(timespec="seconds")
            state.waiting = [s.uid for s in result.proposals]
            save(path, state)
    except RemoteError as exc:
        result.error = exc
        if not dry_run and state.calendar_path:
            state.last_attempt = now.isoformat(timespec="seconds")
            save(path, state)
    finally:
        if conn is not None:
            conn.close()
    return result


def _keep_by_uid(loaded: LoadedTrip, keep: Mapping[str, Choice]) -> dict[str, Choice]:
    """``--keep`` choices by UID: an event id of the trip is turned into its UID; ``*`` stays."""
    from planner.ical.writer import event_uid

    uids = {ev.id: event_uid(loaded.trip, ev) for ev in loaded.trip.events}
    return {uids.get(k, k): v for k, v in keep.items()}


def _names(calendar: str, local: Mapping[str, bytes]) -> dict[str, str]:
    return {uid: calendar.rstrip("/") + "/" + resource_name(uid) for uid in local}


def _read_server(conn: Connection, calendar: str, state: SyncState, listing: Listing) -> dict[str, Seen]:
    """UID -> the server's resource; bytes are read for every resource untracked or changed since the last sync."""
    by_href = {e.href: uid for uid, e in state.entries.items()}
    need = [h for h, tag in listing.etags.items() if h not in by_href or state.entries[by_href[h]].etag != tag]
    fetched = conn.fetch(calendar, need)
    out: dict[str, Seen] = {}
    for href, tag in listing.etags.items():
        data = fetched.get(href, (tag, None))[1]
        uid = by_href.get(href) or (uid_of(data) if data else None)
        if uid is not None:
            out[uid] = Seen(href, tag, data)
    return out


def _take(
    folder: Path,
    loaded: LoadedTrip,
    state: SyncState,
    take: Mapping[str, tuple[Seen, str]],
    drop: Mapping[str, Entry],
    result: Result,
) -> LoadedTrip:
    """Merge the server's copies into the trip (the importer), and remove the events deleted there; the trip reloaded."""
    from planner.ical.reader import IcsError
    from planner.ical.writer import event_uid
    from planner.storage import load_file
    from planner.storage import save as save_trip
    from planner.usecases.importing import import_calendar

    done: Imported | None = None
    if take:
        data = join(s.data for s, _kind in take.values() if s.data)
        try:
            done = import_calendar(folder, loaded, loaded.trip.id, data, f"the calendar at {state.url}")
        except IcsError as exc:  # nothing written: every copy stays a proposal, with the reason
            result.notices += exc.messages
    if done is not None:
        result.pulled = done
        loaded = load_file(loaded.path)
        accepted = {event_uid(done.outcome.trip, ev) for ev in (*done.outcome.added, *done.outcome.updated)}
        accepted |= {event_uid(done.outcome.trip, ev) for ev in done.outcome.unchanged}
        for uid, (seen, _kind) in take.items():
            if uid in accepted:
                origin = state.entries[uid].origin if uid in state.entries else "server"
                state.entries[uid] = Entry(seen.href, seen.etag, None, origin)
                result.done.append(Step("pull", uid, _title(seen.data, uid)))
            else:
                result.not_done.append(Step("pull", uid, _title(seen.data, uid)))
    if drop:
        trip = loaded.trip
        kept = tuple(ev for ev in trip.events if event_uid(trip, ev) not in drop)
        if len(kept) != len(trip.events):
            loaded = save_trip(loaded, replace(trip, events=kept))
        for uid in drop:
            state.entries.pop(uid, None)
            result.done.append(Step("pull-delete", uid, uid))
    return loaded


def _report_waiting(plan: Plan, result: Result, skip: set[str]) -> None:
    for uid, (seen, kind) in plan.incoming.items():
        if uid not in skip:
            result.proposals.append(Step(kind, uid, _title(seen.data, uid)))
    for uid in plan.gone:
        if uid not in skip:
            result.proposals.append(Step("deleted", uid, uid))
    result.conflicts.extend(plan.conflicts.values())


def _push(
    conn: Connection,
    plan: Plan,
    local: Mapping[str, bytes],
    state: SyncState,
    path: Path,
    result: Result,
    dry_run: bool,
) -> None:
    """Adopt, add, update and delete on the server, saving the state after each; raises when cut off."""
    for uid, seen in plan.adopt.items():
        state.entries[uid] = Entry(seen.href, seen.etag, digest(local[uid]), _origin(state, uid))
        result.done.append(Step("adopt", uid, _title(local[uid], uid)))
    for uid in plan.forget:
        state.entries.pop(uid, None)
    steps: list[tuple[str, str]] = [("add", u) for u in plan.add] + [("update", u) for u in plan.update]
    steps += [("delete", u) for u in plan.delete]
    missing_etag = False
    for i, (action, uid) in enumerate(steps):
        title = _title(local.get(uid), uid) if action != "delete" else uid
        if dry_run:
            result.done.append(Step(action, uid, title))
            continue
        try:
            if action == "add":
                href = plan.add[uid]
                etag = conn.put(href, local[uid], etag=None)
                state.entries[uid] = Entry(href, etag, digest(local[uid]), "planner")
            elif action == "update":
                href, old = plan.update[uid]
                etag = conn.put(href, local[uid], etag=old)
                state.entries[uid] = Entry(href, etag, digest(local[uid]), _origin(state, uid))
            else:
                href, old = plan.delete[uid]
                conn.delete(href, etag=old)
                state.entries.pop(uid, None)
                etag = "-"
        except RemoteError:
            result.not_done += [Step(a, u, _title(local.get(u), u)) for a, u in steps[i:]]
            raise
        missing_etag |= etag is None
        result.done.append(Step(action, uid, title))
        save(path, state)
    if missing_etag:  # the server did not say the new ETags: read them, so the next sync sees no change
        listing = conn.listing(state.calendar_path)
        for entry in state.entries.values():
            if entry.etag is None and entry.href in listing.etags:
                entry.etag = listing.etags[entry.href]


def _origin(state: SyncState, uid: str) -> str:
    return state.entries[uid].origin if uid in state.entries else "planner"


@dataclass(frozen=True)
class Status:
    """A trip's sync with one calendar, as the last run left it, and (when asked) whether the server moved since."""

    state: SyncState
    changed: bool | None = None
    """``True``: the calendar changed since the last sync (ctag or sync-token); ``None``: not asked, or unknown."""
    error: str = ""


def sync_status(folder: Path, trip_id: str) -> list[Status]:
    """The trip's last syncs, from the state files alone (no network: cheap enough for any screen)."""
    from planner.remote.state import states_of

    return [Status(s) for s in states_of(folder, trip_id)]


def server_changes(status: Status, password: str | None, *, timeout: float = 10.0) -> Status:
    """Ask the server whether the calendar changed since the last sync: one PROPFIND of its ctag and sync-token.

    Only the calendar's tags are read, so this is cheap; it is still a
    network call, made on demand (the TUI's "check"), never at start.
    """
    s = status.state
    if not s.calendar_path:
        return replace(status, changed=None, error="never synced")
    try:
        conn = Connection(s.url, s.user or None, password, timeout)
        try:
            ctag, token = conn.tags(s.calendar_path)
        finally:
            conn.close()
    except RemoteError as exc:
        return replace(status, changed=None, error=str(exc))
    if ctag is None and token is None:
        return replace(status, changed=None, error="the server gives no ctag or sync-token; run a sync to see")
    return replace(status, changed=(ctag, token) != (s.ctag, s.sync_token), error="")


def target_of(state: SyncState) -> Target:
    """The target a state was made for, to sync again from the TUI."""
    return Target(state.url, state.user, state.calendar, state.person, state.level)
