"""Agendas: one day or a whole trip, for the terminal, as Markdown, or as a printable HTML page.

:mod:`planner.agenda.gather` decides what an agenda says; the renderers
(:mod:`~planner.agenda.terminal`, :mod:`~planner.agenda.markdown`,
:mod:`~planner.agenda.html_page`) only lay it out and escape it. None of them
imports Textual. The names below are imported on first use (PEP 562), so
printing a day in the terminal never loads the HTML and Markdown renderers.
"""

from __future__ import annotations

from planner.lazy import lazy_names

FORMATS: tuple[str, ...] = ("terminal", "md", "html")
"""Output formats of ``planner agenda --format``."""

_HOMES = {
    "Agenda": "gather",
    "AgendaDay": "gather",
    "Entry": "gather",
    "TripSection": "gather",
    "agenda_of_day": "gather",
    "build_day_agenda": "gather",
    "build_trip_agenda": "gather",
    "render_html": "html_page",
    "render_markdown": "markdown",
    "day_agenda": "terminal",
    "render_terminal": "terminal",
}

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


__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals(), __all__)
