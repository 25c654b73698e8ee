"""The single-trip benchmark of issue 17: ``python bench/run.py --single-trip``.

Two workspaces, each measured beside calcurse and khal over the same calendar
in the same run (when they are installed; skipped with a note when not):

* **one trip of 10,000 events**, made as a user would: ``bench/bigtrip.py``
  writes the calendar (flights across Asia/Seoul, America/Chicago and
  America/New_York, weekly and daily series across DST with skipped and moved
  occurrences, Korean titles) and ``planner import`` reads it;
* **100 trips of 100 events** (``bench/tui.py``'s generator, the workspace of
  ``bench/run.py``), exported as one calendar for calcurse and khal.

Rows, each a median of whole processes run in turns (so a change in the
machine's load hits all of them alike), trip cache warm. Each agenda and
listing row is measured three ways: "answer kept" runs the same command again
(its answer is printed by :mod:`planner.storage.answers` while no input
changed); "first run" runs it as if never run before (an environment variable
no other run has makes its inputs new), so the whole command runs on the
cached trips, in a fork of the warm process the earlier commands started
(:mod:`planner.warm`); "first run, no warm process" the same with
``PLANNER_WARM=off``, as when no warm process is up:

* ``planner agenda DAY`` and ``planner list --from D --to D+29``, output to a
  pipe, against ``calcurse -Q --from D --days 30`` (target: no longer);
  ``khal list`` of the day and of the 30 days for information;
* the same two with output to a terminal (a pseudo-terminal 100 columns wide,
  read until the command exits), against ``python -c "import rich.console"``
  (target: 2x);
* ``planner import`` of the 10,000-event file into an empty workspace against
  ``calcurse -i`` of it into an empty folder (target: no longer); khal's
  import once, for information (about a minute);
* the peak memory (``VmHWM``) of ``planner agenda DAY`` on the 10,000-event trip
  (target: under 60 MB).
"""

from __future__ import annotations

import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

Row = tuple[str, str, str, str, str, str]

KHAL_CONFIG = """\
[calendars]
[[bench]]
path = {vdir}
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = America/Chicago
default_timezone = America/Chicago
[sqlite]
path = {db}
"""

MEMORY_CHILD = (
    "import sys\nfrom planner.cli import main\ncode = main(sys.argv[1:])\nsys.stdout.flush()\n"
    "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print('VmHWM', peak, file=sys.stderr)\nsys.exit(code)\n"
)


RUNS = (("", "answer kept"), ("-first", "first run"), ("-cold", "first run, no warm process"))
"""How each agenda and listing row is run: again; afresh, with the warm process the earlier runs started;
afresh with ``PLANNER_WARM=off``, as a command runs when no warm process is up (the first after a login or
15 minutes of rest)."""


def khal_command() -> str | None:
    """khal from ``$KHAL``, the PATH, or /tmp/khalvenv (a separate venv: never a planner dependency)."""
    for candidate in (os.environ.get("KHAL"), shutil.which("khal"), "/tmp/khalvenv/bin/khal"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run_piped(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_in_terminal(argv: list[str], env: dict[str, str], columns: int = 100) -> float:
    """The command with its output to a pseudo-terminal ``columns`` wide, read until it exits."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    size = 0
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        size += len(chunk)
    proc.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed in a terminal (exit status {proc.returncode}, {size} bytes)")
    return elapsed


def peak_mb(argv: list[str], env: dict[str, str]) -> float:
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    line = [x for x in proc.stderr.splitlines() if x.startswith("VmHWM")][-1]
    return int(line.split()[1]) / 1024


def medians(commands: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Each command ``runs`` times, in turns, after one round that warms the caches; the medians."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    for i in range(runs + 1):
        for name, command in commands.items():
            elapsed = command()
            if i:
                times[name].append(elapsed)
    return {k: statistics.median(v) for k, v in times.items()}


def calcurse_import(ics: Path, folder: Path) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(
        ["calcurse", "-D", str(folder), "-i", str(ics)],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def khal_setup(khal: str, ics: Path, folder: Path) -> tuple[list[str], float]:
    """A khal calendar (vdir and config in ``folder``) holding ``ics``; the command prefix and the import's time."""
    shutil.rmtree(folder, ignore_errors=True)
    vdir = folder / "vdir" / "bench"
    vdir.mkdir(parents=True)
    config = folder / "config"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, db=folder / "khal.db"), encoding="utf-8")
    prefix = [khal, "-c", str(config)]
    start = time.perf_counter()
    subprocess.run(
        [*prefix, "import", "--batch", "-a", "bench", str(ics)],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return prefix, time.perf_counter() - start


def us_date(day: str) -> str:
    """calcurse's default input format, mm/dd/yyyy."""
    y, m, d = day.split("-")
    return f"{m}/{d}/{y}"


def plus_days(day: str, n: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def measure_workspace(
    label: str,
    folder: Path,
    ics: Path,
    day: str,
    first: str,
    env: dict[str, str],
    base: Path,
    runs: int,
    row: Callable[..., None],
    notes: list[str],
) -> dict[str, float]:
    """The agenda and listing rows of one workspace, beside calcurse and khal on the same calendar."""
    py = sys.executable
    last = plus_days(first, 29)
    planner = [py, "-m", "planner", "--dir", str(folder)]
    agenda = [*planner, "agenda", day]
    listing = [*planner, "list", "--from", first, "--to", last]
    floor = [py, "-c", "import rich.console"]
    fresh = iter(range(10**6))

    def first_time(
        run: Callable[[list[str], dict[str, str]], float], argv: list[str], **extra: str
    ) -> Callable[[], float]:
        """The command as if never run before: a variable no other run has makes its inputs new (no kept answer)."""
        return lambda: run(argv, {**env, **extra, "PLANNER_BENCH_RUN": str(next(fresh))})

    commands: dict[str, Callable[[], float]] = {
        "floor": lambda: run_piped(floor, env),
        "agenda": lambda: run_piped(agenda, env),
        "list": lambda: run_piped(listing, env),
        "agenda-first": first_time(run_piped, agenda),
        "list-first": first_time(run_piped, listing),
        "agenda-cold": first_time(run_piped, agenda, PLANNER_WARM="off"),
        "list-cold": first_time(run_piped, listing, PLANNER_WARM="off"),
        "agenda-tty": lambda: run_in_terminal(agenda, env),
        "list-tty": lambda: run_in_terminal(listing, env),
        "agenda-tty-first": first_time(run_in_terminal, agenda),
        "list-tty-first": first_time(run_in_terminal, listing),
        "agenda-tty-cold": first_time(run_in_terminal, agenda, PLANNER_WARM="off"),
        "list-tty-cold": first_time(run_in_terminal, listing, PLANNER_WARM="off"),
    }
    if shutil.which("calcurse"):
        cc = base / f"calcurse-{label}"
        calcurse_import(ics, cc)
        query = ["calcurse", "-D", str(cc), "-Q", "--from", us_date(first), "--days", "30"]
        commands["calcurse"] = lambda: run_piped(query, env)
    else:
        notes.append("calcurse is not installed: its rows are skipped (`apt-get install calcurse`).")
    khal = khal_command()
    khal_prefix: list[str] | None = None
    if khal and label == "single":
        khal_prefix, khal_import = khal_setup(khal, ics, base / f"khal-{label}")
        commands["khal-day"] = lambda: run_piped([*khal_prefix, "list", day, "1d"], env)  # type: ignore[list-item]
        commands["khal-30"] = lambda: run_piped([*khal_prefix, "list", first, "30d"], env)  # type: ignore[list-item]
        row(f"{label}: khal import of the calendar (one run)", khal_import, None, "", "(information)", None)
    elif not khal:
        notes.append("khal is not installed: its rows are skipped (`pip install khal` into a separate venv).")
    m = medians(commands, runs)
    cc_time = m.get("calcurse")
    cc_what = "`calcurse -Q --days 30`"
    for name, what in (("agenda", f"`planner agenda {day}`"), ("list", f"`planner list --from {first} --to {last}`")):
        for suffix, how in RUNS:
            if cc_time is not None:
                row(f"{label}: {what}, to a pipe, {how}", m[name + suffix], cc_time, cc_what, "≤ calcurse", cc_time)
            else:
                row(f"{label}: {what}, to a pipe, {how}", m[name + suffix], None, "", "(calcurse not installed)", None)
        for suffix, how in RUNS:
            row(
                f"{label}: {what}, to a terminal, {how}",
                m[f"{name}-tty{suffix}"],
                m["floor"],
                "`import rich.console`",
                "≤ 2× floor",
                2 * m["floor"],
            )
    if khal_prefix is not None:
        row(f"{label}: `khal list {day} 1d`", m["khal-day"], None, "", "(information)", None)
        row(f"{label}: `khal list {first} 30d`", m["khal-30"], None, "", "(information)", None)
    return m


def main(args: object, rows: list[Row]) -> list[str]:
    """Measure both workspaces; append the table's rows; return notes for under the table."""
    import tempfile

    sys.path.insert(0, str(HERE))
    import bigtrip
    import tui

    runs = 3 if getattr(args, "quick", False) else getattr(args, "runs", 5)
    notes: list[str] = []

    def row(
        what: str, value: float, floor: float | None, floor_what: str, target: str, limit: float | None, unit: str = "s"
    ) -> None:
        shown = f"{value * 1000:.0f} ms" if unit == "s" else f"{value:.0f} MB"
        floor_shown = f"{floor * 1000:.0f} ms ({floor_what})" if floor is not None else floor_what
        ratio = f"{value / floor:.2f}x" if floor else ""
        met = "" if limit is None else ("yes" if value <= limit else "NO")
        rows.append((what, shown, floor_shown, ratio, target, met))
        print(f"  {what}: {shown} {floor_shown} {ratio}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        # The cache where a user's goes: the per-user cache folder (XDG_CACHE_HOME here, in the
        # temporary folder), not PLANNER_CACHE_DIR, so the rows include finding that folder.
        cache = base / "xdg-cache" / "planner"
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
        env = tui._env()
        env.pop("PLANNER_CACHE_DIR", None)
        env["XDG_CACHE_HOME"] = str(cache.parent)
        env["COLUMNS"] = "100"
        env.pop("FORCE_COLOR", None)
        env.pop("TTY_COMPATIBLE", None)
        py = sys.executable

        # The 10,000-event calendar, and its import (planner against calcurse, in turns).
        ics = bigtrip.write_calendar(base / "bigtrip.ics")
        counter = iter(range(10**6))

        def planner_import() -> float:
            target = base / f"import-{next(counter)}"
            target.mkdir()
            return run_piped([py, "-m", "planner", "--dir", str(target), "import", str(ics), "--trip", "big"], env)

        imports: dict[str, Callable[[], float]] = {"planner": planner_import}
        if shutil.which("calcurse"):
            imports["calcurse"] = lambda: calcurse_import(ics, base / "calcurse-import")
        slow_runs = 1 if getattr(args, "quick", False) else max(1, runs // 2 + 1)
        m = medians(imports, slow_runs)
        if "calcurse" in m:
            row(
                "single: `planner import` of the 10,000-event file",
                m["planner"],
                m["calcurse"],
                "`calcurse -i`",
                "≤ calcurse",
                m["calcurse"],
            )
        else:
            row(
                "single: `planner import` of the 10,000-event file",
                m["planner"],
                None,
                "",
                "(calcurse not installed)",
                None,
            )

        single = base / "single"
        single.mkdir()
        subprocess.run(
            [py, "-m", "planner", "--dir", str(single), "import", str(ics), "--trip", "big"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        hundred = base / "hundred"
        tui.generate(hundred, 100, 100)
        hundred_ics = base / "hundred.ics"
        _export_all(hundred, hundred_ics, env)
        # Warm each cache: a load writes it; a second, once the files are settled, signs them.
        # The first also starts the warm process (the same one serves both workspaces).
        time.sleep(2.1)
        for folder in (single, hundred):
            for _ in range(2):
                subprocess.run(
                    [py, "-m", "planner", "--dir", str(folder), "trips"], check=True, env=env, stdout=subprocess.DEVNULL
                )
        _wait_for_warm_process(cache, notes)
        print(
            f"workspaces ready; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, medians of {runs} runs",
            file=sys.stderr,
            flush=True,
        )

        measure_workspace("single", single, ics, "2021-03-08", "2021-03-01", env, base, runs, row, notes)
        measure_workspace("100×100", hundred, hundred_ics, "2020-01-08", "2020-01-06", env, base, runs, row, notes)

        peak = peak_mb([py, "-c", MEMORY_CHILD, "--dir", str(single), "agenda", "2021-03-08"], env)
        row("single: peak memory of `planner agenda 2021-03-08` (VmHWM)", peak, None, "", "< 60 MB", 60, unit="MB")
    return notes


def _wait_for_warm_process(cache: Path, notes: list[str]) -> None:
    """Wait until the warm process is listening (it ends by itself once ``cache`` is removed)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if any((cache / "warm").glob("*.sock")):
            return
        time.sleep(0.1)
    notes.append("No warm process started: the first-run rows ran without one.")


def _export_all(folder: Path, ics: Path, env: dict[str, str]) -> None:
    """Every trip of ``folder`` as one calendar (as bench/run.py's import row makes it)."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom planner.ical import writer\nfrom planner.storage import load_workspace\n"
        "ws = load_workspace(Path(sys.argv[1]))\n"
        "Path(sys.argv[2]).write_bytes(writer.to_bytes(writer.calendar([writer.Selection(t, t.events) for t in ws.trips], 'All trips')))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(folder), str(ics)], check=True, env=env)
