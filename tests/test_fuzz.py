"""Fuzzing hostile and broken input: every input is loaded or refused with a clear error.

Three doors take text from outside: the trip-file loader, the .ics importer
and the date parsers (``planner.cli._common.parse_day`` for the command line,
``planner.text.dates`` for the TUI's forms and "go to date"). Each property
here feeds one door mutated real files (the seeded trips, ``exports/`` and
``tests/ics/``) and generated structures, and asserts that the input ends in
either a result or the documented error type (``TripFileError``, ``IcsError``,
``UsageError``, ``WhenError``) with a message; never another exception, never
more than :data:`BOUND` seconds (a SIGALRM stops a hang and fails the test),
and, for ``planner import``, never a touched trip file when the import fails.

The suite runs a fixed, database-less set of cases (derandomized, see
``tests/conftest.py``); ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) runs
twenty times as many, randomly.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tomlkit
from conftest import bounded as time_limit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.agenda import build_trip_agenda, render_html, render_markdown
from planner.checks import run_checks
from planner.cli import main as cli_main
from planner.cli._common import UsageError
from planner.cli._common import parse_day as cli_parse_day
from planner.ical.reader import IcsError, merge, parse
from planner.model.timeline import occurrences
from planner.storage import TripFileError, load_file, parse_trip
from planner.storage.writer import render
from planner.text.dates import PRECISION_CHOICES, WhenError, parse_day, parse_when

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.toml"))]
SEED_TEXTS += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "ics").glob("*.toml"))]
ICS_FILES = [p.read_bytes() for p in sorted((ROOT / "exports").glob("*.ics"))]
ICS_FILES += [p.read_bytes() for p in sorted((ROOT / "tests" / "ics").glob("*.ics"))]
SEOUL_TRIP = parse_trip((ROOT / "tests" / "ics" / "workspace_seoul-2024.toml").read_text(encoding="utf-8"))
NOW = datetime(2024, 1, 1, tzinfo=UTC)

BOUND = 5.0
"""Seconds one example may take before it counts as a hang."""


def bounded(seconds: float = BOUND):
    return time_limit(seconds)


def scaled(n: int) -> settings:
    """``n`` examples in the suite; proportionally more under a profile with more (``make fuzz``)."""
    factor = max(1, settings.default.max_examples // 100)
    return settings(
        max_examples=n * factor,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def clear(message: str) -> None:
    """A message fit for a person: some words, no traceback, one line, of sane length."""
    assert message.strip(), "empty message"
    assert "Traceback" not in message
    assert "\n" not in message, message[:200]
    assert len(message) < 2000, message[:200]


# ---------------------------------------------------------------- mutations

TOML_VALUES = [
    '""',
    '"x"',
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "nan",
    "inf",
    "-inf",
    "true",
    "false",
    "[]",
    "[1, 'a']",
    "{}",
    "{ a = 1 }",
    "[[1]]",
    "'''\nmulti\n'''",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "2021-10-19T10:00:00Z",
    "2021-10-19T10:00:00.999999",
    "00:00:00",
    "2021-02-29",
    "2021-10-19 10:00",
    '"0000-01"',
    '"9999-12"',
    '"2023-13"',
    '"Asia/Seoul"',
    '"../../etc/passwd"',
    '"UTC"',
    '"Etc/GMT+14"',
    '"America/Chicago"',
    '"FREQ=SECONDLY"',
    '"FREQ=SECONDLY;INTERVAL=1"',
    '"FREQ=DAILY;COUNT=999999999"',
    '"FREQ=YEARLY;BYEASTER=0"',
    '"FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2"',
    '"FREQ=DAILY;UNTIL=99991231"',
    '"FREQ=DAILY;BYSETPOS=0"',
    '"FREQ=WEEKLY;BYDAY=+99MO"',
    '"RRULE:FREQ=MINUTELY;UNTIL=20991231T000000"',
    '"morning"',
    '"evening"',
    '"meeting"',
    '"mou"',
    '"cancelled"',
    '"draft"',
    '"[bold red]x[/]"',
    '"\\u001b[2J\\u0007"',
    '"\\u202eevil\\u2066"',
    '"\\u0000"',
]
TOML_LINES = [
    "[trip]",
    "[[events]]",
    "[[people]]",
    "[[places]]",
    "[[sources]]",
    "[[organisations]]",
    "[events]",
    "unscheduled = true",
    'repeat = "FREQ=SECONDLY"',
    'repeat = "FREQ=DAILY"',
    'part = "morning"',
    'month = "2021-10"',
    "date = 2021-10-19",
    "end_date = 2021-10-20",
    "start = 2021-10-19T10:00:00",
    "end = 2021-10-19T09:00:00",
    'tz = "Mars/Olympus"',
    'id = "dup"',
    'id = "Bad Id"',
    "x-a = 1",
    "except = [2021-10-20]",
    '"quoted key" = 1',
    "a.b.c = 1",
    "= 1",
    "[",
    "]]",
    '"""',
    "'''",
    "#",
]


@st.composite
def mutated_toml(draw) -> str:
    """A real trip file with lines deleted, duplicated, swapped, inserted or given other values."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "value", "value", "value", "chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(TOML_LINES) | st.text(max_size=30)))
        elif op == "value":
            keyed = [k for k, line in enumerate(lines) if " = " in line]
            k = draw(st.sampled_from(keyed)) if keyed else i
            key = lines[k].split(" = ", 1)[0] if " = " in lines[k] else "x-k"
            lines[k] = f"{key} = {draw(st.sampled_from(TOML_VALUES))}"
        else:
            line = lines[i]
            pos = draw(st.integers(0, len(line)))
            lines[i] = line[:pos] + draw(st.text(max_size=4)) + line[pos + draw(st.integers(0, 3)) :]
    return "\n".join(lines)


@st.composite
def mutated_bytes(draw, pool: list[bytes]) -> bytes:
    """A real file with a few bytes replaced, inserted or removed (may stop being UTF-8)."""
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["set", "insert", "delete"]))
        if op == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif data:
            del data[pos : pos + draw(st.integers(1, 16))]
    return bytes(data)


_scalars = (
    st.text(max_size=20)
    | st.integers()
    | st.booleans()
    | st.floats()
    | st.dates()
    | st.datetimes()
    | st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Asia/Seoul")]))
)
_ids = st.sampled_from(["a", "b", "kim", "lotte", "x-y", "Bad", ""]) | st.from_regex(
    r"[a-z][a-z0-9\-]{0,6}", fullmatch=True
)


def _table(keys: list[str]) -> st.SearchStrategy[dict]:
    known = st.sampled_from(keys)
    values = (
        _scalars
        | st.lists(_scalars | _ids, max_size=3)
        | _ids
        | st.sampled_from(
            ["Asia/Seoul", "morning", "FREQ=DAILY;COUNT=3", "FREQ=SECONDLY", "2021-10", "meeting", "planned"]
        )
    )
    return st.dictionaries(known | st.text(max_size=8), values, max_size=8)


EVENT_KEYS = [
    "id",
    "title",
    "kind",
    "status",
    "start",
    "end",
    "tz",
    "end_tz",
    "date",
    "end_date",
    "part",
    "month",
    "unscheduled",
    "place",
    "people",
    "counterparts",
    "orgs",
    "notes",
    "sources",
    "repeat",
    "except",
    "ical_uid",
    "ical_sequence",
    "ical_modified",
]


@st.composite
def generated_trip(draw) -> str:
    """A TOML document shaped like a trip file, with keys and values drawn from what trips use."""
    head = draw(_table(["id", "title", "home_tz", "local_tz", "start", "end", "month", "status", "members"]))
    head.setdefault("id", "t")
    head.setdefault("home_tz", "Asia/Seoul")
    head.setdefault("title", "T")
    if draw(st.booleans()):
        head.setdefault("start", date(2021, 10, 18))
        head.setdefault("end", date(2021, 10, 27))
    doc: dict = {"trip": head}
    for name, keys in (
        ("people", ["id", "name", "org"]),
        ("places", ["id", "name", "tz", "lat", "lon"]),
        ("events", EVENT_KEYS),
    ):
        doc[name] = draw(st.lists(_table(keys), max_size=4))
    try:
        return tomlkit.dumps(doc)
    except Exception:
        return '[trip]\nid = "t"\n'


# ---------------------------------------------------------------- trip files


def load_or_refuse(text: str) -> None:
    """Parse ``text`` as a trip; a loaded trip must expand, save and load back equal."""
    with bounded():
        try:
            trip = parse_trip(text, "fuzz.toml")
        except TripFileError as exc:
            assert exc.problems
            for p in exc.problems:
                clear(str(p))
            return
        shown(trip)
        again = parse_trip(render(trip), "fuzz.toml")
        assert again == trip


def shown(trip) -> None:
    """What the commands do with a loaded trip: expand it, check it, print its agenda."""
    occurrences([trip])
    run_checks([trip], today=date(2024, 1, 1))
    agenda = build_trip_agenda(trip, "event")
    render_markdown(agenda, trip_mode=True)
    render_html(agenda, trip_mode=True)


@scaled(1200)
@given(mutated_toml())
def test_mutated_trip_files_load_or_are_refused(text: str):
    load_or_refuse(text)


@scaled(300)
@given(generated_trip())
def test_generated_trip_structures_load_or_are_refused(text: str):
    load_or_refuse(text)


@scaled(400)
@given(mutated_bytes([t.encode("utf-8") for t in SEED_TEXTS]))
def test_corrupted_trip_file_bytes_load_or_are_refused(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trip.toml"
        path.write_bytes(data)
        with bounded():
            try:
                load_file(path)
            except TripFileError as exc:
                for p in exc.problems:
                    clear(str(p))


@pytest.mark.parametrize(
    "text",
    [
        "[trip]\nx-a = " + "[" * 5000 + "]" * 5000 + "\n",
        "[trip]\nx-a = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n",
        '[trip]\nid = "t"\ntitle = "T"\nhome_tz = "UTC"\nmonth = "0000-01"\n',
    ],
    ids=["nested-arrays", "nested-tables", "year-zero"],
)
def test_pathological_trip_files_are_refused(text: str):
    with bounded(), pytest.raises(TripFileError) as info:
        parse_trip(text, "fuzz.toml")
    for p in info.value.problems:
        clear(str(p))


# ---------------------------------------------------------------- .ics import

ICS_LINES = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VALARM",
    "END:VALARM",
    "BEGIN:VTODO",
    "END:VTODO",
    "END:VCALENDAR",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=DAILY;COUNT=99999999",
    "RRULE:FREQ=YEARLY;BYEASTER=0",
    "RRULE:FREQ=",
    "RRULE:FREQ=DAILY;UNTIL=20241020",
    "RRULE:FREQ=DAILY;UNTIL=20241020T000000Z",
    "RDATE:20241016",
    "DTSTART:99991231T235959Z",
    "DTSTART:00010101T000000Z",
    "DTSTART;TZID=Etc/GMT-14:00010101T000000",
    "DTEND;TZID=Etc/GMT+12:99991231T235959",
    "DTSTART;VALUE=DATE:20241016",
    "DTEND;VALUE=DATE:20241015",
    "DTSTART;TZID=Nowhere:20241016T100000",
    "DTSTART:20241016T100000",
    "DTEND:20241016T090000",
    "DURATION:P99999999D",
    "DURATION:-PT1H",
    "DURATION:PT",
    "DUE;VALUE=DATE:20241101",
    "EXDATE:20241017T100000,xx",
    "RECURRENCE-ID:20241016T100000",
    "SEQUENCE:99999999999999999999",
    "GEO:nan;nan",
    "GEO:1e999;0",
    "UID:dup@x",
    "UID:",
    "SUMMARY:[bold red]x\x1b[2J\u202e",
    "X-WR-TIMEZONE:Mars/Base",
    "X-WR-TIMEZONE:Asia/Seoul",
    "X-WR-CALNAME:\x07calendar",
    'X-PLANNER-EVENT:{"id": "../x", "place": 1, "people": "kim", "part": "night"}',
    'X-PLANNER-TRIP:{"trip": {"id": "x", "month": "0000-01", "home_tz": "UTC"}}',
    "X-PLANNER-EVENT:" + "[" * 3000,
    " folded continuation",
    "\t",
    ";:",
    'NAME;P="unclosed:v',
]


@st.composite
def mutated_ics(draw) -> bytes:
    """A real calendar with lines deleted, duplicated, swapped, inserted or given other values."""
    lines = draw(st.sampled_from(ICS_FILES)).decode("utf-8", "replace").split("\r\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "value", "chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(ICS_LINES)))
        elif op == "value" and ":" in lines[i]:
            name = lines[i].split(":", 1)[0]
            lines[i] = (
                f"{name}:{draw(st.text(max_size=20) | st.sampled_from([line.split(':', 1)[-1] for line in ICS_LINES]))}"
            )
        else:
            line = lines[i]
            pos = draw(st.integers(0, len(line)))
            lines[i] = line[:pos] + draw(st.text(max_size=4)) + line[pos + draw(st.integers(0, 3)) :]
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


def import_or_refuse(data: bytes, trip_id: str, existing=None) -> None:
    """Read and merge ``data``; a merged trip must expand, save and load back equal."""
    with bounded():
        try:
            outcome = merge(parse(data, "fuzz.ics"), "fuzz.ics", trip_id, existing, now=NOW)
        except IcsError as exc:
            assert exc.messages
            for m in exc.messages:
                clear(m)
                assert m.startswith("fuzz.ics")
            return
        shown(outcome.trip)
        assert parse_trip(render(outcome.trip), "fuzz.toml") == outcome.trip


@scaled(1000)
@given(mutated_ics(), st.booleans())
def test_mutated_calendars_import_or_are_refused(data: bytes, into_existing: bool):
    if into_existing:
        import_or_refuse(data, SEOUL_TRIP.id, SEOUL_TRIP)
    else:
        import_or_refuse(data, "new-trip")


@scaled(500)
@given(mutated_bytes(ICS_FILES))
def test_corrupted_calendar_bytes_import_or_are_refused(data: bytes):
    import_or_refuse(data, "new-trip")


class _Workspace:
    """A scratch copy of the seeded trips, reused across examples, with a way to see it changed."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="planner-fuzz-"))
        self.trips = self.root / "trips"
        self.reset()

    def reset(self) -> None:
        shutil.rmtree(self.trips, ignore_errors=True)
        shutil.copytree(ROOT / "seeds", self.trips)
        (self.trips / "seoul-2024.toml").write_bytes(
            (ROOT / "tests" / "ics" / "workspace_seoul-2024.toml").read_bytes()
        )

    def snapshot(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.trips.iterdir())}


@pytest.fixture(scope="module")
def scratch():
    ws = _Workspace()
    yield ws
    shutil.rmtree(ws.root, ignore_errors=True)


@settings(scaled(150), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=mutated_ics(), trip=st.sampled_from(["korea-2021", "seoul-2024", "new-trip"]))
def test_planner_import_never_half_writes(scratch, data: bytes, trip: str, capsys):
    """The whole command: exit 0 with files that load, or exit 2 with every file as it was."""
    before = scratch.snapshot()
    ics = scratch.root / "in.ics"
    ics.write_bytes(data)
    with bounded():
        code = cli_main(["--dir", str(scratch.trips), "import", str(ics), "--trip", trip, "--tz", "Asia/Seoul"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert scratch.snapshot() == before, "a refused import changed the workspace"
        assert "nothing imported" in err or "planner:" in err
    else:
        assert code == 0, err
        for path in scratch.trips.glob("*.toml"):
            load_file(path)
        scratch.reset()


# ---------------------------------------------------------------- dates

DATE_WORDS = [
    "2021",
    "10",
    "19",
    "7",
    "30",
    "00",
    "99999999999999999999",
    "0",
    "-",
    ":",
    ".",
    "/",
    ",",
    " ",
    "T",
    "Z",
    "+09:00",
    "-1200",
    "am",
    "pm",
    "a.m.",
    "Oct",
    "October",
    "Mon",
    "tue",
    "today",
    "tomorrow",
    "yesterday",
    "to",
    "until",
    "–",
    "—",
    "through",
    "at",
    "of",
    "the",
    "3rd",
    "24:00",
    "25:61",
    "0000",
    "9999-12-31",
    "0001-01-01",
    "2021-02-29",
    "\x00",
    "\u202e",
    "오전",
    "10월",
]
date_text = st.lists(st.sampled_from(DATE_WORDS), max_size=10).map("".join) | st.text(max_size=40)


@scaled(2000)
@given(date_text)
def test_command_line_dates_parse_or_are_refused(text: str):
    with bounded():
        try:
            day = cli_parse_day(text, today=date(2021, 10, 18))
        except UsageError as exc:
            clear(str(exc))
        else:
            assert isinstance(day, date)


@scaled(2000)
@given(
    date_text,
    st.sampled_from([k for k, _ in PRECISION_CHOICES]),
    st.sampled_from([None, "morning", "night", "noon"]),
    st.dates(),
)
def test_tui_dates_and_times_parse_or_are_refused(text: str, precision: str, part: str | None, day: date):
    seoul = ZoneInfo("Asia/Seoul")
    with bounded():
        try:
            when = parse_when(
                text, precision, seoul, end_tz=ZoneInfo("America/Chicago"), day=day, part=part, today=date(2021, 10, 18)
            )
        except WhenError as exc:
            clear(str(exc))
        else:
            when.label()
        try:
            parse_day(text, day, date(2021, 10, 18))
        except WhenError as exc:
            clear(str(exc))


@pytest.mark.parametrize("text", ["24:009999999999999999999999999999999999999999", "99999999999999999999"])
def test_dates_dateutil_chokes_on_are_refused(text: str):
    # dateutil raised decimal.InvalidOperation on the first (found by `make fuzz`).
    with pytest.raises(UsageError):
        cli_parse_day(text)
    with pytest.raises(WhenError):
        parse_when(text, "exact", ZoneInfo("Asia/Seoul"), day=date(2000, 1, 1))


@pytest.mark.parametrize(
    "line", ["DTSTART:99991231T235959Z", "LAST-MODIFIED:00010101T000000Z", "DTSTART;VALUE=DATE:00010101"]
)
def test_far_off_years_in_a_calendar_are_refused(line: str):
    # DTSTART in 9999 overflowed converting zones (found by `make fuzz`).
    data = (
        (ROOT / "tests" / "ics" / "import_allday.ics")
        .read_bytes()
        .replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT\r\n" + line.encode() + b"\r\n", 1)
    )
    with bounded(), pytest.raises(IcsError, match="not between 1900 and 2200"):
        merge(parse(data, "fuzz.ics"), "fuzz.ics", "new-trip", None, now=NOW)


@pytest.mark.parametrize("text", ["a" + " " * 100_000 + "a", "1 " * 50_000, "9" * 100_000, "-" * 100_000])
def test_huge_date_text_is_refused_quickly(text: str):
    with bounded(2.0):
        with pytest.raises(WhenError):
            parse_when(text, "span", ZoneInfo("Asia/Seoul"), today=date(2021, 10, 18))
        with pytest.raises(WhenError):
            parse_when(text, "exact", ZoneInfo("Asia/Seoul"), today=date(2021, 10, 18))
        with pytest.raises(UsageError):
            cli_parse_day(text)
