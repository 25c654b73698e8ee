"""Agendas: one day or a whole trip, for the terminal, as Markdown, or as a printable HTML page.

:mod:`planner.agenda.gather` decides what an agenda says; the renderers
(:mod:`~planner.agenda.terminal`, :mod:`~planner.agenda.markdown`,
:mod:`~planner.agenda.html_page`) only lay it out and escape it. None of them
imports Textual.
"""

from planner.agenda.gather import (
    Agenda,
    AgendaDay,
    Entry,
    TripSection,
    agenda_of_day,
    build_day_agenda,
    build_trip_agenda,
)
from planner.agenda.html_page import render_html
from planner.agenda.markdown import render_markdown
from planner.agenda.terminal import day_agenda, render_terminal

FORMATS: tuple[str, ...] = ("terminal", "md", "html")
"""Output formats of ``planner agenda --format``."""

__all__ = [
    "FORMATS",
    "Agenda",
    "AgendaDay",
    "Entry",
    "TripSection",
    "agenda_of_day",
    "build_day_agenda",
    "build_trip_agenda",
    "day_agenda",
    "render_html",
    "render_markdown",
    "render_terminal",
]
