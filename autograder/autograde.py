"""`python -m autograder autograde ASSIGNMENT [--jobs N] [NBGRADER_OPTION...]`: a class into the gradebook, in parallel.

The hidden checks first run for every submission of the assignment (or of
every assignment, with "*" as for nbgrader) in N worker processes, as
`grade --jobs N` does. Then `nbgrader autograde` runs as usual and records the
grades; its GradedBeforehand step takes each result from the parallel run instead
of grading again. A result is taken only for a notebook whose graded program
(setup cells, solution cells, notes) is exactly the one graded in parallel,
so the gradebook holds the scores a plain `nbgrader autograde` would give.
Run it where nbgrader runs; options after the assignment go to nbgrader
(e.g. `--student=ada --force`), except HiddenChecks options (checks,
references, limits): those belong in nbgrader_config.py.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from nbgrader.coursedir import CourseDirectory

from autograder import course
from autograder.batch import grade_all


def course_config(root=None):
    """nbgrader's configuration, as nbgrader reads it: nbgrader_config.py of this folder, then `root`."""
    config = course.config(os.getcwd())
    if root:
        config.CourseDirectory.root = str(Path(root).resolve())
    return config


def submitted_notebooks(coursedir, assignment):
    """Every submitted notebook of the assignment (a glob pattern), student by student."""
    pattern = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
    return sorted(Path(p) for p in glob.glob(os.path.join(pattern, "*.ipynb")))


def graded_in_parallel(config, assignment: str, jobs: int) -> dict[str, dict]:
    """{fingerprint: submission document} for every submission the engine could grade."""
    paths = submitted_notebooks(CourseDirectory(config=config), assignment)
    if not paths:
        return {}
    results = grade_all(paths, jobs, course.grader_arguments(config))
    # one that could not be graded has no fingerprint: nbgrader meets the same problem and reports it itself
    return {result.fingerprint: result.to_json() for result in results if result.fingerprint}


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder autograde", description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help='an assignment, or a pattern such as "*"')
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    parser.add_argument("--CourseDirectory.root", dest="root", help="the course directory (passed on to nbgrader)")
    args, nbgrader_options = parser.parse_known_args(argv)
    grading = [option for option in nbgrader_options if option.startswith("--HiddenChecks.")]
    if grading:  # the parallel run would not see them, and its results would be taken all the same
        parser.error(f"{grading[0]}: set HiddenChecks options in nbgrader_config.py, where both the parallel "
                     "run and nbgrader read them")
    config = course_config(args.root)
    if args.root:
        nbgrader_options.append(f"--CourseDirectory.root={args.root}")
    known = graded_in_parallel(config, args.assignment, max(args.jobs, 1))
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="graded-") as results:
        json.dump(known, results)
        results.flush()
        return run_nbgrader("autograde", args.assignment, f"--GradedBeforehand.graded={results.name}",
                            *nbgrader_options).returncode


def run_nbgrader(*args: str, **options) -> subprocess.CompletedProcess:
    """Run this environment's nbgrader."""
    with course.scripts_on_path():
        return subprocess.run([Path(sys.executable).parent / "nbgrader", *args], **options)
