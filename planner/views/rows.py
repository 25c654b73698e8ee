"""What the timeline shows, row by row: trip and day headings and occurrences, built incrementally.

Pure functions over the model (no Textual), so the widget only draws and the
rules are tested alone. What a filter keeps is :mod:`planner.views.filtering`;
who clashes with whom is :mod:`planner.views.overlaps`.

Why one module: the rows, their blocks and the builder that reuses blocks
between edits share one invariant (a block is the rows of one trip under one
filter and time mode, valid while that trip object is unchanged); splitting
them would put that invariant in two places.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal, NamedTuple, TypeVar, cast, overload

from planner.model.timeline import Occurrence, ZoneView, occurrences
from planner.model.trip import Trip
from planner.model.when import Exact
from planner.views.filtering import Filter, keeps, named_ids, trip_haystacks
from planner.views.overlaps import overlaps

TimeMode = Literal["event", "home", "both"]
TIME_MODES: tuple[TimeMode, ...] = ("event", "home", "both")
TIME_MODE_NAMES: dict[str, str] = {
    "event": "event's own zone",
    "home": "trip's home zone",
    "both": "event zone + home zone",
}


class Row(NamedTuple):
    """One line of the timeline: a trip heading, a day heading, or an occurrence.

    A named tuple rather than a dataclass: a workspace has tens of thousands of
    rows per zone view, and a tuple is built four times faster, is one object
    for the garbage collector instead of two, and is just as immutable.
    """

    kind: Literal["trip", "day", "event"]
    key: str
    trip: Trip
    day: date | None = None
    """The day heading this row is under (``None`` under "unscheduled")."""
    occurrence: Occurrence | None = None
    overlaps: tuple[str, ...] = ()
    """Keys of occurrences sharing a person at the same time (not part of equality)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self[:5] == other[:5]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:5])


def key_trip(key: str) -> str:
    """The trip id a row key belongs to: ``trip:ID``, ``day:ID:DAY`` or ``ID/EVENT[@DAY]``.

    Ids are lower-case letters, digits and '-', so neither ':' nor '/' can be part of one.

    >>> [key_trip(k) for k in ("trip:korea-2021", "day:korea-2021:2021-10-19", "korea-2021/mou@2021-10-19")]
    ['korea-2021', 'korea-2021', 'korea-2021']
    """
    if key.startswith("trip:"):
        return key[5:]
    if key.startswith("day:"):
        return key[4:].split(":", 1)[0]
    return key.split("/", 1)[0]


class Block:
    """The rows of one trip in one view, or the part of them a filter keeps.

    Blocks are built once and shared: the timeline is a list of blocks, so
    showing it again after an edit, a filter or a zone switch costs one step
    per trip, not one per row.

    A trip's full block also knows, per row, the day heading above it, which
    rows are events, and (once a text filter asked) each event row's search
    text: a filter is then a few list comprehensions over indices, and the
    block it makes keeps the indices it kept (``kept``) so the next, longer
    query looks only at those.
    """

    __slots__ = ("_index", "events", "hays", "heading", "kept", "rows")

    def __init__(self, rows: list[Row], kept: list[int] | None = None):
        self.rows = rows
        self.kept = kept
        """For a filtered block: indices (in the full block) of the event rows kept."""
        self.events: list[int] = []
        """For a full block: indices of its event rows."""
        self.heading: list[int] = []
        """For a full block: per row, the index of the day heading it is under."""
        self.hays: list[str] | None = None
        """For a full block: per row, an event's search text ("" for headings), made on demand."""
        self._index: dict[str, int] | None = None

    def index(self, key: str) -> int | None:
        """Position of the row keyed ``key`` in this block (the lookup table is built on first use)."""
        if self._index is None:
            self._index = {r.key: i for i, r in enumerate(self.rows)}
        return self._index.get(key)


class RowList(Sequence[Row]):
    """The timeline's rows: trip blocks one after another, read like one list.

    Indexing finds the block by bisection over the blocks' starts, and a key
    is looked up in its own trip's block, so nothing here ever walks every row.
    """

    __slots__ = ("_by_trip", "_starts", "blocks")

    def __init__(self, blocks: Iterable[Block] = ()):
        self.blocks = [b for b in blocks if b.rows]
        starts = [0]
        for b in self.blocks:
            starts.append(starts[-1] + len(b.rows))
        self._starts = starts
        self._by_trip = {b.rows[0].trip.id: i for i, b in enumerate(self.blocks)}

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        b = bisect_right(self._starts, index) - 1
        return self.blocks[b].rows[index - self._starts[b]]

    def __iter__(self) -> Iterator[Row]:
        for b in self.blocks:
            yield from b.rows

    def __repr__(self) -> str:
        return f"RowList({len(self)} rows in {len(self.blocks)} trips)"

    def block_of(self, trip_id: str) -> tuple[int, list[Row]] | None:
        """Where the trip's rows start, and the rows; ``None`` when the trip shows none."""
        b = self._by_trip.get(trip_id)
        return None if b is None else (self._starts[b], self.blocks[b].rows)

    def index_of(self, key: str) -> int | None:
        b = self._by_trip.get(key_trip(key))
        if b is None:
            return None
        pos = self.blocks[b].index(key)
        return None if pos is None else self._starts[b] + pos

    def get(self, key: str, default: Row | None = None) -> Row | None:
        """The row keyed ``key`` (a mapping's ``get``, for the detail pane)."""
        index = self.index_of(key)
        return default if index is None else self[index]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return self.index_of(item) is not None
        return isinstance(item, Row) and self.get(item.key) == item


def timeline_rows(trips: Iterable[Trip], flt: Filter = Filter(), mode: TimeMode = "event") -> list[Row]:
    """Every trip in date order, each grouped by day, its unscheduled items last."""
    return list(RowBuilder().rows(trips, flt, mode))


_Entry = TypeVar("_Entry", bound=tuple[Any, ...])
_Key = TypeVar("_Key")
"""A cache entry: a tuple whose first item is the trip it was made from."""


def _find(versions: list[_Entry] | None, trip: object) -> _Entry | None:
    """The entry made from this very trip object, among a few recent versions; it becomes the newest.

    Moving a hit first keeps the trip undo restores (and redo re-applies)
    among the versions kept, however many edits come and go after it.
    """
    if not versions:
        return None
    for i, entry in enumerate(versions):
        if entry[0] is trip:
            if i:
                versions.insert(0, versions.pop(i))
            return entry
    return None


def _remember(cache: dict[_Key, list[_Entry]], key: _Key, entry: _Entry, keep: int) -> None:
    """Put ``entry`` first among the versions kept under ``key``; forget all but ``keep``."""
    versions = cache.setdefault(key, [])
    versions.insert(0, entry)
    del versions[keep:]


class RowBuilder:
    """Builds timeline rows, remembering the work done for trips that did not change.

    Trips are immutable, so a trip object that is still the same object has the
    same occurrences, clashes and rows: after an edit only the edited trip (and
    the trips whose dates overlap it, for clashes) is computed again. That is
    what keeps a key press fast with ten thousand events.

    What is remembered, per trip id, is its last few versions (:data:`VERSIONS`):
    the current trip, and the ones undo is likely to bring back, so ``u`` finds
    its rows ready. Older versions are dropped, so memory stays bounded however
    long the session.

    The home-zone view reuses the event view's occurrences (only their order
    and days differ), and a filter only selects among a trip's rows (the rows
    themselves, overlaps included, do not depend on the filter), so a filter is
    a scan over precomputed lower-case text, narrowed from the previous result
    when the query only grew.
    """

    VERSIONS = 3
    """Versions of each trip kept (the current one and two that undo may restore)."""
    FILTERS = 8
    """Filter results kept per trip and view."""

    def __init__(self) -> None:
        self._occurrences: dict[tuple[str, str], list[tuple[Trip, list[Occurrence]]]] = {}
        self._extents: dict[str, list[tuple[Trip, tuple[datetime, datetime] | None]]] = {}
        self._clashes: dict[tuple[str, ...], list[tuple[list[Trip], dict[str, list[str]]]]] = {}
        self._blocks: dict[tuple[str, str], list[tuple[Trip, dict[str, list[str]], Block]]] = {}
        self._hays: dict[str, list[tuple[Trip, dict[int, str]]]] = {}
        self._filtered: dict[tuple[str, str], dict[Filter, tuple[Block, Block]]] = {}
        self._last: dict[ZoneView, Filter] = {}

    # ------------------------------------------------------------ per trip

    def occurrences(self, trip: Trip, view: ZoneView) -> list[Occurrence]:
        """The trip's occurrences in timeline order for ``view``."""
        key = (trip.id, str(view))
        hit = _find(self._occurrences.get(key), trip)
        if hit is None:
            if view == "home":
                # The same occurrences as the event view, in the home zone's order: the
                # sort key ends with trip, event and day, so the order is the one
                # occurrences(view="home") gives, without expanding repeats again.
                occs = sorted(self.occurrences(trip, "event"), key=lambda o: o.sort_key("home"))
            else:
                occs = occurrences([trip], view=view)
            hit = (trip, occs)
            _remember(self._occurrences, key, hit, self.VERSIONS)
        return hit[1]

    def extent(self, trip: Trip) -> tuple[datetime, datetime] | None:
        """First start and last end (UTC) of the trip's timed occurrences."""
        hit = _find(self._extents.get(trip.id), trip)
        if hit is None:
            timed = [o.when for o in self.occurrences(trip, "event") if isinstance(o.when, Exact)]
            span = None
            if timed:
                span = (
                    min(w.start.astimezone(UTC) for w in timed),
                    max((w.end or w.start).astimezone(UTC) for w in timed),
                )
            hit = (trip, span)
            _remember(self._extents, trip.id, hit, self.VERSIONS)
        return hit[1]

    def clashes(self, trips: list[Trip]) -> dict[str, dict[str, list[str]]]:
        """Overlaps per trip id, found within each group of trips whose timed events overlap in time.

        The same person in two trips at once is a clash too; grouping keeps an
        edit from re-checking trips far away in time.
        """
        spans = []
        for trip in trips:
            span = self.extent(trip)
            if span is not None:
                spans.append((span[0], span[1], trip))
        spans.sort(key=lambda s: s[0])
        groups: list[list[Trip]] = []
        reach = None
        for first, last, trip in spans:
            if reach is None or first > reach:
                groups.append([])
                reach = last
            groups[-1].append(trip)
            reach = max(reach, last)
        out: dict[str, dict[str, list[str]]] = {}
        used: dict[tuple[str, ...], list] = {}
        for group in groups:
            key = tuple(t.id for t in group)
            versions = self._clashes.get(key, [])
            hit = next((v for v in versions if all(a is b for a, b in zip(v[0], group, strict=False))), None)
            if hit is None:
                hit = (group, overlaps(o for t in group for o in self.occurrences(t, "event")))
            versions = [hit, *(v for v in versions if v is not hit)][: self.VERSIONS]
            used[key] = versions
            for trip in group:
                out[trip.id] = hit[1]
        # Groups that no longer exist are forgotten (an edit that merged or split groups).
        self._clashes = used
        return out

    def block(self, trip: Trip, view: ZoneView, clashes: dict[str, list[str]]) -> Block:
        """All the trip's rows in ``view``: its heading, each day's heading and occurrences."""
        key = (trip.id, str(view))
        versions = self._blocks.get(key)
        hit = _find(versions, trip)
        if hit is not None and hit[1] is not clashes and hit[1] != clashes:
            assert versions is not None  # hit is one of them
            versions.remove(hit)  # the same trip, but a trip beside it changed its overlaps
            hit = None
        if hit is None:
            hit = (trip, clashes, self._trip_block(trip, view, clashes))
            _remember(self._blocks, key, hit, self.VERSIONS)
        return hit[2]

    def haystacks(self, trip: Trip) -> dict[int, str]:
        """Per event (``id(event)``), the lower-case text a filter's words are looked for in."""
        hit = _find(self._hays.get(trip.id), trip)
        if hit is None:
            hit = (trip, trip_haystacks(trip))
            _remember(self._hays, trip.id, hit, self.VERSIONS)
        return hit[1]

    # ------------------------------------------------------------ the whole timeline

    def rows(self, trips: Iterable[Trip], flt: Filter = Filter(), mode: TimeMode = "event") -> RowList:
        view: ZoneView = "home" if mode == "home" else "event"
        trips = sorted(trips, key=lambda t: (t.first_day, t.id))
        # Clashes are found among all events, whatever the filter hides.
        clashes = self.clashes(trips)
        none: dict[str, list[str]] = {}
        narrowing = flt.without_trip()
        previous = self._last.get(view)
        blocks = []
        for trip in trips:
            if flt.trip is not None and trip.id != flt.trip:
                continue
            full = self.block(trip, view, clashes.get(trip.id, none))
            blocks.append(self._filter(trip, view, full, narrowing, previous) if narrowing else full)
        if narrowing:
            self._last[view] = narrowing
        return RowList(blocks)

    def _filter(self, trip: Trip, view: ZoneView, full: Block, flt: Filter, previous: Filter | None) -> Block:
        """The rows of ``full`` that ``flt`` keeps, with the headings above them."""
        results = self._filtered.setdefault((trip.id, str(view)), {})
        hit = results.get(flt)
        if hit is not None and hit[0] is full:
            return hit[1]
        candidates = full.events
        if previous is not None and previous != flt and flt.narrows(previous):
            # Whatever the new query keeps, the previous one kept: look only there.
            before = results.get(previous)
            if before is not None and before[0] is full and before[1].kept is not None:  # a filtered block keeps them
                candidates = before[1].kept
        rows = full.rows
        if flt.org is not None or flt.kind is not None or flt.person is not None:
            # Event rows (the candidates) carry their occurrence.
            people = named_ids(trip.people, flt.person) if flt.person is not None else None
            orgs = named_ids(trip.organisations, flt.org) if flt.org is not None else None
            candidates = [i for i in candidates if keeps(cast(Occurrence, rows[i].occurrence), flt, people, orgs)]
        if flt.text:
            hays = self._block_hays(trip, full)
            for word in flt.text:
                candidates = [i for i in candidates if word in hays[i]]
        out: list[Row] = []
        if candidates:
            out.append(rows[0])
            heading = full.heading
            last = -1
            for i in candidates:
                h = heading[i]
                if h != last:
                    out.append(rows[h])
                    last = h
                out.append(rows[i])
        block = Block(out, candidates if candidates is not full.events else list(candidates))
        results.pop(flt, None)
        results[flt] = (full, block)
        while len(results) > self.FILTERS:
            del results[next(iter(results))]
        return block

    def _block_hays(self, trip: Trip, full: Block) -> list[str]:
        """Each row's search text in ``full`` (made once per block, from the trip's)."""
        if full.hays is None:
            by_event = self.haystacks(trip)
            full.hays = [by_event[id(r.occurrence.event)] if r.occurrence is not None else "" for r in full.rows]
        return full.hays

    def warm_up(self, trips: Iterable[Trip], mode: TimeMode = "event") -> Iterator[str]:
        """Prepare, one trip per step, what a zone switch and a first filter will need.

        Building the other zone view's rows and every event's search text takes
        tens of milliseconds for ten thousand events; done here a trip at a time
        while the app is idle (the caller waits between steps), the first ``z``
        and the first letter typed in the filter find them ready. Yields the id
        of each trip done.
        """
        trips = sorted(trips, key=lambda t: (t.first_day, t.id))
        clashes = self.clashes(trips)
        none: dict[str, list[str]] = {}
        view: ZoneView = "home" if mode == "home" else "event"
        for trip in trips:
            mine = clashes.get(trip.id, none)
            for v in (view, "event" if view == "home" else "home"):
                self._block_hays(trip, self.block(trip, v, mine))
            yield trip.id

    def _trip_block(self, trip: Trip, view: ZoneView, clashes: dict[str, list[str]]) -> Block:
        """Trip heading, then per day (in ``view``) its heading and its occurrences; unscheduled last.

        The same grouping as :func:`~planner.model.timeline.by_day`: occurrences
        come sorted by day (what is on no day, months and unscheduled, last), so
        each day is one run; the day of each is read once.
        """
        occs = self.occurrences(trip, view)
        block = Block([])
        if not occs:
            return block
        rows = block.rows
        events = block.events
        heading = block.heading
        rows.append(Row("trip", f"trip:{trip.id}", trip))
        heading.append(0)
        no_clash = ()
        current: object = _NO_DAY
        at = 0
        for o in occs:
            day = o.day(view)  # None for what is on no day (a month, unscheduled)
            if day != current:
                current = day
                at = len(rows)
                rows.append(Row("day", f"day:{trip.id}:{day or 'unscheduled'}", trip, day))
                heading.append(at)
            key = o.key
            found = clashes.get(key)
            events.append(len(rows))
            heading.append(at)
            rows.append(Row("event", key, trip, day, o, tuple(found) if found else no_clash))
        return block


_NO_DAY = object()
"""No day heading yet (``None`` is a real one: "unscheduled")."""
