"""``planner today`` and ``planner next [N]``: what is on now and what comes next, for the organiser on the ground.

The decisions are :mod:`planner.usecases.today`; this module reads the
moment (``--now``, else the clock), loads the trips that can matter, and
prints each item with its time in its own zone and the trip's home time
beside it. Items without a clock time say so ("time not given", "morning");
no time is ever made up for them.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from planner.cli.commands import HELP

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from planner.model.trip import Trip
    from planner.usecases.today import Placed


def add_parser(sub: Any) -> None:
    for name in ("today", "next"):
        p = sub.add_parser(name, help=HELP[name])
        if name == "next":
            p.add_argument("count", nargs="?", type=int, default=5, metavar="N", help="how many items (default 5)")
        p.add_argument(
            "--now",
            metavar="DATETIME",
            help="the moment to read the plan at, for a demo or a test: 2021-10-19T14:00+09:00, or "
            "'2021-10-19 14:00' in --tz, else in the zone of the trip under way that day, else the "
            "configured home zone, else this computer's",
        )
        p.add_argument("--tz", metavar="ZONE", help="the zone a --now without an offset is in")
        p.add_argument("--person", metavar="ID", help="only this person's items")
        p.set_defaults(func=run_today if name == "today" else run_next)


def _trips(args: argparse.Namespace) -> tuple[list[Trip], datetime, tzinfo | None]:
    from planner.cli._common import check_ids, read_only
    from planner.model.names import zone
    from planner.storage.config import load_settings

    settings = load_settings()
    home = zone(settings.home_tz) if settings.home_tz else None
    ws = read_only(args)
    check_ids(ws, args)
    given = _read_now(args, home, ws)
    # Every trip: the next one may start years later, and the last one is named when none is ahead.
    trips = [t for t in (ws.trip(s.id) for s in ws.summaries) if t is not None]
    if getattr(args, "person", None):
        from planner.model.visibility import redact

        trips = [t for t in (redact(t, "organisers", args.person) for t in trips) if t.events]
    return trips, given, home


def _read_now(args: argparse.Namespace, home: tzinfo | None, ws: Any) -> datetime:
    from datetime import datetime

    from planner.cli._common import UsageError, given, parse_zone

    if args.now is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(args.now.strip())
    except ValueError:
        raise UsageError(
            f"--now {given(args.now)}: write a date and time such as 2021-10-19T14:00+09:00 or '2021-10-19 14:00'"
        ) from None
    if moment.tzinfo is not None:
        return moment
    if args.tz:
        return moment.replace(tzinfo=parse_zone(args.tz))
    for s in ws.summaries:
        if not s.month_only and s.first <= moment.date() <= s.last:
            trip = ws.trip(s.id)
            if trip is not None:
                return moment.replace(tzinfo=trip.event_tz)
    return moment.replace(tzinfo=home) if home is not None else moment.astimezone()


def _clock(moment: datetime, tz: tzinfo) -> str:
    there = moment.astimezone(tz)
    return f"{there:%a} {there.day} {there:%b %Y} {there:%H:%M} {there.tzname()}"


def _header(now: datetime, trip: Trip | None, home: tzinfo | None) -> str:
    from planner.model.when import zone_name

    local = trip.event_tz if trip is not None else (home or now.tzinfo)
    assert local is not None
    text = f"now: {_clock(now, local)} ({zone_name(local)})"
    beside = trip.home_tz if trip is not None else None
    if beside is not None and zone_name(beside) != zone_name(local):
        there = now.astimezone(beside)
        text += f" · home {there:%a} {there:%H:%M} {there.tzname()} ({zone_name(beside)})"
    return text


def _line(p: Placed, *, with_day: bool = False) -> str:
    from planner.model.when import Exact
    from planner.text.labels import time_label
    from planner.text.safe import clean

    occ = p.occ
    w = occ.when
    when = time_label(occ, "event")
    if isinstance(w, Exact) and w.end is None:
        when += ", end not given"
    if isinstance(w, Exact):
        home = time_label(occ, "home")
        start_home = w.start.astimezone(occ.trip.home_tz)
        if home != when.removesuffix(", end not given"):
            day_note = f"{start_home:%a} " if start_home.date() != w.start.date() else ""
            when += f"  (home {day_note}{home})"
    if with_day:
        day = occ.day()
        if day is not None:
            when = f"{day:%a} {day.day} {day:%b %Y}  {when}"
    title = clean(occ.event.title, single_line=True)
    if occ.event.title_ko:
        title += f" · {clean(occ.event.title_ko, single_line=True)}"
    place = ""
    if occ.event.place:
        from planner.text.labels import place_line

        place = place_line(occ.trip, occ.event.place, address=False)
    return f"  {p.state:<8} {when}\n           {title}" + (f"\n           where: {place}" if place else "")


def _no_trip(out: list[str], trips: list[Trip], now: datetime, home: tzinfo | None) -> None:
    from planner.model.when import InMonth
    from planner.text.labels import trip_dates
    from planner.usecases.today import situation

    s = situation(trips, now)
    out.append(_header(now, None, home))
    if s.next_trip is not None:
        t = s.next_trip
        days = (t.first_day - now.astimezone(t.event_tz).date()).days
        when = trip_dates(t)
        lead = "" if isinstance(t.dates, InMonth) else f", in {days} day{'s' if days != 1 else ''}"
        out.append(f"No trip under way. Next: {t.id}  {t.display_title()}  {when}{lead}")
    elif s.last_trip is not None:
        t = s.last_trip
        out.append(f"No trip under way and none ahead. The last: {t.id}  {t.display_title()}  {trip_dates(t)}")
    else:
        out.append("No trip under way and none ahead.")


def run_today(args: argparse.Namespace, console: Any) -> int:
    from planner.usecases.today import situation

    trips, now, home = _trips(args)
    out: list[str] = []
    s = situation(trips, now)
    if not s.under_way:
        _no_trip(out, trips, now, home)
    for trip in s.under_way:
        from planner.usecases.today import local_day

        day = local_day(trip, now)
        n = (day - trip.first_day).days + 1
        total = (trip.last_day - trip.first_day).days + 1
        out.append(_header(now, trip, home))
        out.append(f"{trip.id}  {trip.display_title()}  day {n} of {total}")
        mine = [p for p in s.today if p.occ.trip.id == trip.id]
        if not mine:
            out.append("  nothing recorded for today")
        out += [_line(p) for p in mine]
        out.append("")
    _print(console, out)
    return 0


def run_next(args: argparse.Namespace, console: Any) -> int:
    from planner.cli._common import UsageError
    from planner.usecases.today import situation, upcoming

    if args.count < 1 or args.count > 1000:
        raise UsageError("N: give a number of items from 1 to 1000")
    trips, now, home = _trips(args)
    s = situation(trips, now)
    out = [_header(now, s.under_way[0] if s.under_way else None, home)]
    found = upcoming(trips, now, args.count)
    if not found:
        out.append("Nothing ahead in the plan.")
    out += [_line(p, with_day=True) for p in found]
    _print(console, out)
    return 0


def _print(console: Any, lines: list[str]) -> None:
    from planner.text.safe import clean

    text = "\n".join(lines).rstrip("\n")
    console.print(clean(text), markup=False, highlight=False, soft_wrap=True)
