"""`python -m autograder demo`: the whole nbgrader workflow on the example submissions.

In a scratch course folder (.demo/ of the course directory): generate the
release from source/, autograde examples/submitted with the hidden checks
(run in parallel, one worker per core, then recorded by `nbgrader autograde`),
generate feedback, export grades.csv, print the grade table, and write the
class report (score distributions, common mistakes) and print its path.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from autograder import course, result_text

DEMO = ".demo"


def nbgrader(root, *args):
    """Run an nbgrader command on the demo course, with the configuration of the course at `root`."""
    timed(root, f"nbgrader {' '.join(args)}", [Path(sys.executable).parent / "nbgrader", *args, on_demo(root)])


def autograde(root):
    """nbgrader autograde of every assignment, the hidden checks run in parallel beforehand."""
    jobs = os.cpu_count() or 1
    timed(root, f"python -m autograder autograde * --jobs {jobs}",
          [sys.executable, "-m", "autograder", "autograde", "*", f"--jobs={jobs}", "--force", on_demo(root)])


def on_demo(root):
    """nbgrader's option that makes a command work on the demo course."""
    return f"--CourseDirectory.root={root / DEMO}"


def timed(root, title, command):
    """Run a command in the course at `root`, print its time; stop the demo if it fails."""
    started = time.monotonic()
    with course.scripts_on_path():
        done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    print(f"  {title:<48} {time.monotonic() - started:6.1f} s", flush=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-5000:])
        raise SystemExit(f"{title} failed")


def class_report(root):
    """The class report on the example submissions, graded once more by the engine for their timings."""
    jobs = os.cpu_count() or 1
    timed(root, f"python -m autograder report submitted --jobs {jobs}",
          [sys.executable, "-m", "autograder", "report", f"{DEMO}/submitted", f"--output={DEMO}/report",
           f"--jobs={jobs}"])
    return root / DEMO / "report" / "report.html"


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder demo", description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, help="the course directory, with source/ and examples/ (default: "
                                                     "the current folder or the nearest one above it with "
                                                     "nbgrader_config.py)")
    root = course.find(parser.parse_args(argv).course)
    demo = root / DEMO
    shutil.rmtree(demo, ignore_errors=True)
    shutil.copytree(root / "source", demo / "source")
    shutil.copytree(root / "examples" / "submitted", demo / "submitted")
    print(f"demo course in {DEMO}/:")
    nbgrader(root, "generate_assignment", "*", "--force")
    autograde(root)
    nbgrader(root, "generate_feedback", "*", "--force")
    nbgrader(root, "export", f"--to={DEMO}/grades.csv")  # relative to the course directory, where it runs
    print(f"\nfeedback in {DEMO}/feedback/, grades in {DEMO}/grades.csv\n")
    print(result_text.gradebook_table(demo / "grades.csv"))
    print(f"\nclass report: {class_report(root).relative_to(root)}")
    return 0
