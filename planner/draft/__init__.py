"""Drafting events from Korean schedule text: read, never guess, ask about the rest.

Names load on first use (PEP 562): ``planner`` imports :mod:`planner.draft.command`
on every run to register the subcommand, and the parser is not needed for that.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Draft", "DraftError", "DraftResult", "Question", "draft", "guess_kind"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("planner.draft.lines"), name)
    raise AttributeError(f"module 'planner.draft' has no attribute {name!r}")
