"""Widgets of the TUI, each with its own scoped DEFAULT_CSS."""

from planner.tui.widgets.detail import DetailPane, UndatedPane
from planner.tui.widgets.timeline import TimelineTable

__all__ = ["DetailPane", "TimelineTable", "UndatedPane"]
