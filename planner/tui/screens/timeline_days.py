"""The timeline screen's day keys: go to a day (even one without events), today, and the month calendar.

A day of a trip without events gets its own heading when gone to (see
:mod:`planner.views.empty_days`), so ``g 2021-10-24`` lands on 24 October and
``a`` proposes that day. ``.`` goes to today; ``m`` opens the month calendar
(:class:`~planner.tui.screens.month.MonthScreen`), whose Enter comes back here
on the chosen day.
"""

from __future__ import annotations

from datetime import date

from textual import work

from planner.text.labels import day_heading
from planner.tui.screens.month import MonthScreen
from planner.tui.screens.timeline_base import TimelineBase


class DayActions(TimelineBase):
    """Going to days: by date, to today, from the month calendar, and where the timeline opens."""

    def go_to_day(self, day: date, *, quiet: bool = False) -> bool:
        """Put the cursor on ``day``: its heading, or a new empty one inside the trip that covers it.

        A day in no trip lands on the next day with events, and says so (unless ``quiet``).
        """
        table = self.table
        if table.go_to_date(day) and table.current is not None and table.current.day == day:
            return True
        trips = sorted(self.session.all_trips(), key=lambda t: (t.first_day, t.id))
        covering = next(
            (
                t
                for t in trips
                if t.first_day <= day <= t.last_day and (self.filter.trip is None or t.id == self.filter.trip)
            ),
            None,
        )
        if covering is not None:
            self.empty_day = (covering.id, day)
            key = f"day:{covering.id}:{day}"
            self.refresh_timeline(key)
            if table.go_to_key(key):
                return True
        later = table.current.day if table.current is not None else None
        if later is not None and later > day:
            if not quiet:
                self.notify(
                    f"No trip on {day_heading(day)}: showing the next day with events.", timeout=4, markup=False
                )
            return True
        if not quiet:
            self.notify(f"nothing on or after {day}", severity="warning", markup=False)
        return False

    def open_on(self, day: date) -> None:
        """Where the timeline opens: ``day`` (today), or the next trip after it, or the last trip."""
        if not self.go_to_day(day, quiet=True):
            trips = sorted(self.session.all_trips(), key=lambda t: (t.first_day, t.id))
            if trips:
                self.table.go_to_key(f"trip:{trips[-1].id}")

    def action_go_today(self) -> None:
        self.go_to_day(self.today)

    @work(exclusive=True, group="month")
    async def action_month(self) -> None:
        """The month calendar, on the cursor's day; Enter there comes back on the chosen day."""
        current = self.table.current
        day = current.day if current is not None and current.day is not None else self.today
        chosen = await self.app.push_screen_wait(
            MonthScreen(
                self.session.all_trips(),
                day,
                today=self.today,
                filter=self.filter,
                view="home" if self.mode == "home" else "event",
            )
        )
        if chosen is not None:
            self.go_to_day(chosen)
