"""Text from a trip file made safe to show: no terminal escapes, no reordering controls.

Everything a trip file says is shown as *text*: the CLI builds ``rich.text.Text``
objects (never markup strings) from cleaned values, so a title such as
``[bold red]`` prints literally, and control characters (terminal escapes, bidi
overrides) are removed before they reach a terminal.

>>> clean("MOU \\x1b[31msigning\\u202e")
'MOU [31msigning'
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, DEL, and the bidi embedding,
# override and isolate controls that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, *, single_line: bool = False) -> str:
    """``text`` without characters that could change a terminal or reorder a line."""
    out = _UNSAFE.sub("", text)
    if single_line:
        out = " ".join(out.split())
    return out


SHOWN_CHARACTERS = 60
"""How much of a value someone typed a message quotes back: enough to recognise it."""


def shorten(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was, for quoting in a message.

    >>> shorten("korea-2021"), shorten("x" * 100_000, 5)
    ('korea-2021', 'xxxxx… (100000 characters)')
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"
