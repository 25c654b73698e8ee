"""Every way in keeps the instant: imported series keep their changed and cancelled occurrences, their zone and what the planner does not model.

Each case imports a small file written as a real calendar writes it (Google,
Exchange, Thunderbird, khal, holiday feeds; ``tests/ics/instants/``), exports
the trip again, and asks ``recurring-ical-events`` (an independent expander)
for the occurrences of both files over a window: they must be the same UTC
instants, with the same titles and cancellations.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from planner.ical.merge import Outcome, merge
from planner.ical.values import parse
from planner.ical.writer import refresh, trip_calendar_bytes
from planner.model.timeline import expand
from planner.model.trip import Trip
from planner.storage.reader import parse_trip
from planner.storage.writer import render

ICS = Path(__file__).parent / "ics" / "instants"
NOW = datetime(2024, 10, 2, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
WINDOW = (datetime(2024, 9, 1, tzinfo=UTC), datetime(2025, 1, 31, tzinfo=UTC))


def _import(data: bytes | str, trip: Trip | None = None, tz: ZoneInfo | None = None, name: str = "in.ics") -> Outcome:
    if isinstance(data, str):
        name, data = data, (ICS / data).read_bytes()
    return merge(parse(data, name), name, "trip-2024", trip, tz=tz, now=NOW)


def _export(trip: Trip) -> bytes:
    fresh, _ = refresh(trip, NOW)
    return trip_calendar_bytes(fresh)


def _instant(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def occurrences(data: bytes) -> set[tuple]:
    """(UID, start, end, title, cancelled) of every occurrence in the window, times in UTC, as recurring-ical-events expands them."""
    # X-WR-TIMEZONE changes only UTC and floating times, which these files do not have with it;
    # recurring-ical-events' reader of it fails on a name in the wrong case (Europe/lisbon).
    cal = icalendar.Calendar.from_ical(re.sub(rb"X-WR-TIMEZONE:[^\r\n]*\r?\n", b"", data))
    out = set()
    for ev in recurring_ical_events.of(cal).between(*WINDOW):
        start = ev["DTSTART"].dt
        end = ev["DTEND"].dt if "DTEND" in ev else None
        title = str(ev.get("SUMMARY", ""))
        out.add(
            (str(ev["UID"]), _instant(start), _instant(end) if end else None, title, ev.get("STATUS") == "CANCELLED")
        )
    return out


def _round_trip(
    name: str, trip: Trip | None = None, tz: ZoneInfo | None = None, meant: dict[bytes, bytes] | None = None
) -> tuple[Outcome, bytes]:
    """Import ``name``, check the trip file keeps it, and check the re-export has the source's occurrences.

    ``meant`` rewrites the source for recurring-ical-events where icalendar
    misreads it (a TZID in the wrong case is read as UTC there).
    """
    source = (ICS / name).read_bytes()
    out = _import(name, trip, tz)
    # The trip file holds it all: written as TOML and read back, the trip is the same.
    assert parse_trip(render(out.trip)) == out.trip
    exported = _export(out.trip)
    truth = source
    for wrong, right in (meant or {}).items():
        truth = truth.replace(wrong, right)
    got, want = occurrences(exported), occurrences(truth)
    skipped_uids = {item.uid for item, _ in out.skipped}
    want = {o for o in want if o[0] not in skipped_uids}
    got = {o for o in got if o[0] in {w[0] for w in occurrences(source)}}  # an existing trip's own events aside
    assert got == want, (sorted(want - got), sorted(got - want))
    # Importing the export again changes nothing.
    again = _import(exported, out.trip, name="again.ics")
    assert not again.added and not again.updated and not again.skipped, (again.updated, again.skipped)
    return out, exported


def _event(trip: Trip, title: str):
    return next(ev for ev in trip.events if ev.title == title)


# ---------------------------------------------------------------- changed and cancelled occurrences


def test_google_series_keeps_its_moved_and_cancelled_occurrences_and_what_it_does_not_model():
    out, exported = _round_trip("google_moved.ics")
    sync = _event(out.trip, "Weekly sync")
    assert sync.repeat is not None
    assert sync.repeat.exceptions == (date(2024, 11, 11),)
    moved, cancelled = sync.repeat.overrides
    assert moved.of == date(2024, 10, 21) and moved.title == "Weekly sync (moved to Tuesday)"
    assert moved.when.start == datetime(2024, 10, 22, 15, 0, tzinfo=BERLIN)
    assert cancelled.of == date(2024, 10, 28) and cancelled.status == "cancelled" and cancelled.when is None
    # The moved meeting is listed at its new time, the cancelled one as cancelled.
    occ = {o.recurrence_date: o for o in expand(out.trip, sync)}
    assert occ[date(2024, 10, 21)].when.start == datetime(2024, 10, 22, 15, 0, tzinfo=BERLIN)
    assert occ[date(2024, 10, 28)].event.status == "cancelled"
    assert date(2024, 11, 11) not in occ
    text = exported.decode()
    for kept in ("TRANSP:OPAQUE", "CATEGORIES:Work,Sync", "BEGIN:VALARM", "TRIGGER:-P0DT0H10M0S", "CREATED:"):
        assert kept in text
    assert "DESCRIPTION:Agenda in the shared doc\\, as usual.\\nBring the numbers.\r\n" in text
    assert "CATEGORIES:other" not in text  # the calendar's own categories, not the planner's kind
    assert text.count("RECURRENCE-ID;TZID=Europe/Berlin:") == 2


def test_the_trip_file_says_which_occurrence_changed_in_plain_words():
    out = _import("google_moved.ics")
    toml = render(out.trip)
    assert "occurrences = [" in toml
    assert "{of = 2024-10-21, start = 2024-10-22T15:00:00, end = 2024-10-22T16:00:00" in toml
    assert '{of = 2024-10-28, status = "cancelled"}' in toml
    assert 'ical_lines = ["CREATED:20240901T120000Z"' in toml or "ical_lines = [\n" in toml


def test_thunderbird_series_with_utc_exdates_and_a_moved_occurrence():
    out, _ = _round_trip("thunderbird.ics")
    standup = _event(out.trip, "Standup")
    assert standup.repeat.exceptions == (date(2024, 10, 19), date(2024, 10, 20))
    (moved,) = standup.repeat.overrides
    assert moved.of == date(2024, 10, 22) and moved.when.start.hour == 11


def test_khal_series_with_an_override_and_a_cancelled_occurrence_across_the_us_dst_change():
    out, _ = _round_trip("khal.ics")
    breakfast = _event(out.trip, "Chamber breakfast")
    assert [o.of for o in breakfast.repeat.overrides] == [date(2024, 10, 31), date(2024, 11, 7)]


def test_exchange_customized_time_zone_is_read_from_its_own_vtimezone():
    out, exported = _round_trip("exchange_custom.ics")
    jour = _event(out.trip, "Jour fixe")
    assert jour.tz.key == "Europe/Berlin"
    assert jour.when.start == datetime(2024, 10, 17, 9, 0, tzinfo=BERLIN)
    assert jour.repeat.overrides[0].when.start == datetime(2024, 10, 31, 14, 0, tzinfo=BERLIN)
    assert any("Customized Time Zone" in n and "Europe/Berlin" in n for n in out.notices)
    assert "X-MICROSOFT-CDO-BUSYSTATUS:BUSY" in exported.decode()


def test_an_override_of_a_series_the_file_does_not_hold_is_skipped_with_its_reason():
    text = (ICS / "khal.ics").read_text().replace("RRULE:FREQ=WEEKLY;COUNT=4\n", "")
    out = _import(text.encode(), _import("google_moved.ics").trip)
    assert [r for _, r in out.skipped] == [
        "a changed occurrence (RECURRENCE-ID) of a series the file does not hold"
    ] * 2


# ---------------------------------------------------------------- zones


def test_utc_series_stays_utc_anchored_across_the_dst_change_even_with_tz_or_into_a_trip():
    out, _ = _round_trip("utc_weekly.ics", tz=BERLIN)
    call = _event(out.trip, "Global call")
    assert call.tz.key == "UTC"
    starts = [o.when.start.astimezone(UTC).hour for o in expand(out.trip, call)]
    assert starts == [8, 8, 8, 8]  # 17, 24, 31 Oct and 14 Nov at 08:00 UTC; 7 Nov skipped
    # Into an existing trip whose events are in Berlin: the same instants.
    berlin = _import("google_moved.ics").trip
    into, _ = _round_trip("utc_weekly.ics", trip=berlin)
    assert _event(into.trip, "Global call").tz.key == "UTC"


def test_lowercase_and_path_tzids_are_resolved_and_an_unknown_one_skips_only_its_event():
    out, _ = _round_trip(
        "google_lisbon.ics", meant={b"Europe/lisbon": b"Europe/Lisbon", b"TZID=/Europe/": b"TZID=Europe/"}
    )
    assert _event(out.trip, "Drinks with the chamber").tz.key == "Europe/Lisbon"
    assert _event(out.trip, "Call with Stockholm").when.start.tzinfo.key == "Europe/Stockholm"
    ((item, reason),) = out.skipped
    assert item.title == "Meeting on Mars" and item.line == 21
    assert reason.startswith("line 22: DTSTART: unknown time zone 'Mars/Olympus_Mons'")


def test_an_empty_rrule_in_a_holiday_calendar_is_a_one_off_event_with_a_notice():
    out, exported = _round_trip("holidays.ics", tz=BERLIN)
    unity = _event(out.trip, "Day of German Unity")
    assert unity.repeat is None
    assert any("RRULE is empty" in n for n in out.notices)
    assert exported.decode().count("CATEGORIES:Holidays") == 2
    assert exported.decode().count("TRANSP:TRANSPARENT") == 2


# ---------------------------------------------------------------- several rules, sequence


@pytest.mark.parametrize(
    "extra,reason",
    [
        ("RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=TH\n", "a series of several rules"),
        ("RDATE;TZID=Europe/Berlin:20241030T090000\n", "extra dates (RDATE)"),
    ],
)
def test_a_series_of_several_rules_is_refused_with_a_reason_never_halved(extra, reason):
    text = (ICS / "khal.ics").read_text().replace("RRULE:FREQ=WEEKLY;COUNT=4\n", "RRULE:FREQ=WEEKLY;COUNT=4\n" + extra)
    text = text.replace("America/Chicago", "Europe/Berlin")
    out = _import(text.encode(), _import("google_moved.ics").trip)
    assert not out.added
    assert any(reason in r for _, r in out.skipped)
    assert "Chamber breakfast" not in _export(out.trip).decode() if out.trip.events else True


def test_a_lower_sequence_never_overwrites_a_higher_one():
    newer = (
        (ICS / "khal.ics")
        .read_text()
        .replace(
            "SUMMARY:Chamber breakfast\nDTSTART;TZID=America/Chicago:20241024",
            "SUMMARY:Chamber breakfast\nSEQUENCE:3\nDTSTART;TZID=America/Chicago:20241024",
        )
    )
    first = _import(newer.encode())
    series = _event(first.trip, "Chamber breakfast")
    assert series.ical_sequence == 3
    older = newer.replace("SEQUENCE:3", "SEQUENCE:1").replace(
        "SUMMARY:Chamber breakfast\nSEQUENCE", "SUMMARY:Chamber breakfast (old title)\nSEQUENCE"
    )
    out = _import(older.encode(), first.trip)
    assert [r for _, r in out.skipped] == ["older than what the trip has: skipped (SEQUENCE 1; the trip's is 3)"]
    assert out.trip.event(series.id) == series
    assert not out.updated


def test_a_changed_occurrence_is_checked_in_the_trip_file():
    out = _import("khal.ics")
    toml = render(out.trip).replace("{of = 2024-10-31,", "{of = 2024-10-30,")
    with pytest.raises(Exception, match="the series has no occurrence on 2024-10-30"):
        parse_trip(toml)


def test_window_covers_the_fixtures():
    assert WINDOW[0] < datetime(2024, 10, 1, tzinfo=UTC) and WINDOW[1] - WINDOW[0] > timedelta(days=100)


def test_an_occurrence_moved_into_a_window_from_after_it_is_listed():
    """A windowed query (``list --from/--to``, ``agenda DAY``) finds an occurrence moved in from a later week."""
    from planner.model.timeline import occurrences

    text = """\
[trip]
id = "moves"
title = "Moves"
home_tz = "Asia/Seoul"
start = 2024-10-01
end = 2024-12-31

[[events]]
id = "weekly"
title = "Weekly sync"
start = 2024-10-21T09:00:00
end = 2024-10-21T10:00:00
repeat = "FREQ=WEEKLY;COUNT=4"
occurrences = [
    {of = 2024-11-11, start = 2024-10-23T15:00:00, end = 2024-10-23T16:00:00},
]
"""
    trip = parse_trip(text, "moves.toml")
    window = occurrences([trip], start=date(2024, 10, 22), end=date(2024, 10, 24))
    assert [(o.when.start.isoformat(), o.recurrence_date) for o in window] == [
        ("2024-10-23T15:00:00+09:00", date(2024, 11, 11))
    ]
    # ... and not again on its old day.
    assert occurrences([trip], start=date(2024, 11, 11), end=date(2024, 11, 11)) == []
