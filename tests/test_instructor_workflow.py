"""The README's instructor workflow, command for command as written there, on a fresh copy of the course."""
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import scripts_on_path
from autograder.registry import assignments
from tests.grading import ROOT

REGISTER = 'nbgrader generate_assignment "*" --force'
GRADE = ['nbgrader autograde "*"', 'nbgrader generate_feedback "*"', "nbgrader export"]
STUDENTS = ["ada", "dev"]  # all solved; catalogued mistakes in three assignments
CLONE = ["nbgrader_config.py", "autograder", "source"]  # what the steps read of a clone; they write assignments/


def run(course, command):
    """A command line as the README writes it, in the course root of an activated .venv."""
    argv = shlex.split(command)
    argv[0] = str(Path(sys.executable).parent / argv[0])
    with scripts_on_path():
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the clone's own autograder/
        done = subprocess.run(argv, cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{command}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A fresh clone taken through register, collect (by copying), autograde, feedback and export."""
    course = tmp_path_factory.mktemp("clone")
    for name in CLONE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, course / name)
    run(course, REGISTER)
    for student in STUDENTS:
        shutil.copytree(ROOT / "examples" / "submitted" / student, course / "submitted" / student)
    for command in GRADE:
        run(course, command)
    return course


def test_the_readme_gives_these_commands():
    readme = (ROOT / "README.md").read_text()
    missing = [command for command in [REGISTER, *GRADE] if f"`{command}`" not in readme]
    assert not missing, f"the README no longer says {missing}"


def test_registering_writes_the_committed_release_unchanged(course):
    def files(folder):
        return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert files(course / "assignments") == files(ROOT / "assignments")


def test_exported_grades_equal_the_command_lines_scores(course):
    with open(course / "grades.csv") as handle:
        exported = {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(handle)}
    document = json.loads(run(course, "python -m autograder grade submitted --json").stdout)
    graded = {tuple(Path(s["notebook"]).parts[1:3]): s["score"] for s in document["submissions"]}
    assert set(exported) == {(s, a) for s in STUDENTS for a in assignments()}
    assert exported == graded


def test_every_submission_has_its_feedback(course):
    for student in STUDENTS:
        for assignment in assignments():
            assert (course / "feedback" / student / assignment / f"{assignment}.html").is_file()
