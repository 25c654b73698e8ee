"""Drafting events from schedule text, the part both front ends share: limits, labels, what gets added.

``planner draft`` and the TUI's ``D`` dialog read text with
:func:`planner.draft.lines.draft` and link it to a trip with
:func:`planner.draft.to_trip.to_events`; this module decides, once, what a
draft table shows as its time, which drafts may be added (not a repeat of an
event already in the trip, not dated outside it), and how the command line
adds them to the trip file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from planner.draft.lines import DraftResult
    from planner.draft.to_trip import Placed
    from planner.model.trip import Event
    from planner.model.when import When
    from planner.storage.writer import LoadedTrip

MAX_TEXT_BYTES = 256 * 1024
"""The most schedule text read at once: more is not a schedule (and would make the preview crawl)."""


class TextTooLong(ValueError):
    """More than :data:`MAX_TEXT_BYTES` of schedule text."""


def read_schedule(path: Path) -> bytes:
    """The bytes of a schedule file, at most :data:`MAX_TEXT_BYTES` (:class:`TextTooLong` past it).

    Raises ``OSError`` when it cannot be read or is not a regular file (a
    named pipe, a device, a folder): nothing is read from those, so no read
    waits or goes on past the limit. Standard input is read by the caller.
    """
    from planner.storage.regular import TooLarge, read_regular

    try:
        data, _st = read_regular(path, MAX_TEXT_BYTES)
    except TooLarge:
        raise TextTooLong(f"{path}: more than {MAX_TEXT_BYTES // 1024} KB is not a schedule") from None
    return data


def decode_schedule(data: bytes, name: str) -> str:
    """The text of a schedule file or paste, or a :class:`ValueError` that says what to do about it."""
    if len(data) > MAX_TEXT_BYTES:
        raise TextTooLong(f"{name}: more than {MAX_TEXT_BYTES // 1024} KB is not a schedule")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Older Korean documents are often EUC-KR (CP949); say so rather than print mojibake.
        raise ValueError(
            f"{name}: byte {exc.start} is not UTF-8 (an EUC-KR file? convert it with 'iconv -f cp949 -t utf-8')"
        ) from None


def when_label(when: When) -> str:
    """The time as a drafts table shows it; a span or month names its days, as the day column cannot."""
    if when.precision == "span":
        return f"{when.first:%d %b}–{when.last:%d %b}"  # type: ignore[union-attr]
    if when.precision == "month":
        return f"{when.first:%B %Y}"  # type: ignore[union-attr]
    if when.precision == "date":
        return "(day only)"
    return when.label()


def addable(placed: Sequence[Placed]) -> list[Event]:
    """The drafted events that may go into the trip: not already in it, not dated outside it."""
    return [p.event for p in placed if not p.duplicate_of and not p.outside]


@dataclass(frozen=True)
class Added:
    """What :func:`add_to_trip_file` did."""

    loaded: LoadedTrip
    """The trip file as it is now on disk."""
    events: tuple[Event, ...]
    """The events appended (empty when there was nothing new)."""


def add_to_trip_file(loaded: LoadedTrip, placed: Sequence[Placed]) -> Added:
    """Append the addable drafts to the trip file through the comment-keeping atomic save.

    Raises what :func:`planner.storage.save` raises (``FileChangedError``,
    ``OSError``); the file is then left as it was.
    """
    from planner.storage import save

    new = addable(placed)
    if not new:
        return Added(loaded, ())
    trip = replace(loaded.trip, events=(*loaded.trip.events, *new))
    return Added(save(loaded, trip), tuple(new))


_PARTS_JSON = {"early morning": "morning", "midday": "afternoon"}
"""``planner draft --json`` names four parts of the day: 새벽 is morning, 점심/정오 afternoon."""


def when_json(when: When) -> dict[str, str | None]:
    """``start``, ``end``, ``precision`` and ``part_of_day`` of a draft, as ``planner draft --json`` prints them."""
    from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span

    if isinstance(when, Exact):
        return {
            "start": when.start.isoformat(timespec="seconds"),
            "end": when.end.isoformat(timespec="seconds") if when.end else None,
            "precision": "minute",
            "part_of_day": None,
        }
    if isinstance(when, OnDate):
        return {"start": when.day.isoformat(), "end": None, "precision": "day", "part_of_day": None}
    if isinstance(when, Span):
        return {"start": when.first.isoformat(), "end": when.last.isoformat(), "precision": "day", "part_of_day": None}
    if isinstance(when, PartOfDay):
        part = _PARTS_JSON.get(when.part, when.part)
        return {"start": when.day.isoformat(), "end": None, "precision": "part_of_day", "part_of_day": part}
    if isinstance(when, InMonth):
        return {"start": f"{when.year:04d}-{when.month:02d}", "end": None, "precision": "month", "part_of_day": None}
    return {"start": None, "end": None, "precision": None, "part_of_day": None}  # not scheduled yet


def result_json(result: DraftResult) -> dict[str, list[dict[str, object]]]:
    """The drafts and the questions, in text order, as ``planner draft --json`` prints them."""
    drafts: list[dict[str, object]] = []
    for d in result.drafts:
        warnings = list(d.warnings)
        if d.when.precision == "unscheduled":
            warnings.append("not scheduled yet: the text says the day is to be fixed")
        drafts.append(
            {
                "line": d.line,
                "text": d.source,
                **when_json(d.when),
                "title": d.title or None,
                "title_ko": d.title_ko or None,
                "kind": d.kind,
                "warnings": warnings,
            }
        )
    questions: list[dict[str, object]] = [
        {"line": q.line, "text": q.source, "question": q.message} for q in result.questions
    ]
    return {"drafts": drafts, "questions": questions}
