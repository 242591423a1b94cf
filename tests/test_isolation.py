"""One submission can never read or change another's grading, nor reach the grader, the network or privileges.

An attacker's cell tries every way out it can think of, at load time, in its
graded function and from a daemon it leaves behind; a correct victim graded
next by the same warm grader must be graded exactly as when graded alone.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from autograder.engine import Grader
from autograder.outcomes import StudentShortcut
from autograder.results import Check
from autograder.sandbox import protections
from autograder.sandbox.process import Limits, Sandbox
from autograder.sandbox.protections import Unprotected
from autograder.shortcuts import tripwires
from tests.grading import ROOT, full_marks, item, messages, solution, with_cell
from tests.test_nbgrader import exported_scores, nbgrader, toy_course, write

LIMITS = Limits(call_seconds=3, cell_seconds=8)

REACH = r'''
import ctypes, os, socket, struct

def reach(udp_port, tcp_port, unix_path, grader_pid):
    """Every way out that worked, by name."""
    libc = ctypes.CDLL(None, use_errno=True)
    me = {os.readlink("/proc/self"), os.readlink("/proc/thread-self").split("/")[0]}
    worked = []
    def attempt(name, action):
        try:
            action()
            worked.append(name)
        except Exception:
            pass
    others = [p for p in os.listdir("/proc") if p.isdigit() and p not in me]
    for pid in others:
        attempt(f"open /proc/{pid}/mem", lambda: open(f"/proc/{pid}/mem", "r+b").close())
        attempt(f"read /proc/{pid}/environ", lambda: open(f"/proc/{pid}/environ", "rb").read(1) or 1 / 0)
        buffer = ctypes.create_string_buffer(8)
        local = struct.pack("PN", ctypes.addressof(buffer), 8)
        remote = struct.pack("PN", id(None), 8)
        for number, name in ((310, "process_vm_readv"), (311, "process_vm_writev")):
            if libc.syscall(number, int(pid), local, 1, remote, 1, 0) >= 0:
                worked.append(f"{name} {pid}")
        if libc.ptrace(16, int(pid), 0, 0) == 0:  # PTRACE_ATTACH
            worked.append(f"ptrace {pid}")
    attempt("read the grader's maps", lambda: open(f"/proc/{grader_pid}/maps").read(1) or 1 / 0)
    attempt("udp to the host", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        b"leak", ("127.0.0.1", udp_port)))
    attempt("tcp to the host", lambda: socket.create_connection(("127.0.0.1", tcp_port), timeout=1).send(b"leak"))
    def unix():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(unix_path)
        s.send(b"leak")
    attempt("unix socket outside", unix)
    attempt("raw packet socket", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW))
    if libc.unshare(0x10000000) == 0:
        worked.append("unshare a user namespace")
    with open("/proc/self/status") as status:
        caps = [line.split()[1] for line in status if line.startswith(("CapEff", "CapPrm", "CapBnd"))]
    if any(int(c, 16) for c in caps):
        worked.append("capabilities " + " ".join(caps))
    return worked
'''

DAEMON = r'''
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        deadline = time.time() + 60
        while time.time() < deadline:
            for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
                try:
                    os.kill(int(pid), 9)
                except OSError:
                    pass
            time.sleep(0.05)
    os._exit(0)
'''


def attacker(arguments, definition, body):
    """A solution cell that tries every way out when it loads and when called, leaves a daemon behind,
    and otherwise defines the graded function correctly (`definition` line, then `body`)."""
    call = f"reach(*{list(arguments.values())!r})"
    return f"{REACH}{DAEMON}\n{call}\n{definition}\n    assert not {call}\n{body}"


@pytest.fixture
def listeners(tmp_path):
    """A UDP, a TCP and a unix socket on the host that student code must never reach."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    path = str(tmp_path / "listener.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(path)
    os.chmod(path, 0o777)
    unix.listen()
    for s in (udp, tcp, unix):
        s.setblocking(False)
    yield {"udp_port": udp.getsockname()[1], "tcp_port": tcp.getsockname()[1], "unix_path": path,
           "grader_pid": os.getpid()}, (udp, tcp, unix)
    for s in (udp, tcp, unix):
        s.close()


def received(sockets):
    udp, tcp, unix = sockets
    got = []
    for action in (lambda: udp.recv(16), tcp.accept, unix.accept):
        try:
            got.append(action())
        except BlockingIOError:
            pass
    return got


def descendants(pid):
    """Every process below `pid`, read from the kernel."""
    below, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = {int(p) for p in (task / "children").read_text().split()}
            except OSError:
                continue
            frontier += children - below
            below |= children
    return below


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(LIMITS) as box:
        yield box


def call(box, name, *args, **options):
    box.new_worker()
    try:
        return box.call(name, args, **options)[0]
    finally:
        box.end_worker()


def test_the_grader_reports_every_protection_active(sandbox):
    sandbox.load([])
    assert sandbox.protections.missing == {}, sandbox.protections.summary()
    assert set(sandbox.protections.active) == {"namespaces", "landlock", "seccomp"}


def test_student_code_reaches_no_process_no_network_and_has_no_privileges(sandbox, listeners):
    arguments, sockets = listeners
    assert sandbox.load([("reach_solution", REACH)]) == {}
    assert call(sandbox, "reach", *arguments.values()) == []
    assert received(sockets) == []


def test_under_a_root_grader_student_code_runs_as_nobody(sandbox):
    sandbox.load([("spin_solution", "def spin():\n    return 1")])
    notebook = sandbox._levels[1]
    uids = next(line for line in Path(f"/proc/{notebook}/status").read_text().splitlines()
                if line.startswith("Uid:")).split()[1:]
    assert set(uids) == ({"65534"} if os.geteuid() == 0 else {str(os.geteuid())})


def test_a_submission_leaves_no_process_behind(sandbox):
    assert sandbox.load([("daemon_solution", DAEMON), ("ok_solution", "def ok():\n    return 1")]) == {}
    assert call(sandbox, "ok") == 1
    notebook = sandbox._levels[1]
    assert descendants(notebook) == set()  # the daemon ended with the first check
    started = time.monotonic()
    sandbox.load([("ok_solution", "def ok():\n    return 2")])
    assert call(sandbox, "ok") == 2
    assert not Path(f"/proc/{notebook}").exists()
    current = sandbox._levels[1]
    assert len(descendants(sandbox._proc.pid) - descendants(current)) == 2  # the new keeper and notebook only
    assert time.monotonic() - started < 10


def test_rebinding_the_sandbox_code_disarms_neither_tripwires_nor_reports(sandbox):
    patch = ("import sys\n"
             "sys.modules['guards']._forbidden.__code__ = (lambda rule: []).__code__\n"
             "sys.modules['wire'].encode.__code__ = (lambda value, depth=0: 0).__code__\n")
    cells = [("patch_solution", patch),
             ("fit_solution", "import torch\ndef fit(p):\n    torch.optim.SGD([torch.zeros(1)], lr=0.1)\n    return 1"),
             ("bump_solution", "def bump(x):\n    x[0] = 9\n    return 0")]
    assert sandbox.load(cells) == {}
    with pytest.raises(StudentShortcut):
        call(sandbox, "fit", 0, forbid=tripwires("gd"))
    sandbox.new_worker()
    try:
        assert sandbox.call("bump", ([1.0, 2.0],))[1] == [0]
    finally:
        sandbox.end_worker()


def test_an_attacker_graded_first_changes_nothing_for_the_next_student(listeners):
    """Attacker, then victim, through one warm grader: the victim is graded as when graded alone."""
    arguments, sockets = listeners
    victim = solution("gd2d")
    attack = attacker(arguments, "def grad_loss_2d(beta):",
                      "    import numpy as np\n    b = np.asarray(beta, dtype=float)\n"
                      "    return np.array([2 * (b[0] - 2), 4 * (b[1] - 1) ** 3 - 2 * (b[1] - 1)])\n")
    with Grader(limits=LIMITS) as alone:
        expected = alone.grade(victim, "gd2d", "victim")
    with Grader(limits=LIMITS) as grader:
        attacked = grader.grade(with_cell(victim, "grad_loss_2d_solution", attack), "gd2d", "attacker")
        got = grader.grade(victim, "gd2d", "victim")
    assert "uses ctypes" in messages(item(attacked, "grad_loss_2d"))  # ctypes in reach costs the item
    assert "AssertionError" not in messages(item(attacked, "grad_loss_2d"))  # no way out worked at load time
    assert got.items == expected.items
    assert received(sockets) == []


@pytest.fixture(scope="module")
def grader():
    with Grader(limits=LIMITS) as grader:
        yield grader


def test_a_deeply_nested_notebook_is_its_own_error_only(grader, tmp_path):
    nested = tmp_path / "nested.ipynb"
    nested.write_text('{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}")
    result = grader.grade_path(nested)
    assert "nested too deeply" in result.error
    assert grader.grade(solution("gd2d"), "gd2d", "next").score == full_marks("gd2d")


def test_a_huge_expression_costs_its_item_only(grader):
    source = "x = " + " + ".join(["1"] * 100_000) + "\ndef grad_loss_2d(beta):\n    return x\n"
    result = grader.grade(with_cell(solution("gd2d"), "grad_loss_2d_solution", source), "gd2d", "deep")
    assert result.error is None
    assert item(result, "grad_loss_2d").score == 0
    assert result.score == full_marks("gd2d") - item(result, "grad_loss_2d").max_score


def test_huge_results_are_described_briefly(grader):
    source = "def grad_loss_2d(beta):\n    return 'x' * 20_000_000\n"
    result = grader.grade(with_cell(solution("gd2d"), "grad_loss_2d_solution", source), "gd2d", "huge")
    assert len(json.dumps(result.to_json())) < 2**20


def test_through_nbgrader_an_attacker_changes_nothing_for_the_next_student(tmp_path, listeners):
    arguments, sockets = listeners
    course = tmp_path / "course"
    course.mkdir()
    source = toy_course(course)
    attack = attacker(arguments, "def double(x):", "    return 2 * np.asarray(x, dtype=float)\n")
    write(course / "submitted" / "aaron" / "toy" / "toy.ipynb", with_cell(source, "double_solution", attack))
    write(course / "submitted" / "zoe" / "toy" / "toy.ipynb", source)
    nbgrader(course, "autograde", "toy", "--force")
    nbgrader(course, "export")
    assert exported_scores(course) == {"aaron": 0.0, "zoe": 3.0}  # hiding code at load time costs aaron every item
    assert received(sockets) == []


MISSING = protections.assess({"landlock": 0, "missing": {"seccomp": "libseccomp not found"}})


def test_without_isolation_untrusted_code_is_refused_and_trusted_code_graded(monkeypatch):
    monkeypatch.setattr(Sandbox, "protections", property(lambda self: MISSING))
    assert set(MISSING.missing) == {"landlock", "seccomp"}
    with Grader(limits=LIMITS) as grader, pytest.raises(Unprotected, match="refused"):
        grader.grade(solution("gd2d"), "gd2d", "untrusted")
    with Grader(limits=LIMITS, trusted=True) as grader:
        assert grader.grade(solution("gd2d"), "gd2d", "trusted").score == full_marks("gd2d")


PEEK = r"""
import json, os, sys, sysconfig
from autograder.sandbox.process import Sandbox
package = os.path.join(sysconfig.get_paths()["purelib"], "autograder")
cell = f'''
import os
def peek():
    seen = []
    for path in ({package!r}, {package!r} + "/checks"):
        try:
            seen += os.listdir(path)
        except OSError:
            pass
    try:
        seen.append(open({package!r} + "/checks/gd2d.py").read())
    except OSError:
        pass
    return seen
'''
with Sandbox() as box:
    assert box.load([("peek_solution", cell)]) == {}
    box.new_worker()
    print(json.dumps({"package": package, "seen": box.call("peek")[0]}))
"""


def test_an_installed_autograder_is_not_readable_by_student_code(tmp_path):
    """A wheel installed into a fresh environment: its checks lie under sys.prefix, which the sandbox reads."""
    python, clean = Path(sys.executable), {"PATH": os.environ["PATH"]}
    source = tmp_path / "source"
    shutil.copytree(ROOT / "autograder", source / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    subprocess.run([python, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp_path / "dist",
                    source], check=True, capture_output=True, env=clean)
    subprocess.run([python, "-m", "venv", tmp_path / "env"], check=True)
    env_python = tmp_path / "env" / "bin" / "python"
    site = subprocess.run([env_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "project.pth").write_text(sysconfig.get_paths()["purelib"])  # torch and the rest, not reinstalled
    subprocess.run([env_python, "-m", "pip", "install", "-q", "--no-deps", *(tmp_path / "dist").glob("*.whl")],
                   check=True, capture_output=True, env=clean)
    done = subprocess.run([env_python, "-c", PEEK], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env=clean)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["package"].startswith(site) and Path(report["package"], "checks", "gd2d.py").exists()
    assert report["seen"] == []


def test_a_process_that_keeps_the_sandbox_pipes_open_stalls_nothing():
    daemon = ("import os, time\n"
              "if os.fork() == 0:\n"
              "    os.setsid()\n"
              "    while True:\n"
              "        os.write(2, b'still here\\n')\n"
              "        time.sleep(0.01)\n")
    box = Sandbox(LIMITS)
    assert box.load([("daemon_solution", daemon)]) == {}
    processes = {box._proc.pid} | descendants(box._proc.pid)
    assert len(processes) == 4  # base, keeper, notebook process, daemon
    started = time.monotonic()
    box.close()
    assert time.monotonic() - started < 5
    while [pid for pid in processes if alive(pid)] and time.monotonic() - started < 5:
        time.sleep(0.05)  # killed processes take a moment to free their memory
    assert not [pid for pid in processes if alive(pid)]


def alive(pid):
    """Whether a process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_a_thread_left_running_cannot_change_the_report(sandbox):
    """A thread that keeps patching what the report passes through (here to hide a mutation) changes nothing."""
    cells = [("racer_solution",
              "import json, sys, threading, time\n"
              "real = json.dumps\n"
              "def forged(message, *args, **kwargs):\n"
              "    if isinstance(message, dict) and 'mutated' in message:\n"
              "        message = {**message, 'mutated': []}\n"
              "    return real(message, *args, **kwargs)\n"
              "def bump(x):\n"
              "    def race():\n"
              "        while True:\n"
              "            json.dumps = forged\n"
              "    sys.setswitchinterval(1e-6)\n"
              "    threading.Thread(target=race, daemon=True).start()\n"
              "    time.sleep(0.05)\n"
              "    x[0] = 9\n"
              "    return 0\n")]
    assert sandbox.load(cells) == {}
    for _ in range(5):
        sandbox.new_worker()
        try:
            assert sandbox.call("bump", ([1.0, 2.0],)) == (0, [0])
        finally:
            sandbox.end_worker()


def test_a_checks_message_is_capped_at_a_few_kilobytes():
    assert len(Check("described", False, 1.0, "x" * 10**6).message) < 4200
