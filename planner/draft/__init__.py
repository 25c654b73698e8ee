"""Drafting events from Korean schedule text: read, never guess, ask about the rest.

Names load on first use (PEP 562): ``planner`` imports :mod:`planner.cli.draft`
on every run to register the subcommand, and the parser is not needed for that.
"""

from __future__ import annotations

from planner.lazy import lazy_names

__all__ = ["Draft", "DraftError", "DraftResult", "Question", "draft", "guess_kind"]
_HOMES = dict.fromkeys(__all__, "lines")

__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals(), __all__)
