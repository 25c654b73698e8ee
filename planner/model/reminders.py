"""Reminders: how long before an event's start its calendar alarms fire, and which events get them.

One rule, used by every export: an event with a clock time gets the alarms
of its own ``reminders`` when the trip file gives them (``reminders = []``
means none), else those the configuration sets for its kind, else the
configuration's ``default``. An event without a clock time (a day, a part of
a day, a span, a month, unscheduled) gets none: an alarm needs a moment to be
before, and the planner never invents one.

Durations are written as people say them: ``"3h"``, ``"30m"``, ``"1h30m"``,
``"1d"``, ``"90m"``; ``"0m"`` is at the start.

>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> duration_text(parse_duration("90m")), duration_text(parse_duration("2d"))
('1h30m', '2d')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta

from planner.model.checker import Checker
from planner.model.trip import Event
from planner.model.when import Exact

Alarms = Mapping[str, tuple[timedelta, ...]]
"""Alarms by event kind (``"travel"``, ``"mou"`` ...) and ``"default"`` for the other kinds."""

DEFAULT_KEY = "default"
MAX_BEFORE = timedelta(days=28)
"""The earliest an alarm may fire before its event (a longer lead is a to-do, not an alarm)."""
MAX_ALARMS = 5
"""The most alarms one event or kind may have."""

_DURATION = re.compile(
    r"^\s*(?:(\d{1,3})\s*d(?:ays?)?)?\s*(?:(\d{1,4})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,5})\s*m(?:in(?:utes?|s)?)?)?\s*$",
    re.IGNORECASE,
)


def parse_duration(text: str) -> timedelta:
    """``"3h"``, ``"30m"``, ``"1h30m"``, ``"2d"`` as a time before the start.

    Raises:
        ValueError: not such a duration, or longer than :data:`MAX_BEFORE`.
    """
    m = _DURATION.match(text) if len(text) <= 40 else None
    if m is None or not any(m.groups()):
        raise ValueError(f'{text[:40]!r} is not a duration; write it like "3h", "30m", "1h30m" or "1d"')
    days, hours, minutes = (int(g or 0) for g in m.groups())
    value = timedelta(days=days, hours=hours, minutes=minutes)
    if value > MAX_BEFORE:
        raise ValueError(f"{text[:40]!r} is more than {MAX_BEFORE.days} days before the event")
    return value


def duration_text(value: timedelta) -> str:
    """The shortest way :func:`parse_duration` reads back: ``3h``, ``30m``, ``1h30m``, ``1d``, ``0m``."""
    minutes = int(value.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days and not rest:
        return f"{days}d"
    text = (f"{days * 24 + hours}h" if hours or days else "") + (f"{mins}m" if mins else "")
    return text or "0m"


def durations(c: Checker, value: object, path: str) -> tuple[timedelta, ...] | None:
    """A list of durations (``["3h", "30m"]``, or ``[]`` for none) checked into ``c``; ``None`` if wrong.

    A single text (``"3h"``) is taken as a list of one.
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        c.add(path, f'expected a list of durations such as ["3h", "30m"], got {value!r:.60}')
        return None
    if len(items) > MAX_ALARMS:
        c.add(path, f"at most {MAX_ALARMS} reminders, got {len(items)}")
        return None
    out: list[timedelta] = []
    for item in items:
        if not isinstance(item, str):
            c.add(path, f'each reminder is a duration in quotes such as "3h", got {item!r:.60}')
            return None
        try:
            found = parse_duration(item)
        except ValueError as exc:
            c.add(path, str(exc))
            return None
        if found not in out:
            out.append(found)
    return tuple(sorted(out, reverse=True))


def event_reminders(c: Checker, t: dict, path: str) -> tuple[timedelta, ...] | None:
    """An event's ``reminders`` key: ``None`` when absent (the configuration decides)."""
    if "reminders" not in t:
        return None
    return durations(c, t["reminders"], f"{path}.reminders")


def alarms_for(ev: Event, alarms: Alarms | None) -> tuple[timedelta, ...]:
    """How long before its start each of ``ev``'s alarms fires (earliest first); none without a clock time."""
    if not isinstance(ev.when, Exact):
        return ()
    if ev.reminders is not None:
        return ev.reminders
    if not alarms:
        return ()
    found = alarms.get(ev.kind)
    return found if found is not None else alarms.get(DEFAULT_KEY, ())


__all__ = [
    "DEFAULT_KEY",
    "MAX_ALARMS",
    "MAX_BEFORE",
    "Alarms",
    "alarms_for",
    "duration_text",
    "durations",
    "event_reminders",
    "parse_duration",
]
