"""Readers' languages (``--lang en|ko|both``): the catalogue, Korean and bilingual agendas, listings and exports.

Golden files: ``tests/golden/`` holds the seeded korea-2021 agenda in Korean
(Markdown and HTML) and in both languages (Markdown and HTML). After a
deliberate change to the agenda or the seeds, rewrite them with

    PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -n 0 tests/test_languages.py -k golden

(or call :func:`write_goldens`), then read the diff before committing it.
"""

from __future__ import annotations

import io
import os
import re
import string
from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS
from icalendar import Calendar
from rich.console import Console

from planner.agenda import build_day_agenda, build_trip_agenda, render_html, render_markdown, render_terminal
from planner.agenda.contacts import contact_role
from planner.model.trip import KIND_LABELS, STATUSES
from planner.model.visibility import redact
from planner.model.when import PARTS_OF_DAY, InMonth, OnDate, PartOfDay, Span, Unscheduled
from planner.storage import load_workspace
from planner.text.labels import when_label
from planner.text.messages import LANGS, MESSAGES, msg, resolve_lang

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_CASES = {
    "korea-2021.ko.md": ("ko", "md"),
    "korea-2021.ko.html": ("ko", "html"),
    "korea-2021.both.md": ("both", "md"),
    "korea-2021.both.html": ("both", "html"),
}


def _seeded_trip():
    ws = load_workspace(SEEDS)
    trip = ws.trip("korea-2021")
    assert trip is not None
    return trip


def golden_text(name: str) -> str:
    """What the golden file ``name`` should hold, made from the seeded trip as ``planner agenda --trip`` makes it."""
    lang, fmt = GOLDEN_CASES[name]
    agenda = build_trip_agenda(_seeded_trip(), lang=lang)
    return render_markdown(agenda, trip_mode=True) if fmt == "md" else render_html(agenda, trip_mode=True)


def write_goldens() -> list[Path]:
    """Rewrite every golden file from the current code and seeds; returns the files written."""
    GOLDEN.mkdir(exist_ok=True)
    written = []
    for name in GOLDEN_CASES:
        path = GOLDEN / name
        path.write_text(golden_text(name), encoding="utf-8")
        written.append(path)
    return written


def _terminal(agenda, *, trip_mode: bool = True, width: int = 100) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(
        render_terminal(agenda, trip_mode=trip_mode)
    )
    return buffer.getvalue()


# --- the catalogue ---------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_has_english_and_korean_with_the_same_fields():
    assert MESSAGES
    for key, (en, ko) in MESSAGES.items():
        assert en.strip() and ko.strip(), key
        assert _fields(en) == _fields(ko), key
        assert re.search("[가-힣]", ko), f"{key}: the Korean text has no Hangul: {ko!r}"


def test_every_kind_status_and_part_of_day_is_in_the_catalogue_and_english_matches_the_model():
    for kind, label in KIND_LABELS.items():
        assert MESSAGES[f"kind_{kind}"][0] == label
    for status in STATUSES:
        assert MESSAGES[f"status_{status}"][0] == status
    for part in PARTS_OF_DAY:
        assert MESSAGES[f"part_{part}"][0] == part


@pytest.mark.parametrize(
    "when",
    [
        OnDate(date(2021, 10, 19)),
        *(PartOfDay(date(2021, 10, 19), part) for part in PARTS_OF_DAY),
        Span(date(2021, 10, 18), date(2021, 10, 21)),
        Span(date(2021, 10, 30), date(2021, 11, 2)),
        InMonth(2023, 10),
        Unscheduled(),
    ],
    ids=repr,
)
def test_precision_words_come_from_the_catalogue_and_english_is_the_models_label(when):
    assert when_label(when, "en") == when.label()
    ko = when_label(when, "ko")
    assert re.search("[가-힣]", ko) and not re.search("[A-Za-z]", ko)
    assert when_label(when, "both") == f"{when.label()} · {ko}"


def test_korean_precision_words():
    assert when_label(OnDate(date(2021, 10, 19)), "ko") == "시간 미정"
    assert when_label(PartOfDay(date(2021, 10, 19), "morning"), "ko") == "오전"
    assert when_label(PartOfDay(date(2021, 10, 19), "afternoon"), "ko") == "오후"
    assert when_label(PartOfDay(date(2021, 10, 19), "evening"), "ko") == "저녁"
    assert when_label(PartOfDay(date(2021, 10, 19), "night"), "ko") == "밤"
    assert when_label(Span(date(2021, 10, 30), date(2021, 11, 2)), "ko") == "10월 30일–11월 2일 (4일간)"
    assert when_label(InMonth(2023, 10), "ko") == "2023년 10월 중 (날짜 미정)"
    assert when_label(Unscheduled(), "ko") == "일정 중 미정"


def test_text_layer_catalogue_imports_no_renderer_or_file_format():
    source = (Path(__file__).parent.parent / "planner" / "text" / "messages.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+(rich|tomlkit|icalendar|textual)", source, re.M)


def test_both_puts_english_then_korean_and_a_language_is_resolved_flag_first():
    assert msg("where", "both") == "where · 장소"
    assert resolve_lang(None, None) == "en"
    assert resolve_lang("ko", "both") == "ko"
    assert resolve_lang(None, "both") == "both"
    assert set(LANGS) == {"en", "ko", "both"}
    with pytest.raises(ValueError, match="language: 'fr' is not one of en, ko, both"):
        resolve_lang(None, "fr")


def test_an_unknown_lang_on_the_command_line_is_refused(run_cli, workspace):
    out = run_cli("--dir", str(workspace), "agenda", "2021-10-19", "--lang", "fr")
    assert out.returncode == 2
    assert "--lang" in out.stderr and "'fr'" in out.stderr


# --- golden agendas ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_agenda(name):
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        write_goldens()
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert golden_text(name) == expected, f"{name} differs: PLANNER_UPDATE_GOLDEN=1 rewrites it (see module doc)"


def test_golden_korean_agenda_reads_as_korean():
    md = (GOLDEN / "korea-2021.ko.md").read_text(encoding="utf-8")
    assert md.startswith("# 달라스 상공회 한국 방문\n")
    assert "## 2021년 10월 19일 (화)" in md
    assert "### *시간 미정* — 라이프케어 로봇 MOU" in md
    assert "- **대표단:** 김현겸 (Kim Hyun-kyum)" in md
    assert "4일 중 2일째" in md and "(대표단 전원)" in md
    for english in ("**Where:**", "**When:**", "Delegation", "time not given", "Not yet on a day", "City:"):
        assert english not in md
    html = (GOLDEN / "korea-2021.ko.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html
    assert "<dt>장소</dt>" in html and "<dt>Where</dt>" not in html


def test_golden_bilingual_agenda_has_both_languages_side_by_side():
    md = (GOLDEN / "korea-2021.both.md").read_text(encoding="utf-8")
    assert "## Tue 19 Oct 2021 · 10월 19일 (화)" in md
    assert "- **Where · 장소:**" in md
    assert "*time not given · 시간 미정*" in md
    assert "MOU signing (MOU 체결) · confirmed (확정)" in md
    assert "김현겸 (Kim Hyun-kyum)" in md
    html = (GOLDEN / "korea-2021.both.html").read_text(encoding="utf-8")
    assert "<dt>Where · 장소</dt>" in html


def test_english_agenda_is_unchanged_by_the_catalogue():
    """``en`` is the default and words the agenda as it always has (README's sample)."""
    text = _terminal(build_day_agenda([_seeded_trip()], date(2021, 10, 19)), trip_mode=False)
    assert "Tue 19 Oct 2021 · 10월 19일 (화)   Seoul (서울)" in text
    assert "where: Lotte Hotel (롯데호텔), Seoul (assumed)" in text
    assert "with: 김현겸 Kim Hyun-kyum, 고근백 Ko Geun-baek" in text


# --- Korean terminal text has no English labels -----------------------------------------

KOREAN_TRIP = """
[trip]
id = "seoul-ko"
title = "Seoul mission"
title_ko = "서울 방문단"
status = "planned"
home_tz = "America/Chicago"
local_tz = "Asia/Seoul"
start = 2024-03-11
end = 2024-03-14
members = ["kim", "lee"]
notes = "대표단 메모"

[[people]]
id = "kim"
name = "Kim Hyun-kyum"
name_ko = "김현겸"

[[people]]
id = "lee"
name = "Lee Su-jin"
name_ko = "이수진"
role = "통역"
phone = "+82-10-1111-2222"
phone_visibility = "organisers"
kakao = "sujin-talk"
kakao_visibility = "delegation"

[[people]]
id = "park"
name = "Park Ji-won"
name_ko = "박지원"
role = "운전기사"
phone = "+82-10-3333-4444"
phone_visibility = "public"

[[people]]
id = "choi"
name = "Choi Min"
name_ko = "최민"
role = "사장"

[[places]]
id = "hall"
name = "City Hall"
name_ko = "시청"
city = "Seoul"
tz = "Asia/Seoul"

[[events]]
id = "signing"
title = "Signing"
title_ko = "업무협약 체결"
kind = "mou"
start = 2024-03-12T10:00:00
end = 2024-03-12T11:30:00
place = "hall"
people = ["kim", "lee", "park"]
counterparts = ["choi"]
outcome = "협약 체결"
notes = "여권 지참"
visibility = "public"

[[events]]
id = "lunch"
title = "Lunch"
title_ko = "오찬"
kind = "dinner"
date = 2024-03-12
people = ["kim", "lee", "park"]

[[events]]
id = "visit"
title = "Factory visit"
title_ko = "공장 견학"
kind = "visit"
date = 2024-03-13
part = "afternoon"
people = ["kim", "lee", "park"]

[[events]]
id = "expo"
title = "Expo"
title_ko = "박람회"
kind = "expo"
date = 2024-03-11
end_date = 2024-03-13
status = "tentative"

[[events]]
id = "later"
title = "Follow-up"
title_ko = "후속 면담"
kind = "meeting"
unscheduled = true
"""

ALLOWED_LATIN = {"KST", "CDT", "CST", "Asia", "Seoul", "America", "Chicago", "MOU"}
"""Latin words a Korean agenda may show: zone names and abbreviations (and a kind's own acronym)."""
ROMANISED = {"Kim", "Hyun", "kyum", "Lee", "Su", "jin", "Park", "Ji", "won", "Choi", "Min", "City", "Hall"}
"""Romanised names in brackets after the Hangul ones, and the place's own English name."""


@pytest.fixture
def korean_trip(tmp_path: Path):
    folder = tmp_path / "ko-trips"
    folder.mkdir()
    (folder / "seoul-ko.toml").write_text(KOREAN_TRIP, encoding="utf-8")
    trip = load_workspace(folder).trip("seoul-ko")
    assert trip is not None
    return trip


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def _korean_agenda_text(trip) -> str:
    """The Korean terminal agenda of ``trip``, less the interpreter's KakaoTalk id (an id, not a word)."""
    return _terminal(build_trip_agenda(trip, lang="ko")).replace("sujin-talk", "")


def test_korean_terminal_agenda_has_no_english_label_words(korean_trip):
    text = _korean_agenda_text(korean_trip)
    extra = _latin_words(text) - ALLOWED_LATIN - ROMANISED
    assert not extra, f"English in the Korean agenda: {sorted(extra)}\n{text}"
    for korean in (
        "2024년 3월 12일 (화)",
        "시간 미정",
        "오후",
        "일정 중 미정",
        "3일 중 2일째",
        "장소: 시청 (City Hall), 서울",
    ):
        assert korean in text, korean
    assert "참석: 김현겸 (Kim Hyun-kyum), 이수진 (Lee Su-jin), 박지원 (Park Ji-won)" in text
    assert "면담: 최민 (Choi Min)" in text
    assert "10:00–11:30 KST" in text and "본국 " in text


def test_korean_terminal_agenda_of_the_seeded_trip_has_no_english_labels():
    text = _terminal(build_trip_agenda(_seeded_trip(), lang="ko"))
    labels = re.findall(r"^\s*(?:\S.*?\s{2,})?([a-z][a-z ]*):", text, re.M)
    assert not labels, labels
    for english in ("time not given", "place not given", "whole delegation", "day 2 of 4", "Not yet on a day"):
        assert english not in text
    assert "2021년 10월 19일 (화)" in text and "장소 미정" in text and "일정 중 미정" in text


def test_every_label_of_the_korean_terminal_agenda_is_korean(korean_trip):
    """No message's English text (as a whole word or phrase) shows in a Korean agenda built from Korean data."""
    text = _korean_agenda_text(korean_trip)
    for key, (en, _ko) in MESSAGES.items():
        words = [w for w in re.split(r"\{[^}]*\}", en) if re.search("[A-Za-z]{3,}", w)]
        for w in words:
            w = w.strip(" .:;()")
            if w and w not in ALLOWED_LATIN and w not in ROMANISED and len(w) > 3:
                assert not re.search(rf"\b{re.escape(w)}\b", text), f"{key}: {w!r} in the Korean agenda"


# --- the contact block --------------------------------------------------------------------


def test_contact_roles_are_read_from_roles_in_either_language(korean_trip):
    roles = {p.id: contact_role(korean_trip, p) for p in korean_trip.people}
    assert roles == {"kim": None, "lee": "interpreter", "park": "driver", "choi": None}


@pytest.mark.parametrize("lang", LANGS)
def test_each_printed_day_ends_with_its_contact_block(korean_trip, lang):
    agenda = build_trip_agenda(korean_trip, lang=lang)
    busy = [d for d in agenda.days if not d.empty]
    assert busy and all(d.contacts for d in busy)
    assert [c.role for c in busy[0].contacts] == [msg("role_interpreter", lang), msg("role_driver", lang)]
    text = _terminal(agenda)
    md = render_markdown(agenda, trip_mode=True)
    html = render_html(agenda, trip_mode=True)
    heading = msg("contacts", lang)
    assert text.count(heading) == len(busy)
    assert md.count(f"**{heading}**") == len(busy)
    assert html.count('<div class="contacts">') == len(busy)
    interpreter = f"{msg('role_interpreter', lang)}: {busy[0].contacts[0].name}"
    assert interpreter in text and interpreter in md
    assert f"{msg('phone', lang)} +82-10-1111-2222" in text  # organisers see everything


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", ["public", "delegation", "organisers"])
def test_contact_block_shows_only_what_the_reader_may_see(korean_trip, lang, level):
    agenda = build_trip_agenda(redact(korean_trip, level), lang=lang)
    outputs = [_terminal(agenda), render_markdown(agenda, trip_mode=True), render_html(agenda, trip_mode=True)]
    for out in outputs:
        assert ("+82-10-1111-2222" in out) == (level == "organisers")  # the interpreter's phone: organisers
        assert ("sujin-talk" in out) == (level != "public")  # KakaoTalk id: delegation
        assert "+82-10-3333-4444" in out  # the driver's phone is public
        assert ("여권 지참" in out) == (level != "public")  # the public event's notes stay with the delegation


def test_english_agenda_without_contacts_keeps_its_page_style():
    html = render_html(build_trip_agenda(_seeded_trip()), trip_mode=True)
    assert ".contacts" not in html


# --- planner list and agenda on the command line -------------------------------------------


def test_list_in_korean(run_cli, workspace):
    out = run_cli("--dir", str(workspace), "list", "--trip", "korea-2021", "--lang", "ko")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "시각 기준: 각 일정의 현지 시간대." in text
    assert "달라스 상공회 한국 방문" in text and "2021년 10월 18일–27일 · korea-2021" in text
    assert "2021년 10월 19일 (화)" in text and "라이프케어 로봇 MOU" in text
    assert "시간 미정" in text and "장소 미정" in text and "일정 중 미정" in text and "날짜 미정" in text
    assert "MOU 체결" in text and "확정" in text
    for english in ("Times in", "time not given", "place not given", "unscheduled", "confirmed", "Not yet on a day"):
        assert english not in text


def test_list_in_both_languages(run_cli, workspace):
    out = run_cli("--dir", str(workspace), "list", "--trip", "gwangju-2022", "--lang", "both")
    assert out.returncode == 0, out.stderr
    assert "Times in each event's own zone. · 시각 기준: 각 일정의 현지 시간대." in out.stdout
    assert "morning · 오전" in out.stdout


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", ["public", "delegation"])
def test_agenda_and_list_for_a_recipient_in_every_language_hide_organisers_details(run_cli, tmp_path, lang, level):
    folder = tmp_path / "ko-trips"
    folder.mkdir()
    (folder / "seoul-ko.toml").write_text(KOREAN_TRIP, encoding="utf-8")
    for args in (
        ("agenda", "--trip", "seoul-ko", "--for", level, "--lang", lang, "--format", "md", "--out", "-"),
        ("agenda", "2024-03-12", "--for", level, "--lang", lang),
        ("list", "--for", level, "--lang", lang),
    ):
        out = run_cli("--dir", str(folder), *args)
        assert out.returncode == 0, out.stderr
        assert "+82-10-1111-2222" not in out.stdout
        if level == "public":
            assert "여권 지참" not in out.stdout and "오찬" not in out.stdout


# --- export DESCRIPTION -------------------------------------------------------------------


def _descriptions(path: Path) -> dict[str, str]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(c["UID"]): str(c["DESCRIPTION"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def test_export_description_in_korean_parses_back(run_cli, workspace, tmp_path):
    before = (workspace / "korea-2021.toml").read_bytes()
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--lang", "ko", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    path = tmp_path / "out" / "korea-2021-ko.ics"
    assert path.exists(), out.stdout
    desc = _descriptions(path)
    robot = desc["korea-2021.robot-mou@planner"]
    assert robot.splitlines()[:3] == [
        "라이프케어 로봇 MOU",
        "MOU 체결 · 확정",
        "일시: 2021년 10월 19일 (화); 출처에 시각이 없어 종일 일정으로 등록",
    ]
    assert "대표단: 김현겸 (Kim Hyun-kyum), 고근백 (Ko Geun-baek)" in robot
    assert "장소: 롯데호텔 (Lotte Hotel)" in robot
    assert "출장: 달라스 상공회 한국 방문 (korea-2021)" in robot
    for text in desc.values():
        for english in ("When:", "Where:", "Delegation:", "Meeting:", "Notes:", "Source:", "Trip:"):
            assert english not in text
    # Sequence stamps come from the English content: a Korean export records nothing in the trip file.
    assert (workspace / "korea-2021.toml").read_bytes() == before
    english = run_cli("--dir", str(workspace), "export", "korea-2021", "--out", str(tmp_path / "out"))
    assert english.returncode == 0, english.stderr
    en = Calendar.from_ical((tmp_path / "out" / "korea-2021.ics").read_bytes())
    ko = Calendar.from_ical(path.read_bytes())
    seq = {str(c["UID"]): int(c["SEQUENCE"]) for c in en.walk("VEVENT")}
    assert seq == {str(c["UID"]): int(c["SEQUENCE"]) for c in ko.walk("VEVENT")}
    assert (
        "When: Tue 19 Oct 2021; the source gives no time"
        in _descriptions(tmp_path / "out" / "korea-2021.ics")["korea-2021.robot-mou@planner"]
    )


def test_export_description_in_both_languages_and_for_a_person(run_cli, workspace, tmp_path):
    out = run_cli(
        "--dir", str(workspace), "export", "--person", "kim-hyun-kyum", "--lang", "both", "--out", str(tmp_path)
    )
    assert out.returncode == 0, out.stderr
    desc = _descriptions(tmp_path / "kim-hyun-kyum-both.ics")
    robot = desc["korea-2021.robot-mou@planner"]
    assert (
        "When · 일시: Tue 19 Oct 2021; the source gives no time, so it is an all-day entry · 2021년 10월 19일" in robot
    )
    assert "Delegation · 대표단: 김현겸 (Kim Hyun-kyum)" in robot
    assert "MOU signing (MOU 체결) · confirmed (확정)" in robot


def test_korean_full_trip_export_imports_back_to_the_same_events(run_cli, workspace, tmp_path):
    out = run_cli("--dir", str(workspace), "export", "korea-2021", "--lang", "ko", "--out", str(tmp_path / "k.ics"))
    assert out.returncode == 0, out.stderr
    back = run_cli("--dir", str(workspace), "import", str(tmp_path / "k.ics"), "--trip", "korea-copy")
    assert back.returncode == 0, back.stderr
    ws = load_workspace(workspace)
    original, copy = ws.trip("korea-2021"), ws.trip("korea-copy")
    assert original is not None and copy is not None
    assert sorted((e.id, e.title_ko, e.notes, e.when) for e in copy.events) == sorted(
        (e.id, e.title_ko, e.notes, e.when) for e in original.events
    )


def test_recipient_export_in_korean_is_named_for_both_and_hides_organisers_details(run_cli, tmp_path):
    folder = tmp_path / "ko-trips"
    folder.mkdir()
    (folder / "seoul-ko.toml").write_text(KOREAN_TRIP, encoding="utf-8")
    out = run_cli("--dir", str(folder), "export", "seoul-ko", "--for", "public", "--lang", "ko", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    path = tmp_path / "seoul-ko-public-ko.ics"
    data = path.read_bytes()
    assert b"X-PLANNER" not in data and b"+82-10-1111-2222" not in data
    (signing,) = _descriptions(path).values()  # only the public event
    assert "여권 지참" not in signing  # its notes are the delegation's
    assert signing.splitlines()[1:3] == ["MOU 체결 · 확정", "일시: 2024년 3월 12일 (화), 10:00–11:30 Asia/Seoul"]
    assert "대표단: 김현겸 (Kim Hyun-kyum), 이수진 (Lee Su-jin), 박지원 (Park Ji-won)" in signing
    assert "면담: 최민 (Choi Min)" in signing
