"""One trip of 10,000 events as a calendar file: the single-trip workspace of ``bench/run.py --single-trip``.

Generated as a calendar a delegation's organiser would import (``planner
import``, ``calcurse -i``, ``khal import``), reproducible for a seed: a year of
events (so weekly series cross both daylight-saving changes of Chicago and New
York), in Asia/Seoul, America/Chicago and America/New_York, with Korean and
English titles and places. Mostly timed one-off events; flights that leave in
one zone and land in another a day later; all-day events and spans of days;
daily and weekly series, some with a skipped day (EXDATE) or one occurrence
moved (RECURRENCE-ID). Each zone is described by a VTIMEZONE block, as calendar
programs write them, so every reader places the times alike.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ZONES = ("Asia/Seoul", "America/Chicago", "America/New_York")
FIRST = date(2021, 1, 4)
DAYS = 360
TOPICS = (  # (English, Korean)
    ("MOU signing with the Technopark", "테크노파크 업무협약 체결"),
    ("Meeting with the city mayor", "시장 접견"),
    ("Company visit", "기업 방문"),
    ("Investment briefing", "투자 설명회"),
    ("Networking dinner", "네트워킹 만찬"),
    ("Roundtable with local chambers", "지역 상공회의소 간담회"),
)
PLACES = (
    "Lotte Hotel\\, Seoul (롯데호텔)",
    "Gwangju Technopark (광주테크노파크)",
    "Richardson City Hall",
    "Capitol Hill",
)
FLIGHTS = (("Asia/Seoul", "America/Chicago"), ("America/Chicago", "Asia/Seoul"), ("America/New_York", "Asia/Seoul"))


def _stamp(d: datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%S")


def _vtimezones() -> list[str]:
    from planner.ical.vtimezone import vtimezone

    out = []
    for name in ZONES:
        text = vtimezone(ZoneInfo(name), FIRST.year, FIRST.year + 1).to_ical().decode()
        out += [line for line in text.splitlines() if line]
    return out


def calendar_text(events: int = 10_000, seed: int = 2021) -> str:
    """The calendar: ``events`` VEVENTs (a moved occurrence counts as one), CRLF lines."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//planner bench//bigtrip//EN", *_vtimezones()]
    n = 0
    while n < events:
        day = FIRST + timedelta(days=rng.randrange(DAYS))
        topic, topic_ko = rng.choice(TOPICS)
        tz = rng.choice(ZONES)
        uid = f"bench-{n:05d}@planner.example"
        head = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20210101T000000Z"]
        summary = f"SUMMARY:{topic_ko} {n} · {topic}" if n % 3 else f"SUMMARY:{topic} {n}"
        roll = rng.random()
        hour = rng.randrange(7, 20)
        start = datetime.combine(day, datetime.min.time()).replace(hour=hour)
        body: list[str] = []
        extra: list[list[str]] = []
        if roll < 0.03:  # a flight: leaves in one zone, lands the next day in another
            dep, arr = rng.choice(FLIGHTS)
            leaving = start.replace(tzinfo=ZoneInfo(dep))
            landing = (leaving + timedelta(hours=14)).astimezone(ZoneInfo(arr)).replace(tzinfo=None)
            summary = f"SUMMARY:항공편 {n} · Flight {n}"
            body = [f"DTSTART;TZID={dep}:{_stamp(start)}", f"DTEND;TZID={arr}:{_stamp(landing)}"]
        elif roll < 0.08:  # a weekly series across a DST change, some with a day skipped or moved
            count = rng.randrange(6, 14)
            body = [
                f"DTSTART;TZID={tz}:{_stamp(start)}",
                f"DTEND;TZID={tz}:{_stamp(start + timedelta(hours=1))}",
                f"RRULE:FREQ=WEEKLY;COUNT={count}",
            ]
            if roll < 0.05:
                body.append(f"EXDATE;TZID={tz}:{_stamp(start + timedelta(weeks=2))}")
            elif roll < 0.065:
                of = start + timedelta(weeks=1)
                moved = of + timedelta(days=1, hours=2)
                extra.append(
                    [
                        "BEGIN:VEVENT",
                        f"UID:{uid}",
                        "DTSTAMP:20210101T000000Z",
                        f"RECURRENCE-ID;TZID={tz}:{_stamp(of)}",
                        f"DTSTART;TZID={tz}:{_stamp(moved)}",
                        f"DTEND;TZID={tz}:{_stamp(moved + timedelta(hours=1))}",
                        f"SUMMARY:{topic_ko} {n} (변경) · {topic} (moved)",
                        "END:VEVENT",
                    ]
                )
        elif roll < 0.10:  # a daily series
            body = [
                f"DTSTART;TZID={tz}:{_stamp(start)}",
                f"DTEND;TZID={tz}:{_stamp(start + timedelta(minutes=90))}",
                f"RRULE:FREQ=DAILY;COUNT={rng.randrange(3, 8)}",
            ]
        elif roll < 0.20:  # all day, or a span of days
            length = 1 if roll < 0.16 else rng.randrange(2, 5)
            body = [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=length):%Y%m%d}",
            ]
        else:  # timed, one-off
            body = [
                f"DTSTART;TZID={tz}:{_stamp(start)}",
                f"DTEND;TZID={tz}:{_stamp(start + timedelta(minutes=rng.choice((30, 60, 90, 120))))}",
            ]
        lines += [*head, summary, *body, f"LOCATION:{rng.choice(PLACES)}", "END:VEVENT"]
        for block in extra:
            lines += block
        n += 1 + len(extra)
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def write_calendar(path: Path, events: int = 10_000, seed: int = 2021) -> Path:
    path.write_bytes(calendar_text(events, seed).encode("utf-8"))
    return path


if __name__ == "__main__":
    import sys

    write_calendar(Path(sys.argv[1]))
