"""A class's results in the tallies of the class report: one row per student and item, mistakes ranked,
items that timed out or took a forbidden shortcut, the slowest and the failed submissions."""
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from autograder.outcomes import SHORTCUT, TIMEOUT


@dataclass(frozen=True)
class Row:
    """One student's result on one item."""
    student: str
    assignment: str
    item: str
    score: float
    max_score: float
    mistakes: tuple = ()   # the known mistakes its checks name
    failures: tuple = ()   # TIMEOUT and SHORTCUT, if any of its checks failed so


@dataclass(frozen=True)
class Mistake:
    """A named mistake, with the students who made it and the points it cost them per item."""
    explanation: str
    students: tuple
    cost: dict  # (assignment, item) -> points lost on the items where it was named


@dataclass(frozen=True)
class Trouble:
    """An item on which students' code ran out of time or took a forbidden shortcut."""
    assignment: str
    item: str
    timeouts: tuple   # students
    shortcuts: tuple  # students


def student_of(notebook):
    """The student of a notebook in nbgrader's `submitted/<student>/<assignment>/` layout, else its file name."""
    parts = Path(notebook).parts
    return parts[-3] if len(parts) >= 3 else Path(notebook).stem


def rows(submissions):
    """One row per student and graded item, in the order of the submissions."""
    return [Row(student_of(s.notebook), s.assignment, item.id, item.score, item.max_score,
                tuple(dict.fromkeys(c.mistake for c in item.checks if c.mistake)),
                tuple(dict.fromkeys(c.failure for c in item.checks if c.failure)))
            for s in submissions if not s.error for item in s.items]


def ranked_mistakes(class_rows):
    """The named mistakes, the one most students made first."""
    students, cost = defaultdict(set), defaultdict(lambda: defaultdict(float))
    for row in class_rows:
        for explanation in row.mistakes:
            students[explanation].add(row.student)
            cost[explanation][row.assignment, row.item] += row.max_score - row.score
    found = [Mistake(e, tuple(sorted(students[e])), dict(cost[e])) for e in students]
    return sorted(found, key=lambda m: (-len(m.students), m.explanation))


def troubles(class_rows):
    """Items where some students timed out or took a forbidden shortcut, the most affected first."""
    hit = defaultdict(lambda: {TIMEOUT: set(), SHORTCUT: set()})
    for row in class_rows:
        for failure in row.failures:
            hit[row.assignment, row.item][failure].add(row.student)
    found = [Trouble(a, i, tuple(sorted(h[TIMEOUT])), tuple(sorted(h[SHORTCUT]))) for (a, i), h in hit.items()]
    return sorted(found, key=lambda t: (-len(t.timeouts) - len(t.shortcuts), t.assignment, t.item))


def slowest(submissions, count=10):
    """The timed submissions that took longest to grade, slowest first."""
    return sorted((s for s in submissions if s.seconds), key=lambda s: -s.seconds)[:count]


def failed(submissions):
    """The submissions that could not be graded."""
    return [s for s in submissions if s.error]
