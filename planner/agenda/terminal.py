"""The agenda for a terminal or a pipe: plain text in columns, with rich's styles when a terminal shows it.

The agenda is described once as blocks of :mod:`planner.text.grid` (lines,
rules, two-column grids of styled spans), built from plain text, never
markup, so a title such as ``[bold red]`` prints literally. The same blocks
print three ways, all with the same text: :func:`agenda_text` lays them out
without rich, for a pipe or a file (a day's agenda then never imports rich);
:func:`render_terminal` gives a rich renderable that lays them out the same way
and adds the styles; and rich's own ``Text`` and ``Table.grid``
(:func:`~planner.text.grid.to_rich`), which that renderable falls back to,
are what a test compares both with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from types import SimpleNamespace
from typing import Any

from planner.agenda.contacts import contact_line
from planner.agenda.gather import agenda_of_day
from planner.agenda.parts import Agenda, AgendaDay, Entry, TripSection, undated_heading
from planner.model.timeline import Occurrence
from planner.text.grid import Block, Column, Grid, Para, Printable, Rule, Span, lay_out_text
from planner.text.messages import BOTH_SEP, msg


def agenda_blocks(agenda: Agenda, *, trip_mode: bool = False, cells: Any = None) -> list[Block]:
    """What a whole agenda prints, as blocks, worded in the agenda's language.

    Args:
        agenda: what to show.
        trip_mode: whether the agenda covers a trip (adds the trip's title on top
            and a rule between days) rather than one day.
        cells: :mod:`rich.cells` (or what measures like it): the clock column is as wide as its longest line.
    """
    cells = cells or _cells()
    parts: list[Block] = []
    if trip_mode:
        title: list[Span] = [(agenda.title, "bold")]
        if agenda.title_ko:
            title.append((" · " + agenda.title_ko, "bold"))
        parts.append(Para(tuple(title)))
        parts.append(Para(((agenda.subtitle, "dim"),)))
        parts.append(Para(((agenda.zones_note, "dim"),)))
    elif agenda.person:
        parts.append(Para(((msg("personal_agenda", agenda.lang, who=agenda.person), "dim"),)))
    for i, day in enumerate(agenda.days):
        if trip_mode or i:
            parts.append(Rule("dim"))
        parts.extend(_day(day, cells, show_trip_titles=not trip_mode))
    if agenda.undated:
        parts.append(Rule("dim"))
        parts.append(Para(((undated_heading(agenda.lang), "bold"),)))
        for section in agenda.undated:
            if not trip_mode:
                parts.append(Para(((_trip_title(section), "bold cyan"),)))
            parts.append(_table(section.entries, cells, agenda.lang))
    return parts


def render_terminal(agenda: Agenda, *, trip_mode: bool = False) -> Any:
    """A rich renderable for a whole agenda (see :func:`agenda_blocks`)."""
    parts = rich_parts()
    return Printable(agenda_blocks(agenda, trip_mode=trip_mode, cells=parts.cells), parts)


def agenda_text(agenda: Agenda, width: int, *, trip_mode: bool = False) -> str | None:
    """The agenda as rich would print it to a file ``width`` columns wide, without rich; ``None`` if unsure."""
    cells = _cells()
    return lay_out_text(agenda_blocks(agenda, trip_mode=trip_mode, cells=cells), width, cells)


def day_agenda(day: date, occs: Sequence[Occurrence], extra_tz: tzinfo | None = None, *, lang: str = "en") -> Any:
    """A rich renderable for ``day`` from already chosen occurrences; ``extra_tz`` adds a clock."""
    return render_terminal(agenda_of_day(day, occs, extra_tz if extra_tz is not None else "event", lang=lang))


def _cells() -> Any:
    """rich's measure of a character's width (a light module: not rich's console)."""
    import rich.cells

    return rich.cells


def rich_parts() -> SimpleNamespace:
    """The rich classes :mod:`planner.text.grid` builds renderables with."""
    import rich.cells
    from rich.console import Group
    from rich.rule import Rule as RichRule
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    return SimpleNamespace(Group=Group, Table=Table, Text=Text, Rule=RichRule, Segment=Segment, cells=rich.cells)


def _trip_title(section: TripSection) -> str:
    return f"{section.title} · {section.title_ko}" if section.title_ko else section.title


def _day(day: AgendaDay, cells: Any, *, show_trip_titles: bool) -> list[Block]:
    heading: list[Span] = [(day.heading_text, "bold")]
    if day.cities:
        heading.append(("   " + " · ".join(day.cities), "bold cyan"))
    parts: list[Block] = [Para(tuple(heading))]
    if day.empty:
        parts.append(Para(((day.empty_text, "yellow"),)))
        return parts
    for section in day.sections:
        if not section.entries:
            continue
        if show_trip_titles:
            parts.append(Para(()))
            parts.append(Para(((_trip_title(section), "bold cyan"),)))
        parts.append(_table(section.entries, cells, day.lang))
    if day.contacts:
        # The day's contact block: a heading and a line per contact, one bold paragraph.
        parts.append(Para(()))
        block: list[Span] = [(msg("contacts", day.lang), "bold")]
        block.extend(("\n" + contact_line(c), "bold") for c in day.contacts)
        parts.append(Para(tuple(block)))
    return parts


def _clock(e: Entry, lang: str) -> tuple[Span, ...]:
    base = "bold" if e.exact else "italic yellow"
    # In both languages a precision label ("time not given · 시간 미정") takes a line per language.
    time = e.time.replace(BOTH_SEP, "\n") if lang == "both" and not e.exact else e.time
    clock: list[Span] = [(time, base)]
    if e.time_note:
        clock.append((f"\n{e.time_note}", f"{base} dim"))
    if e.home_time:
        clock.append((f"\n{msg('home_clock', lang)} {e.home_time}", f"{base} dim"))
    if e.extra_time:
        clock.append((f"\n{e.extra_time}", base))
    return tuple(clock)


def _body(e: Entry, lang: str) -> tuple[Span, ...]:
    body: list[Span] = [(e.title, "bold")]
    if e.title_ko:
        body.append(("\n" + e.title_ko, "bold"))
    body.append((f"\n{e.kind} · {e.status_label or e.status}", "bold dim"))
    body.append((f"\n{msg('where', lang)}: ", "bold dim"))
    if e.place:
        body.append((e.place + (f", {e.address}" if e.address else ""), "bold"))
    else:
        body.append((msg("place_not_given", lang), "bold dim"))
    if e.attendees:
        body.append((f"\n{msg('with', lang)}: ", "bold dim"))
        body.append((", ".join(e.attendees), "bold"))
        if e.whole_delegation:
            body.append((f" ({msg('whole_delegation', lang)})", "bold dim"))
    if e.counterparts:
        body.append((f"\n{msg('meeting', lang)}: ", "bold dim"))
        body.append((", ".join(e.counterparts), "bold"))
    if e.outcome:
        body.append((f"\n{msg('outcome', lang)}: ", "bold dim"))
        body.append((e.outcome, "bold green"))
    if e.notes:
        body.append((f"\n{msg('notes', lang)}: ", "bold dim"))
        body.append((e.notes, "bold"))
    return tuple(body)


def _table(entries: Sequence[Entry], cells: Any, lang: str = "en") -> Grid:
    # Two columns (the clocks, then the details) so a day reads well even in
    # an 80-column terminal with Korean names.
    clocks = [_clock(e, lang) for e in entries]
    width = max(
        (cells.cell_len(line) for c in clocks for line in "".join(t for t, _s in c).splitlines()),
        default=0,
    )
    rows: list[tuple[tuple[Span, ...], ...]] = []
    for i, (e, clock) in enumerate(zip(entries, clocks, strict=False)):
        if i:
            rows.append(((), ()))
        rows.append((clock, _body(e, lang)))
    columns = (Column(width=min(max(width, 24), 32), no_wrap=True), Column(ratio=1, overflow="fold"))
    return Grid(columns, 2, tuple(rows))
