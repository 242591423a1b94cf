"""Grading inside Gradescope's container, as its `run_autograder` script does: `python -m autograder.gradescope_run`.

The autograder root ($AUTOGRADER_ROOT, default /autograder) holds `source/`
(the zip's content, with `grader.json` saying what grades), `submission/`
(the student's files) and `results/`, where `results.json` is written.
"""
import json
import os
import sys
from pathlib import Path

from autograder import gradescope
from autograder.batch import find_notebooks, grade_all
from autograder.results import Submission
from autograder.sandbox.protections import Unprotected

SETTINGS = "grader.json"  # in source/: {"release": ..., "checks": ..., "references": ..., "trusted": ...}


def grader_arguments(source):
    """The Grader's arguments from the zip's settings, folders relative to `source`."""
    settings = json.loads((source / SETTINGS).read_text())
    return {**settings, "release": source / settings["release"], "checks": source / settings["checks"]}


def grade(root):
    """The results.json document for the notebooks in `root`/submission."""
    paths = find_notebooks([root / "submission"])
    if not paths:
        return gradescope.results([Submission("submission", None, error="no notebook (.ipynb file) was submitted")])
    try:
        return gradescope.results(grade_all(paths, 1, grader_arguments(root / "source")))
    except Unprotected as exc:
        return gradescope.failure(f"grading was refused, tell the course staff: {exc}")


def main():
    root = Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    document = grade(root)
    (root / "results").mkdir(exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(document, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
