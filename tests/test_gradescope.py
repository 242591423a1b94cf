"""Gradescope: the zip holds what its container needs; run_autograder writes results.json as Gradescope specifies,
with the scores of `grade --json`; `grade --format gradescope` prints the same document."""
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

from autograder import result_text
from autograder.results import Submission
from tests.grading import ROOT

STUDENTS = [ROOT / "examples" / "submitted" / student / "gd2d" / "gd2d.ipynb" for student in ("dev", "farid")]
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def autograder(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The zip for two assignments, as `python -m autograder gradescope` builds it."""
    output = tmp_path_factory.mktemp("zip") / "autograder.zip"
    done = autograder("gradescope", "gd2d", "linefit", "--output", output)
    assert done.returncode == 0, done.stderr
    return output


def run_autograder(built, scratch, *notebooks):
    """results.json from the zip's run_autograder, in a folder laid out like Gradescope's (setup.sh not run)."""
    for folder in ("source", "submission", "results"):
        (scratch / folder).mkdir()
    with zipfile.ZipFile(built) as archive:
        archive.extractall(scratch / "source")
        for info in archive.infolist():
            os.chmod(scratch / "source" / info.filename, info.external_attr >> 16)
    for notebook in notebooks:
        shutil.copy(notebook, scratch / "submission")
    env = {**os.environ, "AUTOGRADER_ROOT": str(scratch), "AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run([scratch / "source" / "run_autograder"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads((scratch / "results" / "results.json").read_text())


def assert_follows_the_specification(results):
    assert isinstance(results["score"], float) and isinstance(results["output"], str)
    assert isinstance(results["execution_time"], int) and results["tests"]
    for test in results["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "visibility"}
        assert isinstance(test["name"], str) and isinstance(test["output"], str) and test["output"]
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert test["visibility"] in VISIBILITIES
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


@pytest.fixture(scope="module")
def written(built, tmp_path_factory):
    """{notebook: the results.json run_autograder writes for it alone}."""
    return {notebook: run_autograder(built, tmp_path_factory.mktemp("root"), notebook) for notebook in STUDENTS}


@pytest.fixture(scope="module")
def cli_document():
    done = autograder("grade", *STUDENTS, "--json")
    assert done.returncode == 0, done.stderr
    return {s["notebook"]: s for s in json.loads(done.stdout)["submissions"]}


def test_the_zip_holds_gradescopes_scripts_the_grader_its_checks_and_the_release_of_its_assignments(built):
    with zipfile.ZipFile(built) as archive:
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        setup = archive.read("setup.sh").decode()
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR, script
    assert {"autograder/engine.py", "autograder/reference/gd2d.py", "checks/gd2d.py", "constraints.txt",
            "release/gd2d/gd2d.ipynb", "release/linefit/linefit.ipynb"} <= set(modes)
    assert not [name for name in modes if name.startswith(("release/optimizers", "solutions", "examples"))]
    assert "torch --index-url https://download.pytorch.org/whl/cpu" in setup and "libseccomp2" in setup


@pytest.mark.parametrize("notebook", STUDENTS, ids=lambda p: p.parts[-3])
def test_run_autograder_gives_one_test_per_item_with_the_scores_of_the_command_line(written, notebook, cli_document):
    results = written[notebook]
    assert_follows_the_specification(results)
    expected = cli_document[str(notebook)]
    assert results["score"] == expected["score"]
    assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]] == \
        [(f"gd2d: {i['id']}", i["score"], i["max_score"]) for i in expected["items"]]
    expected_items = Submission.from_json(expected).items
    assert [t["output"] for t in results["tests"]] == [result_text.feedback(i) for i in expected_items]
    outputs = "\n".join(t["output"] for t in results["tests"])
    assert "def check_" not in outputs and "@pytest" not in outputs  # check names and messages, never code


def test_a_broken_notebook_is_one_failed_test_that_says_why(built, tmp_path):
    broken = tmp_path / "gd2d.ipynb"
    broken.write_text("{broken")
    (tmp_path / "root").mkdir()
    results = run_autograder(built, tmp_path / "root", broken)
    assert_follows_the_specification(results)
    (test,) = results["tests"]
    assert results["score"] == test["score"] == 0.0
    assert "could not be graded" in test["name"] and "not valid notebook JSON" in test["output"]


def test_grade_with_format_gradescope_prints_the_document_run_autograder_writes(written):
    done = autograder("grade", STUDENTS[0], "--format", "gradescope")
    assert done.returncode == 0, done.stderr
    assert {**json.loads(done.stdout), "execution_time": 0} == {**written[STUDENTS[0]], "execution_time": 0}
