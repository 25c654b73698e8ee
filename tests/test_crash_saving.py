"""Kill the saving process at random moments: the trip file is always the old or the new one, whole.

A helper process imports the planner once, then forks a child per round. The
child loads the trip and saves it over and over, switching between two
versions (A and B), so every moment of its life is before, inside or after a
save; the helper kills it with SIGKILL after a random delay (from 0, before
the first save starts, to several saves' worth) and then checks the folder:

- the trip file parses and is byte-for-byte version A or version B;
- the backup, when there is one, is also A or B;
- any other file is a leftover temporary file (``.NAME.XXXXXXXX.tmp``), never
  ``*.toml``, so loading the folder finds exactly the one trip.

Forking from a warm process makes a round cost a few milliseconds, so the 300
rounds take a few seconds, not the minutes that 300 fresh interpreters would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.storage import backup_path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 300

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

HELPER = r"""
import dataclasses, json, os, random, re, signal, sys, time
from pathlib import Path

from planner.storage import backup_path, load_file, load_workspace, save

folder, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
path = folder / "dc-2023.toml"
rng = random.Random(seed)

# The two versions the child switches between: A is the seeded file, B changes
# the trip's notes and an event's title, so both the header and an event move.
a_loaded = load_file(path)
a = a_loaded.text.encode("utf-8")
ev = a_loaded.trip.events[0]
trip_b = dataclasses.replace(
    a_loaded.trip, notes="version B " * 200,
    events=(dataclasses.replace(ev, title=ev.title + " (B)"), *a_loaded.trip.events[1:]))
b = save(a_loaded, trip_b).text.encode("utf-8")
path.write_bytes(a)
os.unlink(backup_path(path))

def child(slow_disk):
    if slow_disk:
        # Every other child runs on a "slow disk": each fsync takes a few ms
        # more, so kills also land between the temporary file and the rename.
        real_fsync = os.fsync
        def fsync(fd):
            real_fsync(fd)
            time.sleep(0.01)
        os.fsync = fsync
    loaded = load_file(path)
    while True:
        loaded = save(loaded, a_loaded.trip if loaded.text.encode("utf-8") == b else trip_b)

# Time one save, to spread the kills over a few of them.
loaded = load_file(path)
t0 = time.perf_counter()
for version in (trip_b, a_loaded.trip) * 3:
    loaded = save(loaded, version)
one_save = (time.perf_counter() - t0) / 6

def temps():
    return {p.name for p in folder.iterdir() if p.name.endswith(".tmp")}

results = []
checked = None
for i in range(rounds):
    delay = rng.choice([0.0, rng.uniform(0, one_save), rng.uniform(0, one_save), rng.uniform(0, 3 * one_save)])
    before = temps()
    pid = os.fork()
    if pid == 0:
        try:
            child(slow_disk=i % 2 == 1)
        finally:
            os._exit(0)
    if delay:
        time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    data = path.read_bytes()
    backup = backup_path(path)
    bak = backup.read_bytes() if backup.exists() else None
    files = sorted(p.name for p in folder.iterdir())
    if files != checked:
        # Something new in the folder (a leftover temporary file): load it as the planner would.
        try:
            trips = sorted(load_workspace(folder).files)
        except Exception as exc:  # reported; the test fails on it
            trips = [f"load failed: {exc}"]
        checked = files
    results.append({
        "delay": delay,
        "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
        "file": "A" if data == a else "B" if data == b else "other",
        "backup": None if bak is None else "A" if bak == a else "B" if bak == b else "other",
        "files": files,
        "trips": trips,
        "mid_write": bool(temps() - before),
    })
json.dump({"one_save": one_save, "results": results}, sys.stdout)
"""


def _run_helpers(folders: list[Path], helper: Path) -> list[dict]:
    procs = [
        subprocess.Popen(
            [sys.executable, str(helper), str(folder), str(ROUNDS // len(folders)), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for seed, folder in enumerate(folders, start=20261121)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.extend(json.loads(out)["results"])
    return results


def test_killing_the_saving_process_never_damages_the_trip_file(workspace: Path, tmp_path: Path):
    helper = tmp_path / "kill_saver.py"
    helper.write_text(HELPER, encoding="utf-8")
    # Two helpers, each on its own folder holding one trip, to use two cores.
    folders = []
    for n in range(2):
        folder = tmp_path / f"ws{n}"
        folder.mkdir()
        shutil.copy(workspace / "dc-2023.toml", folder)
        folders.append(folder)
    results = _run_helpers(folders, helper)
    assert len(results) == ROUNDS

    assert all(r["killed"] for r in results)
    assert [r for r in results if r["file"] not in ("A", "B")] == []
    assert [r for r in results if r["backup"] not in (None, "A", "B")] == []
    assert [r for r in results if r["trips"] != ["dc-2023"]] == []
    temp = re.compile(r"^\.{1,2}dc-2023\.toml(\.bak)?\.[A-Za-z0-9_]+\.tmp$")
    expected = {"dc-2023.toml", backup_path(Path("dc-2023.toml")).name}
    strays = {name for r in results for name in r["files"] if name not in expected}
    assert {name for name in strays if not temp.match(name)} == set()
    assert not any(name.endswith(".toml") for name in strays)

    # The kills landed everywhere: before the first save, in the middle of
    # writing (a temporary file left behind), and after saves of both versions.
    assert sum(r["delay"] == 0 for r in results) >= 20
    assert sum(r["mid_write"] for r in results) >= 5
    assert {r["file"] for r in results} == {"A", "B"}
    assert sum(r["backup"] is not None for r in results) >= 20


RACE = r"""
import dataclasses, json, os, sys
from pathlib import Path

from planner.storage import FileChangedError, load_file, save

path, rounds = Path(sys.argv[1]), int(sys.argv[2])
outcomes = []
for i in range(rounds):
    base = load_file(path)
    go_r, go_w = os.pipe()
    pids = []
    for who in ("first", "second"):
        pid = os.fork()
        if pid == 0:
            os.close(go_w)
            os.read(go_r, 1)  # both start together
            try:
                save(base, dataclasses.replace(base.trip, notes=f"{who} {i}"))
            except FileChangedError:
                os._exit(3)
            os._exit(0)
        pids.append(pid)
    os.close(go_r)
    os.write(go_w, b"gogo")
    os.close(go_w)
    codes = [os.WEXITSTATUS(os.waitpid(pid, 0)[1]) for pid in pids]
    outcomes.append({"codes": codes, "notes": load_file(path).trip.notes})
json.dump(outcomes, sys.stdout)
"""


def test_two_planners_saving_at_the_same_moment_one_wins_the_other_is_told(workspace: Path, tmp_path: Path):
    """Two processes load the same file and save different changes at once, 40 times.

    Each time exactly one save lands and the other gets FileChangedError: the
    folder lock makes the second writer see the first one's file. Never both
    (a silent overwrite), never neither.
    """
    helper = tmp_path / "race.py"
    helper.write_text(RACE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(helper), str(workspace / "dc-2023.toml"), "40"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    outcomes = json.loads(out.stdout)
    assert len(outcomes) == 40
    for i, o in enumerate(outcomes):
        assert sorted(o["codes"]) == [0, 3], o
        winner = ["first", "second"][o["codes"].index(0)]
        assert o["notes"] == f"{winner} {i}"


REFUSING = r"""
import dataclasses, json, resource, signal, sys
from pathlib import Path

from planner.storage import describe_write_error, load_file, save

path, limit = Path(sys.argv[1]), int(sys.argv[2])
loaded = load_file(path)
# From here on the kernel refuses to let this process write a file larger than
# ``limit`` bytes: a real refusal by the system, even for root. The backup (the
# old text) fits; the new text does not.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    save(loaded, dataclasses.replace(loaded.trip, notes="x" * 5000))
except OSError as exc:
    print(json.dumps({"error": describe_write_error(exc)}))
else:
    print(json.dumps({"error": None}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE behaviour checked on Linux")
def test_a_system_that_refuses_the_write_leaves_the_trip_file_as_it_was(workspace: Path, tmp_path: Path):
    path = workspace / "dc-2023.toml"
    before = {p.name: p.read_bytes() for p in workspace.iterdir()}
    old = before["dc-2023.toml"]
    helper = tmp_path / "refusing.py"
    helper.write_text(REFUSING, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(helper), str(path), str(len(old) + 100)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["error"] == "the file is larger than this system allows (File too large)"
    # The trip file is as it was, its backup holds the same, and no temporary file is left.
    assert {p.name: p.read_bytes() for p in workspace.iterdir()} == {**before, backup_path(path).name: old}
