"""Deciding a sync: what the planner, the server and the last sync each say about every UID.

Pure: given the state of the last sync, the server's listing (with the
bytes of every resource that is new or changed there) and the planner's own
resources for the trip now, :func:`classify` says what to push, what came
from others (proposals), and which events changed on both sides (conflicts,
never settled silently). :mod:`planner.usecases.sync` runs the plan.

The rules, per UID:

* tracked, unchanged on both sides: nothing;
* changed (or deleted) only in the trip: push it (update with ``If-Match``,
  or delete, only what the planner published);
* changed (or deleted) only on the server: a proposal (``--pull`` takes it);
* changed on both sides: a conflict, unless the server's copy is exactly
  ours (a push whose answer was lost), which is adopted;
* not tracked: ours only -> add (``If-None-Match: *``); the server's only ->
  a proposal (someone added it); both -> adopted if equal, else a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from planner.remote.objects import digest, fingerprint
from planner.remote.state import Entry

Choice = Literal["ours", "theirs"]


@dataclass(frozen=True)
class Seen:
    """A resource on the server now: where, its ETag, and its bytes when they were read."""

    href: str
    etag: str
    data: bytes | None


@dataclass(frozen=True)
class Conflict:
    """An event changed on both sides (or deleted on one, changed on the other)."""

    uid: str
    why: str
    ours: bytes | None
    theirs: bytes | None
    href: str
    etag: str | None
    """The server's ETag now (``None`` when deleted there)."""


@dataclass
class Plan:
    """What a sync will do, by UID."""

    add: dict[str, str] = field(default_factory=dict)
    """UID -> resource path to create."""
    update: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """UID -> (path, the server ETag it must still have); ETag ``None`` re-creates a resource deleted there."""
    delete: dict[str, tuple[str, str]] = field(default_factory=dict)
    adopt: dict[str, Seen] = field(default_factory=dict)
    """The server holds exactly the planner's copy: record it, push nothing."""
    incoming: dict[str, tuple[Seen, str]] = field(default_factory=dict)
    """UID -> (the server's copy, ``added`` or ``changed``): proposals."""
    gone: dict[str, Entry] = field(default_factory=dict)
    """Published by the planner and deleted on the server by someone: proposals to delete in the trip."""
    forget: dict[str, str] = field(default_factory=dict)
    """UID -> why the state stops tracking it (gone on both sides; not the planner's to delete)."""
    conflicts: dict[str, Conflict] = field(default_factory=dict)

    @property
    def writes(self) -> int:
        return len(self.add) + len(self.update) + len(self.delete)


def classify(
    entries: Mapping[str, Entry],
    server: Mapping[str, Seen],
    local: Mapping[str, bytes],
    name_for: Mapping[str, str],
    keep: Mapping[str, Choice] | None = None,
) -> Plan:
    """The plan for every UID tracked, on the server, or in the trip.

    ``server`` maps UID -> :class:`Seen` (bytes present for every resource
    that is untracked or whose ETag changed); ``local`` UID -> the bytes the
    planner would publish; ``name_for`` UID -> the resource path a new one
    gets. ``keep`` settles conflicts: UID (or ``*`` for all) -> ``ours`` or
    ``theirs``.
    """
    keep = keep or {}
    plan = Plan()
    for uid in sorted(set(entries) | set(server) | set(local)):
        e, s, ours = entries.get(uid), server.get(uid), local.get(uid)
        conflict: Conflict | None = None
        if e is None:
            if s is None:
                if ours is not None:
                    plan.add[uid] = name_for[uid]
            elif ours is None:
                plan.incoming[uid] = (s, "added")
            elif _same(ours, s.data):
                plan.adopt[uid] = s
            else:
                conflict = Conflict(uid, "on the server already, and different", ours, s.data, s.href, s.etag)
        else:
            server_changed = s is None or s.etag != e.etag
            local_changed = ours is None or digest(ours) != e.pushed
            if s is None:
                if ours is None:
                    plan.forget[uid] = "deleted on both sides"
                elif not local_changed:
                    plan.gone[uid] = e
                else:
                    conflict = Conflict(uid, "deleted on the server, changed in the trip", ours, None, e.href, None)
            elif ours is None:
                if e.origin != "planner":
                    plan.forget[uid] = "not in the trip any more; left on the server (the planner did not publish it)"
                elif not server_changed:
                    plan.delete[uid] = (s.href, s.etag)
                else:
                    conflict = Conflict(uid, "deleted in the trip, changed on the server", None, s.data, s.href, s.etag)
            elif not server_changed and not local_changed:
                continue
            elif not server_changed:
                plan.update[uid] = (s.href, s.etag)
            elif not local_changed:
                plan.incoming[uid] = (s, "changed")
            elif _same(ours, s.data):
                plan.adopt[uid] = s
            else:
                conflict = Conflict(uid, "changed on both sides", ours, s.data, s.href, s.etag)
        if conflict is not None:
            _settle(plan, conflict, keep.get(uid) or keep.get("*"), e)
    return plan


def _same(ours: bytes, theirs: bytes | None) -> bool:
    if theirs is None:
        return False
    try:
        return fingerprint(ours) == fingerprint(theirs)
    except ValueError:
        return False


def _settle(plan: Plan, c: Conflict, choice: Choice | None, e: Entry | None) -> None:
    """Turn a conflict into a push (ours) or a proposal to take (theirs), or leave it reported."""
    if choice == "ours":
        if c.ours is None:
            plan.delete[c.uid] = (c.href, c.etag or "")
        else:
            plan.update[c.uid] = (c.href, c.etag)
    elif choice == "theirs":
        if c.theirs is None:
            if e is not None:
                plan.gone[c.uid] = e
        else:
            plan.incoming[c.uid] = (Seen(c.href, c.etag or "", c.theirs), "changed")
    else:
        plan.conflicts[c.uid] = c
