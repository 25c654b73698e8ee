"""People as CSV: one row per person, for a spreadsheet or a mail merge.

The columns are plain (``name``, ``name_ko``, ``display``, ``role``,
``organisation``, ``email``, ``phone``, ``kakao``, ``notes``, ``trips``); a
field the reader may not see is empty. Written with the :mod:`csv` module
(quoting, embedded commas and line breaks), UTF-8; a file gets a byte-order
mark so that Excel shows Hangul, standard output does not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from planner.model.trip import Organisation, Person

COLUMNS = ("id", "name", "name_ko", "display", "role", "organisation", "email", "phone", "kakao", "notes", "trips")


def rows(people: Iterable[tuple[Person, Organisation | None, tuple[str, ...]]]) -> str:
    """The CSV text (header first, CRLF line ends as the csv module writes them)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    for p, org, trips in people:
        w.writerow(
            [
                p.id,
                p.name,
                p.name_ko,
                p.display(),
                p.role,
                org.display() if org is not None else "",
                p.email.strip(),
                p.phone,
                p.kakao,
                p.notes,
                " ".join(trips),
            ]
        )
    return out.getvalue()


__all__ = ["COLUMNS", "rows"]
