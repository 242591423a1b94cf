"""Broken submissions of the real course, graded together by `python -m autograder grade --json`.

Each broken file gets an error naming it and its problem; everything that can
still be graded is graded, and the command exits with 1. Size limit: a
notebook of up to 100 MB is graded (a 50 MB output blob is no problem); a
larger one is refused unread.
"""
import copy
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import notebook
from tests.grading import ROOT, full_marks, solution, with_cell

FULL = full_marks("gd2d")


def cells_without(nb, *ids):
    changed = copy.deepcopy(nb)
    changed.cells = [c for c in changed.cells if notebook.grade_id(c) not in ids]
    return changed


def reordered(nb):
    changed = copy.deepcopy(nb)
    changed.cells = changed.cells[::-1]
    return changed


def renamed(nb, cell_id, new_id):
    changed = copy.deepcopy(nb)
    next(c for c in changed.cells if notebook.grade_id(c) == cell_id).metadata.nbgrader.grade_id = new_id
    return changed


def with_blob(nb, megabytes):
    """The notebook with an image output of the given size in its first code cell."""
    changed = copy.deepcopy(nb)
    cell = next(c for c in changed.cells if c.cell_type == "code")
    cell.outputs.append(nbformat.v4.new_output("display_data", data={"image/png": "A" * (megabytes * 2**20)}))
    return changed


def edited_given_code(nb):
    nb = with_cell(nb, "setup_loss", "def loss_2d(beta):\n    return 0.0")
    return with_cell(nb, "gd_step", "print('gd_step: 1 / 1 points')")


def text(nb):
    return nbformat.writes(nb).encode()


# case -> (file name, contents of the file, what the JSON says: an error fragment or the score)
CASES = {
    "clean": ("gd2d.ipynb", lambda nb: text(nb), FULL),
    "invalid JSON": ("gd2d.ipynb", lambda nb: b'{"cells": [', "is not valid notebook JSON"),
    "empty": ("gd2d.ipynb", lambda nb: b"", "is empty"),
    "not UTF-8": ("gd2d.ipynb", lambda nb: text(nb).replace(b"Gradient", b"Gr\xe4dient"), "is not UTF-8"),
    "folder": ("gd2d.ipynb", None, "is a folder"),
    "nbformat 3": ("gd2d.ipynb", lambda nb: json.dumps(nbformat.convert(copy.deepcopy(nb), 3)).encode(), FULL),
    "deleted cells": ("gd2d.ipynb", lambda nb: text(cells_without(nb, "grad_loss_2d_solution", "hessian_loss_2d")),
                      FULL - 2),
    "reordered cells": ("gd2d.ipynb", lambda nb: text(reordered(nb)), FULL),
    "edited given code and test cell": ("gd2d.ipynb", lambda nb: text(edited_given_code(nb)), FULL),
    "changed grade_id": ("gd2d.ipynb", lambda nb: text(renamed(nb, "gd_step_solution", "my_step")), FULL),
    "another assignment": ("gd2d.ipynb", lambda nb: text(solution("linefit")),
                           "is not a notebook of assignment 'gd2d'"),
    "no assignment": ("homework.ipynb", lambda nb: text(nbformat.v4.new_notebook()), "belongs to no assignment"),
    "50 MB": ("gd2d.ipynb", lambda nb: text(with_blob(nb, 50)), FULL),
    "over 100 MB": ("gd2d.ipynb", lambda nb: text(with_blob(nb, 101)), "more than the 100 MB"),
}


def write_cases(folder):
    """One folder per case; returns the paths in CASES order."""
    nb = solution("gd2d")
    paths = []
    for case, (name, contents, _) in CASES.items():
        path = folder / case.replace(" ", "-") / name
        path.parent.mkdir()
        if contents is None:
            path.mkdir()
        else:
            path.write_bytes(contents(nb))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    paths = write_cases(tmp_path_factory.mktemp("submitted"))
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "--json", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    return done, dict(zip(CASES, json.loads(done.stdout)["submissions"])), paths


def test_the_command_exits_with_1_and_reports_every_file_in_order(graded):
    done, results, paths = graded
    assert done.returncode == 1
    assert [r["notebook"] for r in results.values()] == [str(p) for p in paths]


def handled(case, result, path):
    """Whether a submission's JSON result is what CASES expects for it."""
    expected = CASES[case][2]
    if isinstance(expected, str):
        return bool(result["error"]) and result["error"].startswith(str(path)) and expected in result["error"] \
            and result["score"] == 0
    return result["error"] is None and result["score"] == expected


@pytest.mark.parametrize("case", CASES)
def test_each_file_is_graded_or_refused_with_its_name_and_problem(graded, case):
    _, results, paths = graded
    assert handled(case, results[case], paths[list(CASES).index(case)])


def test_what_went_missing_is_said_on_its_item(graded):
    _, results, _ = graded
    items = {i["id"]: i for i in results["deleted cells"]["items"]}
    assert "missing from the notebook" in items["grad_loss_2d"]["checks"][0]["message"]
    assert items["hessian_loss_2d"]["score"] == items["hessian_loss_2d"]["max_score"]
    renamed_item = {i["id"]: i for i in results["changed grade_id"]["items"]}["gd_step"]
    assert "defines the same names" in renamed_item["checks"][0]["message"]
