"""`python -m autograder grade PATH... [--json | --format FORMAT] [--jobs N] [--feedback DIR]`: grade notebooks
without a gradebook.

The release comes from the course directory: `--course DIR`, or the current
folder or the nearest one above it with `nbgrader_config.py`; `--release`
names a release folder instead. Exit code 0 when every submission was graded
(whatever its score), 1 when any could not be, 2 for bad usage.
"""
import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from autograder import course, feedback_page, gradescope, result_text
from autograder.batch import find_notebooks, grade_all
from autograder.results import document
from autograder.sandbox.process import CONFIGURABLE, Limits
from autograder.sandbox.protections import Unprotected

FORMATS = {"table": result_text.table,
           "json": lambda submissions: json.dumps(document(submissions), indent=1),
           "gradescope": lambda submissions: json.dumps(gradescope.results(submissions), indent=1)}


def grader_arguments(args: argparse.Namespace) -> dict:
    """The Grader's arguments: those given, the rest from the course (which is read only when needed)."""
    given = {name: getattr(args, name) for name in ("release", "checks", "references") if getattr(args, name)}
    arguments = given if args.release else {**course.grader_arguments(course.config(course.find(args.course))),
                                            **given}
    limits = {name: getattr(args, name) for name in CONFIGURABLE if getattr(args, name) is not None}
    if limits:
        arguments["limits"] = replace(arguments.get("limits", Limits()), **limits)
    return arguments


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder grade", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="notebooks, or folders searched for .ipynb files")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="a table, the JSON document, or Gradescope's results.json (default: table)")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
    parser.add_argument("--jobs", type=int, default=1, help="grade N submissions in parallel")
    parser.add_argument("--dask", metavar="ADDRESS", help="grade on a Dask cluster: a scheduler address, "
                                                          "or 'local' for a local cluster of --jobs workers")
    parser.add_argument("--course", type=Path, help="the nbgrader course directory (default: the current folder "
                                                     "or the nearest one above it with nbgrader_config.py)")
    parser.add_argument("--release", type=Path, help="the student release folder (default: the course's)")
    parser.add_argument("--checks", type=Path, help="the folder of check modules (default: the course's, "
                                                    "else the installed ones)")
    parser.add_argument("--references", help="the package of references (default: the course's, "
                                             "else the installed ones)")
    parser.add_argument("--feedback", type=Path, metavar="DIR", help="also write each submission's feedback "
                                                                      "as a self-contained HTML page into DIR")
    for name, meaning in CONFIGURABLE.items():
        kind = float if name.endswith("_seconds") else int
        parser.add_argument("--" + name.replace("_", "-"), type=kind, metavar=name.split("_")[-1].upper(),
                            help=f"{meaning} (default: the course's HiddenChecks.{name}, else "
                                 f"{getattr(Limits, name)})")
    parser.add_argument("--trusted", action="store_true", help="grade even where the sandbox's isolation is "
                                                               "missing (see the doctor command): trusted code only")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    paths = find_notebooks(args.paths)
    if not paths:
        print("no notebooks found in " + " ".join(args.paths), file=sys.stderr)
        return 2
    try:
        submissions = grade_all(paths, args.jobs, {**grader_arguments(args), "trusted": args.trusted}, args.dask)
    except Unprotected as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.feedback:
        feedback_page.write(submissions, args.feedback)
    print(FORMATS[args.format](submissions))
    return 1 if any(s.error for s in submissions) else 0
