"""The warm process (planner.warm): a command it runs is the same command, to the byte, exit status and signal."""

from __future__ import annotations

import ast
import marshal
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from conftest import generated_workspace
from test_answers import COMMANDS as KEPT_COMMANDS

from planner import launch
from planner.storage import answers
from planner.storage import cache as cache_mod
from planner.warm import client
from planner.warm.server import PRELOAD

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="warm processes are used on Linux only")

CHILD = (
    "import sys\nfrom planner.launch import main\ncode = main(sys.argv[1:])\nsys.stdout.flush()\n"
    "print('[ran here]' if 'planner.cli' in sys.modules else '[ran warm]', file=sys.stderr)\nsys.exit(code)\n"
)
"""``planner`` as its entry point runs it, saying on stderr whether it imported the CLI (ran the command itself)."""

COMMANDS = [
    *KEPT_COMMANDS,
    ["list", "--from", "2021-10-18", "--to", "2021-10-27", "--tz", "home"],
    # Mistakes: the same message on stderr and the same status.
    ["agenda", "2021-13-45"],
    ["list", "--trip", "no-such-trip"],
    ["list", "--lang", "xx"],
    ["trips", "--bogus"],
]


class Warm:
    """A warm process for one workspace and cache, and a way to run commands as a user would."""

    def __init__(self, workspace: Path, cwd: Path, env: dict[str, str]):
        self.workspace = workspace
        self.cwd = cwd
        self.env = env
        self.counter = 0
        self.pids: set[int] = set()

    def run(self, argv: list[str], *, warm: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        """Run ``planner --dir WORKSPACE argv`` afresh (a new variable: no kept answer)."""
        self.counter += 1
        full = {**self.env, "PLANNER_TEST_RUN": str(self.counter), **env}
        if not warm:
            full["PLANNER_WARM"] = "off"
        command = [sys.executable, "-c", CHILD, "--dir", str(self.workspace), *argv]
        return subprocess.run(command, capture_output=True, text=True, env=full, cwd=self.cwd, timeout=60)

    def server_pid(self, timeout: float = 30.0) -> int:
        """The pid of the warm process for this identity, waiting for it to listen."""
        deadline = time.monotonic() + timeout
        folder = Path(self.env["PLANNER_CACHE_DIR"]) / client.FOLDER
        while time.monotonic() < deadline:
            for path in folder.glob("*.sock"):
                pid = _peer_pid(path)
                if pid is not None:
                    self.pids.add(pid)
                    return pid
            time.sleep(0.05)
        raise AssertionError("no warm process started")

    def stop(self) -> None:
        """End every warm process this test started (one per identity)."""
        for path in (Path(self.env["PLANNER_CACHE_DIR"]) / client.FOLDER).glob("*.sock"):
            pid = _peer_pid(path)
            if pid is not None:
                self.pids.add(pid)
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            _wait_gone(pid)


def _peer_pid(path: Path) -> int | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        conn.close()
    return int(struct.unpack("3i", creds)[0])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def _wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _started(workspace: Path, cache: Path, cwd: Path) -> Warm:
    """The trips in ``workspace``, settled and indexed, with a warm process started as a user's first command starts it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PLANNER_WARM", "FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DIR", "NO_COLOR", "PLANNER_CACHE")
    }
    env["PLANNER_CACHE_DIR"] = str(cache)
    env["COLUMNS"] = "100"
    time.sleep(cache_mod.RACY_SECONDS + 0.2)  # settled files: the cache index can sign them
    w = Warm(workspace, cwd, env)
    first = w.run(["trips"])
    assert first.returncode == 0, first.stderr
    assert first.stderr == "[ran here]\n"
    w.server_pid()
    return w


@pytest.fixture
def warm(workspace: Path, tmp_path: Path) -> Iterator[Warm]:
    """A warm process of the test's own, on a copy of the seeded trips it may change."""
    w = _started(workspace, tmp_path / "cache", tmp_path)
    try:
        yield w
    finally:
        w.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warm]:
    """One warm process for the tests that only read (starting one takes a second or two)."""
    import shutil

    base = tmp_path_factory.mktemp("warm")
    workspace = base / "trips"
    shutil.copytree(ROOT / "seeds", workspace)
    w = _started(workspace, base / "cache", base)
    try:
        yield w
    finally:
        w.stop()


def _without_marker(text: str) -> str:
    return text.replace("[ran warm]\n", "").replace("[ran here]\n", "")


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_warm_run_is_the_same_command_to_the_byte(shared: Warm, argv: list[str]):
    hot = shared.run(argv)
    cold = shared.run(argv, warm=False)
    assert hot.stderr.endswith("[ran warm]\n"), hot.stderr
    assert "[ran warm]" not in cold.stderr
    assert (hot.returncode, hot.stdout, _without_marker(hot.stderr)) == (
        cold.returncode,
        cold.stdout,
        _without_marker(cold.stderr),
    )
    if argv in COMMANDS[:-4]:
        assert hot.returncode == 0 and hot.stdout.strip()
    else:
        assert hot.returncode == 2 and hot.stderr.startswith(("planner: ", "usage: planner"))


def test_each_setting_reaches_the_warm_run(shared: Warm, tmp_path: Path):
    """The environment, the working folder and the configuration file are the command's, not the warm process's."""
    config = tmp_path / "planner.toml"
    config.write_text('language = "ko"\n', encoding="utf-8")
    cases = [
        (["list", "--trip", "korea-2021"], {"PLANNER_CONFIG": str(config)}),
        (["list", "--trip", "korea-2021"], {"PLANNER_LANGUAGE": "both", "COLUMNS": "72"}),
        (["agenda", "2021-10-19"], {"PLANNER_HOME_TZ": "Asia/Seoul", "TZ": "Asia/Seoul"}),
    ]
    for argv, env in cases:
        hot = shared.run(argv, **env)
        cold = shared.run(argv, warm=False, **env)
        assert hot.stderr == "[ran warm]\n"
        assert hot.stdout == cold.stdout and hot.returncode == cold.returncode == 0
    korean = shared.run(["list", "--trip", "korea-2021"], PLANNER_CONFIG=str(config)).stdout
    assert "시각 기준" in korean
    assert "시각 기준" not in shared.run(["list", "--trip", "korea-2021"]).stdout


def test_a_warm_run_to_a_terminal_prints_what_the_command_prints(shared: Warm):
    env = {k: v for k, v in shared.env.items() if k != "COLUMNS"}
    env["TERM"] = "xterm-256color"
    for argv in (["list", "--trip", "korea-2021"], ["agenda", "2021-10-19", "--lang", "both"], ["trips"]):
        command = [sys.executable, "-c", CHILD, "--dir", str(shared.workspace), *argv]
        for columns in (70, 120):
            hot, said = _in_terminal(command, {**env, "PLANNER_TEST_RUN": f"hot{columns}"}, columns, shared.cwd)
            cold, _ = _in_terminal(
                command, {**env, "PLANNER_TEST_RUN": f"cold{columns}", "PLANNER_WARM": "off"}, columns, shared.cwd
            )
            assert said == "[ran warm]\n"
            assert "\x1b[" in hot
            assert hot == cold


def _in_terminal(argv: list[str], env: dict[str, str], columns: int, cwd: Path) -> tuple[str, str]:
    """What a command writes to a pseudo-terminal ``columns`` wide, and to stderr (a pipe)."""
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(
        argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, text=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every process holding the terminal closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    _out, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8"), err


def test_an_edit_reaches_the_next_warm_run(warm: Warm):
    path = warm.workspace / "korea-2021.toml"
    text = path.read_text(encoding="utf-8")
    assert "Gwangju" in warm.run(["list", "--trip", "korea-2021"]).stdout
    path.write_text(text.replace("Gwangju", "Kwangju"), encoding="utf-8")
    hot = warm.run(["list", "--trip", "korea-2021"])
    assert hot.stderr == "[ran warm]\n"
    assert "Kwangju" in hot.stdout and "Gwangju" not in hot.stdout
    assert hot.stdout == warm.run(["list", "--trip", "korea-2021"], warm=False).stdout


def test_other_commands_run_in_their_own_process(shared: Warm, tmp_path: Path):
    """``list`` as an argument is not the list command: the warm process declines and the command runs as always."""
    out = tmp_path / "list"
    ran = shared.run(["export", "korea-2021", "--out", str(out)])
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.endswith("[ran here]\n")
    assert (out / "korea-2021.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_ctrl_c_and_kill_reach_the_command(tmp_path: Path):
    """A command blocked writing to a full pipe: SIGINT ends it as Ctrl-C would (130), SIGTERM as kill would."""
    workspace = generated_workspace(tmp_path / "trips", 20, 100)
    warm = _started(workspace, tmp_path / "cache", tmp_path)
    server = warm.server_pid()
    try:
        for signum, expected in ((signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)):
            env = {**warm.env, "PLANNER_TEST_RUN": f"signal{signum}"}
            command = [sys.executable, "-m", "planner", "--dir", str(workspace), "list", "--lang", "both"]
            # The warm process keeps one spare child ready; the command runs in it, and the next
            # spare is forked: the command's process is then the older of two children.
            _wait_for(partial(_children_of, server), lambda found: len(found) == 1)
            # Nobody reads the pipe: the command fills it (64 KiB) and waits.
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=warm.cwd)
            two = _wait_for(partial(_children_of, server), lambda found: len(found) == 2)
            running = min(two, key=_started_at)
            time.sleep(1.0)
            assert proc.poll() is None, "the command did not wait on its full pipe"
            assert _alive(running)
            proc.send_signal(signum)
            try:
                proc.wait(timeout=20)
            finally:
                proc.stdout.close()  # type: ignore[union-attr]
                proc.stderr.close()  # type: ignore[union-attr]
            assert proc.returncode == expected
            assert _wait_gone(running), "the command's process outlived the signal"
    finally:
        warm.stop()


def _wait_for(get, done, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    """``get()`` once ``done`` holds for it (polling), else fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = get()
        if done(found):
            return found
        time.sleep(0.05)
    raise AssertionError(f"still {get()!r}")


def _started_at(pid: int) -> int:
    """A process's start time, in clock ticks since boot (``/proc/PID/stat``, field 22)."""
    return int(Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[19])


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().split(") ")[-1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def test_a_closed_or_captured_output_is_never_handed_over(warm: Warm, capsys: pytest.CaptureFixture[str], monkeypatch):
    command = f"{sys.executable} -m planner --dir '{warm.workspace}' agenda 2021-10-19"
    for redirect in (">&-", "2>&-", "<&-"):
        out = subprocess.run(
            f"{command} {redirect}", shell=True, capture_output=True, text=True, env=warm.env, cwd=warm.cwd, timeout=60
        )
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
    # In process, with sys.stdout captured: the output must reach the capture, not descriptor 1.
    monkeypatch.delenv("PLANNER_WARM")
    monkeypatch.setenv("PLANNER_CACHE_DIR", warm.env["PLANNER_CACHE_DIR"])
    monkeypatch.setenv("PLANNER_TEST_RUN", "captured")
    monkeypatch.chdir(warm.cwd)
    socks = set((Path(warm.env["PLANNER_CACHE_DIR"]) / client.FOLDER).glob("*.sock"))
    assert launch.main(["--dir", str(warm.workspace), "agenda", "2021-10-19"]) == 0
    assert "2021" in capsys.readouterr().out
    time.sleep(1.0)  # and no warm process was started for a caller that could never use it
    assert set((Path(warm.env["PLANNER_CACHE_DIR"]) / client.FOLDER).glob("*.sock")) == socks


def test_a_warm_process_ends_when_its_socket_goes(warm: Warm):
    pid = warm.server_pid()
    for path in (Path(warm.env["PLANNER_CACHE_DIR"]) / client.FOLDER).glob("*.sock"):
        path.unlink()
    assert _wait_gone(pid), "the warm process outlived its socket"
    # The next command runs as always, and starts a new one.
    assert warm.run(["trips"]).stderr == "[ran here]\n"
    assert warm.server_pid() != pid


def test_a_folder_others_may_write_to_is_not_used(warm: Warm):
    folder = Path(warm.env["PLANNER_CACHE_DIR"]) / client.FOLDER
    folder.chmod(0o777)
    try:
        ran = warm.run(["trips"])
        assert ran.returncode == 0
        assert ran.stderr.endswith("[ran here]\n")
    finally:
        folder.chmod(0o700)
    assert warm.run(["trips"]).stderr == "[ran warm]\n"


def test_no_warm_process_when_turned_off(workspace: Path, cache_dir: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
    env["PLANNER_CACHE_DIR"] = str(cache_dir)
    for switch in ({"PLANNER_WARM": "off"}, {"PLANNER_WARM": "", "PLANNER_CACHE": "off"}):
        ran = subprocess.run(
            [sys.executable, "-m", "planner", "--dir", str(workspace), "trips"],
            capture_output=True,
            env={**env, **switch},
            cwd=tmp_path,
            timeout=60,
        )
        assert ran.returncode == 0
    time.sleep(1.0)
    assert not list(cache_dir.rglob("*.sock"))


def test_what_python_reads_once_is_part_of_the_identity(monkeypatch):
    code = ("code",)
    base = client.identity(code)
    monkeypatch.setenv("PLANNER_TEST_ANYTHING", "1")
    assert client.identity(code) == base  # read by the command itself, each run
    for name, value in (
        ("LANG", "C"),
        ("LC_ALL", "ko_KR.UTF-8"),
        ("PYTHONIOENCODING", "latin-1"),
        ("UNICODE_VERSION", "9"),
    ):
        monkeypatch.setenv(name, value)
        assert client.identity(code) != base, name
        monkeypatch.delenv(name)
    assert client.identity(("other code",)) != base


def test_the_warm_process_imports_what_the_commands_need(workspace: Path, cache_dir: Path, tmp_path: Path):
    """After :data:`PRELOAD`, running the commands imports nothing more (else each warm run imports it again)."""
    script = (
        "import importlib, os, sys\n"
        "from planner.warm.server import PRELOAD\n"
        "for name in PRELOAD: importlib.import_module(name)\n"
        "importlib.import_module('rich.cells').cell_len('한')\n"
        "before = set(sys.modules)\n"
        "from planner.cli import main\n"
        "out = sys.stdout\n"
        "for argv in (['trips'], ['list'], ['agenda', '2021-10-19', '--lang', 'both'], ['list', '--tz', 'home']):\n"
        "    sys.stdout = open(os.devnull, 'w')\n"
        "    assert main(['--dir', sys.argv[1], *argv]) == 0\n"
        "    sys.stdout.flush()\n"
        "sys.stdout = out\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DIR"}
    ran = subprocess.run(
        [sys.executable, "-c", script, str(workspace)], capture_output=True, text=True, env=env, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"
    assert len(PRELOAD) == len(set(PRELOAD))


def test_no_planner_module_reads_the_environment_when_imported():
    """The warm process imports the planner once, with its own environment: every module must read it when it runs."""
    offenders = []
    for path in sorted((ROOT / "planner").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _run_at_import(tree.body):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and inner.attr in ("environ", "getenv", "environb"):
                    offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert offenders == []


def _run_at_import(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The statements that run when a module is imported (function bodies do not; class bodies and defaults do)."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from node.decorator_list
            yield from node.args.defaults
            yield from (d for d in node.args.kw_defaults if d is not None)
        elif isinstance(node, ast.ClassDef):
            yield from node.decorator_list
            yield from _run_at_import(node.body)
        else:
            yield node


def test_a_warm_process_ends_when_idle(tmp_path: Path):
    path = tmp_path / "idle.sock"
    boot = "import sys; from planner.warm.server import serve; serve(sys.argv[1], idle=1.0)"
    proc = subprocess.Popen([sys.executable, "-c", boot, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert path.exists()
        assert proc.wait(timeout=30) == 0  # one second idle, noticed at the next check (every two)
        assert not path.exists()  # its socket removed on the way out
    finally:
        proc.kill()
        proc.stderr.close()  # type: ignore[union-attr]


def test_the_client_imports_next_to_nothing():
    """The launcher imports the client on every run of agenda, list and trips: no socket.py, signal.py or enum."""
    probe = (
        "import sys\nbefore = set(sys.modules)\nimport planner.launch, planner.warm.client\n"
        "print(sorted({'socket', 'signal', 'enum', 'typing', 'argparse', 'pathlib'} & (set(sys.modules) - before)))"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "[]", ran.stderr


def test_a_warm_run_keeps_its_answer_for_the_next_time(shared: Warm):
    """The child keeps the answer after its caller has the output (no one waits for it): the same command replays it."""
    answers_folder = Path(shared.env["PLANNER_CACHE_DIR"]) / "answers"
    before = set(answers_folder.glob("*.answer"))
    env = {**shared.env, "PLANNER_TEST_RUN": "kept-after-a-warm-run"}
    command = [sys.executable, "-c", CHILD, "--dir", str(shared.workspace), "agenda", "2021-10-20"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=shared.cwd, timeout=60)
    assert first.returncode == 0 and first.stderr == "[ran warm]\n"
    deadline = time.monotonic() + 10
    while set(answers_folder.glob("*.answer")) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    (new,) = set(answers_folder.glob("*.answer")) - before
    blob = new.read_bytes()
    assert blob.startswith(answers.MAGIC)
    kept_key, _workspace, _files, _others, text = marshal.loads(blob[len(answers.MAGIC) + 4 :])
    assert text == first.stdout
    assert kept_key[4] == ("--dir", str(shared.workspace), "agenda", "2021-10-20")  # the arguments
    again = subprocess.run(command, capture_output=True, text=True, env=env, cwd=shared.cwd, timeout=60)
    assert again.stdout == first.stdout


def test_no_spare_outlives_its_warm_process(tmp_path: Path):
    """Even a warm process killed outright (SIGKILL, no clean-up) leaves no spare child behind."""
    path = tmp_path / "kill.sock"
    boot = "import sys; from planner.warm.server import serve; serve(sys.argv[1])"
    proc = subprocess.Popen(
        [sys.executable, "-c", boot, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        (spare,) = _wait_for(partial(_children_of, proc.pid), lambda found: len(found) == 1)
        proc.kill()
        proc.wait(timeout=30)
        assert _wait_gone(spare), "the spare outlived the warm process"
    finally:
        proc.kill()


def test_a_spare_copies_its_memory_ahead():
    """After populate(), writing all over the parent's objects costs a fork few page faults (where the kernel can)."""
    script = (
        "import gc, os, resource, sys\nimport planner.cli, planner.model.timeline\nfrom planner.warm import pages\n"
        "gc.collect()\n"
        "for ahead in (False, True):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        n = pages.populate() if ahead else 0\n"
        "        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "        gc.collect()  # writes the header of every object the collector tracks\n"
        "        print(n, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before, flush=True)\n"
        "        os._exit(0)\n"
        "    os.waitpid(pid, 0)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    (none, plain_faults), (copied, faults) = (tuple(int(x) for x in line.split()) for line in ran.stdout.splitlines())
    if copied == 0:  # a kernel before 5.14 (or a sandbox) without MADV_POPULATE_WRITE: the spare works, unhurried
        pytest.skip("this kernel does not copy pages ahead")
    assert none == 0 and copied > 100
    assert plain_faults > 100
    assert faults < plain_faults / 4
