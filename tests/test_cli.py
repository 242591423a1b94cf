"""The command line: help for every command; `grade`: JSON or a table, exit codes, parallel jobs equal to serial."""
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import notebook
from autograder.__main__ import COMMANDS
from tests import toy
from tests.grading import ROOT, with_cell

GOOD = {"double_solution": "def double(x):\n    return 2 * np.asarray(x, dtype=float)",
        "total_solution": "def total(values):\n    return float(sum(values))"}


def grade(*args):
    command = [sys.executable, "-m", "autograder", "grade", "--release", str(toy.RELEASE),
               "--checks", str(toy.CHECKS), "--references", toy.REFERENCES, *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    """A class of four: a full solution, a partial one, the release, and an unreadable file."""
    folder = tmp_path_factory.mktemp("submitted")
    release = notebook.read(toy.RELEASE / "toy" / "toy.ipynb")
    full = release
    for cell_id, source in GOOD.items():
        full = with_cell(full, cell_id, source)
    for student, nb in {"a": full, "b": with_cell(full, "total_solution", "def total(v):\n    return -1.0"),
                        "c": release}.items():
        (folder / student / "toy").mkdir(parents=True)
        nbformat.write(nb, folder / student / "toy" / "toy.ipynb")
    (folder / "d" / "toy").mkdir(parents=True)
    (folder / "d" / "toy" / "toy.ipynb").write_text("{broken")
    return folder


def test_json_document_follows_the_contract_and_exit_code_1_marks_ungradable(submissions):
    done = grade(submissions, "--json")
    assert done.returncode == 1
    document = json.loads(done.stdout)
    by_student = {s["notebook"].split("/")[-3]: s for s in document["submissions"]}
    assert {k: s["score"] for k, s in by_student.items()} == {"a": 3.0, "b": 2.0, "c": 0.0, "d": 0.0}
    assert "not valid notebook JSON" in by_student["d"]["error"]
    item = by_student["b"]["items"][1]
    assert set(item) == {"id", "score", "max_score", "checks"} and item["id"] == "total"
    assert set(item["checks"][0]) == {"name", "passed", "points", "message", "needs_values", "mistake", "failure",
                                      "picture"}
    assert all(s["seconds"] > 0 for s in document["submissions"] if not s["error"])


def test_exit_code_0_when_every_submission_was_graded(submissions):
    done = grade(submissions / "a", submissions / "b")
    assert done.returncode == 0
    assert "toy" in done.stdout and "3 / 3" in done.stdout


def test_bad_usage_exits_with_2(tmp_path):
    assert grade("--jobs", "0", tmp_path).returncode == 2
    assert grade(tmp_path / "nothing-here").returncode == 2


def test_autograde_refuses_grading_options_that_its_parallel_run_would_not_see():
    done = autograder("autograde", "toy", "--HiddenChecks.call_seconds=1")
    assert done.returncode == 2 and "nbgrader_config.py" in done.stderr


def test_call_seconds_on_the_command_line_limit_each_call(tmp_path):
    slow = "import time\ndef double(x):\n    time.sleep(3)\n    return 2 * np.asarray(x, dtype=float)"
    nbformat.write(with_cell(notebook.read(toy.RELEASE / "toy" / "toy.ipynb"), "double_solution", slow),
                   tmp_path / "toy.ipynb")
    document = json.loads(grade(tmp_path / "toy.ipynb", "--json", "--call-seconds", "0.5").stdout)
    double = document["submissions"][0]["items"][0]
    assert [c["failure"] for c in double["checks"]] == ["timeout", None]
    assert "did not finish within 0.5 s" in double["checks"][0]["message"]


def untimed(done):
    """The JSON document without the grading times, which differ from run to run."""
    document = json.loads(done.stdout)
    return [{k: v for k, v in s.items() if k != "seconds"} for s in document["submissions"]]


def test_parallel_jobs_give_the_same_document_as_one_job(submissions):
    assert untimed(grade(submissions, "--json")) == untimed(grade(submissions, "--json", "--jobs", "2"))


def test_a_local_dask_cluster_gives_the_same_document_as_one_job(submissions):
    serial = untimed(grade(submissions, "--json"))
    assert serial == untimed(grade(submissions, "--json", "--jobs", "2", "--dask", "local"))


def autograder(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_help_lists_every_command_on_one_line_each():
    done = autograder("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert len([line for line in done.stdout.splitlines() if line.split()[:1] == [name]]) == 1, name


@pytest.mark.parametrize("name", COMMANDS)
def test_each_commands_help_only_explains_it(name):
    done = autograder(name, "--help")
    assert done.returncode == 0 and not done.stderr
    assert done.stdout.startswith(f"usage: python -m autograder {name}")


def test_an_unknown_or_missing_command_is_bad_usage():
    for args in [(), ("grades",)]:
        done = autograder(*args)
        assert done.returncode == 2 and "usage: python -m autograder COMMAND" in done.stderr
