"""The full-screen Textual TUI; the only package that imports Textual."""

from planner.tui.app import PlannerApp

__all__ = ["PlannerApp"]
