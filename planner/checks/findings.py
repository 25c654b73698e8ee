"""What a check reports: :class:`Finding` and :class:`EventRef`, shared by every check, the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class EventRef:
    """An event (or one occurrence of a series) a finding is about."""

    trip: str
    event: str
    day: date | None
    """The occurrence's local day, if it has one."""
    title: str = ""

    def label(self) -> str:
        """``beauty-mou-oct20 (Wed 20 Oct 2021)``."""
        return f"{self.event} ({self.day:%a} {self.day.day} {self.day:%b %Y})" if self.day else self.event

    def to_json(self) -> dict:
        return {
            "trip": self.trip,
            "event": self.event,
            "day": self.day.isoformat() if self.day else None,
            "title": self.title,
        }


@dataclass(frozen=True)
class Finding:
    """One thing the checks noticed."""

    severity: Severity
    check: str
    """Name of the check (a key of :data:`planner.checks.CHECKS`)."""
    trip: str
    """Id of the trip the finding belongs to (the first, for one spanning two trips)."""
    message: str
    """The reason, in one line."""
    events: tuple[EventRef, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "severity": self.severity,
            "check": self.check,
            "trip": self.trip,
            "events": [e.to_json() for e in self.events],
            "message": self.message,
        }

    def __str__(self) -> str:
        where = ", ".join(e.label() for e in self.events) or self.trip
        return f"{self.severity}: {self.check}: {where}: {self.message}"


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
