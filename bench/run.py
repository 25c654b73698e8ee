"""The speed benchmark of issue 6: every row beside a floor measured in the same run.

Not a test: run it by hand (or ``make bench``) and copy the table into the README.

    .venv/bin/python bench/run.py            # 5 runs of each measurement
    .venv/bin/python bench/run.py --quick    # 3 runs (1 of export and import)
    .venv/bin/python bench/run.py --runs 9
    .venv/bin/python bench/run.py --single-trip   # issue 17: one 10,000-event trip, beside calcurse and khal

It generates a reproducible workspace of 10,000 events in 100 trips (the
generator of ``bench/tui.py``: Asia/Seoul, America/Chicago, America/New_York;
English and Korean titles; exact times, flights ending in another zone, dates,
parts of day, spans, months, unscheduled items; daily and weekly repeats) in a
temporary folder, with its own trip cache folder, and prints the median of
each measurement, the floor it is compared with (also a median, measured in
the same run, so a slow or busy machine moves both), their ratio and the target.

Rows:

* ``planner agenda DAY`` and ``planner trips`` (each as a first run, not its kept answer, and with no warm
  process, ``PLANNER_WARM=off``): whole processes (``python -m
  planner``, output to a pipe), with the trip cache warm, against ``python -c
  "import rich.console"``; target 3x. Child processes use compiled bytecode
  (``PYTHONPYCACHEPREFIX`` in the temporary folder), as an installed planner does.
* load: ``load_workspace`` in process with the cache warm (target 100 ms), and
  for information with no cache (the first load, or every file edited).
* export: ``planner export --all`` in process (100 .ics files, on a workspace
  already exported once, so nothing is recorded), against icalendar building
  and serializing the same components from precomputed values; target 1.3x.
* import: ``planner import`` of one 10,000-event .ics (all the trips exported
  as one calendar) into a new trip, in process, against
  ``icalendar.Calendar.from_ical`` on the same bytes; target 1.3x.
* TUI launch, keys and peak memory, with ``bench/tui.py``'s harness.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import tui  # noqa: E402  (bench/tui.py: the generator and the TUI harness)

DAY = "2020-01-08"  # a day of trip-000 with events


def _env(cache: Path) -> dict[str, str]:
    env = tui._env()
    env["PLANNER_CACHE_DIR"] = str(cache)
    env["COLUMNS"] = "100"
    # These rows time each command on its own; bench/single.py also times it in a warm process.
    env["PLANNER_WARM"] = "off"
    return env


def _spawn(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _median(f: Callable[[], float], runs: int, warm: int = 1) -> float:
    for _ in range(warm):
        f()
    return statistics.median(f() for _ in range(runs))


def _timed(f: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        f()
        return time.perf_counter() - start

    return run


# ---------------------------------------------------------------- export floor


def _export_inputs(folder: Path) -> list[tuple[str, list, list]]:
    """Per trip: calendar properties, VTIMEZONEs, and each component's (kind, [(name, value)])."""
    from planner.ical import writer
    from planner.storage import load_workspace

    out = []
    for trip in load_workspace(folder).trips:
        cal = writer.trip_calendar(trip)
        zones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
        cal_props = [(k, v) for k, v in cal.property_items(recursive=False) if k not in ("BEGIN", "END")]
        items = sorted(trip.events, key=lambda ev: writer._order(trip, ev))
        comps = []
        for ev in items:
            comp = writer.component(trip, ev)
            props = [(name.lower(), comp[name]) for name in comp]
            stamp = ev.ical_modified or writer.EPOCH
            props += [("dtstamp", stamp), ("last-modified", stamp), ("sequence", ev.ical_sequence)]
            comps.append((comp.name, _decoded(props)))
        out.append((trip.id, cal_props, zones, comps))
    return out


def _decoded(props: list) -> list:
    """Property values as a caller would hand them to icalendar (dates, text, lists)."""
    values = []
    for name, value in props:
        if hasattr(value, "dt"):
            value = value.dt
        elif isinstance(value, list) and value and hasattr(value[0], "dts"):
            value = [d.dt for v in value for d in v.dts]
        elif hasattr(value, "dts"):
            value = [d.dt for d in value.dts]
        elif hasattr(value, "cats"):
            value = list(value.cats)
        elif hasattr(value, "latitude"):
            value = (value.latitude, value.longitude)
        values.append((name, value))
    return values


def _icalendar_export(inputs: list) -> int:
    """icalendar itself: build every calendar from precomputed values and serialize it."""
    from icalendar import Calendar, Event, Todo
    from icalendar.prop import vText

    size = 0
    for _tid, cal_props, zones, comps in inputs:
        cal = Calendar()
        for name, value in cal_props:
            cal.add(name, vText(value) if name.startswith("x-") else value)
        for z in zones:
            cal.add_component(z)
        for kind, props in comps:
            comp = Todo() if kind == "VTODO" else Event()
            for name, value in props:
                comp.add(name, vText(value) if name.startswith("x-") else value)
            cal.add_component(comp)
        size += len(cal.to_ical())
    return size


# ---------------------------------------------------------------- TUI memory


def tui_peak_mb(folder: Path, env: dict[str, str]) -> float:
    """The TUI's own peak memory: ``VmHWM`` of the child (see ``bench/tui.py``).

    Not the child's ``ru_maxrss``: on Linux that starts from this process's own
    peak (execve keeps it), which after the export and import rows is hundreds of MB.
    """
    return tui.tui_peak_mb(folder, env)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (median)")
    parser.add_argument("--quick", action="store_true", help="3 runs and fewer key presses")
    parser.add_argument("--trips", type=int, default=100)
    parser.add_argument("--events", type=int, default=100, help="events per trip")
    parser.add_argument(
        "--single-trip",
        action="store_true",
        help="issue 17: one trip of 10,000 events and 100 trips of 100, beside calcurse and khal (bench/single.py)",
    )
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    if args.single_trip:
        single_trip(args, runs)
        return

    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(
        what: str, value: float, unit: str, floor: float | None, floor_what: str, target: str, limit: float
    ) -> None:
        shown = f"{value * 1000:.0f} ms" if unit == "s" else f"{value:.0f} MB"
        floor_shown = f"{floor * 1000:.0f} ms ({floor_what})" if floor is not None else floor_what
        ratio = f"{value / floor:.2f}x" if floor else ""
        met = "yes" if value <= limit else "NO"
        rows.append((what, shown, floor_shown, ratio, target, met))
        print(f"  {what}: {shown}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "trips"
        cache = base / "cache"
        os.environ["PLANNER_CACHE_DIR"] = str(cache)  # this process's loads too
        # Child processes start as an installed planner does: with compiled bytecode (kept
        # in the temporary folder, whatever PYTHONDONTWRITEBYTECODE says).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
        total = tui.generate(folder, args.trips, args.events)
        env = _env(cache)
        py = sys.executable
        print(
            f"workspace: {args.trips} trips, {total} events; Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, medians of {runs} runs",
            file=sys.stderr,
            flush=True,
        )

        from planner.storage import load_workspace

        # Load: no cache, then warm (the first warm load writes the cache).
        shutil.rmtree(cache, ignore_errors=True)
        cold = []
        for _ in range(runs):
            os.environ["PLANNER_CACHE"] = "off"
            cold.append(_timed(lambda: load_workspace(folder))())
        os.environ.pop("PLANNER_CACHE")
        load_workspace(folder)
        warm = _median(_timed(lambda: load_workspace(folder)), runs)

        # Whole processes, interleaved with their floor so a change in the machine's load hits both.
        env = _env(cache)
        spawns = {
            "floor": [py, "-c", "import rich.console"],
            "agenda": [py, "-m", "planner", "--dir", str(folder), "agenda", DAY],
            "trips": [py, "-m", "planner", "--dir", str(folder), "trips"],
        }
        times: dict[str, list[float]] = {k: [] for k in spawns}
        for i in range(runs + 1):
            for k, argv in spawns.items():
                # Each command as a first run: a variable no other run has makes its inputs new, so it
                # runs in full rather than printing its kept answer (bench/single.py has both).
                elapsed = _spawn(argv, {**env, "PLANNER_BENCH_RUN": f"{i}"} if k != "floor" else env)
                if i:  # the first round warms the disk cache and the bytecode
                    times[k].append(elapsed)
        rich_floor, agenda, trips = (statistics.median(times[k]) for k in spawns)
        row(
            f"`planner agenda {DAY}`, whole process",
            agenda,
            "s",
            rich_floor,
            "`import rich.console`",
            "≤ 3× floor",
            3 * rich_floor,
        )
        row(
            "`planner trips`, whole process",
            trips,
            "s",
            rich_floor,
            "`import rich.console`",
            "≤ 3× floor",
            3 * rich_floor,
        )
        row("load the workspace in process (cache warm)", warm, "s", None, "", "≤ 100 ms", 0.100)
        rows.append(
            (
                "load the workspace in process, no cache (first load)",
                f"{statistics.median(cold) * 1000:.0f} ms",
                "",
                "",
                "(information)",
                "",
            )
        )

        # Export: once to record the export state in the trip files, then the steady state.
        from planner.cli import main as planner

        out = base / "exports"
        quiet = contextlib.redirect_stdout(io.StringIO())

        def export() -> None:
            with quiet, contextlib.redirect_stderr(io.StringIO()):
                code = planner(["--dir", str(folder), "export", "--all", "--out", str(out)])
            assert code == 0, code

        export()
        load_workspace(folder)  # the cache learns the recorded files
        inputs = _export_inputs(folder)
        slow_runs = 1 if args.quick else max(1, runs // 2)  # these take seconds each
        ical_export = _median(_timed(lambda: _icalendar_export(inputs)), slow_runs, warm=0)
        ours_export = _median(_timed(export), slow_runs, warm=0)
        row(
            f"export all {total} events to .ics (`planner export --all`, in process)",
            ours_export,
            "s",
            ical_export,
            "icalendar builds and serializes them",
            "≤ 1.3× floor",
            1.3 * ical_export,
        )

        # Import: the whole workspace as one calendar, into a new trip.
        from icalendar import Calendar

        from planner.ical import writer

        ics = base / "all.ics"
        ws = load_workspace(folder)
        ics.write_bytes(
            writer.to_bytes(writer.calendar([writer.Selection(t, t.events) for t in ws.trips], "All trips"))
        )
        data = ics.read_bytes()
        ical_import = _median(_timed(lambda: Calendar.from_ical(data)), slow_runs, warm=0)
        counter = iter(range(10**6))

        def import_new() -> None:
            target = base / f"import-{next(counter)}"
            target.mkdir()
            with quiet, contextlib.redirect_stderr(io.StringIO()):
                code = planner(["--dir", str(target), "import", str(ics), "--trip", "imported"])
            assert code == 0, code

        ours_import = _median(_timed(import_new), slow_runs, warm=0)
        row(
            f"import a {total}-event .ics into an empty trip (in process)",
            ours_import,
            "s",
            ical_import,
            "`icalendar.Calendar.from_ical`",
            "≤ 1.3× floor",
            1.3 * ical_import,
        )

        # TUI.
        floors, launches = [], []
        _spawn([py, "-c", "import textual.app"], env)
        tui.time_launch(folder)
        for _ in range(runs):
            floors.append(_spawn([py, "-c", "import textual.app"], env))
            launches.append(tui.time_launch(folder)[0])
        textual_floor, launch = statistics.median(floors), statistics.median(launches)
        row(
            "TUI: launch to first rendered timeline",
            launch,
            "s",
            textual_floor,
            "`import textual.app`",
            "≤ 2× floor + 300 ms",
            2 * textual_floor + 0.300,
        )
        keys = asyncio.run(tui.time_keys(folder, runs))
        names = {
            "down": "↓ (cursor)",
            "z": "z (zones)",
            "]": "] (next day)",
            "u": "u (undo)",
            "m": "m typed in the filter",
        }
        for name, values in keys.items():
            if values:
                row(
                    f"TUI: key {names[name]} to updated screen (slowest {max(values) * 1000:.0f} ms)",
                    statistics.median(values),
                    "s",
                    None,
                    "",
                    "≤ 50 ms",
                    0.050,
                )
        peak = tui_peak_mb(folder, env)
        row("TUI: peak memory (launch, scroll, zones, edit, undo, filter)", peak, "MB", None, "", "≤ 200 MB", 200)

    print()
    print(
        f"`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`: {args.trips} trips, {total} events, "
        f"medians of {runs} runs; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print()
    print("| what | median | floor (same run) | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


def single_trip(args: argparse.Namespace, runs: int) -> None:
    """The rows of ``bench/single.py``, printed as the README quotes them."""
    import single

    rows: list[tuple[str, str, str, str, str, str]] = []
    notes = single.main(args, rows)
    print()
    print(
        f"`{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}`: medians of {runs} runs; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print()
    print("| what | median | compared with (same run) | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
