"""The TUI's screens and dialogs."""

from planner.tui.screens.checks import ChecksScreen
from planner.tui.screens.choice import ChoiceScreen
from planner.tui.screens.draft_form import DraftAdd, DraftForm
from planner.tui.screens.event_form import EventForm
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.month import MonthScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.record_form import RecordForm
from planner.tui.screens.timeline import TimelineScreen
from planner.tui.screens.trip_form import TripForm

__all__ = [
    "ChecksScreen",
    "ChoiceScreen",
    "DraftAdd",
    "DraftForm",
    "EventForm",
    "HelpScreen",
    "MonthScreen",
    "PromptScreen",
    "RecordForm",
    "TimelineScreen",
    "TripForm",
]
