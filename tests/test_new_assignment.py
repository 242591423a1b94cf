"""A new assignment is four files and nothing to register (README, "Adding an assignment"): the toy
assignment's source notebook, reference and check module, in a course directory of their own, go through
the build and grading, and its mistakes and alternatives grade as they say."""
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder import given, notebook, registry
from autograder.engine import Grader
from tests import toy
from tests.grading import ROOT, item, messages, with_cell
from tests.toy.alternatives import ALTERNATIVES
from tests.toy.mistakes import MISTAKES

REFERENCES = "toy_course_references"  # a name of its own: tests.toy.references is imported elsewhere
CONFIG = (ROOT / "nbgrader_config.py").read_text() + f"""
c.HiddenChecks.checks = os.path.join(HERE, "checks")
c.HiddenChecks.references = {REFERENCES!r}
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory holding only the toy's files, built with `python -m autograder build`."""
    root = tmp_path_factory.mktemp("course")
    (root / "nbgrader_config.py").write_text(CONFIG)
    shutil.copytree(toy.SOURCE, root / "source")
    shutil.copytree(toy.HERE / "references", root / REFERENCES, ignore=shutil.ignore_patterns("given", "__pycache__"))
    shutil.copytree(toy.CHECKS, root / "checks")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(root)])}
    done = subprocess.run([sys.executable, "-m", "autograder", "build", "--course", str(root)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture(scope="module")
def grader(course):
    sys.path.insert(0, str(course))
    try:
        with Grader(course / "assignments", checks=course / "checks", references=REFERENCES) as grader:
            yield grader
    finally:
        sys.path.remove(str(course))


def solution(course):
    return notebook.solved(course / "source" / "toy" / "toy.ipynb")


def sources(nb):
    return [(c.cell_type, c.source) for c in nb.cells]


def test_the_registry_reads_the_assignment_from_its_notebook(course):
    assert registry.assignments(course) == ["toy"]
    assert [(e.name, e.id, e.points) for e in registry.exercises("toy", course)] == \
        [("double", "double", 2.0), ("total", "total", 1.0)]


def test_the_build_writes_the_release_and_the_given_code_into_the_references(course):
    release = notebook.read(course / "assignments" / "toy" / "toy.ipynb")
    assert (course / REFERENCES / "given" / "toy.py").read_text() == given.module_source("toy", release)
    assert (course / "solutions" / "toy" / "toy.ipynb").is_file()


def test_the_committed_toy_release_and_given_code_are_this_build(course):
    built = notebook.read(course / "assignments" / "toy" / "toy.ipynb")
    committed = notebook.read(toy.RELEASE / "toy" / "toy.ipynb")
    assert sources(committed) == sources(built), "stale: rebuild the toy (README, 'Adding an assignment')"
    assert (toy.HERE / "references" / "given" / "toy.py").read_text() == given.module_source("toy", committed)


def test_the_solution_scores_full_marks_and_the_release_zero(course, grader):
    solved = grader.grade(solution(course), "toy", "solution")
    assert solved.score == solved.max_score == 3
    assert grader.grade(notebook.read(course / "assignments" / "toy" / "toy.ipynb"), "toy", "release").score == 0


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.item for m in MISTAKES])
def test_each_mistake_loses_points_with_its_explanation(course, grader, mistake):
    nb = with_cell(solution(course), mistake.item + "_solution", mistake.source)
    graded = item(grader.grade(nb, "toy", "mistake"), mistake.item)
    assert graded.score < graded.max_score and mistake.explanation in messages(graded)


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=[a.item for a in ALTERNATIVES])
def test_each_alternative_scores_full_marks(course, grader, alternative):
    nb = with_cell(solution(course), alternative.item + "_solution", alternative.source)
    graded = item(grader.grade(nb, "toy", "alternative"), alternative.item)
    assert graded.score == graded.max_score, messages(graded)


def test_a_source_folder_without_its_notebook_is_an_error_not_skipped(tmp_path):
    (tmp_path / "source" / "toy").mkdir(parents=True)
    with pytest.raises(registry.RegistryError, match="source/toy: has no notebook toy.ipynb"):
        registry.assignments(tmp_path)


def test_a_graded_cell_without_its_solution_cell_is_an_error(tmp_path):
    nb = notebook.read(toy.SOURCE / "toy" / "toy.ipynb")
    nb.cells = [c for c in nb.cells if notebook.grade_id(c) != "total_solution"]
    (tmp_path / "source" / "toy").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / "toy" / "toy.ipynb")
    with pytest.raises(registry.RegistryError, match="'total' has no solution cell 'total_solution'"):
        registry.exercises("toy", tmp_path)
