"""The planner's two themes, dark and light, with every text colour readable (WCAG AA, 4.5:1).

The widgets style text with Rich colour names (``"italic yellow"`` for a
precision word, ``"bold magenta"`` for a trip, ``"dim"`` for secondary text).
Textual turns those names into colours through a terminal palette, one for
dark themes and one for light ones, and turns ``dim`` into the colour
blended a third of the way to the background. Textual's own light palette
gives yellow at 2:1 on a light grey, so each theme here has its own palette,
chosen so every colour, and the dimmed foreground, stays at 4.5:1 or more on
each background the planner draws on (``tests/test_tui_contrast.py``
computes every ratio from these definitions).
"""

from __future__ import annotations

from dataclasses import replace

from rich.terminal_theme import TerminalTheme
from textual.theme import BUILTIN_THEMES, Theme

DARK = "planner-dark"
LIGHT = "planner-light"
THEMES = (DARK, LIGHT)


def _palette(
    background: tuple[int, int, int], foreground: tuple[int, int, int], colours: dict[str, str]
) -> TerminalTheme:
    order = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
    rgb = [tuple(int(colours[n][i : i + 2], 16) for i in (1, 3, 5)) for n in order]
    normal = [*rgb, rgb[0]]  # the 9th entry is "bright black" in Textual's palettes
    return TerminalTheme(background, foreground, normal, rgb[1:])  # type: ignore[arg-type]


ANSI_DARK = _palette(
    (18, 18, 18),
    (224, 224, 224),
    {
        "black": "#1a1a1a",
        "red": "#ff7a7a",
        "green": "#98e024",
        "yellow": "#fd971f",
        "blue": "#8cb4ff",
        "magenta": "#e08aff",
        "cyan": "#58d1eb",
        "white": "#e0e0e0",
    },
)
"""Colours for the dark theme: light enough for 4.5:1 on its darkest panel."""

ANSI_LIGHT = _palette(
    (250, 250, 250),
    (0, 0, 0),
    {
        "black": "#000000",
        "red": "#a01e1e",
        "green": "#245a00",
        "yellow": "#6b4f00",
        "blue": "#1f3f99",
        "magenta": "#7a1f8f",
        "cyan": "#005f73",
        "white": "#fafafa",
    },
)
"""Colours for the light theme: dark enough for 4.5:1 on its greyest panel (yellow is an ochre)."""

PLANNER_DARK = replace(BUILTIN_THEMES["textual-dark"], name=DARK)
PLANNER_LIGHT = replace(
    BUILTIN_THEMES["textual-light"],
    name=LIGHT,
    foreground="#0a0a0a",  # dimmed text (a blend towards the background) must still read
    background="#f2f2f2",
    surface="#fafafa",
    panel="#e6e6e6",
    accent="#8a4b00",  # Textual's orange accent is 1.5:1 on light grey
    warning="#8a4b00",
    success="#245a00",
    error="#a01e1e",
)


def planner_themes() -> list[Theme]:
    return [PLANNER_DARK, PLANNER_LIGHT]


def palette_for(dark: bool) -> TerminalTheme:
    return ANSI_DARK if dark else ANSI_LIGHT
