"""The subcommands: each one's name, the module that defines it and its one line of help.

Known here without importing the modules, so :mod:`planner.cli` builds only
the chosen command's parser in full; the others stay one-line entries with this
help, which is all ``planner --help`` and argparse's "invalid choice" need.
The modules take their help from :data:`HELP`, so it is written once.
"""

from __future__ import annotations

Command = tuple[str, str, str]
"""A command's name, the module under :mod:`planner.cli` whose ``add_parser(sub)`` defines it
(``today`` defines two), and its help. Plain tuples: a ``NamedTuple`` class costs a millisecond to make."""

COMMANDS: tuple[Command, ...] = (
    ("trips", "trips", "every trip with its dates, home zone and event count"),
    ("list", "listing", "the timeline, grouped by day, with each time's precision"),
    ("agenda", "agenda", "a day's or a whole trip's agenda: terminal, Markdown or printable HTML"),
    ("today", "today", "what is on now and the rest of today, in local time with the home time beside it"),
    ("next", "today", "the next items from now (default 5), in local time with the home time beside it"),
    ("check", "check", "itinerary checks: overlaps, travel time, zone mistakes, look-alike events ..."),
    ("tui", "tui", "the full-screen planner: view, edit and save the timeline"),
    ("export", "export", "write trips as .ics files for Google Calendar, Outlook and Apple Calendar"),
    ("import", "importing", "merge an .ics file into a trip (matched by UID; creates the trip if new)"),
    ("contacts", "contacts", "vCards (.vcf) or a CSV of the people a recipient needs"),
    (
        "draft",
        "draft",
        "draft events from Korean schedule text (10월 19일(화) 오후 2시 ...); --add to put them in a trip",
    ),
    ("publish", "publish", "write subscription feeds (.ics under secret addresses) into a folder"),
    ("sync", "sync", "push a trip to a CalDAV calendar and bring back what others changed there"),
    ("config", "config", "the configuration file: its path, the settings in effect, edit it"),
)
"""In the order ``planner --help`` lists them."""

HELP = {name: text for name, _module, text in COMMANDS}
