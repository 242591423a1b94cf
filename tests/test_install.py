"""Installs: the grader's wheel grades the course it runs in, wherever that is; students' requirements suffice."""
import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import venv

import pytest

from autograder.registry import assignments
from tests.grading import ROOT, full_marks, release

SOLVED = ROOT / "examples" / "submitted" / "ada" / "gd2d" / "gd2d.ipynb"  # every exercise solved


def run(*command, cwd, check=True):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing but the installed package
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)
    assert not check or done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    """The interpreter of a fresh virtual environment with the wheel installed, versions pinned by constraints.txt."""
    scratch = tmp_path_factory.mktemp("install")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, scratch / name)
    shutil.copytree(ROOT / "autograder", scratch / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", scratch / "dist", scratch, cwd=scratch)
    venv.create(scratch / "venv", with_pip=True)
    installed = scratch / "venv" / "bin" / "python"
    wheel, = (scratch / "dist").glob("*.whl")
    run(installed, "-m", "pip", "install", "--quiet", "--no-compile", "-c", ROOT / "constraints.txt", wheel,
        cwd=scratch)  # compiled on import instead, only what grading imports: about 20 s less in all
    shutil.rmtree(scratch / "autograder")
    return installed


@pytest.fixture
def course(tmp_path):
    """A copy of the course without the grader's source: its configuration, its release, one submission."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "assignments", tmp_path / "assignments")
    submitted = tmp_path / "submitted" / "ada" / "gd2d"
    submitted.mkdir(parents=True)
    shutil.copy(SOLVED, submitted)
    return tmp_path


def scores(done):
    return [(s["assignment"], s["score"], s["max_score"], s["error"]) for s in json.loads(done.stdout)["submissions"]]


def test_the_package_comes_from_the_installed_wheel(python, course):
    done = run(python, "-c", "import autograder; print(autograder.__file__)", cwd=course)
    assert done.stdout.startswith(str(python.parent.parent))


def test_grades_the_course_it_runs_in_from_any_folder_of_it(python, course):
    done = run(python, "-m", "autograder", "grade", "gd2d", "--json", cwd=course / "submitted" / "ada")
    assert scores(done) == [("gd2d", full_marks("gd2d"), full_marks("gd2d"), None)]


def test_grades_a_course_named_with_course_from_outside_it(python, course, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    done = run(python, "-m", "autograder", "grade", "--course", course, course / "submitted", "--json", cwd=elsewhere)
    assert scores(done) == [("gd2d", full_marks("gd2d"), full_marks("gd2d"), None)]


def test_outside_any_course_says_how_to_name_one(python, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(SOLVED, elsewhere)
    done = run(python, "-m", "autograder", "grade", "gd2d.ipynb", cwd=elsewhere, check=False)
    assert done.returncode == 2 and "nbgrader_config.py" in done.stderr and "--course" in done.stderr


def imported_modules(nb):
    """The top-level modules a notebook's code cells import."""
    modules = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


def test_students_requirements_provide_jupyter_and_every_module_the_release_imports():
    lines = (ROOT / "requirements-students.txt").read_text().splitlines()
    listed = {re.match(r"[\w.-]+", line)[0].lower() for line in lines if line.strip() and not line.startswith("#")}
    shipped = {path.stem for path in (ROOT / "assignments").glob("*/*.py")}  # modules the release itself holds
    needed = set().union(*(imported_modules(release(a)) for a in assignments())) - sys.stdlib_module_names - shipped
    providers = importlib.metadata.packages_distributions()
    unlisted = sorted(m for m in needed if not {d.lower() for d in providers.get(m, [])} & listed)
    assert needed and not unlisted and "jupyter" in listed
