"""What every subcommand shares: the usage error, the workspace it opens, typed options read once.

A subcommand module imports from here, never from :mod:`planner.cli` (which
only registers the subcommands), so the commands form no import cycle.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner import paths

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from planner.model.timeline import ZoneView
    from planner.storage.catalog import Catalog
    from planner.storage.workspace import Workspace
    from planner.text.dates import TripDays


class UsageError(Exception):
    """A problem with what the user typed; printed as one line, exit 2.

    Quote what the user gave with :func:`given`, never in full: an argument
    can be 100 KB long.
    """


MESSAGE_LIMIT = 2000
"""The most of a message :func:`planner.cli.main` prints (a backstop; values are cut by :func:`given`)."""


def given(value: object, limit: int | None = None) -> str:
    """A user-given value as a message quotes it, never in full when long: an argument can be 100 KB.

    Text (an id, a date, a zone) is quoted with ``repr`` and cut at 60
    characters; a :class:`~pathlib.Path` is shown as is, cut at 200.

    >>> given("korea-2021"), given(Path("out.md"))
    ("'korea-2021'", 'out.md')
    >>> given("x" * 100_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' … (100000 characters)"
    """
    from planner.text.safe import SHOWN_CHARACTERS

    is_path = isinstance(value, Path)
    limit = limit or (PATH_CHARACTERS if is_path else SHOWN_CHARACTERS)
    text = str(value)
    cut = text[:limit]
    shown = cut if is_path else repr(cut)
    return shown if cut == text else f"{shown} … ({len(text)} characters)"


PATH_CHARACTERS = 200
"""How much of a path :func:`given` shows."""


def changed_on_disk(exc: Exception) -> str:
    """The command line's words for a trip file another planner saved while a command ran."""
    path = getattr(exc, "path", None)
    name = shown(path) if isinstance(path, Path) else "the trip file"
    return f"{name} changed on disk while this command ran (saved by someone else?); nothing was written: run the command again"


_ISO_DAY = re.compile(r"[12][0-9]{3}-[01][0-9]-[0-3][0-9]", re.ASCII)
"""``2021-10-19``: a day as the trip files and most people's scripts write it."""


def parse_day(text: str, today: date | None = None, trips: Callable[[], Sequence[TripDays]] | None = None) -> date:
    """A day from what people type: ``2021-10-19``, ``Oct 19 2021``, ``19 October 2021``, ``10월 19일``, ``today``.

    :func:`planner.text.dates.parse_day` reads it (a time typed with it is
    ignored; a zone is refused); ``trips`` gives the workspace's trips, which
    settle a day typed without its year (``Oct 19`` is in 2021 when only a 2021
    trip holds it) or name the candidates. Its
    :class:`~planner.text.dates.WhenError` becomes a :class:`UsageError`
    worded for the command line.

    >>> parse_day("Oct 19 2021")
    datetime.date(2021, 10, 19)
    >>> parse_day("tomorrow", today=date(2021, 10, 18))
    datetime.date(2021, 10, 19)
    """
    if len(text) == 10 and _ISO_DAY.fullmatch(text):
        # The common case, read without loading the date reader (a short command's biggest import).
        from planner.model.when import YEARS

        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None and day.year in YEARS:
            return day
    from planner.text.dates import WhenError
    from planner.text.dates import parse_day as read_day

    today = today or date.today()
    try:
        return read_day(text, today, today, allow_time=True, trips=trips or ())
    except WhenError as exc:
        if exc.problem == "too long":
            raise UsageError(f"invalid date {text[:40]!r}...: too long for a date") from None
        if exc.problem in ("unreadable", "empty", "other"):
            raise UsageError(f"invalid date {given(text)}: write it like 2021-10-19 or 'Oct 19 2021'") from None
        if exc.problem == "zone":
            raise UsageError(f"invalid date {given(text)}: {exc} (a view's zone is --tz)") from None
        raise UsageError(f"invalid date {given(text)}: {exc}") from None


def trip_days(ws: Catalog | Workspace) -> Callable[[], list[TripDays]]:
    """The workspace's trips as the date reader needs them, read only if a date needs them."""

    def days() -> list[TripDays]:
        from planner.text.dates import TripDays

        return [TripDays(s.id, s.first, s.last) for s in ws.summaries]

    return days


def parse_zone(text: str, flag: str = "--tz") -> ZoneInfo:
    """An IANA zone from an option, or a :class:`UsageError` naming the option."""
    from planner.model.names import zone

    try:
        return zone(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None


def parse_view(text: str | None) -> ZoneView:
    """``event`` (default), ``home``, or an IANA zone name."""
    if text is None or text == "event":
        return "event"
    if text == "home":
        return "home"
    from planner.model.names import zone

    try:
        return zone(text)
    except ValueError as exc:
        raise UsageError(f"--tz: {exc}; or use 'event' or 'home'") from None


def workspace(args: argparse.Namespace) -> Workspace:
    """The whole workspace, every file read (what a command that may save needs)."""
    from planner.storage.workspace import load_workspace

    folder = paths.workspace(args.dir)
    return load_workspace(folder)


def read_only(args: argparse.Namespace) -> Catalog | Workspace:
    """The workspace for a command that only reads: from the cache index when it is fresh, else loaded in full.

    Both answer ``trips``, ``trip(id)``, ``summaries`` and ``trips_on(day)`` the same way.
    """
    from planner.storage.catalog import open_catalog

    folder = paths.workspace(args.dir)
    catalog = open_catalog(folder)
    args.read_from = catalog  # what planner.cli.keeping keeps an answer on (None: a full load)
    if catalog is not None:
        return catalog
    from planner.storage.workspace import load_workspace

    return load_workspace(folder)


def check_ids(ws: Catalog | Workspace, args: argparse.Namespace) -> None:
    # From the summaries: checking an id unpickles no trip.
    summaries = ws.summaries
    if getattr(args, "trip", None) and all(s.id != args.trip for s in summaries):
        raise UsageError(unknown("trip", args.trip, [s.id for s in summaries]))
    if getattr(args, "person", None):
        known = {p for s in summaries for p in s.people}
        if args.person not in known:
            raise UsageError(unknown("person", args.person, known))
    if getattr(args, "org", None):
        known = {o for s in summaries for o in s.organisations}
        if args.org not in known:
            raise UsageError(unknown("organisation", args.org, known))


def unknown(what: str, value: str, known: Sequence[str] | set[str]) -> str:
    import difflib

    # Ids are at most 80 characters: a longer value is like none of them (and comparing it would be slow).
    hint = difflib.get_close_matches(value, sorted(known), n=3) if len(value) <= 80 else []
    text = f"no {what} {given(value)} in the workspace"
    if hint:
        text += f" (did you mean {', '.join(hint)}?)"
    return text


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is under it (shorter to read), else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def note(text: str) -> None:
    """A notice on stderr, prefixed like every planner message, with control characters removed."""
    from planner.text.safe import clean

    print(f"planner: {clean(text)}", file=sys.stderr)


RECIPIENTS = ("public", "delegation", "organisers")
"""The levels ``--for`` takes (:data:`planner.model.trip.VISIBILITIES`, named here so parsers stay light)."""


def add_recipient(p: argparse.ArgumentParser) -> None:
    """The ``--for LEVEL`` option of the outputs made for a recipient."""
    p.add_argument(
        "--for",
        dest="recipient",
        choices=RECIPIENTS,
        help="only what this reader may see: public (hosts, counterparts), delegation (members; "
        "the default with --person) or organisers (everything; the default otherwise)",
    )


def recipient(args: argparse.Namespace) -> str | None:
    """The level an output is made for: ``--for``, else ``delegation`` with ``--person``, else ``None`` (everything)."""
    level: str | None = getattr(args, "recipient", None)
    if level is None and getattr(args, "person", None):
        return "delegation"
    return level


LANGS = ("en", "ko", "both")
"""The readers' languages ``--lang`` takes (:data:`planner.text.messages.LANGS`, named here so parsers stay light)."""


def add_lang(p: argparse.ArgumentParser) -> None:
    """The ``--lang en|ko|both`` option of the outputs made for readers."""
    p.add_argument(
        "--lang",
        choices=LANGS,
        help="the readers' language: en (default), ko (Korean: labels, dates, names Hangul first) "
        "or both (English and Korean side by side)",
    )


def reader_lang(args: argparse.Namespace, configured: str | None = None) -> str:
    """The language an output is worded in: ``--lang``, else ``configured`` (by default the
    configuration file's ``language``, or ``$PLANNER_LANGUAGE``), else ``en``."""
    from planner.text.messages import resolve_lang

    if getattr(args, "lang", None) is None and configured is None:
        from planner.storage.config import configured as setting

        configured = setting("language")
    try:
        return resolve_lang(getattr(args, "lang", None), configured)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
