"""Exports written as text (planner.ical.lines) are valid RFC 5545 and say what icalendar says.

``planner export`` formats events directly instead of building icalendar
objects (issue 6: 10,000 events in well under the time icalendar takes).
These tests hold that shortcut to what does not depend on the icalendar
release installed (``pyproject.toml`` allows any ``icalendar>=7.0``, and CI
takes the newest):

* folding is checked against the rules of RFC 5545 section 3.1 itself
  (:func:`content_lines`), never against icalendar's fold, which releases
  change (7.0 cuts an escape in two where 7.3 does not);
* the *unfolded* content lines are compared with icalendar's
  (:func:`reference_lines`): the escaping of TEXT, every kind of time and
  zone, the parameters, the property order, the stamps;
* where icalendar releases differ in a choice the RFC leaves open (a lone CR
  in TEXT: 7.0 leaves it raw, 7.3 and :func:`planner.ical.lines.text` write
  ``\\n``), the value is checked by reading the line back with icalendar and
  with the independent ``ical`` parser;
* the change-check hashes recorded in the seeded trip files still match, so
  an export's bytes have not moved.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Event as VEvent
from icalendar.prop import vText

from planner.ical import lines, writer
from planner.model.trip import Event, Organisation, Person, Place, Recurrence, Source, Trip
from planner.model.when import Exact, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage import load_file

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
SEOUL, CHICAGO = ZoneInfo("Asia/Seoul"), ZoneInfo("America/Chicago")

# What breaks folding and escaping: multi-byte characters of every length, the
# escape characters a fold must not split from what follows, TEXT specials.
tricky_chars = st.sampled_from([*list("ab ,;:\\N^\"'\n\r\t·"), "é", "가", "한", "😀", "\u2028", "\x07"])
tricky = st.lists(st.one_of(tricky_chars, st.sampled_from(["\\N", "\r\n", "\\,"])), max_size=300).map("".join)
# The same without the one control character TEXT may not hold (RFC 5545 3.3.11; `ical` rejects it).
valid_tricky = tricky.map(lambda s: s.replace("\x07", ""))


# ---------------------------------------------------------------- RFC 5545, independently of icalendar

LIMIT = 75
"""RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break."""
FULL = LIMIT - 1 - 4
"""Fewest octets a piece that is followed by a fold carries: the limit, less the space of a
continuation, less a 4-octet character that did not fit (a fold is made only where needed)."""
ESCAPED = b"\\;,nN"
"""What a backslash may escape in TEXT (RFC 5545 3.3.11)."""


def _value_start(line: bytes) -> int:
    """Where the value of a content line begins: after the first colon outside a quoted parameter."""
    quoted = False
    for i, c in enumerate(line):
        if c == ord('"'):
            quoted = not quoted
        elif c == ord(":") and not quoted:
            return i + 1
    raise AssertionError(f"no value in {line!r}")


def content_lines(data: bytes) -> list[str]:
    r"""The content lines of ``data`` unfolded, after checking it is written as RFC 5545 says.

    ``data`` is CRLF-terminated lines (a whole file, or one folded line plus CRLF):

    * every physical line ends with CRLF and holds no other CR or LF, and at most 75 octets;
    * a continuation is CRLF followed by a single space, then at least one octet of the line;
    * every physical line is UTF-8 on its own: a fold never splits a character;
    * every backslash in a value begins a TEXT escape, and a fold never comes between
      it and the ``;`` ``,`` ``n`` or ``N`` it escapes (see below for ``\\``);
    * a line is folded only where needed: each piece before a fold is nearly full.

    An escaped backslash (``\\``) may be cut in two: icalendar 7.3 moves a piece's last
    ``\`` to the next line without asking whether it ends an escape, and the planner's
    files keep icalendar 7.3's bytes. Unfolding gives the same line back either way.
    """
    assert data.endswith(b"\r\n"), data[-20:]
    groups: list[list[bytes]] = []
    for physical in data[:-2].split(b"\r\n"):
        assert b"\r" not in physical and b"\n" not in physical, f"a bare CR or LF in {physical!r}"
        assert len(physical) <= LIMIT, f"{len(physical)} octets: {physical!r}"
        physical.decode("utf-8")  # a character split by a fold fails here
        if physical.startswith(b" "):
            assert groups, "a file cannot start with a continuation"
            assert len(physical) > 1, "an empty continuation"
            groups[-1].append(physical[1:])
        else:
            assert physical and not physical.startswith(b"\t"), f"not a content line: {physical!r}"
            groups.append([physical])
    out = []
    for pieces in groups:
        line = b"".join(pieces)
        assert all(len(p) >= FULL for p in pieces[:-1]), f"folded before it was needed: {pieces}"
        start = _value_start(line)
        kept_whole = set()  # where the character after an escaping backslash is
        at = line.find(b"\\", start)
        while at != -1:
            assert line[at + 1 : at + 2] != b"" and line[at + 1] in ESCAPED, f"a stray backslash in {line!r}"
            if line[at + 1] != ord("\\"):
                kept_whole.add(at + 1)
            at = line.find(b"\\", at + 2)
        cuts = set(accumulate(len(p) for p in pieces[:-1]))
        assert not cuts & kept_whole, f"a fold separates an escape: {pieces}"
        out.append(line.decode("utf-8"))
    return out


def reference_lines(data: bytes) -> list[str]:
    r"""The content lines icalendar wrote in ``data``, unfolded, in the form the planner writes.

    The one difference allowed: icalendar before 7.3 leaves a lone CR in TEXT raw
    (RFC 5545 gives it no escape); the planner writes it as ``\n``, as icalendar 7.3
    does. Where icalendar already does so this changes nothing.
    """
    unfolded = re.sub(rb"\r\n[ \t]", b"", data)
    assert unfolded.endswith(b"\r\n")
    return [line.replace(b"\r", b"\\n").decode("utf-8") for line in unfolded[:-2].split(b"\r\n")]


def assert_says_what_icalendar_says(ours: bytes, theirs: bytes) -> None:
    """``ours`` is folded as RFC 5545 says and holds icalendar's content lines, in its order."""
    assert [as_icalendar_reads(line) for line in content_lines(ours)] == reference_lines(theirs)


def unescaped(value: str) -> str:
    """A TEXT value as RFC 5545 3.3.11 reads it; a bare ``;`` or ``,`` or a stray backslash fails."""
    out, i = [], 0
    while i < len(value):
        c = value[i]
        assert c not in ";,\r\n", f"{c!r} unescaped at {i} in {value!r}"
        if c == "\\":
            nxt = value[i + 1 : i + 2]
            assert nxt and nxt in "\\;,nN", f"a stray backslash at {i} in {value!r}"
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def meant(value: str) -> str:
    r"""What a TEXT value written from ``value`` reads back as: every line end a LF, nothing else changed.

    A literal ``\N`` in the text ("C:\New") reads back as written: the planner
    escapes its backslash, where icalendar would take it for a line break.
    """
    return value.replace("\r\n", "\n").replace("\r", "\n")


def as_icalendar_reads(line: str) -> str:
    r"""One of our content lines with each escaped backslash-N as icalendar would write it (a line break).

    The planner's one deliberate difference from icalendar's TEXT escaping (see
    :func:`planner.ical.lines.text`); comparisons with icalendar's output go through this.
    """
    return line.replace("\\\\N", "\\n")


def _calendar(*props: bytes) -> bytes:
    head = [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//planner tests//EN",
        b"BEGIN:VEVENT",
        b"UID:t@planner",
        b"DTSTAMP:20260101T000000Z",
        b"DTSTART:20260101T000000Z",
    ]
    return b"\r\n".join([*head, *props, b"END:VEVENT", b"END:VCALENDAR", b""])


def read_back(data: bytes) -> dict[str, dict[str, object]]:
    """uid -> SUMMARY, LOCATION and DESCRIPTION of every event and to-do, as icalendar and as ``ical`` read them."""
    mine: dict[str, dict[str, object]] = {}
    for comp in icalendar.Calendar.from_ical(data).walk():
        if comp.name in ("VEVENT", "VTODO"):
            mine[str(comp["UID"])] = {
                "icalendar": tuple(
                    None if comp.get(n) is None else str(comp.get(n)) for n in ("SUMMARY", "LOCATION", "DESCRIPTION")
                )
            }
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    for item in [*cal.events, *cal.todos]:
        mine[item.uid]["ical"] = (item.summary, item.location, item.description)
    return mine


# ---------------------------------------------------------------- folding


@given(tricky)
def test_fold_follows_rfc5545(text):
    line = "X:" + lines.text(text)
    assert content_lines(lines.fold(line) + b"\r\n") == [line]


escapes_and_characters = st.sampled_from(["\\,", "\\;", "\\n", "\\\\", "^", "a", "é", "가", "😀"])


@given(st.integers(0, 80), st.lists(escapes_and_characters, max_size=60))
def test_fold_follows_rfc5545_wherever_escapes_fall(pad, parts):
    """Padding moves the escapes across the first fold, where a cut would fall inside one."""
    line = "X:" + "a" * pad + "".join(parts)
    assert content_lines(lines.fold(line) + b"\r\n") == [line]


@pytest.mark.parametrize(
    "line",
    [
        "X:" + "a" * 71 + "\\,b",  # an escape at the fold: the backslash moves to the next piece
        "X:" + "a" * 71 + "\\nb",
        "X:" + "a" * 70 + "é\\;b",
        "X:" + "a" * 71 + "^b",
        "X:" + "가" * 30,  # 3-octet characters never cut
        "X:" + "😀" * 40,
        "X:" + "a" * 73 + "é" * 5,
        "X:" + "a" * 70 + "😀\\;" * 20,
        "X:" + "\\\\" * 100,
        "X:" + "a" * 72,  # fits: not folded
    ],
)
def test_fold_edges(line):
    folded = lines.fold(line)
    assert content_lines(folded + b"\r\n") == [line]
    assert (b"\r\n" in folded) == (len(line.encode()) > LIMIT - 1)


def test_fold_keeps_an_escape_whole_at_the_limit():
    pieces = lines.fold("X:" + "a" * 71 + "\\,b").split(b"\r\n ")
    assert pieces == [b"X:" + b"a" * 71, b"\\,b"]


# ---------------------------------------------------------------- TEXT escaping


@given(tricky)
def test_text_is_escaped_as_rfc5545_says(text):
    assert unescaped(lines.text(text)) == meant(text)


@given(tricky)
def test_text_is_escaped_as_icalendar_escapes(text):
    # Compared in the form the planner writes: a lone CR as \n (see reference_lines).
    assert as_icalendar_reads(lines.text(text)) == vText(text).to_ical().decode("utf-8").replace("\r", "\\n")


@given(valid_tricky, valid_tricky)
def test_text_reads_back_the_same_with_icalendar_and_ical(summary, description):
    data = _calendar(lines.fold("SUMMARY:" + lines.text(summary)), lines.fold("DESCRIPTION:" + lines.text(description)))
    content_lines(data)
    got = read_back(data)["t@planner"]
    assert got["icalendar"] == got["ical"] == (meant(summary), None, meant(description))


@pytest.mark.parametrize("text", ["a\rb", "line\r", "\r", "a\r\rb\r\nc\nd"])
def test_a_lone_carriage_return_reads_back_as_a_line_break(text):
    """icalendar 7.0 writes a lone CR raw, 7.3 as \\n; the planner's line reads back the same everywhere."""
    escaped = lines.text(text)
    assert "\r" not in escaped
    got = read_back(_calendar(lines.fold("SUMMARY:" + escaped)))["t@planner"]
    assert got["icalendar"] == got["ical"] == (text.replace("\r\n", "\n").replace("\r", "\n"), None, None)


# ---------------------------------------------------------------- whole files


def _cal_bytes(trip: Trip) -> tuple[bytes, bytes]:
    """(written as text, written by icalendar itself) for the whole trip."""
    return writer.trip_calendar_bytes(trip), writer.trip_calendar(trip).to_ical()


def _assert_components_say_what_icalendar_says(trip: Trip) -> None:
    for ev in trip.events:
        assert_says_what_icalendar_says(writer.block(trip, ev).content(), writer.component(trip, ev).to_ical())


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "seeds").glob("*.toml")) + sorted((ROOT / "tests" / "ics").glob("*.toml")),
    ids=lambda p: p.name,
)
def test_seeds_and_fixtures_are_written_as_icalendar_writes_them(path):
    trip = load_file(path).trip
    fast, reference = _cal_bytes(trip)
    assert fast == writer.to_bytes(writer.trip_calendar(trip))  # the two ways of writing a file agree
    assert_says_what_icalendar_says(fast, reference)
    _assert_components_say_what_icalendar_says(trip)
    # The change check hashes the bytes the seeds' exports were made with: they have not moved.
    for ev in trip.events:
        if ev.ical_hash:
            assert writer.content_hash(trip, ev) == ev.ical_hash, ev.id
    # The lines refresh keeps are the ones written (only the stamps and SEQUENCE come later).
    blocks: writer.Blocks = {}
    new, _changed = writer.refresh(trip, NOW, blocks)
    assert set(blocks) == {(trip.id, ev.id) for ev in trip.events}
    assert (
        writer.trip_calendar_bytes(new, blocks)
        == writer.trip_calendar_bytes(new)
        == writer.to_bytes(writer.trip_calendar(new))
    )
    assert_says_what_icalendar_says(writer.trip_calendar_bytes(new, blocks), writer.trip_calendar(new).to_ical())


def test_seeds_record_an_export_state():
    """The hash check above must have something to check."""
    recorded = [ev.ical_hash for p in sorted((ROOT / "seeds").glob("*.toml")) for ev in load_file(p).trip.events]
    assert len(recorded) >= 10 and all(recorded)


def _hostile_trip() -> Trip:
    text = 'Robot MOU, "care\\robots"; 로봇 협약 \\N 😀 ^caret\r\nline two\rthree\x07\u2028 ' + "long " * 30
    zones = [ZoneInfo(z) for z in ("Atlantic/Reykjavik", "UTC", "Etc/GMT+5", "Asia/Kolkata", "Europe/London")]
    place = Place(
        "hotel",
        'Lotte Hotel; Seoul, "Main"',
        "롯데호텔",
        "30 Eulji-ro, Jung-gu\nSeoul",
        "Seoul",
        tz=SEOUL,
        lat=37.5651,
        lon=126.9811,
    )
    people = (Person("kim", 'Kim, Hyun-kyum; "HK"', "김현겸"), Person("lee", "Lee \\ Young", ""))
    day = date(2021, 10, 19)
    events = [
        Event(
            "exact",
            text,
            Exact(datetime(2021, 10, 19, 9, tzinfo=SEOUL), datetime(2021, 10, 19, 10, tzinfo=SEOUL)),
            SEOUL,
            title_ko="로봇 업무협약; 체결",
            place="hotel",
            people=("kim",),
            counterparts=("lee",),
            orgs=("kacc",),
            sources=("news",),
            outcome=text,
            notes=text,
        ),
        Event(
            "flight",
            "Flight ICN→DFW",
            Exact(datetime(2021, 10, 20, 18, tzinfo=SEOUL), datetime(2021, 10, 20, 17, 30, tzinfo=CHICAGO)),
            SEOUL,
        ),
        Event(
            "weekly",
            "Weekly; call",
            Exact(datetime(2021, 10, 19, 8, tzinfo=CHICAGO)),
            CHICAGO,
            repeat=Recurrence("FREQ=WEEKLY;UNTIL=20211231T080000", (date(2021, 10, 26), date(2021, 11, 2))),
        ),
        Event("daily", "Daily", OnDate(day), SEOUL, repeat=Recurrence("FREQ=DAILY;COUNT=5", (date(2021, 10, 21),))),
        Event("part", 'Dinner, "formal"', PartOfDay(day, "evening"), SEOUL, status="tentative"),
        Event("span", "Expo", Span(day, day + timedelta(days=3)), SEOUL, status="cancelled"),
        Event("month", "Report", InMonth(2021, 10), SEOUL, status="cancelled"),
        Event("someday", text, Unscheduled(), SEOUL, kind="meeting"),
    ]
    for i, tz in enumerate(zones):
        start = datetime.combine(day, time(12, 30, 15), tzinfo=tz)
        events.append(
            Event(
                f"zone-{i}",
                f"In {tz.key}",
                Exact(start, start + timedelta(hours=1)),
                tz,
                repeat=Recurrence("FREQ=DAILY;COUNT=3", (day + timedelta(days=1),)),
            )
        )
    return Trip(
        "hostile",
        text,
        SEOUL,
        Span(day, day + timedelta(days=40)),
        title_ko="적대적; 입력",
        members=("kim",),
        notes=text,
        sources=(Source("news", 'TEN News; "텐뉴스"', text),),
        people=people,
        organisations=(Organisation("kacc", "KACC, Dallas", "달라스 한인상공회"),),
        places=(place,),
        events=tuple(events),
    )


def test_hostile_text_and_every_kind_of_zone_are_written_as_icalendar_writes_them():
    trip, _ = writer.refresh(_hostile_trip(), NOW)
    fast, reference = _cal_bytes(trip)
    # The titles hold a literal backslash-N, which icalendar's objects would turn into a
    # line break: the object path is compared line by line, through as_icalendar_reads.
    assert_says_what_icalendar_says(fast, writer.to_bytes(writer.trip_calendar(trip)))
    assert_says_what_icalendar_says(fast, reference)
    _assert_components_say_what_icalendar_says(trip)
    assert b"TZID=Asia/Kolkata" in fast and b"TZID=Etc/GMT+5" in fast
    assert b"DTSTART:20211019T123015Z" in fast  # Reykjavik and UTC: icalendar writes them as UTC
    # Both parsers read back the text written (line ends as LF, control characters dropped).
    got = read_back(fast)
    assert sorted(got) == sorted(writer.event_uid(trip, ev) for ev in trip.events)
    for ev in trip.events:
        props = dict(writer.properties(trip, ev))
        written = (props["SUMMARY"], props.get("LOCATION"), props["DESCRIPTION"])
        assert "\r" not in "".join(filter(None, written)) and "\n" in written[2]
        want = tuple(None if v is None else meant(v) for v in written)
        assert got[writer.event_uid(trip, ev)] == {"icalendar": want, "ical": want}, ev.id


def test_a_selection_across_trips_is_written_as_icalendar_writes_it():
    hostile = writer.refresh(_hostile_trip(), NOW)[0]
    seed = load_file(ROOT / "seeds" / "korea-2021.toml").trip
    chosen = [writer.Selection(hostile, hostile.events[:4]), writer.Selection(seed, seed.events[::2])]
    ours = writer.calendar_bytes(chosen, 'Kim; "HK"', "a caption, with commas")
    cal = writer.calendar(chosen, 'Kim; "HK"', "a caption, with commas")
    assert_says_what_icalendar_says(ours, writer.to_bytes(cal))
    assert_says_what_icalendar_says(ours, cal.to_ical())
    assert 'X-WR-CALNAME:Kim\\; "HK"' in content_lines(ours)


@pytest.mark.parametrize(
    "tz",
    [timezone(timedelta(hours=9)), UTC, ZoneInfo("America/New_York")],
    ids=["fixed-offset", "utc", "zoneinfo"],
)
def test_any_zone_object_gets_icalendars_parameters(tz):
    """A zone whose name alone does not say how icalendar writes it is asked of icalendar per value."""
    start = datetime(2021, 3, 14, 1, 30, tzinfo=tz)
    props = [
        ("UID", "x"),
        ("DTSTART", start),
        ("DTEND", start + timedelta(hours=2)),
        ("EXDATE", [start + timedelta(days=1), start + timedelta(days=2)]),
        ("SEQUENCE", 3),
    ]
    comp = VEvent()
    for name, value in props:
        comp.add(name.lower(), value)
    assert_says_what_icalendar_says(lines.block("VEVENT", props).content(), comp.to_ical())


def test_export_command_writes_what_icalendar_writes(run_cli, workspace, tmp_path):
    out = run_cli("--dir", str(workspace), "export", "--all", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    for path in sorted(workspace.glob("*.toml")):
        trip = load_file(path).trip
        written = (tmp_path / "out" / f"{trip.id}.ics").read_bytes()
        assert written == writer.to_bytes(writer.trip_calendar(trip))
        assert_says_what_icalendar_says(written, writer.trip_calendar(trip).to_ical())
    shutil.rmtree(tmp_path / "out")


@pytest.mark.parametrize("title", ["C:\\New folder\\notes.txt", "\\N", "a\\\\Nb", "line\\Nbreak\nreal break"])
def test_a_literal_backslash_n_survives_export_and_import(title, tmp_path):
    """A Windows path in a title or note comes back as written, not split into two lines."""
    from planner.ical.reader import merge, parse

    trip = load_file(ROOT / "seeds" / "korea-2021.toml").trip
    ev = replace(trip.events[0], title=title, notes=title)
    trip = replace(trip, events=(ev,))
    data = writer.trip_calendar_bytes(trip)
    got = read_back(data)[writer.event_uid(trip, ev)]
    assert got["icalendar"][0] == got["ical"][0] == title
    back = merge(parse(data, "t.ics"), "t.ics", trip.id, None).trip
    assert back.events[0].title == title
