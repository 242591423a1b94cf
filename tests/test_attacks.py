"""Hostile code in one solution cell costs that item at most, and nothing else.

Each attack replaces one solution cell of an otherwise correct submission.
Grading ends within a bound, the attacked item loses what the attack broke
and says why, every other item is graded exactly as the clean submission,
the next clean submission graded by the same Grader gets full marks, and no
hidden code appears in the result.
"""
import json
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.engine import Grader
from autograder.outcomes import SHORTCUT, TIMEOUT
from autograder.sandbox.process import Limits
from tests.grading import ROOT, item, messages, solution, with_cell
from tests.test_leaks import secret_lines

BOUND_SECONDS = 60
LIMITS = Limits(call_seconds=5, cell_seconds=8)  # room for train_network on a busy machine
OUTSIDE = Path(tempfile.gettempdir()) / "autograder-attack-escape.txt"
RIGHT_GRADIENT = ("    b = np.asarray(beta, dtype=float)\n"
                  "    return np.array([2 * (b[0] - 2), 4 * (b[1] - 1) ** 3 - 2 * (b[1] - 1)])\n")


def gradient(*lines):
    """grad_loss_2d that first runs `lines`, then returns the right gradient."""
    return "def grad_loss_2d(beta):\n" + "".join(f"    {line}\n" for line in lines) + RIGHT_GRADIENT


DO_NOTHING_INIT = "def good_init_(mlp):\n    pass\n"  # scores 0 unless the given code it is checked with is changed


@dataclass(frozen=True)
class Attack:
    """Hostile source for one solution cell, and what grading must make of it."""

    name: str
    source: str
    scores: bool     # whether the attacked item keeps its points (the attack broke nothing gradeable)
    message: str     # a pattern found in the attacked item's feedback ("" when nothing needs saying)
    assignment: str = "gd2d"
    item: str = "grad_loss_2d"
    shortcut: bool = False  # whether it takes a forbidden shortcut

    @property
    def cell(self):
        return self.item + "_solution"


WALK = f"""
import os, sys
def grad_loss_2d(beta):
    found = []
    for top in ("/", "/home", "/work", "/tmp", os.getcwd() + "/..", sys.prefix + "/..", {str(ROOT)!r}):
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "usr", "lib", "site-packages")]
            found += [os.path.join(folder, f) for f in files if f in ("gd2d.py", "gd2d.ipynb")]
    for path in (found + [{str(ROOT / "autograder" / "checks" / "gd2d.py")!r},
                          {str(ROOT / "source" / "gd2d" / "gd2d.ipynb")!r}]):
        try:
            text = open(path).read()
        except OSError:
            continue
        raise RuntimeError("stolen: " + text[:400])
    raise RuntimeError("found nothing to read")
"""

PATCHES = """
import builtins
np.allclose = np.array_equal = lambda *args, **kwargs: True
np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
torch.allclose = torch.equal = lambda *args, **kwargs: True
np.linalg.eigvalsh = np.linalg.eigvals = lambda matrix: np.zeros(len(matrix))
builtins.abs = builtins.round = lambda *args: 0
builtins.float = lambda *args: 0.0

def grad_loss_2d(beta):
    np.allclose = lambda *args, **kwargs: True
    return np.full(2, 7.0)
"""

SIGNALS = """
import signal
for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM, signal.SIGUSR1):
    signal.signal(number, signal.SIG_IGN)

def grad_loss_2d(beta):
    signal.pthread_sigmask(signal.SIG_BLOCK, set(signal.Signals) - {signal.SIGKILL, signal.SIGSTOP})
    signal.alarm(0)
    signal.setitimer(signal.ITIMER_REAL, 0)
    while True:
        pass
"""

THREAD = gradient() + """
import builtins, threading
def meddle():
    while True:
        np.linalg.eigvalsh = np.linalg.eigvals = lambda matrix: np.zeros(len(matrix))
        np.asarray = np.array = lambda *args, **kwargs: np.zeros(2)
        builtins.sorted = builtins.max = lambda *args, **kwargs: 0
threading.Thread(target=meddle, daemon=True).start()
"""

HIDDEN_AUTOGRAD = ("def grad_loss_2d(beta):\n"
                   "    t = torch.tensor(np.asarray(beta, dtype=float), **{'requires' + '_grad': True})\n"
                   "    vars(torch.Tensor)['back' + 'ward']((t[0] - 2) ** 2 + (t[1] - 1) ** 4 - (t[1] - 1) ** 2)\n"
                   "    return t.grad.detach().numpy()\n")

HIDDEN_OPTIM = ("class GD(OptimizerBase):\n"
                "    def __init__(self, params, lr):\n"
                "        super().__init__(params, lr)\n"
                "        self.inner = vars(__import__('torch'))['op' + 'tim'].SGD(self.params, lr=lr)\n"
                "    def update_param(self, p):\n"
                "        p -= self.lr * p.grad\n")

ATTACKS = [
    Attack("endless loop", gradient("while True:", "    pass"), False, "did not finish within"),
    Attack("endless loop in the cell", "while True:\n    pass\n" + gradient(), False, "did not finish within"),
    Attack("sys.exit in the function", gradient("import sys", "sys.exit(0)"), False, "SystemExit"),
    Attack("os._exit in the function", gradient("import os", "os._exit(0)"), False, "ended its process"),
    Attack("sys.exit in the cell", gradient() + "import sys\nsys.exit(1)\n", True, "SystemExit"),
    Attack("os._exit in the cell", "import os\nos._exit(0)\n" + gradient(), False, "ended its process"),
    Attack("memory bomb", gradient("bytes(2**40)"), False, "MemoryError"),
    Attack("memory bomb that fills the memory", gradient("hoard = []", "while True:",
                                                         "    hoard.append(bytearray(2**26))"),
           False, "MemoryError|did not finish within"),
    Attack("torch memory bomb", gradient("torch.ones(2**40)"), False, "RuntimeError"),
    Attack("output flood of 200 MB", gradient() + "import sys\nfor _ in range(100):\n"
           "    sys.stdout.write('x' * 2**20)\n    sys.stderr.write('y' * 2**20)\n", True, ""),
    Attack("fork storm", gradient("import os", "for _ in range(6):", "    os.fork()", "while True:", "    pass"),
           False, "did not finish within"),
    Attack("file system walk", WALK, False, "found nothing to read"),
    Attack("import autograder", gradient("import importlib, sys", f"sys.path.insert(0, {str(ROOT)!r})",
                                         "return importlib.import_module('autograder.reference.gd2d')"
                                         ".grad_loss_2d(beta)"), False, "No module named 'autograder'"),
    Attack("patched comparisons and builtins", PATCHES, False, "gave the wrong gradient"),
    Attack("ignored signals and alarms", SIGNALS, False, "did not finish within"),
    Attack("alarm that would end the notebook process", gradient() + "import signal\nsignal.alarm(1)\n", True, ""),
    Attack("timers that would end the notebook process", gradient() + "import signal\n"
           "signal.setitimer(signal.ITIMER_VIRTUAL, 0.5)\nsignal.setitimer(signal.ITIMER_PROF, 0.5)\n", True, ""),
    Attack("killing the notebook process", gradient("import os, signal, time",
                                                    "os.kill(os.getppid(), signal.SIGKILL)", "time.sleep(60)"),
           False, "did not finish within"),  # the notebook process is its namespace's init: the kill is ignored
    Attack("killing the sandbox's base process", gradient() + "import os, signal\n"
           "os.kill(os.getppid(), signal.SIGKILL)\n", True, ""),
    Attack("background thread changing global state", THREAD, True, ""),
    Attack("autograd in the hand gradient", gradient("t = torch.tensor(beta, requires_grad=True)"),
           False, "uses requires_grad", shortcut=True),
    Attack("hidden autograd in the hand gradient", HIDDEN_AUTOGRAD, False, "calls torch.Tensor.backward",
           shortcut=True),
    Attack("hidden autograd with the tripwires removed",
           "import sys, contextlib\nsys.modules['guards'].tripwires = lambda *a: contextlib.nullcontext()\n"
           + HIDDEN_AUTOGRAD, False, "calls torch.Tensor.backward", shortcut=True),
    Attack("torch.optim in an own optimizer", HIDDEN_OPTIM, False, "calls torch.optim",
           assignment="optimizers", item="gd", shortcut=True),
    Attack("a do-nothing good_init_ that rebinds the given bad_init_", DO_NOTHING_INIT + "def bad_init_(mlp):\n"
           "    pass\n", False, "", assignment="init", item="good_init"),
    Attack("a do-nothing good_init_ that patches the given bad_init_'s code", DO_NOTHING_INIT + "def _noop(mlp):\n"
           "    pass\nbad_init_.__code__ = _noop.__code__\n", False, "", assignment="init", item="good_init"),
    Attack("a do-nothing good_init_ that rebinds the given helpers while it runs",
           "def good_init_(mlp):\n    globals()['bad_init_'] = lambda mlp: None\n"
           "    globals()['make_mlp'] = lambda: __import__('torch').nn.Sequential()\n", False, "",
           assignment="init", item="good_init"),
    Attack("writing outside the working directory", gradient(f"open({str(OUTSIDE)!r}, 'w').write('x')"),
           False, "PermissionError"),
    Attack("writing next to the working directory", gradient("open('../escaped.txt', 'w').write('x')"),
           False, "PermissionError"),
]


@pytest.fixture(scope="module")
def grader():
    with Grader(limits=LIMITS) as grader:
        yield grader


@pytest.fixture(scope="module")
def clean(grader):
    """The solution notebooks and their results."""
    notebooks = {a: solution(a) for a in {attack.assignment for attack in ATTACKS}}
    return {a: (nb, grader.grade(nb, a, "clean")) for a, nb in notebooks.items()}


def sandbox_processes(grader):
    """The processes of the grader's sandbox session."""
    session = grader.sandbox._proc.pid
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if entry.name.isdigit() and int(stat.rpartition(")")[2].split()[3]) == session:
            count += 1
    return count


def recorded_failures(attack, attacked):
    """The failures the results must record: a timeout where the feedback says so, a shortcut where one is taken."""
    return ({TIMEOUT} if "did not finish within" in messages(attacked) else set()) | \
        ({SHORTCUT} if attack.shortcut else set())


def broken_promises(grader, notebook, baseline, attack):
    """Grade the attacked notebook, then the clean one; the promises the grader broke, by name."""
    OUTSIDE.unlink(missing_ok=True)
    started = time.monotonic()
    result = grader.grade(with_cell(notebook, attack.cell, attack.source), attack.assignment, attack.name)
    attacked = item(result, attack.item)
    promises = {
        f"finished within {BOUND_SECONDS} s": time.monotonic() - started < BOUND_SECONDS,
        "attacked item scored as it must": attacked.score == (attacked.max_score if attack.scores else 0),
        "feedback says what happened": re.search(attack.message, messages(attacked)) is not None,
        "results record a timeout or shortcut as such":
            {c.failure for c in attacked.checks} - {None} == recorded_failures(attack, attacked),
        "other items graded as without the attack":
            [i for i in result.items if i.id != attack.item] == [i for i in baseline.items if i.id != attack.item],
        "no hidden code in the result": not [s for s in secret_lines() if s in json.dumps(result.to_json())],
        "nothing written outside": not OUTSIDE.exists(),
        "next clean submission gets full marks":
            grader.grade(notebook, attack.assignment, "clean after").score == baseline.max_score,
        "no stray processes": sandbox_processes(grader) <= 3,
    }
    return [promise for promise, kept in promises.items() if not kept]


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_an_attack_costs_at_most_its_item(grader, clean, attack):
    notebook, baseline = clean[attack.assignment]
    assert broken_promises(grader, notebook, baseline, attack) == []
