"""``planner draft``: read a pasted Korean schedule, show the drafts, add them on request.

Showing is the default: the organiser sees each line's reading (day, time or
its honest lack, kind, title, linked place and people) and every question,
and nothing is written. ``--add`` appends the drafts to the trip file as
tentative events, through the same comment-keeping atomic save as everything
else. Exit status: 0 when every line was read, 1 when some lines raised a
question or a draft falls outside the trip's dates (the drafts that were read
are still shown, or added), 2 for a usage error or when nothing at all could
be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.commands import HELP

if TYPE_CHECKING:
    from datetime import date, tzinfo

# Only what argument parsing needs is imported at the top: this module is loaded
# to register the subcommand on every ``planner`` run, and start-up time counts.


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "draft",
        help=HELP["draft"],
        description="Read a schedule as people write it (Korean or mixed with English) and draft one event per "
        "line, as precise as the text and no more. Nothing is written without --add.",
    )
    p.add_argument("file", metavar="FILE", nargs="?", default="-", help="the schedule text (default: standard input)")
    p.add_argument(
        "--trip",
        metavar="ID",
        help="the trip the schedule belongs to: its dates give the year, its places and people are linked",
    )
    p.add_argument(
        "--written",
        metavar="DATE",
        help="the day the text was written (a press release's date, a message's day): "
        "what 내일, 지난 21일, 다음 달 3일 count from",
    )
    p.add_argument("--year", type=int, metavar="YYYY", help="the year, when neither the text nor a trip gives it")
    p.add_argument("--tz", metavar="ZONE", help="zone the times are in (default: the trip's event zone)")
    p.add_argument("--add", action="store_true", help="append the drafts to --trip as tentative events")
    p.add_argument("--json", action="store_true", help="print the drafts and the questions as JSON")
    p.set_defaults(func=run)


def _read_text(name: str) -> tuple[str, str]:
    from planner.cli._common import UsageError, given
    from planner.storage.regular import NotRegularFile
    from planner.usecases.drafting import MAX_TEXT_BYTES, decode_schedule, read_schedule

    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
            label = "standard input"
        else:
            data = read_schedule(Path(name))
            label = name
        return decode_schedule(data, name), label
    except OSError as exc:
        pipe = isinstance(exc, NotRegularFile) and "folder" not in str(exc.strerror)
        hint = "; to read a pipe or device, give - and redirect it to standard input" if pipe else ""
        raise UsageError(f"cannot read {given(Path(name))}: {exc.strerror or exc}{hint}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace, console: Any) -> int:
    from rich.text import Text

    from planner.cli._common import UsageError, given, parse_zone, unknown, workspace
    from planner.draft.lines import DraftError, draft
    from planner.draft.to_trip import to_events
    from planner.model.when import YEARS
    from planner.text.safe import clean

    if args.add and not args.trip:
        raise UsageError("--add needs --trip: the trip the drafts go into")
    if args.year is not None and args.year not in YEARS:
        raise UsageError(f"--year {args.year} is not between {YEARS[0]} and {YEARS[-1]}")
    tz: tzinfo | None = parse_zone(args.tz) if args.tz else None
    written = _written(args.written)
    text, label = _read_text(args.file)

    ws = loaded = trip = None
    if args.trip:
        ws = workspace(args)
        loaded = ws.files.get(args.trip)
        if loaded is None:
            raise UsageError(unknown("trip", args.trip, [t.id for t in ws.trips]))
        trip = loaded.trip
    tz = tz or (trip.event_tz if trip else None)
    if tz is None:
        raise UsageError("say which zone the times are in: --trip ID or --tz ZONE (e.g. Asia/Seoul)")
    try:
        result = draft(
            text,
            tz=tz,
            year=args.year,
            trip_dates=(trip.first_day, trip.last_day) if trip else None,
            written=written,
        )
    except DraftError as exc:
        raise UsageError(f"{given(Path(label))}: {exc}") from None

    placed = to_events(result.drafts, trip, tz) if trip else []
    if args.json:
        return _print_json(result, placed, args, loaded, console)
    console.print(drafts_table(result.drafts, placed, label))
    for q in result.questions:
        console.print(
            Text.assemble(
                ("  ? ", "yellow"),
                f"line {q.line}: ",
                clean(q.message, single_line=True),
                ("  " + clean(q.source, single_line=True)[:60], "dim"),
            )
        )
    if not result.drafts:
        print(f"planner: nothing in {label} could be read as a schedule", file=sys.stderr)
        return 2
    status = 1 if result.questions else 0
    if not args.add:
        hint = f"add --add to put them in {args.trip}" if args.trip else "add --trip ID --add to put them in a trip"
        console.print(Text(f"{len(result.drafts)} drafts; nothing written ({hint}).", style="dim"))
        return status
    return _add(placed, loaded, console) or status


def _written(text: str | None) -> date | None:
    from planner.cli._common import UsageError
    from planner.text.dates import parse_day
    from planner.text.words import WhenError

    if text is None:
        return None
    try:
        return parse_day(text)
    except WhenError as exc:
        raise UsageError(f"--written {text}: {exc}") from None


def _print_json(result: Any, placed: list[Any], args: argparse.Namespace, loaded: Any, console: Any) -> int:
    """``--json``: the drafts and questions exactly as documented; ``--add`` still adds (its messages to stderr)."""
    import json

    from rich.console import Console

    from planner.usecases.drafting import result_json

    print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    status = 1 if result.questions else 0
    if args.add and result.drafts:
        return _add(placed, loaded, Console(stderr=True, highlight=False)) or status
    if not result.drafts and not result.questions:
        return 2
    return status


def _add(placed: list[Any], loaded: Any, console: Any) -> int:
    from rich.text import Text

    from planner.cli._common import UsageError, changed_on_disk
    from planner.storage import FileChangedError, describe_write_error
    from planner.usecases.drafting import add_to_trip_file

    for p in placed:
        if p.duplicate_of:
            console.print(
                Text(f"  line {p.draft.line}: already in the trip as {p.duplicate_of}; not added again", style="dim")
            )
        elif p.outside:
            console.print(Text(f"  line {p.draft.line}: {p.outside}; not added", style="yellow"))
    skipped = 1 if any(p.outside for p in placed) else 0
    try:
        added = add_to_trip_file(loaded, placed)
    except FileChangedError as exc:
        raise UsageError(changed_on_disk(exc)) from None
    except OSError as exc:
        raise UsageError(
            f"cannot write the trip file: {describe_write_error(exc)}; "
            f"nothing added; {loaded.path.name} is left as it was"
        ) from None
    new = added.events
    if not new:
        console.print("Nothing new to add.")
        return skipped
    console.print(
        f"{loaded.path.name}: added {len(new)} tentative events "
        f"({', '.join(ev.id for ev in new[:3])}{', …' if len(new) > 3 else ''})."
    )
    return skipped


def drafts_table(drafts: list, placed: list, label: str) -> Any:
    """A ``rich`` table: line, day, time (or its honest absence), kind, title, and what was linked."""
    from rich.table import Table
    from rich.text import Text

    from planner.text.labels import KOREAN_WEEKDAYS
    from planner.text.safe import clean
    from planner.usecases.drafting import when_label

    table = Table(
        title=Text(f"Drafts from {clean(label, single_line=True)}"),
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column(Text("line"), justify="right", no_wrap=True)
    table.add_column(Text("day"), no_wrap=True)
    table.add_column(Text("when"), no_wrap=True)
    table.add_column(Text("kind"), no_wrap=True)
    table.add_column(Text("title"), ratio=2, overflow="fold")
    table.add_column(Text("linked / notes"), ratio=1, overflow="fold")
    by_line = {p.draft.line: p for p in placed}
    for d in drafts:
        day = d.when.local_date()
        first = Text(f"{day.isoformat()} ({KOREAN_WEEKDAYS[day.weekday()]})" if day else "—")
        extra: list[str] = []
        p = by_line.get(d.line)
        if p is not None:
            ev = p.event
            if ev.place:
                extra.append(f"place {ev.place}")
            if ev.people or ev.counterparts:
                extra.append("people " + ", ".join((*ev.people, *ev.counterparts)))
            if ev.orgs:
                extra.append("orgs " + ", ".join(ev.orgs))
            if p.duplicate_of:
                extra.append(f"already in the trip ({p.duplicate_of})")
            if p.outside:
                extra.append(p.outside)
        if d.place_hint and not (p and p.event.place):
            extra.append(f"at {d.place_hint}")
        extra.extend(d.notes)
        table.add_row(
            str(d.line),
            first,
            Text(when_label(d.when), style="dim" if d.when.precision != "exact" else ""),
            d.kind,
            Text(clean(d.title_ko + (f" ({d.title})" if d.title and d.title_ko else d.title), single_line=True)),
            Text(clean("; ".join(extra), single_line=True), style="dim"),
        )
    return table
