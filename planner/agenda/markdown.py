r"""The agenda as Markdown, for sharing in e-mail, chat or a wiki.

Every value from a trip file goes through :func:`md_text`, which backslash-
escapes what Markdown would read as formatting, links or HTML, so a title such
as ``<script>`` or ``[bold](x)`` shows literally.

>>> print(md_text("[bold] <b>*MOU*</b> & co &amp; _x_ Los_Angeles"))
\[bold\] \<b\>\*MOU\*\</b\> & co &amp;amp; \_x\_ Los_Angeles
"""

from __future__ import annotations

import re

from planner.agenda.contacts import contact_line
from planner.agenda.parts import Agenda, AgendaDay, Entry, TripSection, undated_heading
from planner.text.messages import msg
from planner.text.safe import clean

# Characters that start emphasis, code, links, HTML, tables or strikethrough
# anywhere in a line; values are single-line, so line-start markers (#, -, 1.)
# never occur at the start of a line we write.
_SPECIAL = re.compile(r"([\\`*\[\]<>|~])")
# An underscore inside a word ("America/Los_Angeles") never starts emphasis.
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_text(value: str) -> str:
    """``value`` on one line, escaped so Markdown shows it as typed."""
    text = clean(value, single_line=True)
    text = _ENTITY.sub("&amp;", text)
    return _UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", text))


def render_markdown(agenda: Agenda, *, trip_mode: bool = False) -> str:
    """The agenda as a Markdown document (ends with a newline)."""
    out: list[str] = []
    title = md_text(agenda.title) + (f" · {md_text(agenda.title_ko)}" if agenda.title_ko else "")
    out.append(f"# {title}")
    out.append("")
    if agenda.subtitle:
        out.append(md_text(agenda.subtitle) + "  ")
    out.append(md_text(agenda.zones_note))
    for day in agenda.days:
        out.append("")
        out.extend(_day(day, level=2, show_trip_titles=not trip_mode))
    if agenda.undated:
        out.append("")
        out.append(f"## {md_text(undated_heading(agenda.lang))}")
        for section in agenda.undated:
            if not trip_mode:
                out.append("")
                out.append(f"**{_trip_title(section)}**")
            for e in section.entries:
                out.append("")
                out.extend(_entry(e, lang=agenda.lang))
    return "\n".join(out).rstrip() + "\n"


def _trip_title(section: TripSection) -> str:
    return md_text(section.title) + (f" · {md_text(section.title_ko)}" if section.title_ko else "")


def _day(day: AgendaDay, *, level: int, show_trip_titles: bool) -> list[str]:
    hashes = "#" * level
    lang = day.lang
    out = [f"{hashes} {md_text(day.heading_text)}"]
    out.append("")
    cities = " · ".join(md_text(c) for c in day.cities) if day.cities else f"*{msg('not_given', lang)}*"
    out.append(f"{msg('city', lang)}: {cities}")
    if day.empty:
        out.append("")
        out.append(f"*{md_text(day.empty_text)}*")
        return out
    for section in day.sections:
        if not section.entries:
            continue
        if show_trip_titles:
            out.append("")
            out.append(f"**{_trip_title(section)}**")
        for e in section.entries:
            out.append("")
            out.extend(_entry(e, level=level + 1, lang=lang))
    if day.contacts:
        out.append("")
        out.append(f"**{msg('contacts', lang)}**")
        out.append("")
        out.extend(f"- {md_text(contact_line(c))}" for c in day.contacts)
    return out


def _entry(e: Entry, level: int = 3, lang: str = "en") -> list[str]:
    time = md_text(e.time) if e.exact else f"*{md_text(e.time)}*"
    out = [f"{'#' * level} {time} — {md_text(e.title)}"]
    if e.title_ko:
        out.append("")
        out.append(md_text(e.title_ko))
    out.append("")
    local, home = msg("local_clock", lang), msg("home_clock", lang)
    clocks = [f"{md_text(e.time)} {local}" if e.exact else md_text(e.time)]
    if e.time_note:
        clocks.append(md_text(e.time_note))
    if e.home_time:
        clocks.append(f"{md_text(e.home_time)} {home}")
    if e.extra_time:
        clocks.append(md_text(e.extra_time))

    def fact(key: str, value: str) -> None:
        out.append(f"- **{msg(key, lang)}:** {value}")

    fact("when", " · ".join(clocks))
    fact("what", f"{md_text(e.kind)} · {md_text(e.status_label or e.status)}")
    if e.place:
        where = md_text(e.place) + (f", {md_text(e.address)}" if e.address else "")
    else:
        where = f"*{msg('place_not_given', lang)}*"
    fact("where_title", where)
    if e.attendees:
        who = ", ".join(md_text(a) for a in e.attendees)
        fact("delegation", who + (f" ({msg('whole_delegation', lang)})" if e.whole_delegation else ""))
    if e.counterparts:
        fact("meeting_title", ", ".join(md_text(c) for c in e.counterparts))
    if e.outcome:
        fact("outcome_title", md_text(e.outcome))
    if e.notes:
        fact("notes_title", md_text(e.notes))
    return out
