"""Grading results as text, for every surface: an item's feedback (nbgrader's graded cells, Gradescope,
the HTML pages of `grade --feedback`), the table of `grade`, and the demo's table of a gradebook export."""
import csv
from pathlib import Path

from autograder.feedback import wrap
from autograder.results import Item, Submission, values_right

NOT_GRADED = "this cell is not graded"


def feedback(item: Item) -> str:
    """The text a student reads for an item: its points, the known mistake once, then each check
    with the evidence of those that failed; no line longer than feedback.WIDTH."""
    lines = [f"{item.id}: points: {_num(item.score)} / {_num(item.max_score)}"]
    mistake = item.mistake()
    if mistake:
        lines.append(f"This is what happens when {mistake}")
    right = values_right(item.checks)
    for check in item.checks:
        mark = "ok  " if check.passed else "FAIL"
        unpaid = ", paid once the values are right" if check.needs_values and check.passed and not right else ""
        lines.append(f"  [{mark}] {check.name} ({_num(check.points)} pt{unpaid})")
        if check.message and not check.passed:
            lines += ["         " + line for line in check.message.splitlines()]
    return wrap("\n".join(lines))


def cell_feedback(result: Submission, item: Item | None) -> str:
    """What a graded test cell of the submission shows: the submission's error, else its item's feedback."""
    return result.error if result.error else feedback(item) if item else NOT_GRADED


def summary(submission: Submission) -> str:
    """One line: the notebook's name with its score, or why it could not be graded."""
    name = Path(submission.notebook).name
    if submission.error:
        return f"{name}: could not be graded: {submission.error}"
    return f"{name} ({submission.assignment}): {submission.score:g} / {submission.max_score:g} points"


def table(submissions: list[Submission]) -> str:
    """A readable grade table: one line per submission, then each item."""
    width = max([len(s.notebook) for s in submissions] + [8])
    lines = [f"{'notebook':<{width}}  {'assignment':<10}  {'score':>13}"]
    for s in submissions:
        if s.error:
            lines.append(f"{s.notebook:<{width}}  {s.assignment or '-':<10}  {'ERROR':>13}  {s.error}")
            continue
        lines.append(f"{s.notebook:<{width}}  {s.assignment:<10}  {s.score:>6g} / {s.max_score:<4g}")
        lines.append("    " + "  ".join(f"{i.id} {i.score:g}/{i.max_score:g}" for i in s.items))
    return "\n".join(lines)


def gradebook_table(path: Path) -> str:
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


def _num(value):
    return f"{value:g}"
