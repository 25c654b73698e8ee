"""WCAG AA contrast (4.5:1) for every text style of the TUI, in both themes (issue 16, finding 12).

The ratios are computed, not eyeballed: each theme's CSS variables as Textual
resolves them, the terminal palette each theme turns Rich colour names into
(:mod:`planner.tui.theme`), Textual's own rule for ``dim`` (a blend towards
the background), and every style string written in ``planner/tui`` and every
``color: $variable`` of ``styles/app.tcss``, on every background the planner
draws text on.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.constants import DIM_FACTOR

from planner.tui.theme import THEMES, palette_for, planner_themes

TUI = Path(__file__).resolve().parent.parent / "planner" / "tui"
BACKGROUNDS = ("background", "surface", "panel", "boost")
"""The backgrounds text is drawn on: the screen, the table and dialogs, the table's header, the day line."""
STYLE_WORDS = {"bold", "italic", "dim", "underline", "strike", "reverse", "not"}
COLOURS = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"}
AA = 4.5


def luminance(c: Color) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def ratio(a: Color, b: Color) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_ratio_matches_the_wcag_examples():
    assert round(ratio(Color(0, 0, 0), Color(255, 255, 255)), 1) == 21.0
    assert round(ratio(Color(119, 119, 119), Color(255, 255, 255)), 2) == 4.48


def style_strings() -> set[str]:
    """Every string literal in planner/tui that is a Rich style made of style words and colour names."""
    found: set[str] = set()
    for path in TUI.rglob("*.py"):
        if path.name == "theme.py":
            continue  # the palettes' own colour names, not styles
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = node.value.split()
                if words and all(w in STYLE_WORDS | COLOURS for w in words) and any(w != "not" for w in words):
                    found.add(node.value)
    return found


def css_text_variables() -> set[str]:
    text = (TUI / "styles" / "app.tcss").read_text(encoding="utf-8")
    return set(re.findall(r"(?<![-\w])color:\s*\$([a-z-]+)", text))


def theme_colours(name: str) -> tuple[dict[str, Color], dict[str, str]]:
    app = App()
    for theme in planner_themes():
        app.register_theme(theme)
    app.theme = name
    variables = app.get_css_variables()
    backgrounds = {k: Color.parse(variables[k]) for k in ("background", "surface", "panel")}
    backgrounds["boost"] = backgrounds["surface"] + Color.parse(variables["boost"])
    return backgrounds, variables


def resolve(value: str, background: Color) -> Color:
    """A CSS colour value over ``background``: ``auto 60%`` is Textual's contrasting text at that alpha."""
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if len(value.split()) > 1 else 1.0
        return background + background.get_contrast_text(alpha)
    return background + Color.parse(value)


def cases() -> list[tuple[str, str]]:
    return [(theme, style) for theme in THEMES for style in sorted(style_strings())]


def test_the_styles_are_found():
    styles = style_strings()
    assert {"dim", "italic yellow", "bold magenta", "bold cyan", "bold red"} <= styles
    assert "text-muted" in css_text_variables()


@pytest.mark.parametrize(("theme", "style"), cases())
def test_every_rich_style_reads_on_every_background(theme: str, style: str):
    backgrounds, variables = theme_colours(theme)
    palette = palette_for(dark=theme.endswith("dark"))
    parsed = Style.parse(style)
    for where in BACKGROUNDS:
        background = backgrounds[where]
        if parsed.color is None:
            colour = resolve(variables["foreground"], background)
        else:
            colour = Color(*RichColor.parse(parsed.color.name).get_truecolor(palette, foreground=True))
        if parsed.dim:
            colour = background.blend(colour, DIM_FACTOR)
        found = ratio(colour, background)
        assert found >= AA, f"{theme}: {style!r} on ${where} is {found:.2f}:1 ({colour.hex} on {background.hex})"


@pytest.mark.parametrize("theme", THEMES)
def test_every_css_text_colour_reads_on_every_background(theme: str):
    backgrounds, variables = theme_colours(theme)
    names = css_text_variables() | {"foreground", "text", "text-muted", "text-error", "text-warning", "text-success"}
    failures = []
    for name in sorted(names):
        for where in BACKGROUNDS:
            colour = resolve(variables[name], backgrounds[where])
            found = ratio(colour, backgrounds[where])
            if found < AA:
                failures.append(f"${name} on ${where}: {found:.2f}:1")
    assert not failures, f"{theme}: {failures}"
