"""`nbgrader autograde` grades with the same engine: same scores, feedback in the notebook, no check code."""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from autograder import notebook
from autograder.course import scripts_on_path
from autograder.engine import Grader
from autograder.nbgrader_plugin import RESULT, GradedBeforehand
from autograder.results import Submission
from tests import toy
from tests.grading import ROOT, with_cell

SOLVED = {"double_solution": "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * np.asarray(x, dtype=float)\n"
                             "    ### END SOLUTION",
          "total_solution": "def total(values):\n    ### BEGIN SOLUTION\n    return float(sum(values))\n"
                            "    ### END SOLUTION"}
CONFIG = f"""
import os
c = get_config()
load_subconfig({str(ROOT / "nbgrader_config.py")!r})  # the course's own configuration, with the toy's checks
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.HiddenChecks.checks = {str(toy.CHECKS)!r}
c.HiddenChecks.references = {toy.REFERENCES!r}
"""


def nbgrader(course, *args):
    return run(course, Path(sys.executable).parent / "nbgrader", *args)


def run(course, *command):
    with scripts_on_path():
        done = subprocess.run(command, cwd=course, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def exported_scores(course):
    with open(course / "grades.csv") as handle:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A toy course taken through generate_assignment, autograde, export and generate_feedback."""
    course = tmp_path_factory.mktemp("course")
    good = source = toy_course(course)
    crashing = with_cell(source, "double_solution", "import os\nos._exit(1)")
    crashing.cells = [c for c in crashing.cells if notebook.grade_id(c) != "total"]  # deleted test cell
    partial = with_cell(source, "total_solution", "def total(values):\n    return 0.0")
    for student, nb in {"alice": good, "bob": crashing, "carol": partial}.items():
        write(course / "submitted" / student / "toy" / "toy.ipynb", nb)
    nbgrader(course, "autograde", "toy", "--force")
    nbgrader(course, "export")
    nbgrader(course, "generate_feedback", "toy", "--force")
    return course


def toy_course(course):
    """Make `course` a toy course with the toy assignment generated; its solved source notebook."""
    (course / "nbgrader_config.py").write_text(CONFIG)
    source = notebook.read(toy.RELEASE / "toy" / "toy.ipynb")
    for cell_id, code in SOLVED.items():
        source = with_cell(source, cell_id, code)
    write(course / "source" / "toy" / "toy.ipynb", source)
    nbgrader(course, "generate_assignment", "toy", "--force")
    return source


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def test_gradebook_scores_equal_the_engine_scores(course):
    exported = exported_scores(course)
    with Grader(course / "assignments", checks=toy.CHECKS, references=toy.REFERENCES) as grader:
        direct = {s: grader.grade_path(course / "submitted" / s / "toy" / "toy.ipynb").score for s in exported}
    assert exported == direct == {"alice": 3.0, "bob": 1.0, "carol": 2.0}


def test_a_deleted_test_cell_is_restored_and_scored(course):
    graded = notebook.read(course / "autograded" / "bob" / "toy" / "toy.ipynb")
    assert "total" in [notebook.grade_id(c) for c in graded.cells]


def test_feedback_shows_each_items_messages_and_no_check_code(course):
    html = (course / "feedback" / "bob" / "toy" / "toy.html").read_text()
    assert "ended its process" in html and "doubles scalars" in html
    check_source = (toy.CHECKS / "toy.py").read_text()
    for path in list((course / "feedback").rglob("*.html")) + list((course / "autograded").rglob("*.ipynb")):
        text = path.read_text()
        assert "expect_close" not in text and "def check_" not in text and check_source[:200] not in text


def test_call_seconds_in_the_course_configuration_limit_each_call(tmp_path):
    source = toy_course(tmp_path)
    (tmp_path / "nbgrader_config.py").write_text(CONFIG + "c.HiddenChecks.call_seconds = 0.5\n")
    slow = "import time\ndef double(x):\n    time.sleep(3)\n    return 2 * np.asarray(x, dtype=float)"
    submitted = tmp_path / "submitted" / "slow" / "toy" / "toy.ipynb"
    write(submitted, with_cell(source, "double_solution", slow))
    nbgrader(tmp_path, "autograde", "toy")
    nbgrader(tmp_path, "export")
    assert exported_scores(tmp_path) == {"slow": 1.0}
    graded = notebook.read(tmp_path / "autograded" / "slow" / "toy" / "toy.ipynb")
    double = next(c for c in graded.cells if notebook.grade_id(c) == "double")
    assert "did not finish within 0.5 s" in double.outputs[0].text
    table = run(tmp_path, sys.executable, "-m", "autograder", "grade", "--json", str(submitted)).stdout
    assert "did not finish within 0.5 s" in table


def test_a_result_graded_beforehand_is_taken_only_for_the_program_it_graded(tmp_path):
    config = Config()
    config.CourseDirectory.root, config.CourseDirectory.release_directory = str(toy.HERE), "release"
    released = notebook.read(toy.RELEASE / "toy" / "toy.ipynb")
    graded = with_cell(released, "total_solution", SOLVED["total_solution"])
    fingerprint = notebook.fingerprint("toy", notebook.build_program(released, graded))
    (tmp_path / "graded.json").write_text(json.dumps({fingerprint: Submission("x", "toy", 1.0, 3.0).to_json()}))
    config.GradedBeforehand.graded = str(tmp_path / "graded.json")
    step, about = GradedBeforehand(config=config), {"student": "ada", "assignment": "toy", "notebook": "toy"}
    _, taken = step.preprocess(graded, {"nbgrader": about})
    assert (taken[RESULT].notebook, taken[RESULT].score) == ("ada/toy/toy.ipynb", 1.0)
    _, changed = step.preprocess(with_cell(graded, "total_solution", "def total(v):\n    return 0.0"),
                                 {"nbgrader": about})
    assert RESULT not in changed


def test_a_class_graded_in_parallel_fills_the_gradebook_with_the_same_scores(course, tmp_path):
    parallel = tmp_path / "course"
    shutil.copytree(course, parallel, ignore=shutil.ignore_patterns("gradebook.db", "autograded", "feedback"))
    nbgrader(parallel, "generate_assignment", "toy", "--force")
    done = run(parallel, sys.executable, "-m", "autograder", "autograde", "toy", "--jobs", "2")
    assert done.stderr.count("(graded beforehand)") == 3, done.stderr[-3000:]
    nbgrader(parallel, "export")
    assert exported_scores(parallel) == exported_scores(course)
