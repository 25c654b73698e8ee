"""``planner contacts``: vCards or a CSV of the people a recipient needs, redacted to the recipient's level.

The choice of people is :mod:`planner.usecases.contacts`; this module reads
the options and writes the file (atomically) or standard output.
"""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._common import add_recipient
from planner.cli.commands import HELP


def add_parser(sub: Any) -> None:
    p = sub.add_parser("contacts", help=HELP["contacts"])
    p.add_argument("--trip", metavar="ID", help="only this trip's people")
    p.add_argument("--person", metavar="ID", help="only the people of this person's events (implies --for delegation)")
    p.add_argument(
        "--format",
        choices=("vcf", "csv"),
        help="vcf: vCard 3.0 for Google, Apple and Outlook contacts; csv: a spreadsheet (default: from --out, else vcf)",
    )
    p.add_argument("--out", metavar="FILE", help="write this file instead of standard output")
    add_recipient(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Any) -> int:
    import sys
    from pathlib import Path

    from planner.cli._common import UsageError, check_ids, given, note, read_only, recipient, shown
    from planner.usecases.contacts import gather, render

    fmt = args.format
    out = Path(args.out) if args.out and args.out != "-" else None
    if fmt is None:
        fmt = "csv" if out is not None and out.suffix.lower() == ".csv" else "vcf"
    ws = read_only(args)
    check_ids(ws, args)
    level = recipient(args) or "organisers"
    ids = [args.trip] if args.trip else [s.id for s in ws.summaries]
    trips = [t for t in map(ws.trip, ids) if t is not None]
    contacts = gather(trips, level, args.person)
    if not contacts:
        raise UsageError(f"no people for {level}" + (f" in {args.trip}" if args.trip else ""))
    data = render(contacts, fmt)
    if out is None:
        sys.stdout.write(data)
        sys.stdout.flush()
        return 0
    from planner.storage import describe_write_error
    from planner.storage.atomic import write_output

    payload = data.encode("utf-8")
    if fmt == "csv":
        payload = "\ufeff".encode() + payload  # Excel shows Hangul only with the byte-order mark
    try:
        write_output(out, payload)
    except OSError as exc:
        raise UsageError(f"cannot write {given(out)}: {describe_write_error(exc)}") from None
    note(f"{shown(out)}: {len(contacts)} {'person' if len(contacts) == 1 else 'people'} for {level}")
    return 0
