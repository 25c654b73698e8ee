"""Repeat rules read fast and safely: dateutil's private rrule fields, guarded, and the shortcuts they allow.

A repeat rule is expanded with :mod:`dateutil.rrule`, which has three slow
corners: a rule no day ever matches, an INTERVAL that never meets its day
filter, and a BYSETPOS position no period has (the sixth Monday of a month)
are all searched up to the year 9999 (seconds per expansion). The
shortcuts here (:func:`never_happens`, :func:`series`) need the rule's fields,
which dateutil keeps only in private attributes; :func:`rule_fields` is the one
guarded reader of them, and without them the public (slower) way is taken.
dateutil itself is imported inside the functions, only when a series is met.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from planner.model.checker import year_problem
from planner.model.when import YEARS

_FILTERS = (
    "byweekday",
    "bymonthday",
    "byyearday",
    "byweekno",
    "bymonth",
    "byeaster",
    "bysetpos",
    "byhour",
    "byminute",
    "bysecond",
)


_DAY_FILTERS = ("byweekday", "bymonthday", "byyearday", "byweekno", "byeaster")


@dataclass(frozen=True)
class RuleFields:
    """What dateutil parsed a rule into, as the shortcuts below need it."""

    freq: int
    """``YEARLY`` (0) ... ``SECONDLY`` (6)."""
    interval: int
    wkst: int
    """First day of the week, 0 for Monday."""
    count: int | None
    byweekday: tuple[int, ...] | None
    """Plain weekdays of BYDAY (0 for Monday); ``+3TH`` and the like are not here."""
    filters: frozenset[str]
    """Which of :data:`_FILTERS` the rule itself gives (dateutil fills some in from DTSTART)."""
    bysetpos: tuple[int, ...] | None = None
    """The positions of BYSETPOS (1 for the first of each period, -1 for the last)."""
    until: datetime | None = None
    """UNTIL, as dateutil keeps it (the last moment an occurrence may start)."""


def rule_fields(rule: Any) -> RuleFields | None:
    """The fields of a dateutil ``rrule``, or ``None`` when this dateutil does not keep them as expected.

    dateutil has no public way to read a rule's frequency, interval and filters
    back, only private attributes (``_freq``, ``_original_rule``, ...). They are
    read here and nowhere else, and checked: with ``None`` the callers take the
    public way, slower on some rules but with the same results. A test
    (``tests/test_rrule_fields.py``) notices when dateutil changes them.
    """
    from dateutil.rrule import rrule

    if not isinstance(rule, rrule):
        return None
    try:
        freq, interval, wkst, count = rule._freq, rule._interval, rule._wkst, rule._count
        byweekday, original, until = rule._byweekday, rule._original_rule, rule._until
    except AttributeError:
        return None
    if not (
        all(type(v) is int for v in (freq, interval, wkst))
        and (count is None or type(count) is int)
        and (until is None or type(until) is datetime)
        and (byweekday is None or (isinstance(byweekday, tuple) and all(type(d) is int for d in byweekday)))
        and isinstance(original, dict)
    ):
        return None
    bysetpos = original.get("bysetpos")
    if isinstance(bysetpos, int):
        bysetpos = (bysetpos,)
    if bysetpos is not None and not (isinstance(bysetpos, tuple) and all(type(p) is int for p in bysetpos)):
        return None
    filters = frozenset(k for k in _FILTERS if original.get(k))
    return RuleFields(freq, interval, wkst, count, byweekday, filters, bysetpos or None, until)


SETPOS_PERIODS = 100
"""Periods (years ... seconds) with candidates looked at to tell whether a BYSETPOS position can ever be met."""


def positions_never_met(rule: Any, fields: RuleFields, dtstart: datetime) -> bool:
    """Whether no period of the rule has as many candidates as its BYSETPOS positions need.

    ``FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6`` asks for the sixth Monday of each
    month; there is none, and dateutil, which checks UNTIL only against an
    occurrence it found, searches every month to the year 9999 (seconds per
    expansion, on every command). Here the rule without BYSETPOS (which the
    readers made sure happens, :func:`never_happens`) is walked over its first
    :data:`SETPOS_PERIODS` periods that have candidates: when every position
    asks for more candidates than the fullest of those periods holds, the rule
    is taken as never happening. Bounded work, whatever the rule.
    """
    if not fields.bysetpos:
        return False
    need = min(abs(p) for p in fields.bysetpos)
    plain = rule.replace(bysetpos=None, count=None, until=None, interval=1)
    sizes: dict[int, int] = {}
    for occ in plain.xafter(dtstart, inc=True):
        n = period(fields.freq, fields.wkst, dtstart, occ)
        sizes[n] = sizes.get(n, 0) + 1
        if sizes[n] >= need:
            return False
        if len(sizes) > SETPOS_PERIODS:
            break
    return True


def series(rule: Any, dtstart: datetime, horizon: date) -> Iterator[datetime]:
    """The occurrences of a dateutil ``rrule`` from ``dtstart`` on, in order (to ``horizon`` at least).

    With an INTERVAL and a day filter that never line up (``FREQ=DAILY;
    INTERVAL=7;BYDAY=TU`` from a Monday: every seventh day is a Monday),
    dateutil looks for the next match period by period up to the year 9999,
    seconds per expansion, before it says there is none. The same occurrences
    are the INTERVAL=1 rule's (which has matches regularly, or the reader
    refused it: :func:`never_happens`) that fall in every INTERVAL-th period
    counted from ``dtstart``'s, which is how dateutil steps; so this walks
    those and stops at the caller's horizon like any other series. COUNT is
    counted here, on the kept occurrences; UNTIL stays in the rule. A BYSETPOS
    no period can meet yields nothing (:func:`positions_never_met`). A daily
    or weekly rule without a BY* part is stepped by adding days (:func:`_every`).
    """
    from itertools import islice, takewhile

    from dateutil.rrule import DAILY, HOURLY, WEEKLY

    start = dtstart - timedelta(seconds=1)
    fields = rule_fields(rule)
    if fields is not None and positions_never_met(rule, fields, dtstart):
        return iter(())
    if fields is not None and fields.freq in (DAILY, WEEKLY) and not fields.filters and dtstart.tzinfo is None:
        until = fields.until
        if until is None or until.tzinfo is None:
            step = timedelta(days=fields.interval * (7 if fields.freq == WEEKLY else 1))
            return _every(dtstart.replace(microsecond=0), step, fields.count, until)
    if fields is None or fields.interval <= 1 or fields.freq > HOURLY or not fields.filters:
        # Minutely and secondly: walking every minute or second to the horizon would
        # cost more than dateutil's own search (about 1.3 s when it finds nothing).
        # Without the rule's fields (another dateutil): dateutil's own walk, same occurrences.
        it: Iterator[datetime] = rule.xafter(start, inc=True)
        return it
    freq, wkst, interval, count = fields.freq, fields.wkst, fields.interval, fields.count
    every = rule.replace(interval=1, count=None)
    candidates = takewhile(lambda occ: occ.date() <= horizon, every.xafter(start, inc=True))
    kept = (occ for occ in candidates if period(freq, wkst, dtstart, occ) % interval == 0)
    return islice(kept, count) if count else kept


def _every(first: datetime, step: timedelta, count: int | None, until: datetime | None) -> Iterator[datetime]:
    """``first`` and every ``step`` after it, ``count`` times at most, none after ``until``: a plain daily or weekly rule.

    What dateutil gives for ``FREQ=DAILY`` or ``WEEKLY`` with an INTERVAL,
    COUNT or UNTIL and no BY* part (a weekly rule then keeps DTSTART's
    weekday and every rule its time), without building its calendar of each
    year: most series are such, and a listing expands hundreds of them. Ends
    where dateutil ends, at the year 9999.
    """
    n = 0
    occ = first
    while (count is None or n < count) and (until is None or occ <= until):
        yield occ
        n += 1
        try:
            occ = first + step * n
        except OverflowError:
            return


def period(freq: int, wkst: int, first: datetime, occ: datetime) -> int:
    """How many ``freq`` periods (years ... seconds; weeks starting on ``wkst``) ``occ`` lies after ``first``."""
    from dateutil.rrule import DAILY, HOURLY, MINUTELY, MONTHLY, WEEKLY, YEARLY

    if freq == YEARLY:
        return occ.year - first.year
    if freq == MONTHLY:
        return (occ.year - first.year) * 12 + occ.month - first.month
    if freq == WEEKLY:

        def week(d: datetime) -> date:
            return d.date() - timedelta(days=(d.weekday() - wkst) % 7)

        return (week(occ) - week(first)).days // 7
    days = (occ.date() - first.date()).days
    if freq == DAILY:
        return days
    hours = days * 24 + occ.hour - first.hour
    if freq == HOURLY:
        return hours
    minutes = hours * 60 + occ.minute - first.minute
    if freq == MINUTELY:
        return minutes
    return minutes * 60 + occ.second - first.second


def never_happens(rule: str, first: date) -> bool:
    """Whether a valid repeat rule matches no day at all (``BYMONTH=2;BYMONTHDAY=30``).

    dateutil looks for the next match day by day up to the year 9999 and never
    gives up sooner, so such a rule would stall every expansion for seconds.
    The Gregorian calendar repeats every 400 years, so this looks at the rule's
    day filters (interval 1, no COUNT/UNTIL) over 800 years from 9200, the same
    point of the cycle as 2000, in a fraction of a second.

    >>> never_happens("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2021, 1, 1))
    True
    >>> never_happens("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29", date(2021, 1, 1))
    False
    """
    from dateutil.rrule import MONTHLY, rrulestr

    start = datetime(9200, first.month, first.day)
    try:
        rule_ = rrulestr(rule, dtstart=start, ignoretz=True)
        changes: dict[str, Any] = {"dtstart": start, "interval": 1, "count": None, "until": None, "bysetpos": None}
        fields = rule_fields(rule_)
        # Without the rule's fields (another dateutil) the rule itself is probed: the same
        # answer, found more slowly for weekly and finer rules.
        if fields is not None and fields.freq > MONTHLY:  # weekly and finer: only the day filters matter
            if not fields.filters & frozenset(_DAY_FILTERS):
                return False  # at most BYMONTH: some day of every year matches
            changes.update(freq=MONTHLY, byhour=None, byminute=None, bysecond=None, byweekday=fields.byweekday or None)
        probe = rule_.replace(**changes)
        return next(iter(probe), None) is None
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError):
        return False  # not this function's to judge: the readers check the rule itself (rule_problem)


def rule_problem(rule: str) -> str | None:
    """Why ``rule`` (an RRULE value, ``RRULE:`` prefix removed) cannot be a repeat rule, before dateutil reads it.

    dateutil reads text with spaces or line breaks as several properties: a second
    RRULE, an RDATE, EXRULE or EXDATE give a rule *set* (which the shortcuts above
    cannot read and expansion fails on), and a DTSTART moves the series off the
    event's own day (the event disappears from lists, and export fails). So a
    repeat rule is one RRULE value: no ``:``, spaces or control characters. An
    UNTIL outside :data:`~planner.model.when.YEARS` would overflow the zone
    arithmetic of export. ``None`` when the text is fit to parse.

    >>> rule_problem("FREQ=WEEKLY;COUNT=4") is None
    True
    >>> rule_problem("FREQ=DAILY;COUNT=2\\nDTSTART:20191001")[:29]
    'a repeat rule is one RRULE va'
    """
    if any(ch == ":" or ch.isspace() or not ch.isprintable() for ch in rule):
        return (
            "a repeat rule is one RRULE value on one line, such as FREQ=WEEKLY;COUNT=4; "
            "it cannot hold line breaks, spaces or other properties (DTSTART:, RDATE:, a second RRULE:)"
        )
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL":
            from dateutil import parser as dateparser

            try:
                year = dateparser.parse(value, ignoretz=True).year
            except (ValueError, OverflowError):
                return None  # dateutil refuses it too: the caller reports its words
            if year not in YEARS:
                return f"UNTIL: {year_problem(year)}"
    return None


def series_of(rule: str, dtstart: datetime, horizon: date) -> Iterator[datetime]:
    """The occurrences of the RRULE text ``rule`` from ``dtstart`` on, in order (to ``horizon`` at least).

    The rule is parsed at once (a bad rule raises here, not when iterated), in
    naive wall-clock time: the caller puts each occurrence back in its zone.
    A plain daily or weekly rule (:func:`_plain_rule`) is stepped without
    dateutil: parsing a rule cost more than stepping it, a listing meets hundreds.
    """
    plain = _plain_rule(rule) if dtstart.tzinfo is None else None
    if plain is not None:  # most series: not even parsed by dateutil
        days, count = plain
        return _every(dtstart.replace(microsecond=0), timedelta(days=days), count, None)
    # dateutil.rrule (and the calendar and locale modules it brings) is imported only
    # when a series is expanded: commands over one-off events never pay for it.
    from dateutil.rrule import rrulestr

    return series(rrulestr(rule, dtstart=dtstart, ignoretz=True), dtstart, horizon)


def _plain_rule(rule: str) -> tuple[int, int | None] | None:
    """Days between occurrences and COUNT of a rule that is only ``FREQ=DAILY`` or ``WEEKLY``, INTERVAL and COUNT.

    Read here as dateutil reads them (a weekly rule keeps DTSTART's weekday,
    every rule its time: :func:`_every`); anything else, even lowercase, a
    leading zero or a key given twice, is ``None`` and goes to dateutil.

    >>> _plain_rule("FREQ=WEEKLY;INTERVAL=2;COUNT=6"), _plain_rule("FREQ=WEEKLY;BYDAY=MO")
    ((14, 6), None)
    """
    fields: dict[str, str] = {}
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key in fields:
            return None
        fields[key] = value
    days = {"DAILY": 1, "WEEKLY": 7}.get(fields.pop("FREQ", ""))
    numbers = fields.values()
    if days is None or not fields.keys() <= {"INTERVAL", "COUNT"}:
        return None
    if not all(n.isascii() and n.isdigit() and n[0] != "0" and len(n) <= 6 for n in numbers):
        return None
    count = fields.get("COUNT")
    return days * int(fields.get("INTERVAL", "1")), None if count is None else int(count)
