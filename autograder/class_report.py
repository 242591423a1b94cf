"""`python -m autograder report [SUBMITTED | RESULTS.json | --gradebook [DB]] [--output DIR]`: a class report.

One self-contained HTML page (report.html) and a CSV (report.csv, one row per
student and item): the score distribution per assignment and per item, the
named mistakes ranked by how many students made them, the items where
students timed out or took a forbidden shortcut, the slowest and the failed
submissions. It reads the JSON document of `grade --json`, or grades a
folder of notebooks (nbgrader's `submitted/`) once with the engine and keeps
that document as grades.json beside the report, or reads nbgrader's gradebook
(the course's, or the database URL given) and the autograded notebooks'
feedback: scores and named mistakes only, as grading times, timeouts,
shortcuts and failed submissions are not recorded there.
"""
import argparse
import csv
import json
import sys
from pathlib import Path

from autograder import class_summary, course, report_page
from autograder.batch import find_notebooks, grade_all
from autograder.results import Submission, document
from autograder.sandbox.protections import Unprotected

CSV_FIELDS = ["student", "assignment", "item", "score", "max_score", "mistakes", "failures"]


def write(submissions, output, note=""):
    """Write report.html and report.csv into the folder `output`; the page's path. `note`: see report_page.page."""
    output.mkdir(parents=True, exist_ok=True)
    with open(output / "report.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for row in class_summary.rows(submissions):
            writer.writerow([row.student, row.assignment, row.item, row.score, row.max_score,
                             "; ".join(row.mistakes), "; ".join(row.failures)])
    (output / "report.html").write_text(report_page.page(submissions, note=note))
    return output / "report.html"


def read_results(path):
    """The submissions of a `grade --json` document."""
    return [Submission.from_json(s) for s in json.loads(Path(path).read_text())["submissions"]]


def graded(folder, args):
    """The submissions of the notebooks in a folder, graded once; their document kept beside the report."""
    arguments = {**course.grader_arguments(course.config(course.find(args.course))), "trusted": args.trusted}
    submissions = grade_all(find_notebooks([folder]), max(args.jobs, 1), arguments)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "grades.json").write_text(json.dumps(document(submissions), indent=1))
    return submissions


def results_of(args):
    """The class's submissions, from where the arguments say, and what that source leaves out."""
    if args.gradebook is not None:
        from autograder import gradebook_results  # imports nbgrader's database layer: only when asked for
        return (gradebook_results.submissions(course.config(course.find(args.course)), args.gradebook or None),
                gradebook_results.LEFT_OUT)
    if args.source.is_file():
        return read_results(args.source), ""
    return graded(args.source, args), ""


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder report", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="a folder of submitted notebooks to grade, or the "
                                                             "JSON document of `grade --json`")
    parser.add_argument("--gradebook", nargs="?", const="", metavar="DB",
                        help="read nbgrader's gradebook instead: the course's, or this database URL")
    parser.add_argument("--output", type=Path, default=Path("report"), help="the folder to write (default: report)")
    parser.add_argument("--jobs", type=int, default=1, help="grade N submissions in parallel")
    parser.add_argument("--course", type=Path, help="the course directory (default: the current folder or the "
                                                     "nearest one above it with nbgrader_config.py)")
    parser.add_argument("--trusted", action="store_true", help="grade even where the sandbox's isolation is "
                                                               "missing (see the doctor command): trusted code only")
    args = parser.parse_args(argv)
    if (args.source is None) == (args.gradebook is None):
        parser.error("give a folder or a JSON document, or --gradebook")
    if args.source is not None and not args.source.exists():
        parser.error(f"no such file or folder: {args.source}")
    try:
        submissions, note = results_of(args)
    except Unprotected as exc:
        print(exc, file=sys.stderr)
        return 2
    print(write(submissions, args.output, note))
    return 0
