"""Publishing subscription feeds: which feeds a trip has, their bytes, their files, the organiser's index.

A feed is exactly what ``planner export`` writes for the same reader (the
bytes come from :func:`planner.usecases.export.plan_export`, the one
writer), plus REFRESH-INTERVAL and X-PUBLISHED-TTL so calendar apps re-read
it. Per trip: one feed for each reader level asked (``--for``), and one for
each member with their own events. Tokens and the list of feeds are kept in
the workspace (:mod:`planner.remote.feeds`); the index, which lists every
secret address, is written beside them, never into the published folder.
Nothing here prints; :mod:`planner.cli.publish` says what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.remote.feeds import FeedRecord, file_name, load_feeds, new_token, save_feeds, with_refresh
from planner.remote.state import FOLDER

if TYPE_CHECKING:
    from planner.model.trip import Event, Trip

DEFAULT_LEVELS = ("delegation",)


@dataclass(frozen=True)
class Feed:
    """One feed to write: its record (id, token, file name), who it is for, and its bytes."""

    record: FeedRecord
    label: str
    data: bytes
    events: int


@dataclass
class Published:
    """What :func:`publish` did."""

    feeds: list[Feed] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    index: tuple[Path, ...] = ()
    stamped: dict[str, list[Event]] = field(default_factory=dict)
    """Trip id -> events whose export stamps changed (the caller records them, as ``export`` does)."""
    trips: tuple[Trip, ...] = ()
    """The trips with refreshed stamps."""
    base_url: str = ""
    """The address the index lists feeds under ("" when none is known)."""


def feed_id(trip_id: str, person: str = "", level: str = "") -> str:
    """``korea-2021-delegation`` for a trip at a level; ``korea-2021-kim-hyun-kyum`` for a member."""
    return f"{trip_id}-{person}" if person else f"{trip_id}-{level}"


def plan_feeds(
    trips: Sequence[Trip], records: dict[str, FeedRecord], levels: Sequence[str], now: datetime
) -> tuple[list[Feed], tuple[Trip, ...], dict[str, list[Event]]]:
    """Every feed of ``trips`` with its bytes; new feeds get a token (added to ``records``)."""
    from planner.usecases.export import plan_export

    first = plan_export(trips, out=Path("unused"), now=now)  # records the stamps once, for every feed
    feeds: list[Feed] = []
    for trip in first.trips:
        wanted = [("", level) for level in levels] + [(m, "delegation") for m in trip.members]
        for person, level in wanted:
            plan = plan_export([trip], person=person or None, out=Path("feed.ics"), now=now, reader=level)
            if not plan.files:
                continue
            fid = feed_id(trip.id, person, level)
            rec = records.get(fid) or FeedRecord(fid, new_token(), trip.id, person, level)
            records[fid] = rec
            label = plan.label or f"{trip.title} ({level})"
            feeds.append(Feed(rec, label, with_refresh(plan.files[0].data), len(plan.files[0].events)))
    return feeds, first.trips, first.changed


def publish(
    folder: Path,
    trips: Sequence[Trip],
    out: Path,
    *,
    levels: Sequence[str] = DEFAULT_LEVELS,
    base_url: str = "",
    index_url: str = "",
    rotate: Sequence[str] = (),
    now: datetime | None = None,
) -> Published:
    """Write every feed of ``trips`` into ``out``, rotate the tokens of ``rotate`` first, and the index.

    ``base_url`` is where ``out`` is served; it is remembered, so later runs
    may leave it out. ``index_url``, when given, is used for the index this
    time only (``--serve``'s loopback address).

    Raises ``KeyError`` for an unknown feed id in ``rotate`` (nothing
    written), ``ValueError`` for an unreadable feeds file, ``OSError`` when
    a file cannot be written (feeds already written stay, the feeds file is
    saved before any feed so no token is ever lost).
    """
    from planner.usecases.export import ExportFile, write_file

    now = now or datetime.now(UTC)
    result = Published()
    records, known_base = load_feeds(folder)
    base_url = base_url or known_base
    result.base_url = index_url or base_url
    for fid in rotate:
        if fid not in records:
            raise KeyError(fid)
    old_files = {fid: records[fid].file for fid in rotate}
    for fid in rotate:
        records[fid].token = new_token()
    feeds, result.trips, result.stamped = plan_feeds(trips, records, levels, now)
    stamp = now.isoformat(timespec="seconds")
    for feed in feeds:
        feed.record.file = file_name(feed.record)
        feed.record.published = stamp
    out.mkdir(parents=True, exist_ok=True)
    save_feeds(folder, records, base_url)  # before any feed: a token in use is never lost
    for feed in feeds:
        path = out / feed.record.file
        if write_file(ExportFile(path, feed.data, (), 0)):
            result.written.append(path)
        else:
            result.unchanged.append(path)
    for fid, old in old_files.items():
        if old and old != records[fid].file and (out / old).is_file():
            (out / old).unlink()
            result.removed.append(out / old)
    result.feeds = feeds
    result.index = write_index(folder, records, result.base_url)
    return result


def feed_url(base_url: str, record: FeedRecord) -> str:
    """The feed's address under ``base_url``, or its file name when there is no base URL."""
    return f"{base_url.rstrip('/')}/{record.file}" if base_url else record.file


def index_markdown(records: dict[str, FeedRecord], base_url: str) -> str:
    """The organiser's list of feeds, who each is for and its address, in Markdown (values escaped)."""
    import re

    from planner.text.safe import clean

    def escape(value: str) -> str:  # one line, Markdown's special characters shown as typed
        return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", clean(value, single_line=True))

    lines = [
        "# Published calendar feeds",
        "",
        (
            "Each address is a secret: whoever has it can read that calendar. "
            "Rotate one with `planner publish --rotate ID`."
        ),
        "",
        "| feed | trip | for | address | published |",
        "|---|---|---|---|---|",
    ]
    for rec in sorted(records.values(), key=lambda r: r.id):
        who = rec.person or rec.level
        lines.append(
            f"| {escape(rec.id)} | {escape(rec.trip)} | {escape(who)} | `{feed_url(base_url, rec)}` | {rec.published} |"
        )
    return "\n".join(lines) + "\n"


def index_html(records: dict[str, FeedRecord], base_url: str) -> str:
    """The same list as one HTML page, every value escaped (markupsafe)."""
    from markupsafe import Markup, escape

    rows = Markup("").join(
        Markup('<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>\n').format(
            rec.id, rec.trip, rec.person or rec.level, feed_url(base_url, rec), feed_url(base_url, rec), rec.published
        )
        for rec in sorted(records.values(), key=lambda r: r.id)
    )
    return str(
        Markup(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{}</title></head><body>\n'
            "<h1>{}</h1>\n<p>Each address is a secret: whoever has it can read that calendar. "
            "Rotate one with <code>planner publish --rotate ID</code>.</p>\n"
            "<table><tr><th>feed</th><th>trip</th><th>for</th><th>address</th><th>published</th></tr>\n"
            "{}</table>\n</body></html>\n"
        ).format(escape("Published calendar feeds"), escape("Published calendar feeds"), rows)
    )


def write_index(folder: Path, records: dict[str, FeedRecord], base_url: str) -> tuple[Path, Path]:
    """Write ``feeds-index.md`` and ``feeds-index.html`` into the workspace's ``.planner`` folder (owner-only)."""
    from planner.storage.atomic import atomic_write

    where = folder / FOLDER
    where.mkdir(parents=True, exist_ok=True)
    md, html = where / "feeds-index.md", where / "feeds-index.html"
    atomic_write(md, index_markdown(records, base_url).encode("utf-8"), mode=0o600)
    atomic_write(html, index_html(records, base_url).encode("utf-8"), mode=0o600)
    return md, html


def last_published(folder: Path, trip_id: str) -> str:
    """When a feed of the trip was last written (ISO time), or ``""``."""
    try:
        records, _base = load_feeds(folder)
    except (OSError, ValueError):
        return ""
    return max((r.published for r in records.values() if r.trip == trip_id), default="")
