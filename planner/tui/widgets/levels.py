"""The choice of who may see something (``public``, ``delegation``, ``organisers``), shared by the forms.

Its own module so that the event form and the person/place form can both use
it, and the event form can open the place form, without an import cycle.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select

from planner.model.trip import VISIBILITIES
from planner.model.visibility import DEFAULT

LEVEL_LABELS = {
    "public": "public: anyone given the plan (hosts, drivers)",
    "delegation": "delegation: its members (the default)",
    "organisers": "organisers only",
}
"""The visibility choices, widest first, as the forms offer them."""


def level_select(ident: str, level: str | None, *, short: bool = False) -> Select[str]:
    """A choice of visibility (``public``, ``delegation``, ``organisers``), at ``level`` or the default.

    ``short``: the bare level names, for a choice beside a field.
    """
    return Select(
        [(Text(v if short else LEVEL_LABELS.get(v, v)), v) for v in VISIBILITIES],
        value=level if level in VISIBILITIES else DEFAULT,
        allow_blank=False,
        id=ident,
        compact=True,
    )
