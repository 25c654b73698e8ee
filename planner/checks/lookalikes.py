"""The ``look-alike`` check and :func:`title_similarity`: two events of a trip that may be one activity entered twice."""

from __future__ import annotations

import bisect
import difflib
import re

from planner.checks.common import EN_WEEKDAY_PATTERN, MAX_PAIRS, event_ref, stopped
from planner.checks.findings import Finding
from planner.checks.registry import trip_check
from planner.model.days import days_covered
from planner.model.trip import Trip
from planner.model.when import When
from planner.text.safe import clean

TITLE_SIMILARITY = 0.8
"""Minimum :class:`difflib.SequenceMatcher` ratio of normalised titles for a look-alike."""

PARTY_OVERLAP = 0.5
"""Minimum Jaccard overlap of counterparts and organisations for a look-alike."""

_DATE_NOTE = re.compile(rf"\((?:[^()]*\d[^()]*|\s*(?:{EN_WEEKDAY_PATTERN})\.?\s*|[월화수목금토일])\)", re.I)


def _normal_title(title: str) -> str:
    """Lower case, without date notes such as "(26 Oct)" or "(Tue)", digits or punctuation."""
    text = _DATE_NOTE.sub(" ", title.casefold())
    text = re.sub(r"[\d\W_]+", " ", text)
    return " ".join(text.split())


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0 to 1, ignoring date notes and case.

    >>> title_similarity("MOU with the beauty associations", "MOU with the beauty associations (26 Oct)")
    1.0
    """
    na, nb = _normal_title(a), _normal_title(b)
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb).ratio()


@trip_check("look-alike", "two events that look like the same activity")
def check_look_alikes(trip: Trip) -> list[Finding]:
    """Pairs of events of one trip that look like the same activity.

    Same kind, titles at least :data:`TITLE_SIMILARITY` alike (English, or
    Korean when both have one), and counterparts plus organisations overlapping
    by at least :data:`PARTY_OVERLAP` with at least one in common. Events with
    no counterparts or organisations are never paired: two "Lunch" entries are
    not a duplicate.

    Only events sharing a party are compared (at most
    :data:`~planner.checks.common.MAX_PAIRS` pairs per trip), and each pair of
    distinct titles once.
    """
    out = []
    events = trip.events
    parties = [frozenset(e.counterparts) | frozenset(e.orgs) for e in events]
    # Candidates share a kind and a party: bucket the events by both, in trip order.
    buckets: dict[tuple[str, str], list[int]] = {}
    for i, (ev, pa) in enumerate(zip(events, parties, strict=True)):
        for party in pa:
            buckets.setdefault((ev.kind, party), []).append(i)
    normal: dict[str, str] = {}
    alike: dict[tuple[str, str], float] = {}

    def similarity(a: str, b: str) -> float:
        na = normal.get(a)
        if na is None:
            na = normal[a] = _normal_title(a)
        nb = normal.get(b)
        if nb is None:
            nb = normal[b] = _normal_title(b)
        if not na or not nb:
            return 0.0
        if na == nb:
            return 1.0
        key = (na, nb)
        sim = alike.get(key)
        if sim is None:
            sim = alike[key] = difflib.SequenceMatcher(None, na, nb).ratio()
        return sim

    pairs = 0
    for i, a in enumerate(events):
        pa = parties[i]
        if not pa:
            continue
        tails = [(b, bisect.bisect_right(b, i)) for b in (buckets[(a.kind, party)] for party in pa)]
        pairs += sum(len(b) - at for b, at in tails)
        if pairs > MAX_PAIRS:
            out.append(stopped("look-alike", trip.id, "events sharing counterparts or organisations"))
            break
        later = sorted({j for b, at in tails for j in b[at:]})
        for j in later:
            b = events[j]
            sim = similarity(a.title, b.title)
            if a.title_ko and b.title_ko:
                sim = max(sim, similarity(a.title_ko, b.title_ko))
            if sim < TITLE_SIMILARITY:
                continue
            pb = parties[j]
            shared = pa & pb
            if not shared or len(shared) / len(pa | pb) < PARTY_OVERLAP:
                continue
            if a.counterparts and b.counterparts and not set(a.counterparts) & set(b.counterparts):
                continue  # different people on the other side: not the same meeting
            ra, rb = event_ref(trip, a), event_ref(trip, b)
            names = [_party_name(trip, p) for p in sorted(shared)]
            listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            same = "the same parties" if pa == pb else "shared parties"
            when = _when_pair(a.when, b.when)
            out.append(
                Finding(
                    "warning",
                    "look-alike",
                    trip.id,
                    f"look like the same activity: titles {sim:.0%} alike and {same} ({listed}); {when}",
                    (ra, rb),
                )
            )
    return out


def _party_name(trip: Trip, pid: str) -> str:
    org = trip.organisation(pid)
    if org is not None:
        return clean(org.name, single_line=True)
    person = trip.person(pid)
    return clean(person.name, single_line=True) if person else pid


def _when_pair(a: When, b: When) -> str:
    ca, cb = days_covered(a), days_covered(b)
    if ca is None or cb is None:  # a month or no date: on no day
        return "one of them has no date: a duplicate?"
    da, db = ca[0], cb[0]
    if da == db:
        return f"both on {da:%a} {da.day} {da:%b %Y}: entered twice?"
    return f"on {da:%a} {da.day} {da:%b} and {db:%a} {db.day} {db:%b %Y}: entered twice, or really two?"
