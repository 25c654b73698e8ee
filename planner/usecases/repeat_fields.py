"""The event form's repeat fields (how often, every how many, until, how many times, except) read into a Recurrence.

An event file keeps a series as an RRULE value and a list of skipped days
(``repeat``, ``except``); people think in "weekly, every 2 weeks, until 25
October". These fields give FREQ, INTERVAL, UNTIL and COUNT; any other part
of a rule already in the file (``BYDAY=TU,TH``) is kept as it was. The rule
built is checked the way the trip file reader checks one
(:func:`planner.model.repeats.rule_problem`, parsed by dateutil, a rule that
matches no day), so the form never accepts what the file would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from planner.model.repeats import never_happens, rule_problem, series_of
from planner.model.trip import Recurrence
from planner.model.when import Exact, OnDate, PartOfDay, When
from planner.text.dates import TripDays, WhenError, parse_day

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
FREQUENCY_LABELS = {
    "": "does not repeat",
    "DAILY": "daily",
    "WEEKLY": "weekly",
    "MONTHLY": "monthly",
    "YEARLY": "yearly",
}
OWN_PARTS = ("FREQ", "INTERVAL", "UNTIL", "COUNT")
MAX_INTERVAL = 1000
MAX_COUNT = 1000


@dataclass(frozen=True)
class RepeatFields:
    """What the repeat fields hold: ``freq`` "" for no repeat."""

    freq: str = ""
    interval: str = ""
    until: str = ""
    count: str = ""
    skipped: str = ""
    """Days the series skips (its ``except`` list), separated by spaces or commas."""

    @classmethod
    def of(cls, repeat: Recurrence | None) -> RepeatFields:
        """The fields as they show an existing series."""
        if repeat is None:
            return cls()
        parts = rule_parts(repeat.rule)
        until = parts.get("UNTIL", "")
        if until:
            until = f"{until[:4]}-{until[4:6]}-{until[6:8]}" if len(until) >= 8 and until[:8].isdigit() else until
        return cls(
            freq=parts.get("FREQ", ""),
            interval=parts.get("INTERVAL", ""),
            until=until,
            count=parts.get("COUNT", ""),
            skipped=" ".join(d.isoformat() for d in repeat.exceptions),
        )


def rule_parts(rule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;COUNT=4`` as ``{"FREQ": "WEEKLY", "COUNT": "4"}`` (keys upper-case, order kept)."""
    out: dict[str, str] = {}
    for part in rule.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip().upper()] = value.strip()
    return out


def read_repeat(
    typed: RepeatFields,
    when: When | None,
    old: Recurrence | None,
    *,
    today: date,
    trips: tuple[TripDays, ...],
    errors: dict[str, str],
    notes: dict[str, str],
) -> Recurrence | None:
    """The series the fields describe (``None``: no repeat); problems go in ``errors["repeat"]`` / ``["except"]``."""
    freq = typed.freq.strip().upper()
    if not freq:
        if typed.skipped.strip():
            errors["except"] = "days to skip only go with a repeat"
        return None
    if freq not in FREQUENCIES:
        errors["repeat"] = f"repeat {freq.lower()!r}: choose daily, weekly, monthly or yearly"
        return None
    if when is not None and not isinstance(when, (Exact, OnDate, PartOfDay)):
        errors["repeat"] = "only an event on a day repeats: exact time, date only or part of day"
        return None
    first = when.local_date() if when is not None else None
    parts = {k: v for k, v in (rule_parts(old.rule) if old else {}).items() if k not in OWN_PARTS}
    rule = {"FREQ": freq}
    for name, text, most in (("INTERVAL", typed.interval, MAX_INTERVAL), ("COUNT", typed.count, MAX_COUNT)):
        text = text.strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= most:
            errors["repeat"] = f"{'every' if name == 'INTERVAL' else 'times'}: a whole number from 1 to {most}"
            return None
        if name != "INTERVAL" or int(text) > 1:
            rule[name] = str(int(text))
    if typed.until.strip():
        if "COUNT" in rule:
            errors["repeat"] = "give an end day or a number of times, not both"
            return None
        try:
            until = parse_day(typed.until, first, today, trips=trips)
        except WhenError as exc:
            errors["repeat"] = f"until: {exc}"
            return None
        if first is not None and until < first:
            errors["repeat"] = f"until {until} is before the first day, {first}"
            return None
        # The planner reads UNTIL as wall-clock time in the event's zone: the whole last day counts.
        rule["UNTIL"] = f"{until:%Y%m%d}T235959" if isinstance(when, Exact) else f"{until:%Y%m%d}"
    text = ";".join(f"{k}={v}" for k, v in {**rule, **parts}.items())
    problem = rule_problem(text)
    if problem is None and first is not None and never_happens(text, first):
        problem = "no day ever matches this repeat"
    if problem is None and first is not None:
        try:
            next(iter(series_of(text, datetime.combine(first, time()), first + timedelta(days=1))), None)
        except (ValueError, TypeError, OverflowError) as exc:
            problem = f"not a valid repeat ({exc})"
    if problem is not None:
        errors["repeat"] = problem
        return None
    skipped = _skipped(typed.skipped, first, today, trips, errors)
    if skipped is None:
        return None
    days = _days(text, first, max([*skipped, *(o.of for o in old.overrides)] if old else skipped, default=first))
    if days is not None:
        missing = [d for d in skipped if d not in days]
        if missing:
            errors["except"] = f"the series has no occurrence on {missing[0]}"
            return None
    kept = tuple(o for o in (old.overrides if old else ()) if days is None or (o.of in days and o.of not in skipped))
    notes["repeat"] = f"→ {text}"
    recurrence = Recurrence(text, tuple(skipped), kept)
    if old is not None and old.rule == text and old.exceptions == recurrence.exceptions:
        return replace(old)  # unchanged: exactly the series the file has
    return recurrence


def _skipped(
    typed: str, first: date | None, today: date, trips: tuple[TripDays, ...], errors: dict[str, str]
) -> list[date] | None:
    out: list[date] = []
    for word in typed.replace(",", " ").split():
        try:
            day = parse_day(word, first, today, trips=trips)
        except WhenError as exc:
            errors["except"] = str(exc)
            return None
        if day not in out:
            out.append(day)
    return sorted(out)


def _days(rule: str, first: date | None, last: date | None) -> set[date] | None:
    """The series' days from ``first`` to ``last`` (None without a first day)."""
    if first is None or last is None:
        return None
    found: set[date] = set()
    for when in series_of(rule, datetime.combine(first, time()), last):
        if when.date() > last:
            break
        found.add(when.date())
    return found
