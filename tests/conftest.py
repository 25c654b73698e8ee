"""Shared fixtures: a scratch workspace holding the seeded trips, and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from radicale_server import radicale  # noqa: F401  (the CalDAV server fixture of the sync tests)

# Hypothesis: the suite runs a fixed, database-less set of cases (the same on every
# machine); `make fuzz` sets HYPOTHESIS_PROFILE=fuzz for many more, random ones.
settings.register_profile("suite", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True, scope="session")
def _private_trip_cache(tmp_path_factory: pytest.TempPathFactory):
    """The trip cache (planner.storage.cache) of the tests' workspaces goes to a scratch folder."""
    old = os.environ.get("PLANNER_CACHE_DIR")
    os.environ["PLANNER_CACHE_DIR"] = str(tmp_path_factory.mktemp("trip-cache"))
    yield
    if old is None:
        os.environ.pop("PLANNER_CACHE_DIR", None)
    else:
        os.environ["PLANNER_CACHE_DIR"] = old


@pytest.fixture(autouse=True, scope="session")
def _no_warm_processes(tmp_path_factory: pytest.TempPathFactory):
    """No command started by a test leaves a warm process behind (planner.warm); tests/test_warm.py turns them on.

    Should one start anyway (its socket in this session's temporary folders), it is ended with the session.
    """
    old = os.environ.get("PLANNER_WARM")
    os.environ["PLANNER_WARM"] = "off"
    yield
    if old is None:
        os.environ.pop("PLANNER_WARM", None)
    else:
        os.environ["PLANNER_WARM"] = old
    base = str(tmp_path_factory.getbasetemp())
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            if any(b"planner.warm.server" in a for a in argv) and any(a.startswith(os.fsencode(base)) for a in argv):
                os.kill(int(proc.name), signal.SIGTERM)


@pytest.fixture(autouse=True, scope="session")
def _no_personal_configuration(tmp_path_factory: pytest.TempPathFactory):
    """No test reads the developer's own configuration file (planner.storage.config): a missing one, defaults."""
    names = ("PLANNER_CONFIG", "PLANNER_HOME_TZ", "PLANNER_PAPER", "PLANNER_LANGUAGE", "PLANNER_THEME")
    old = {name: os.environ.pop(name, None) for name in names}
    os.environ["PLANNER_CONFIG"] = str(tmp_path_factory.mktemp("config") / "absent.toml")
    yield
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the seeded trips in a temporary folder."""
    folder = tmp_path / "trips"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run ``python -m planner`` as a user would, in a clean environment."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
        full_env["COLUMNS"] = "120"
        full_env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
        full_env["HOME"] = str(tmp_path / "home")
        if env:
            full_env.update(env)
        return subprocess.run(
            [sys.executable, "-m", "planner", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or tmp_path,
            timeout=60,
        )

    return run


class Hang(BaseException):
    """A bounded call ran too long (a BaseException, so no ``except Exception`` under test hides it)."""


@contextlib.contextmanager
def bounded(seconds: float):
    """Raise :class:`Hang` in the block if it runs longer than ``seconds`` (SIGALRM; main thread)."""

    def stop(signum, frame):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def spy_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the trip files actually parsed from now on (cache misses), in order."""
    import planner.storage.reader as reader_mod
    import planner.storage.workspace as ws_mod

    parsed: list[str] = []
    real = reader_mod.parse_trip

    def spy(text: str, file: str = "<trip>"):
        parsed.append(Path(file).name)
        return real(text, file)

    # A full load parses through the workspace's name, a catalog repairing an entry through the reader's.
    monkeypatch.setattr(ws_mod, "parse_trip", spy)
    monkeypatch.setattr(reader_mod, "parse_trip", spy)
    return parsed


def generated_workspace(folder: Path, trips: int, events: int) -> Path:
    """A workspace from the benchmark's generator (bench/tui.py): three zones, repeats, flights, Korean titles."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_tui", Path(__file__).resolve().parent.parent / "bench" / "tui.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, trips, events)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A trip cache of its own for the test (turned on, whatever the environment says)."""
    from planner.storage import cache as cache_mod

    folder = tmp_path / "cache"
    monkeypatch.setenv(cache_mod.ENV_DIR, str(folder))
    monkeypatch.delenv(cache_mod.ENV_SWITCH, raising=False)
    return folder


def in_terminal(argv: list[str], env: dict[str, str], columns: int = 100) -> str:
    """What a command writes to a pseudo-terminal ``columns`` wide (40 rows), read until it exits successfully."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=60) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Reports carry user_properties back from xdist workers; keywords would also match folder names.
    for item in items:
        if item.get_closest_marker("browser"):
            item.user_properties.append(("browser", True))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line counting the tests marked ``browser`` (tests/test_print_browser.py), so a run shows they ran."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    reasons: list[str] = []
    for key in ("passed", "failed", "error", "skipped"):
        outcome = "failed" if key == "error" else key
        for report in terminalreporter.stats.get(key, []):
            if ("browser", True) not in getattr(report, "user_properties", ()):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            counts[outcome] += 1
            if outcome == "skipped" and isinstance(report.longrepr, tuple):
                reasons.append(str(report.longrepr[2]).removeprefix("Skipped: "))
    if any(counts.values()):
        line = f"browser tests: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
        if reasons:
            line += f" ({'; '.join(sorted(set(reasons)))})"
        terminalreporter.write_line(line)
