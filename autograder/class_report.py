"""`python -m autograder report [SUBMITTED | RESULTS.json] [--output DIR]`: a class report on scores and mistakes.

One self-contained HTML page (report.html) and a CSV (report.csv, one row per
student and item): the score distribution per assignment and per item, the
named mistakes ranked by how many students made them, the items where
students timed out or took a forbidden shortcut, the slowest and the failed
submissions. It reads the JSON document of `grade --json`, or grades a
folder of notebooks (nbgrader's `submitted/`) once with the engine and keeps
that document as grades.json beside the report.
"""
import argparse
import csv
import json
import sys
from pathlib import Path

from autograder import class_summary, report_page
from autograder.cli import find_notebooks, grade_all, grader_arguments
from autograder.results import Submission, document
from autograder.sandbox.protections import Unprotected

CSV_FIELDS = ["student", "assignment", "item", "score", "max_score", "mistakes", "failures"]


def write(submissions, output):
    """Write report.html and report.csv into the folder `output`; the page's path."""
    output.mkdir(parents=True, exist_ok=True)
    with open(output / "report.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for row in class_summary.rows(submissions):
            writer.writerow([row.student, row.assignment, row.item, row.score, row.max_score,
                             "; ".join(row.mistakes), "; ".join(row.failures)])
    (output / "report.html").write_text(report_page.page(submissions))
    return output / "report.html"


def read_results(path):
    """The submissions of a `grade --json` document."""
    return [Submission.from_json(s) for s in json.loads(Path(path).read_text())["submissions"]]


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder report", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder of submitted notebooks to grade, or the JSON "
                                                  "document of `grade --json`")
    parser.add_argument("--output", type=Path, default=Path("report"), help="the folder to write (default: report)")
    parser.add_argument("--jobs", type=int, default=1, help="grade N submissions in parallel")
    parser.add_argument("--course", type=Path, help="the course directory (default: the current folder or the "
                                                     "nearest one above it with nbgrader_config.py)")
    parser.add_argument("--trusted", action="store_true", help="grade even where the sandbox's isolation is "
                                                               "missing (see the doctor command): trusted code only")
    args = parser.parse_args(argv)
    if args.source.is_file():
        submissions = read_results(args.source)
    elif args.source.is_dir():
        args.release = args.checks = args.references = None
        try:
            submissions = grade_all(find_notebooks([args.source]), max(args.jobs, 1),
                                    {**grader_arguments(args), "trusted": args.trusted})
        except Unprotected as exc:
            print(exc, file=sys.stderr)
            return 2
        args.output.mkdir(parents=True, exist_ok=True)
        (args.output / "grades.json").write_text(json.dumps(document(submissions), indent=1))
    else:
        print(f"no such file or folder: {args.source}", file=sys.stderr)
        return 2
    print(write(submissions, args.output))
    return 0
