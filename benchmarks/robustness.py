"""Attacks tried and held, broken inputs tried and handled, and the slowest grading among them.

    .venv/bin/python benchmarks/robustness.py

Uses the attack catalogue of tests/test_attacks.py and the broken submissions
of tests/test_broken_submissions.py, graded with the course's real limits
(not the tests' short ones), one Grader for everything, as a class would be.
"""
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.engine import Grader  # noqa: E402
from tests.grading import solution  # noqa: E402
from tests.test_attacks import ATTACKS, broken_promises  # noqa: E402
from tests.test_broken_submissions import CASES, handled, write_cases  # noqa: E402


def timed(function, *args):
    started = time.monotonic()
    return function(*args), time.monotonic() - started


def main():
    slowest = (0.0, "")
    with Grader() as grader:
        clean = {a: (nb, grader.grade(nb, a, "clean")) for a in {attack.assignment for attack in ATTACKS}
                 for nb in [solution(a)]}
        held = 0
        for attack in ATTACKS:
            broken, seconds = timed(broken_promises, grader, *clean[attack.assignment], attack)
            held += not broken
            slowest = max(slowest, (seconds, f"attack: {attack.name}"))
            print(f"  {'held' if not broken else 'BROKE'}  {seconds:6.1f} s  {attack.name}"
                  + (f"  ({'; '.join(broken)})" if broken else ""))
        with tempfile.TemporaryDirectory() as folder:
            handled_count = 0
            for case, path in zip(CASES, write_cases(Path(folder))):
                result, seconds = timed(grader.grade_path, path)
                ok = handled(case, result.to_json(), path)
                handled_count += ok
                slowest = max(slowest, (seconds, f"broken input: {case}"))
                print(f"  {'handled' if ok else 'MISSED '}  {seconds:6.1f} s  {case}")
    print(f"attacks tried {len(ATTACKS)}, held {held}")
    print(f"broken inputs tried {len(CASES)}, handled {handled_count}")
    print(f"slowest grading {slowest[0]:.1f} s ({slowest[1]}; the attack's seconds include grading the "
          "clean submission after it)")
    return 0 if held == len(ATTACKS) and handled_count == len(CASES) else 1


if __name__ == "__main__":
    sys.exit(main())
