"""The trip cache's day index: a day's agenda reads only the events that can fall on it.

Unpickling a trip of 10,000 events takes longer than a C calendar program
needs to print a month of it, and ``planner agenda DAY`` or ``planner list
--from D --to E`` then looks at a few dozen of them. So beside each cached
trip (``<sha256>.trip``, :mod:`planner.storage.cache`) the cache keeps
``<sha256>.days``, sealed and checked the same way:

* the trip without its events (its people, places, zones, dates);
* each event pickled on its own, all in one byte string, with their offsets;
* for each day (an ordinal), the events that can cover it: every occurrence
  of every series (the first :data:`~planner.model.timeline.MAX_OCCURRENCES`,
  which is all a query can ever produce, moved occurrences at their new time),
  each on the days it can cover read in any zone (:func:`event_days`);
* the events on no day (months, unscheduled items), which a listing shows
  when their trip or month meets the window.

:meth:`DayIndex.between` gives the trip with only the events that can fall
in a window, in file order, so the timeline, the agenda, the visibility rules
and the filters run on it unchanged and answer as on the whole trip (a test
compares them, day by day and zone by zone). A missing or damaged index means
the whole trip is read as before.
"""

from __future__ import annotations

import binascii
import io
import mmap
from array import array
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.storage.pickling import ModelUnpickler, dumps

if TYPE_CHECKING:
    from planner.model.trip import Event, Trip

DAYS_MAGIC = b"planner-trip-cache-days\n"
REACH = timedelta(hours=15)
"""Further from UTC than any zone's clock: UTC-12 to UTC+14 (and room for an old local mean time)."""
_HEAD = len(DAYS_MAGIC) + 4 + 8


def days_file(dir_: Path, sha: str) -> Path:
    return dir_ / f"{sha}.days"


def event_days(trip: Trip, ev: Event) -> list[tuple[int, int]] | None:
    """Ordinal ranges of the days any occurrence of ``ev`` can cover in any zone; ``None`` for on no day.

    A date, a part of a day or a span is on the same days in every zone
    (:func:`~planner.model.days.days_covered`); a time is on the days from
    :data:`REACH` before its start to :data:`REACH` after its end, in UTC.
    """
    from planner.model.days import days_covered
    from planner.model.timeline import expand
    from planner.model.when import Exact

    whens = [o.when for o in expand(trip, ev, None, date.max)] if ev.repeat is not None else [ev.when]
    ranges = []
    for w in whens:
        if isinstance(w, Exact):
            end = w.end if w.end is not None and w.end > w.start else w.start
            first = (w.start.astimezone(UTC) - REACH).date()
            last = (end.astimezone(UTC) + REACH).date()
            ranges.append((first.toordinal(), last.toordinal()))
            continue
        covered = days_covered(w, ev.tz)
        if covered is not None:
            ranges.append((covered[0].toordinal(), covered[1].toordinal()))
    return ranges or None


def seal_days(identity: dict[str, Any], sha: str, trip: Trip) -> bytes:
    """The bytes of the day index of ``trip``, parsed from content ``sha``.

    Laid out so that reading a day touches little: the magic line, the CRC-32
    and length of a header, the header (the trip without events, and as
    arrays of integers each event's offset and CRC-32, and for each day from
    the first the events on it), then the events' pickles one after another,
    each checked by its own CRC-32 when it is read.
    """
    pieces = [dumps(ev) for ev in trip.events]
    offsets = array("Q", [0])
    for p in pieces:
        offsets.append(offsets[-1] + len(p))
    crcs = array("I", [binascii.crc32(p) for p in pieces])
    days: dict[int, list[int]] = {}
    undated: list[int] = []
    for i, ev in enumerate(trip.events):
        ranges = event_days(trip, ev)
        if ranges is None:
            undated.append(i)
            continue
        for first, last in ranges:
            for d in range(first, last + 1):
                bucket = days.setdefault(d, [])
                if not bucket or bucket[-1] != i:
                    bucket.append(i)
    first_day = min(days, default=0)
    starts, on_days = array("I"), array("I")
    for d in range(first_day, max(days, default=-1) + 1):
        starts.append(len(on_days))
        on_days.extend(days.get(d, ()))
    starts.append(len(on_days))
    header = dumps(
        (
            identity,
            sha,
            replace(trip, events=()),
            offsets.tobytes(),
            crcs.tobytes(),
            first_day,
            starts.tobytes(),
            on_days.tobytes(),
            tuple(undated),
        )
    )
    return b"".join(
        [DAYS_MAGIC, binascii.crc32(header).to_bytes(4, "big"), len(header).to_bytes(8, "big"), header, *pieces]
    )


def read_days(dir_: Path, identity: dict[str, Any], sha: str) -> DayIndex | None:
    """The day index of the cached trip of content ``sha``, or ``None`` if missing, damaged or not one.

    The file is mapped, not read: a day's agenda reads its header and a few events.
    """
    from planner.model.trip import Trip

    try:
        with open(days_file(dir_, sha), "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if data[: len(DAYS_MAGIC)] != DAYS_MAGIC:
            return None
        crc = int.from_bytes(data[len(DAYS_MAGIC) : len(DAYS_MAGIC) + 4], "big")
        size = int.from_bytes(data[len(DAYS_MAGIC) + 4 : _HEAD], "big")
        header = data[_HEAD : _HEAD + size]
        if len(header) != size or binascii.crc32(header) != crc:
            return None
        head, key, shell, offsets, crcs, first_day, starts, on_days, undated = ModelUnpickler(io.BytesIO(header)).load()
        if head != identity or key != sha or not isinstance(shell, Trip) or type(first_day) is not int:
            return None
        index = DayIndex(shell, data, _HEAD + size, _ints("Q", offsets), _ints("I", crcs), first_day)
        index.set_days(_ints("I", starts), _ints("I", on_days), undated)
    except Exception:
        return None
    return index


def _ints(code: str, raw: Any) -> array[int]:
    values = array(code)
    if not isinstance(raw, bytes) or values.itemsize != (8 if code == "Q" else 4):
        raise ValueError("not an array of this machine")
    values.frombytes(raw)
    return values


class DayIndex:
    """A trip's day index as read from the cache: the events of a window, unpickled one by one."""

    def __init__(self, shell: Trip, data: Any, base: int, offsets: array[int], crcs: array[int], first_day: int):
        self.shell = shell
        self._data = data
        self._base = base
        self._offsets = offsets
        self._crcs = crcs
        self._first_day = first_day
        self._events: dict[int, Event] = {}
        count = len(offsets) - 1
        if count < 0 or len(crcs) != count or offsets[0] != 0 or base + offsets[-1] != len(data):
            raise ValueError("damaged day index")

    def set_days(self, starts: array[int], on_days: array[int], undated: Any) -> None:
        count = len(self._offsets) - 1
        if not (isinstance(undated, tuple) and all(type(i) is int and 0 <= i < count for i in undated)):
            raise ValueError("damaged day index")
        if not starts or starts[-1] != len(on_days) or (on_days and max(on_days) >= count):
            raise ValueError("damaged day index")
        self._starts = starts
        self._on_days = on_days
        self._undated = undated

    def between(self, start: date, end: date) -> Trip:
        """The trip with only the events that can have an occurrence from ``start`` to ``end`` (or are on no day)."""
        from planner.model.trip import Event

        wanted: set[int] = set(self._undated)
        starts = self._starts
        first = max(0, start.toordinal() - self._first_day)
        last = min(len(starts) - 2, end.toordinal() - self._first_day)
        if first <= last:
            wanted.update(self._on_days[starts[first] : starts[last + 1]])
        order = sorted(wanted)  # every index was checked against the number of events (set_days)
        missing = [i for i in order if i not in self._events]
        pieces = []
        for i in missing:
            piece = self._data[self._base + self._offsets[i] : self._base + self._offsets[i + 1]]
            if binascii.crc32(piece) != self._crcs[i]:
                raise ValueError("damaged event in the day index")
            pieces.append(piece)
        for i, piece in zip(missing, pieces, strict=True):
            ev = ModelUnpickler(io.BytesIO(piece)).load()
            if not isinstance(ev, Event):
                raise ValueError("not an event")
            self._events[i] = ev
        return replace(self.shell, events=tuple(self._events[i] for i in order))
