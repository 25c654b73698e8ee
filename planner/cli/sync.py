"""``planner sync``: a trip to and from a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale ...).

The work is :func:`planner.usecases.sync.sync_trip`, shared with the TUI;
this module reads the options, gets the password (never from an argument),
and prints what was done, what was not, what waits on the server and every
conflict with both versions. Exit status: 0 when all went through, 1 when
the server failed (one line saying how) or a conflict is left, 2 for a bad
argument.
"""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._common import add_recipient
from planner.cli.commands import HELP

VERBS = {
    "add": "added",
    "update": "updated",
    "delete": "deleted",
    "adopt": "recorded",
    "pull": "pulled",
    "pull-delete": "deleted in the trip",
}
WOULD = {
    "add": "would add",
    "update": "would update",
    "delete": "would delete",
    "adopt": "would record",
    "pull": "would pull",
    "pull-delete": "would delete in the trip",
}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("sync", help=HELP["sync"])
    p.add_argument("trip", metavar="TRIP_ID", help="the trip to sync")
    p.add_argument(
        "--url",
        help="the server: https://caldav.fastmail.com/dav/, http://localhost:5232/ ... "
        "(default: url in the configuration file's [caldav] table)",
    )
    p.add_argument(
        "--user",
        help="user name on the server (default: [caldav] user; password: $PLANNER_CALDAV_PASSWORD, "
        "else [caldav] password, else asked)",
    )
    p.add_argument("--calendar", metavar="NAME", help="calendar name (default: the trip id; made when missing)")
    p.add_argument("--person", metavar="ID", help="only this person's events, in a calendar of their own")
    add_recipient(p)
    p.add_argument("--dry-run", action="store_true", help="say what would be done; change nothing anywhere")
    p.add_argument("--pull", action="store_true", help="take the server's changes by others into the trip")
    p.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="ours|theirs[=EVENT]",
        help="settle conflicts: keep the trip's version (ours) or the server's (theirs), for all or one event",
    )
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per request (default 30)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from planner import paths
    from planner.cli._common import UsageError, changed_on_disk, given, recipient, unknown
    from planner.storage import FileChangedError, describe_write_error, load_workspace
    from planner.storage.config import load_settings
    from planner.usecases.sync import Target, caldav_password, default_calendar, sync_trip

    folder = paths.workspace(args.dir)
    ws = load_workspace(folder)
    loaded = ws.files.get(args.trip)
    if loaded is None:
        raise UsageError(unknown("trip", args.trip, [t.id for t in ws.trips]))
    if args.person and args.person not in {p.id for p in loaded.trip.people}:
        raise UsageError(unknown("person", args.person, [p.id for p in loaded.trip.people]))
    account = load_settings().caldav  # a broken file stops here: file:line, exit 2
    args.url = args.url or account.url
    args.user = args.user if args.user is not None else account.user
    if not args.url:
        raise UsageError("--url: give the calendar server's address (or set url in the [caldav] table)")
    if not args.url.startswith(("http://", "https://")):
        raise UsageError(f"--url {given(args.url)}: give the server's address, starting with https:// (or http://)")
    keep = _keep(args.keep, {ev.id for ev in loaded.trip.events})
    level = recipient(args) or ""
    calendar = args.calendar or default_calendar(loaded.trip.id, args.person, args.recipient)
    target = Target(args.url, args.user or "", calendar, args.person or "", level)
    configured = account.password if account.url in ("", args.url) else ""  # never sent to another server
    import importlib.util

    from planner.remote.caldav_client import INSTALL_HINT

    if importlib.util.find_spec("caldav") is None:  # say so before asking for a password
        raise UsageError(INSTALL_HINT)
    try:
        password = caldav_password(args.url, args.user or "", configured=configured)
    except (EOFError, KeyboardInterrupt):  # no terminal to ask on, or the person gave up
        raise UsageError(
            "no CalDAV password: set PLANNER_CALDAV_PASSWORD, put it in the configuration file's "
            "[caldav] table, or run in a terminal to be asked; nothing was synced"
        ) from None
    try:
        result = sync_trip(
            folder, loaded, target, password, dry_run=args.dry_run, pull=args.pull, keep=keep, timeout=args.timeout
        )
    except FileChangedError as exc:
        raise UsageError(changed_on_disk(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write: {describe_write_error(exc)}") from None
    _print(result, loaded.trip.id, calendar, args)
    return 0 if result.ok else 1


def _keep(values: list[str], event_ids: set[str]) -> dict[str, Any]:
    from planner.cli._common import UsageError, given, unknown

    out: dict[str, Any] = {}
    for value in values:
        choice, _, event = value.partition("=")
        if choice not in ("ours", "theirs"):
            raise UsageError(f"--keep {given(value)}: say ours or theirs, optionally =EVENT_ID")
        if event and event not in event_ids and "@" not in event:
            raise UsageError(f"--keep {given(value)}: " + unknown("event", event, sorted(event_ids)))
        out[event or "*"] = choice
    return out


def _print(result: Any, trip_id: str, calendar: str, args: argparse.Namespace) -> None:
    import sys

    from planner.cli._common import note
    from planner.remote.objects import summary
    from planner.text.safe import clean

    def line(text: str) -> None:
        print(clean(text))

    where = result.calendar_path or f"{calendar} (not on the server yet)"
    head = f"{trip_id} ↔ {args.url.rstrip('/')}{where if where.startswith('/') else ' ' + where}"
    line(head + (" (calendar created)" if result.created_calendar else "") + (" — dry run" if result.dry_run else ""))
    verbs = WOULD if result.dry_run else VERBS
    for step in result.done:
        line(f"  {verbs.get(step.action, step.action):<10} {step.uid}: {step.title}")
    if result.pulled is not None:
        o = result.pulled.outcome
        line(
            f"  the trip file {result.pulled.verb}: {len(o.added)} added, {len(o.updated)} updated, "
            f"{len(o.unchanged)} unchanged, {len(o.skipped)} skipped"
        )
        for item, reason in o.skipped:
            line(f"  not taken  {item.label()}: {reason}")
        for notice in o.notices:
            note(notice)
    for notice in result.notices:
        note(notice)
    if not result.done and not result.conflicts and result.error is None:
        line("  nothing to do: the calendar holds the trip as it is")
    if result.proposals:
        line(f"waiting on the server ({len(result.proposals)}; --pull takes them into the trip):")
        for step in result.proposals:
            line(f"  {step.action:<10} {step.uid}: {step.title}")
    if result.conflicts:
        line(
            f"conflicts ({len(result.conflicts)}), left as they are: settle with --keep ours or --keep theirs "
            "(all), or --keep ours=EVENT_ID"
        )
        for c in result.conflicts:
            line(f"  {c.uid}: {c.why}")
            for side, data in (("ours (the trip)", c.ours), ("theirs (the server)", c.theirs)):
                found = summary(data) if data else None
                line(f"    {side}: " + ("; ".join(found.lines()) if found else "deleted"))
    if result.error is not None:
        print(f"planner: sync stopped: {clean(str(result.error))}", file=sys.stderr)
        if result.not_done:
            line(f"not done ({len(result.not_done)}; the next sync does them):")
            for step in result.not_done:
                line(f"  {step.action:<10} {step.uid}: {step.title}")
        if result.done or result.not_done:
            line("the trip file is as it was before the push; the sync state records what reached the server")
        else:
            line("nothing was changed, in the trip or on the server")
