"""`python -m autograder demo`: the whole nbgrader workflow on the example submissions.

In a scratch course folder (.demo/): generate the release from source/,
autograde examples/submitted with the hidden checks (run in parallel, one
worker per core, then recorded by `nbgrader autograde`), generate feedback,
export grades.csv, and print the grade table.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from autograder.autograde import scripts_environment

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / ".demo"


def nbgrader(*args):
    """Run an nbgrader command on the demo course, with this repository's configuration."""
    timed(f"nbgrader {' '.join(args)}", [Path(sys.executable).parent / "nbgrader", *args])


def autograde():
    """nbgrader autograde of every assignment, the hidden checks run in parallel beforehand."""
    jobs = os.cpu_count() or 1
    timed(f"python -m autograder autograde * --jobs {jobs}",
          [sys.executable, "-m", "autograder", "autograde", "*", f"--jobs={jobs}", "--force"])


def timed(title, command):
    """Run a command on the demo course from the repository, print its time; stop the demo if it fails."""
    started = time.monotonic()
    done = subprocess.run([*command, f"--CourseDirectory.root={COURSE}"], cwd=ROOT, env=scripts_environment(),
                          capture_output=True, text=True)
    print(f"  {title:<48} {time.monotonic() - started:6.1f} s", flush=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-5000:])
        raise SystemExit(f"{title} failed")


def grade_table(path):
    """Students by assignments, with totals, from nbgrader's CSV export."""
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    assignments = sorted({r["assignment"] for r in rows})
    students = sorted({r["student_id"] for r in rows})
    score = {(r["student_id"], r["assignment"]): float(r["score"]) for r in rows}
    maximum = {r["assignment"]: float(r["max_score"]) for r in rows}
    lines = ["student   " + "".join(f"{a:>12}" for a in assignments) + f"{'total':>12}"]
    lines.append("(max)     " + "".join(f"{maximum[a]:>12g}" for a in assignments)
                 + f"{sum(maximum.values()):>12g}")
    for student in students:
        cells = [score.get((student, a), 0.0) for a in assignments]
        lines.append(f"{student:<10}" + "".join(f"{c:>12g}" for c in cells) + f"{sum(cells):>12g}")
    return "\n".join(lines)


def main(argv):
    argparse.ArgumentParser(prog="python -m autograder demo", description=__doc__.splitlines()[0]).parse_args(argv)
    shutil.rmtree(COURSE, ignore_errors=True)
    shutil.copytree(ROOT / "source", COURSE / "source")
    shutil.copytree(ROOT / "examples" / "submitted", COURSE / "submitted")
    print(f"demo course in {COURSE.name}/:")
    nbgrader("generate_assignment", "*", "--force")
    autograde()
    nbgrader("generate_feedback", "*", "--force")
    nbgrader("export", f"--to={COURSE.name}/grades.csv")  # relative to the repository, where it runs
    print(f"\nfeedback in {COURSE.name}/feedback/, grades in {COURSE.name}/grades.csv\n")
    print(grade_table(COURSE / "grades.csv"))
    return 0
