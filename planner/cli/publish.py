"""``planner publish``: subscription feeds of the trips in a folder, under secret addresses; ``--serve`` to try them.

The work is :func:`planner.usecases.publish.publish`; this module reads the
options, records the export stamps in the trip files (as ``planner export``
does, so the feeds are byte-stable), prints each feed and where the index
is, and with ``--serve`` serves the folder on 127.0.0.1 until interrupted.
"""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._common import RECIPIENTS
from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("publish", help=HELP["publish"])
    p.add_argument("trips", nargs="*", metavar="TRIP_ID", help="trips to publish (default: every trip)")
    p.add_argument("--out", metavar="DIR", required=True, help="the folder a web server or shared drive serves")
    p.add_argument("--base-url", metavar="URL", default="", help="the address DIR is served at, for the index")
    p.add_argument(
        "--for",
        dest="levels",
        action="append",
        choices=RECIPIENTS,
        help="a trip feed for this reader (repeatable; default: delegation); members always get their own",
    )
    p.add_argument("--rotate", metavar="ID", action="append", default=[], help="give this feed a new secret address")
    p.add_argument("--serve", action="store_true", help="then serve DIR on 127.0.0.1 to try it (not for the internet)")
    p.add_argument("--port", type=int, default=8765, help="port for --serve (default 8765; 0 picks a free one)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    from pathlib import Path

    from planner import paths
    from planner.cli._common import UsageError, changed_on_disk, given, note, unknown
    from planner.remote.feeds import feed_server
    from planner.storage import FileChangedError, describe_write_error, load_workspace, save
    from planner.usecases.publish import DEFAULT_LEVELS, feed_id, feed_url, publish

    folder = paths.workspace(args.dir)
    ws = load_workspace(folder)
    for tid in args.trips:
        if ws.trip(tid) is None:
            raise UsageError(unknown("trip", tid, [t.id for t in ws.trips]))
    trips = [t for t in map(ws.trip, dict.fromkeys(args.trips)) if t] if args.trips else ws.trips
    out = Path(args.out)
    server = None
    local = ""
    if args.serve:
        try:
            server = feed_server(out.resolve(), args.port)
        except OSError as exc:
            raise UsageError(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}") from None
        local = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        done = publish(
            folder,
            trips,
            out,
            levels=args.levels or DEFAULT_LEVELS,
            base_url=args.base_url,
            index_url=local,
            rotate=args.rotate,
        )
    except KeyError as exc:
        raise UsageError(f"--rotate: no feed {given(exc.args[0])}; `planner publish` lists the feed ids") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        if server is not None:
            server.server_close()
        raise UsageError(f"cannot write the feeds: {describe_write_error(exc)}") from None
    base = done.base_url
    for trip in done.trips:
        if trip.id in done.stamped:
            try:
                save(ws.files[trip.id], trip)
            except FileChangedError as exc:
                raise UsageError(changed_on_disk(exc)) from None
    for feed in done.feeds:
        rec = feed.record
        state = "unchanged" if (out / rec.file) in done.unchanged else "written"
        print(f"{rec.id:<32} {feed.events:>3} events  {feed_url(base, rec)}  ({state})")
    made = {feed.record.id for feed in done.feeds}
    for trip in done.trips:
        for level in args.levels or DEFAULT_LEVELS:
            if feed_id(trip.id, "", level) not in made:
                note(f"{trip.id}: no event is for {level} readers, so no feed for them")
    for path in done.removed:
        print(f"removed {path.name} (old address of a rotated feed)")
    print(f"index for the organiser (keep it private): {done.index[0]} and {done.index[1]}")
    if not base:
        note("no --base-url: put DIR on a web server or shared drive and give its address to list full URLs")
    if server is None:
        return 0
    server.server_activate()
    print(
        f"serving {out} read-only at {local}/ — on this machine only, for trying the feeds; "
        "not for the internet (no TLS); ctrl+c stops",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
