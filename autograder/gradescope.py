"""Gradescope's results.json from the engine's results: one test per item, its feedback as the test's output.

The format: https://gradescope-autograders.readthedocs.io/en/latest/specs/
"""
import math
from pathlib import Path

from autograder import result_text

VISIBILITY = "visible"  # students see each item's feedback as soon as it is graded


def results(submissions):
    """The results.json document for a student's submitted notebooks."""
    return {"score": round(sum(s.score for s in submissions), 4),
            "execution_time": math.ceil(sum(s.seconds for s in submissions)),
            "output": "\n".join(map(result_text.summary, submissions)),
            "tests": [test for s in submissions for test in _tests(s)]}


def failure(message):
    """The results.json document when nothing could be graded; the message says why."""
    return {"score": 0.0, "execution_time": 0, "output": message,
            "tests": [_test("grading", 0.0, 0.0, message)]}


def _tests(submission):
    if submission.error:
        return [_test(f"{Path(submission.notebook).name}: could not be graded", 0.0, 0.0, submission.error)]
    return [_test(f"{submission.assignment}: {item.id}", item.score, item.max_score,
                  result_text.feedback(item))
            for item in submission.items]


def _test(name, score, max_score, output):
    return {"name": name, "score": score, "max_score": max_score, "output": output, "visibility": VISIBILITY}
