"""iCalendar (.ics) export and import: :mod:`~planner.ical.writer`, :mod:`~planner.ical.reader`,
:mod:`~planner.ical.vtimezone`, and the ``export``/``import`` commands in :mod:`~planner.cli.export` and :mod:`~planner.cli.importing`.

Importing this package loads nothing heavy; the modules load icalendar when used.
"""

__all__ = ["commands", "reader", "vtimezone", "writer"]
