"""Who takes part, as calendars say it: ORGANIZER and ATTENDEE lines, and the reminders as VALARMs.

Attendees. RFC 5545 makes an ATTENDEE's value a URI (a "cal-address"), and
Google Calendar, Outlook and Apple Calendar only do something useful with a
``mailto:`` one: a ``tel:`` or ``urn:`` attendee is dropped, or shown as a
broken address. So a person is written as an ATTENDEE only when an e-mail
address is known for them *and* visible to the file's reader (the reader's
trip comes from :func:`planner.model.visibility.redact`, which blanks the
e-mails above their level); everyone else stays named in the DESCRIPTION, as
before. The trip's ``organiser`` (with an e-mail) is the ORGANIZER and, when
attending, ``ROLE=CHAIR``; the delegation and the counterparts are
``ROLE=REQ-PARTICIPANT``. ``PARTSTAT`` follows the event's status
(``ACCEPTED``, ``TENTATIVE``; none for a cancelled event) and ``RSVP=FALSE``:
the file is ``METHOD:PUBLISH``, an itinerary to look at, not an invitation.
The common name is the person as the planner shows them, Hangul first:
``CN="김현겸 Kim Hyun-kyum"``.

Alarms (see :mod:`planner.model.reminders` for which): each is a VALARM with
``ACTION:DISPLAY``, the title as DESCRIPTION and a TRIGGER relative to the
start (``-PT3H``). An event that came from another calendar with its own
VALARMs keeps those instead (they are among its kept lines), so an imported
alarm is never doubled.
"""

from __future__ import annotations

import re
from datetime import timedelta

from icalendar.parser import Contentline, Parameters
from icalendar.prop import vCalAddress, vDuration

from planner.ical.lines import text
from planner.model.reminders import Alarms, alarms_for
from planner.model.rules import delegation
from planner.model.trip import Event, Person, Trip

PARTSTAT = {"confirmed": "ACCEPTED", "tentative": "TENTATIVE"}
_EMAIL = re.compile(r"^[^@\s:;,<>\"]+@[^@\s:;,<>\"]+\.[^@\s:;,<>\"]+$")


def usable_email(p: Person | None) -> str:
    """The person's e-mail when it can be a ``mailto:`` address, else ``""``.

    >>> usable_email(Person("a", "A", email=" kim@example.com ")), usable_email(Person("b", "B", email="ask Kim"))
    ('kim@example.com', '')
    """
    if p is None:
        return ""
    email = p.email.strip()
    return email if _EMAIL.match(email) else ""


def _cn(p: Person) -> str:
    # A parameter value may not hold a DQUOTE or a control character (RFC 5545 3.2).
    return re.sub(r"[\x00-\x1f\x7f\"]", "", p.display().replace('"', "'"))


def _line(name: str, email: str, params: dict[str, str]) -> str:
    value = vCalAddress(f"mailto:{email}")
    return str(Contentline.from_parts(name, Parameters(params), value, sorted=True))


def organizer_line(trip: Trip) -> str:
    """The ORGANIZER line of the trip's organiser, or ``""`` when there is none with a visible e-mail."""
    p = trip.person(trip.organiser) if trip.organiser else None
    email = usable_email(p)
    if not email or p is None:
        return ""
    return _line("ORGANIZER", email, {"CN": _cn(p)})


def attendee_lines(trip: Trip, ev: Event) -> tuple[str, ...]:
    """One ATTENDEE line per participant (the delegation, then the counterparts) with a visible e-mail."""
    out: list[str] = []
    seen: set[str] = set()
    for pid in (*delegation(trip, ev), *ev.counterparts):
        if pid in seen:
            continue
        seen.add(pid)
        p = trip.person(pid)
        email = usable_email(p)
        if not email or p is None:
            continue
        params = {"CN": _cn(p), "ROLE": "CHAIR" if pid == trip.organiser else "REQ-PARTICIPANT", "RSVP": "FALSE"}
        if ev.status in PARTSTAT:
            params["PARTSTAT"] = PARTSTAT[ev.status]
        out.append(_line("ATTENDEE", email, params))
    return tuple(out)


def has_own_alarms(ev: Event) -> bool:
    """Whether the event kept VALARMs from the calendar it was imported from (they win)."""
    return any(line.upper() == "BEGIN:VALARM" for line in ev.ical_lines)


def trigger(before: timedelta) -> str:
    """The TRIGGER value of an alarm ``before`` the start: ``-PT3H``, ``-P1D``; ``P0D`` at the start."""
    value: bytes = vDuration(-before).to_ical()  # type: ignore[no-untyped-call]
    return value.decode()


def alarm_lines(ev: Event, title: str, alarms: Alarms | None, timed: bool = True) -> list[str]:
    """The VALARM components of ``ev`` as content lines (none without a clock time, or with its own alarms)."""
    if not timed or has_own_alarms(ev):
        return []
    out: list[str] = []
    for before in alarms_for(ev, alarms):
        out += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{text(title)}",
            f"TRIGGER:{trigger(before)}",
            "END:VALARM",
        ]
    return out


__all__ = ["alarm_lines", "attendee_lines", "has_own_alarms", "organizer_line", "trigger", "usable_email"]
