"""The agenda as one self-contained, print-ready HTML page.

One printed page per day on A4 or US Letter (the page box fits the smaller
of the two in each direction), black on white, Korean text set in the first
installed font of a Korean fallback stack. No scripts, no external files.

Safety is by construction: markup is built only with :func:`tag`, which
passes through :class:`Html` values (markup made by this module) and runs
everything else through :func:`html.escape`. A trip value can never become
markup, whatever it contains.

>>> str(tag("p", "<script>alert(1)</script> & [bold]", cls="title"))
'<p class="title">&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]</p>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from planner.agenda.contacts import Contact
from planner.agenda.parts import UNDATED_HEADING, UNDATED_HEADING_KO, Agenda, AgendaDay, Entry, TripSection
from planner.text.messages import msg
from planner.text.safe import clean

PAPER_SIZES = {"a4": "210mm 297mm", "letter": "8.5in 11in"}
"""Values for ``paper``; ``None`` leaves the size to the printer dialog."""


class Html(str):
    """A string of markup this module built; everything else gets escaped."""


def escape(value: object) -> Html:
    """``value`` as text, escaped for element content and quoted attributes."""
    return Html(html.escape(clean(str(value)), quote=True))


def tag(name: str, *children: Html | str | None, cls: str | None = None, **attrs: str | None) -> Html:
    """``<name ...>children</name>``; plain-string children and all attribute values are escaped.

    ``lang_`` style keywords lose their trailing underscore (``lang="ko"``).
    """
    attributes = {"class": cls, **{k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}}
    attr_text = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items() if v is not None)
    body = "".join(c if isinstance(c, Html) else escape(c) for c in children if c is not None)
    return Html(f"<{name}{attr_text}>{body}</{name}>")


def join(parts: Iterable[Html | str], sep: str = "") -> Html:
    """Concatenate, escaping any plain string (``sep`` is escaped too)."""
    return Html(escape(sep).join(p if isinstance(p, Html) else escape(p) for p in parts))


FONT_STACK = (
    '"Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", '
    '"맑은 고딕", "Nanum Gothic", "NanumGothic", "Noto Sans", "Helvetica Neue", Arial, sans-serif'
)

# The page box: A4 is 210 x 297 mm, Letter 215.9 x 279.4 mm. With these margins
# the printable area is at most 180 x 249 mm, which fits on either paper, so
# the same file prints one day per page on both. Only black, greys, borders,
# weight and italics carry meaning, so it reads the same from a mono printer.
# A word longer than its column (a pasted URL, a long unspaced title) breaks
# anywhere rather than pushing the page wider: columns are minmax(0, 1fr).
STYLE = """
@page { margin: 15mm 15mm 15mm 15mm; }
@page { @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
:root { color-scheme: light; }
html { font-family: %(fonts)s; font-size: 10pt; line-height: 1.4; color: #000; background: #fff;
       overflow-wrap: anywhere; }
body { margin: 0; }
:lang(ko) { word-break: keep-all; }
.sheet { box-sizing: border-box; }
.sheet + .sheet { break-before: page; page-break-before: always; }
.running { margin: 0 0 1mm; font-size: 8.5pt; color: #333; border-bottom: 0.5pt solid #000; padding-bottom: 1mm; }
.zones { margin: 0 0 3mm; font-size: 8.5pt; color: #333; }
h1 { font-size: 18pt; margin: 3mm 0 0; line-height: 1.2; }
h1 .ko, h2 .ko { font-weight: 500; }
h2 { font-size: 13pt; margin: 5mm 0 1mm; }
.city { margin: 0 0 3mm; font-size: 11pt; }
.city .label, dt, .kind { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.04em; color: #333; }
.nothing { font-style: italic; margin: 4mm 0; }
h3.trip { font-size: 11pt; margin: 4mm 0 1mm; }
.event { display: grid; grid-template-columns: 40mm minmax(0, 1fr); column-gap: 4mm; padding: 2.5mm 0;
         border-top: 0.75pt solid #000; break-inside: avoid; page-break-inside: avoid; }
.event:last-child { border-bottom: 0.75pt solid #000; }
.time { font-weight: 700; font-variant-numeric: tabular-nums; }
.time .untimed { font-weight: 400; font-style: italic; }
.time .home, .time .extra, .time .note { display: block; font-weight: 400; font-size: 8.5pt; color: #333; }
.title { margin: 0; font-weight: 700; font-size: 11pt; }
.title-ko { margin: 0; }
.kind { margin: 0.5mm 0 1mm; }
.cancelled .title { text-decoration: line-through; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); column-gap: 3mm; row-gap: 0.6mm; margin: 0; }
dt { padding-top: 0.3em; }
dd { margin: 0; }
.missing { font-style: italic; color: #333; }
.name { white-space: nowrap; }
@media screen {
  html { background: #d9d9d9; }
  body { padding: 8mm 0; }
  .sheet { width: 210mm; min-height: 279.4mm; margin: 0 auto 8mm; padding: 15mm; background: #fff;
           box-shadow: 0 0.4mm 2mm rgba(0, 0, 0, 0.35); }
}
@media print {
  html, body { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
"""


CONTACTS_STYLE = """.contacts { margin: 4mm 0 0; padding-top: 1.5mm; border-top: 0.75pt solid #000; break-inside: avoid; }
.contacts h3 { font-size: 8.5pt; margin: 0 0 1mm; text-transform: uppercase; letter-spacing: 0.04em; }
.contacts ul { margin: 0; padding: 0; list-style: none; }
.contacts .role { color: #333; }
"""
"""The contact block's rules, added only to a page that has one (a page without stays as it was)."""


def render_html(agenda: Agenda, *, trip_mode: bool = False, paper: str | None = None) -> str:
    """The agenda as a complete HTML document.

    Args:
        agenda: what to show.
        trip_mode: whether the agenda covers a trip (one page per day) rather than one day.
        paper: ``"a4"`` or ``"letter"`` to fix the paper size; by default the
            printer's paper is used, and the layout fits both.
    """
    style = STYLE % {"fonts": FONT_STACK}
    if any(day.contacts for day in agenda.days):
        style += CONTACTS_STYLE
    if paper is not None:
        style += f"@page {{ size: {PAPER_SIZES[paper.lower()]}; }}\n"
    running = _running_line(agenda)
    sheets: list[Html] = []
    for i, day in enumerate(agenda.days):
        head = _first_header(agenda, trip_mode) if i == 0 else None
        sheets.append(tag("section", running, head, _day(day, show_trip_titles=not trip_mode), cls="sheet day"))
    if agenda.undated:
        head = _first_header(agenda, trip_mode) if not sheets else None
        sheets.append(
            tag("section", running, head, _undated(agenda.undated, trip_mode, agenda.lang), cls="sheet undated")
        )
    title = agenda.title + (f" · {agenda.title_ko}" if agenda.title_ko else "")
    doc = tag(
        "html",
        tag(
            "head",
            Html('<meta charset="utf-8">'),
            Html('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            tag("title", title),
            tag("style", Html(style)),
        ),
        tag("body", *sheets),
        lang="ko" if agenda.lang == "ko" else "en",
    )
    return "<!DOCTYPE html>\n" + doc + "\n"


def _ko(text: str) -> Html | None:
    return tag("span", text, cls="ko", lang="ko") if text else None


def _running_line(agenda: Agenda) -> Html:
    parts: list[Html | str] = [agenda.title]
    if agenda.title_ko:
        parts += [" · ", _ko(agenda.title_ko) or ""]
    if agenda.subtitle:
        parts += [" — ", agenda.subtitle]
    return tag("p", *parts, cls="running")


def _first_header(agenda: Agenda, trip_mode: bool) -> Html:
    parts: list[Html] = []
    if trip_mode:
        parts.append(tag("h1", agenda.title, Html(" ") if agenda.title_ko else None, _ko(agenda.title_ko)))
    parts.append(tag("p", agenda.zones_note, cls="zones"))
    return join(parts)


def _day(day: AgendaDay, *, show_trip_titles: bool) -> Html:
    lang = day.lang
    if day.heading:
        heading = tag("h2", tag("span", day.heading, cls="en"), Html(" · "), _ko(day.heading_ko))
    else:
        heading = tag("h2", _ko(day.heading_ko))
    city = tag(
        "p",
        tag("span", msg("city", lang) + " ", cls="label"),
        " · ".join(day.cities) if day.cities else tag("span", msg("not_given", lang), cls="missing"),
        cls="city",
    )
    parts: list[Html] = [heading, city]
    if day.empty:
        parts.append(tag("p", day.empty_text, cls="nothing"))
        return join(parts)
    for section in day.sections:
        if not section.entries:
            continue
        if show_trip_titles:
            parts.append(
                tag("h3", section.title, Html(" · ") if section.title_ko else None, _ko(section.title_ko), cls="trip")
            )
        parts.append(tag("div", *(_entry(e, lang) for e in section.entries), cls="events"))
    if day.contacts:
        parts.append(_contacts(day.contacts, lang))
    return join(parts)


def _contacts(contacts: tuple[Contact, ...], lang: str) -> Html:
    items = (
        tag(
            "li",
            tag("span", c.role + ": ", cls="role"),
            tag("span", c.name, cls="name"),
            *(Html(" · ") + escape(d) for d in c.details),
        )
        for c in contacts
    )
    return tag("div", tag("h3", msg("contacts", lang)), tag("ul", *items), cls="contacts")


def _undated(sections: tuple[TripSection, ...], trip_mode: bool, lang: str = "en") -> Html:
    if lang == "ko":
        heading = tag("h2", _ko(UNDATED_HEADING_KO))
    else:
        heading = tag("h2", tag("span", UNDATED_HEADING, cls="en"), Html(" · "), _ko(UNDATED_HEADING_KO))
    parts: list[Html] = [heading]
    for section in sections:
        if not trip_mode:
            parts.append(
                tag("h3", section.title, Html(" · ") if section.title_ko else None, _ko(section.title_ko), cls="trip")
            )
        parts.append(tag("div", *(_entry(e, lang) for e in section.entries), cls="events"))
    return join(parts)


def _entry(e: Entry, lang: str = "en") -> Html:
    clock = [tag("span", e.time, cls="local" if e.exact else "untimed")]
    if e.time_note:
        clock.append(tag("span", e.time_note, cls="note"))
    if e.home_time:
        clock.append(tag("span", f"{msg('home_clock', lang)} {e.home_time}", cls="home"))
    if e.extra_time:
        clock.append(tag("span", e.extra_time, cls="extra"))
    facts: list[Html] = []

    def fact(key: str, *value: Html | str | None) -> None:
        facts.append(tag("dt", msg(key, lang)))
        facts.append(tag("dd", *value))

    if e.place:
        fact("where_title", e.place, Html("<br>") if e.address else None, e.address or None)
    else:
        fact("where_title", tag("span", msg("place_not_given", lang), cls="missing"))
    if e.attendees:
        fact(
            "delegation",
            _names(e.attendees),
            tag("span", f" ({msg('whole_delegation', lang)})", cls="missing") if e.whole_delegation else None,
        )
    if e.counterparts:
        fact("meeting_title", _names(e.counterparts))
    if e.outcome:
        fact("outcome_title", e.outcome)
    if e.notes:
        fact("notes_title", e.notes)
    body = tag(
        "div",
        tag("p", e.title, cls="title", lang="ko" if e.title_in_korean else None),
        tag("p", e.title_ko, cls="title-ko", lang="ko") if e.title_ko else None,
        tag("p", f"{e.kind} · {e.status_label or e.status}", cls="kind"),
        tag("dl", *facts),
        cls="body",
    )
    return tag("article", tag("div", *clock, cls="time"), body, cls=f"event {e.status}", id=_anchor(e))


def _names(names: tuple[str, ...]) -> Html:
    # Each name stays on one line: "Lee Hong-ki" must not break at its hyphen.
    return join((tag("span", n, cls="name") for n in names), ", ")


def _anchor(e: Entry) -> str:
    return "ev-" + e.key.replace("/", "-").replace("@", "-")
