"""The configuration file: the person's defaults (home zone, paper, language, theme, alarms, CalDAV account).

It lives at ``~/.config/planner/config.toml`` on Linux (the per-user config
folder from ``platformdirs``; ``$PLANNER_CONFIG`` names another file, as the
tests do). A missing file means the built-in defaults. The precedence is
always: a command-line flag, then this file, then the built-in default;
:class:`Settings` records where each value came from (``planner config show``).

Reading is lazy and cheap: nothing here is imported at start-up, and only the
commands that use a setting call :func:`load_settings` (``planner trips`` and
``planner agenda`` never read the file unless a setting they use is asked for).
A broken file (not TOML, an unknown key, a wrong type, a bad duration, an
unknown zone) raises :class:`ConfigError`, a :class:`TripFileError`, so every
command reports it the same way: ``config.toml:7: alarms.flight: ...`` on
stderr and exit status 2.

The ``[caldav]`` table (``url``, ``user``, ``password``) is read and checked
here for the calendar sync, which uses it; ``planner config show`` never
prints the password.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from planner.model.checker import Checker
from planner.model.names import zone
from planner.model.reminders import DEFAULT_KEY, Alarms, durations
from planner.model.trip import EVENT_KINDS
from planner.paths import ENV_CONFIG as ENV_CONFIG
from planner.paths import config_path as config_path
from planner.storage.errors import Problem, TripFileError

"""Environment variable naming the configuration file to read instead of the per-user one."""
MAX_CONFIG_BYTES = 256 * 1024

PAPERS = ("a4", "letter")
LANGUAGES = ("en", "ko", "both")
THEMES = ("dark", "light")
KEYS = {"home_tz", "paper", "language", "theme", "alarms", "caldav"}
CALDAV_KEYS = {"url", "user", "password"}
ALARM_KEYS = {*EVENT_KINDS, DEFAULT_KEY}

DEFAULTS: dict[str, Any] = {
    "home_tz": "",
    "paper": "",
    "language": "en",
    "theme": "dark",
}
"""Built-in defaults. No home zone (each trip has its own) and no alarms: a calendar file shared with a
whole delegation adds alarms only when its organiser asks for them (``[alarms]`` or an event's
``reminders``), and the seeded exports stay the same on every machine."""


class ConfigError(TripFileError):
    """The configuration file is broken; ``problems`` lists each problem at its line."""


@dataclass(frozen=True)
class CalDav:
    url: str = ""
    user: str = ""
    password: str = ""


@dataclass(frozen=True)
class Settings:
    """The effective settings, and where each came from."""

    home_tz: str = ""
    """An IANA zone name, or ``""`` (each trip's own home zone)."""
    paper: str = ""
    """``"a4"``, ``"letter"``, or ``""``: the printer's paper (the printed agenda fits both)."""
    language: str = "en"
    theme: str = "dark"
    alarms: Alarms = field(default_factory=dict)
    """Alarms by event kind and ``default`` (empty: none)."""
    caldav: CalDav = field(default_factory=CalDav)
    path: Path | None = None
    """The file read (``None``: no file, built-in defaults)."""
    origin: dict[str, str] = field(default_factory=dict)
    """Setting -> ``"default"``, ``"file"`` or ``"environment"``."""

    def source(self, key: str) -> str:
        return self.origin.get(key, "default")


ENV_SETTINGS = {
    "home_tz": "PLANNER_HOME_TZ",
    "paper": "PLANNER_PAPER",
    "language": "PLANNER_LANGUAGE",
    "theme": "PLANNER_THEME",
}
"""Environment variables that override one setting of the file (a flag still overrides them)."""


def load_settings(path: Path | None = None) -> Settings:
    """The settings of ``path`` (default :func:`config_path`) and the environment; built-in defaults for the rest.

    Precedence: an environment variable of :data:`ENV_SETTINGS`, then the file, then :data:`DEFAULTS`
    (a command-line flag, applied by the command, overrides all three).

    Raises:
        ConfigError: the file (or a variable) is not valid, each problem with its line.
    """
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        settings = Settings(path=None)
    except OSError as exc:
        raise ConfigError(
            [Problem(str(path), None, "", f"cannot read the configuration file: {exc.strerror}")]
        ) from None
    else:
        settings = parse_settings(raw, str(path), path)
    return _with_environment(settings)


def configured(key: str) -> Any:
    """One setting (``language``, ``paper``, ...) as the environment, the file or the default gives it.

    The cheap way for a command on the hot path: with no file and no variable
    it reads nothing; with a file, the whole file is checked (a broken file
    still stops the command at its line).
    """
    var = ENV_SETTINGS.get(key)
    path = config_path()
    if not path.exists() and not (var and os.environ.get(var, "").strip()):
        return DEFAULTS[key]
    return getattr(load_settings(path), key)


def _with_environment(settings: Settings) -> Settings:
    given = {key: os.environ[var] for key, var in ENV_SETTINGS.items() if os.environ.get(var, "").strip()}
    if not given:
        return settings
    c = Checker()
    values = _scalars(c, given)
    if c.issues:
        raise ConfigError([Problem(ENV_SETTINGS[i.path.removeprefix(".")], None, "", i.message) for i in c.issues])
    origin = {**settings.origin, **dict.fromkeys(values, "environment")}
    return replace(settings, **values, origin=origin)


def _scalars(c: Checker, data: dict) -> dict[str, Any]:
    """``home_tz``, ``paper``, ``language``, ``theme`` of ``data``, checked."""
    values: dict[str, Any] = {}
    home = c.get(data, "", "home_tz", str)
    if home:
        try:
            values["home_tz"] = zone(home.strip()).key
        except ValueError as exc:
            c.add(".home_tz", str(exc))
    for key, allowed in (("paper", PAPERS), ("language", LANGUAGES), ("theme", THEMES)):
        value = c.get(data, "", key, str)
        if value is None:
            continue
        if value.strip().lower() not in allowed:
            c.add(f".{key}", f"unknown {key} {value[:40]!r}; use one of: {', '.join(allowed)}")
        else:
            values[key] = value.strip().lower()
    return values


def parse_settings(raw: bytes, file: str = "config.toml", path: Path | None = None) -> Settings:
    """Settings from the bytes of a configuration file (see :func:`load_settings`)."""
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            [Problem(file, None, "", f"larger than {MAX_CONFIG_BYTES // 1024} KB; not a configuration file?")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(file, None, "", f"not UTF-8 text (byte {exc.start})")]) from None
    import tomllib  # here: agenda and list import this module for the language, mostly without a file

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError([Problem(file, int(m.group(1)) if m else None, "", f"not valid TOML: {exc}")]) from None
    c = Checker()
    c.unknown_keys(data, "", KEYS)
    values = _scalars(c, data)
    alarms = _alarms(c, data)
    if alarms is not None:
        values["alarms"] = alarms
    caldav = _caldav(c, data)
    if caldav is not None:
        values["caldav"] = caldav
    if c.issues:
        from planner.storage.locate import Locator

        locator = Locator(text)
        problems = []
        for issue in c.issues:
            key = issue.path.removeprefix(".")
            line = (locator.line(key) if "." in key else _top_line(text, key)) if key else None
            problems.append(Problem(file, line, key, issue.message))
        raise ConfigError(sorted(problems, key=lambda p: p.line or 0))
    return Settings(**values, path=path, origin=dict.fromkeys(values, "file"))


def _top_line(text: str, key: str) -> int | None:
    """The line of a top-level ``key =`` (before the first table header)."""
    import re

    pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("["):
            return None
        if pattern.match(line):
            return n
    return None


def _alarms(c: Checker, data: dict) -> dict[str, tuple[timedelta, ...]] | None:
    table = c.get(data, "", "alarms", dict)
    if table is None:
        return None
    for key in table:
        if key == "flight":
            c.add(
                ".alarms.flight", "unknown event kind 'flight': flights are events of kind 'travel' (travel = \"3h\")"
            )
    c.unknown_keys({k: v for k, v in table.items() if k != "flight"}, ".alarms", ALARM_KEYS)
    out: dict[str, tuple[timedelta, ...]] = {}
    for key, value in table.items():
        if key not in ALARM_KEYS:
            continue
        if isinstance(value, str) and value.strip().lower() == "none":
            out[key] = ()
            continue
        found = durations(c, value, f".alarms.{key}")
        if found is not None:
            out[key] = found
    return out


def _caldav(c: Checker, data: dict) -> CalDav | None:
    table = c.get(data, "", "caldav", dict)
    if table is None:
        return None
    c.unknown_keys(table, ".caldav", CALDAV_KEYS)
    url = c.text(table, ".caldav", "url")
    if url and not url.startswith(("https://", "http://")):
        c.add(".caldav.url", f"{url[:60]!r} is not a web address (https://...)")
    return CalDav(url=url, user=c.text(table, ".caldav", "user"), password=c.text(table, ".caldav", "password"))


TEMPLATE = """\
# planner configuration (planner config show: the settings in effect and where each comes from).
# Every key is optional; a command-line flag always wins over this file.

# The zone you live in, shown beside local times by `planner today` and `planner next`
# when you are between trips (each trip keeps its own home zone).
# home_tz = "America/Chicago"

# Paper for printed agendas: "a4" or "letter" (agenda --paper overrides); without it,
# the printer's paper is used and the page fits both.
# paper = "a4"

# Language of agendas and calendar descriptions: "en", "ko" or "both".
# language = "en"

# Colours of the full-screen planner: "dark" or "light".
# theme = "dark"

# Calendar alarms by event kind, written into exported .ics files as VALARMs.
# A duration before the start ("3h", "30m", "1h30m", "1d"), a list of them, or "none".
# Events without a clock time never get an alarm; an event's own `reminders = [...]`
# in the trip file wins over these. Kinds: mou, meeting, visit, conference, roundtable,
# dinner, reception, expo, talk, travel (flights), other.
# [alarms]
# travel = "3h"
# mou = "30m"
# default = "15m"

# Calendar server for `planner sync` (CalDAV). Checked here; `planner sync` does not read
# it yet: give it --url, --user and PLANNER_CALDAV_PASSWORD meanwhile.
# [caldav]
# url = "https://caldav.example.com/calendars/me/delegation/"
# user = "me@example.com"
# password = ""
"""
"""What ``planner config edit`` writes when there is no file yet: every setting, commented out."""


def write_template(path: Path) -> None:
    """Create ``path`` holding :data:`TEMPLATE` (its folder too), atomically; an existing file is left alone."""
    from planner.storage.atomic import write_output

    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, TEMPLATE.encode("utf-8"))


__all__ = [
    "DEFAULTS",
    "ENV_CONFIG",
    "TEMPLATE",
    "CalDav",
    "ConfigError",
    "Settings",
    "config_path",
    "load_settings",
    "parse_settings",
    "write_template",
]
