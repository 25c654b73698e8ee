"""The agenda for a terminal: rich renderables built from plain text, never markup.

Every value is put into ``rich.text.Text`` objects, so a title such as
``[bold red]`` prints literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from planner.agenda.contacts import contact_line
from planner.agenda.gather import agenda_of_day
from planner.agenda.parts import Agenda, AgendaDay, Entry, TripSection, undated_heading
from planner.model.timeline import Occurrence
from planner.text.messages import BOTH_SEP, msg


def render_terminal(agenda: Agenda, *, trip_mode: bool = False) -> RenderableType:
    """A rich renderable for a whole agenda.

    Args:
        agenda: what to show.
        trip_mode: whether the agenda covers a trip (adds the trip's title on top
            and a rule between days) rather than one day.
    """
    parts: list[RenderableType] = []
    if trip_mode:
        title = Text(agenda.title, style="bold")
        if agenda.title_ko:
            title.append(" · " + agenda.title_ko)
        parts.append(title)
        parts.append(Text(agenda.subtitle, style="dim"))
        parts.append(Text(agenda.zones_note, style="dim"))
    elif agenda.person:
        parts.append(Text(msg("personal_agenda", agenda.lang, who=agenda.person), style="dim"))
    for i, day in enumerate(agenda.days):
        if trip_mode or i:
            parts.append(Rule(style="dim"))
        parts.append(_day(day, show_trip_titles=not trip_mode))
    if agenda.undated:
        parts.append(Rule(style="dim"))
        parts.append(Text(undated_heading(agenda.lang), style="bold"))
        for section in agenda.undated:
            if not trip_mode:
                parts.append(Text(_trip_title(section), style="bold cyan"))
            parts.append(_table(section.entries, agenda.lang))
    return Group(*parts)


def day_agenda(
    day: date, occs: Sequence[Occurrence], extra_tz: tzinfo | None = None, *, lang: str = "en"
) -> RenderableType:
    """A rich renderable for ``day`` from already chosen occurrences; ``extra_tz`` adds a clock."""
    return render_terminal(agenda_of_day(day, occs, extra_tz if extra_tz is not None else "event", lang=lang))


def _trip_title(section: TripSection) -> str:
    return f"{section.title} · {section.title_ko}" if section.title_ko else section.title


def _day(day: AgendaDay, *, show_trip_titles: bool) -> RenderableType:
    heading = Text(day.heading_text, style="bold")
    if day.cities:
        heading.append("   " + " · ".join(day.cities), style="cyan")
    parts: list[RenderableType] = [heading]
    if day.empty:
        parts.append(Text(day.empty_text, style="yellow"))
        return Group(*parts)
    for section in day.sections:
        if not section.entries:
            continue
        if show_trip_titles:
            parts.append(Text())
            parts.append(Text(_trip_title(section), style="bold cyan"))
        parts.append(_table(section.entries, day.lang))
    if day.contacts:
        parts.append(Text())
        block = Text(msg("contacts", day.lang), style="bold")
        for c in day.contacts:
            block.append("\n" + contact_line(c))
        parts.append(block)
    return Group(*parts)


def _clock(e: Entry, lang: str) -> Text:
    # In both languages a precision label ("time not given · 시간 미정") takes a line per language.
    time = e.time.replace(BOTH_SEP, "\n") if lang == "both" and not e.exact else e.time
    clock = Text(time, style="bold" if e.exact else "italic yellow")
    if e.time_note:
        clock.append(f"\n{e.time_note}", style="dim")
    if e.home_time:
        clock.append(f"\n{msg('home_clock', lang)} {e.home_time}", style="dim")
    if e.extra_time:
        clock.append(f"\n{e.extra_time}")
    return clock


def _table(entries: Sequence[Entry], lang: str = "en") -> Table:
    # Two columns (the clocks, then the details) so a day reads well even in
    # an 80-column terminal with Korean names.
    clocks = [_clock(e, lang) for e in entries]
    width = max((cell_len(line) for c in clocks for line in c.plain.splitlines()), default=0)
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(width=min(max(width, 24), 32), no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for i, (e, clock) in enumerate(zip(entries, clocks, strict=False)):
        body = Text(e.title, style="bold")
        if e.title_ko:
            body.append("\n" + e.title_ko)
        body.append(f"\n{e.kind} · {e.status_label or e.status}", style="dim")
        body.append(f"\n{msg('where', lang)}: ", style="dim")
        if e.place:
            body.append(e.place + (f", {e.address}" if e.address else ""))
        else:
            body.append(msg("place_not_given", lang), style="dim")
        if e.attendees:
            body.append(f"\n{msg('with', lang)}: ", style="dim")
            body.append(", ".join(e.attendees))
            if e.whole_delegation:
                body.append(f" ({msg('whole_delegation', lang)})", style="dim")
        if e.counterparts:
            body.append(f"\n{msg('meeting', lang)}: ", style="dim")
            body.append(", ".join(e.counterparts))
        if e.outcome:
            body.append(f"\n{msg('outcome', lang)}: ", style="dim")
            body.append(e.outcome, style="green")
        if e.notes:
            body.append(f"\n{msg('notes', lang)}: ", style="dim")
            body.append(e.notes)
        if i:
            # Text, not "": a str cell goes through markup and emoji parsing (2 ms to import rich's emoji table).
            grid.add_row(Text(), Text())
        grid.add_row(clock, body)
    return grid
