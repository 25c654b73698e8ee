"""The planner's Textual app: opens the timeline screen on a workspace."""

from __future__ import annotations

import gc
import os
from datetime import date
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from planner.storage import Workspace
from planner.tui.commands import PlannerCommands
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.timeline import TimelineScreen
from planner.tui.theme import DARK, LIGHT, THEMES, palette_for, planner_themes
from planner.usecases.editing import Session
from planner.usecases.tui_state import TuiState, read_state, write_state
from planner.views.rows import TIME_MODES


class PlannerApp(App[None]):
    """The full-screen planner. ``today`` fixes the clock (tests, snapshots)."""

    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    TITLE = "planner"
    COMMANDS = App.COMMANDS | {PlannerCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    DISK_CHECK_SECONDS = 2.0
    """How often trip files are compared with what was loaded."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        today: date | None = None,
        watch_disk: bool = True,
        export_dir: Path | None = None,
        start: date | None = None,
        state_file: Path | None = None,
        theme: str = "",
    ):
        """
        Args:
            workspace: the loaded trips.
            today: what "today" means in the date fields (the clock unless given).
            watch_disk: check now and then whether trip files changed on disk.
            export_dir: where .ics exports go (default: the workspace's ``exports`` folder).
            start: the day the timeline opens on, or the next trip after it
                (``planner tui`` passes today); ``None``: the first trip.
            state_file: where the theme, zone view and cursor are remembered between
                runs (:mod:`planner.usecases.tui_state`); ``None`` remembers nothing (tests).
                A cursor remembered on an earlier day gives way to ``start``: a new day
                opens on that day.
            theme: ``dark`` or ``light`` (the configuration file's), used until the
                person picks a theme in the planner (then remembered).
        """
        super().__init__()
        self.session = Session(workspace)
        self.today = today
        self.watch_disk = watch_disk
        self.export_dir = export_dir
        self.start = start
        self._frozen = False
        self.state_file = state_file
        self._timeline: TimelineScreen | None = None
        self.state = read_state(state_file) if state_file is not None else TuiState()
        configured = {"dark": DARK, "light": LIGHT}.get(theme, DARK)
        for colours in planner_themes():
            self.register_theme(colours)
        self.theme = self.state.theme if self.state.theme in THEMES else configured
        self.ansi_theme_dark = palette_for(dark=True)
        self.ansi_theme_light = palette_for(dark=False)

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Only the planner's themes, whose every text colour is checked for contrast."""
        themes = super().available_themes
        mine = {name: theme for name, theme in themes.items() if name in THEMES}
        # Until the planner's theme is set (in __init__), Textual's default must still be found.
        return mine if len(mine) == len(THEMES) and self.theme in THEMES else themes

    def on_mount(self) -> None:
        mode = self.state.mode if self.state.mode in TIME_MODES else "event"
        position = self.state.positions.get(os.path.abspath(self.session.folder))
        if self.start is not None and self.state.saved_on != self.start.isoformat():
            position = None  # remembered on another day: open on today (or the next trip)
        self._timeline = TimelineScreen(
            self.session, today=self.today, export_dir=self.export_dir, start=self.start, mode=mode, position=position
        )
        self.push_screen(self._timeline)
        self.theme_changed_signal.subscribe(self, lambda _theme: self.remember())
        if self.watch_disk:
            self.set_interval(self.DISK_CHECK_SECONDS, self.check_disk)

    def remember(self) -> None:
        """Write the theme, the zone view and the cursor's row to the state file (when there is one)."""
        if self.state_file is None:
            return
        positions = dict(self.state.positions)
        timeline = self.timeline or self._timeline  # at exit the screen may be off the stack already
        mode = self.state.mode
        if timeline is not None:
            mode = timeline.mode
            if timeline.position is not None:
                positions[os.path.abspath(self.session.folder)] = timeline.position
        saved_on = (self.today or date.today()).isoformat()
        self.state = TuiState(theme=self.theme, mode=mode, positions=positions, saved_on=saved_on)
        write_state(self.state_file, self.state)

    def settle_memory(self, collect: bool = False) -> None:
        """Move everything alive now out of the garbage collector's sight (``gc.freeze``).

        The loaded workspace and its timeline rows are hundreds of thousands of
        objects that live as long as the app. Python's cyclic collector walks
        every one of them on each full collection, which with 10,000 events
        took 50-200 ms and came every few key presses: the slowest key presses
        were the collector, not the planner. Frozen objects are still freed as
        soon as nothing refers to them (reference counting is unaffected); they
        are only never scanned for cycles, and the model is immutable
        dataclasses without cycles.

        The timeline calls this once its first frame is drawn (without
        ``collect``: a full collection then would cost as much as the pauses
        this avoids), and again with ``collect`` when it has warmed its caches,
        so the cycles made since are freed first and never kept. Undone when
        the app ends.
        """
        if collect:
            gc.collect()
        gc.freeze()
        self._frozen = True

    def on_unmount(self) -> None:
        self.remember()
        if self._frozen:
            # Back to the collector, so an app closed in a longer-lived process (tests) can be freed.
            gc.unfreeze()
            self._frozen = False

    def check_disk(self) -> None:
        """Compare trip files with what was loaded, in a thread; the timeline says what changed."""
        if any(w.group == "save" and w.is_running for w in self.workers):
            return  # a file being saved is not a file changed by someone else
        self.run_worker(self._changed_files, thread=True, exclusive=True, group="disk")

    def _changed_files(self) -> None:
        changed = self.session.changed_on_disk()
        if self.timeline is not None:  # also when nothing differs now: the header's marker then goes
            self.call_from_thread(self.timeline.check_disk, changed)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        # A screen may repeat the app's keys (Quit and Help first in its footer): each key once.
        keys: dict[str, Binding | tuple] = {}
        for binding in [*self.screen.BINDINGS, *self.BINDINGS]:
            action = binding.action if isinstance(binding, Binding) else binding[1]
            keys.setdefault(action.removeprefix("app."), binding)
        self.push_screen(HelpScreen(list(keys.values())))

    async def action_quit(self) -> None:
        dirty = self.session.dirty()
        if not dirty:
            self.exit()
            return
        self.push_screen(
            ChoiceScreen(
                "Unsaved changes",
                f"These trips have changes that are not saved: {', '.join(dirty)}.",
                [
                    ("save", "Save and quit", "primary"),
                    ("discard", "Quit without saving", "error"),
                    ("cancel", "Cancel", "default"),
                ],
            ),
            self._quit_answer,
        )

    def _quit_answer(self, answer: str | None) -> None:
        if answer == "discard":
            self.exit()
        elif answer == "save":
            self.run_worker(self._save_then_quit(), exclusive=True, group="quit")

    async def _save_then_quit(self) -> None:
        timeline = self.timeline
        if timeline is not None:
            await timeline.save_all().wait()
        if not self.session.dirty():
            self.exit()

    @property
    def timeline(self) -> TimelineScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, TimelineScreen):
                return screen
        return None
