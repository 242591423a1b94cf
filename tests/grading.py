"""Helpers for tests that grade notebooks: load solved notebooks and releases, inject cells."""
import copy

from autograder import notebook
from autograder.course import ROOT


def solution(assignment):
    """The instructor's notebook as a submission that solves every exercise."""
    return notebook.solved(ROOT / "source" / assignment / f"{assignment}.ipynb")


def release(assignment):
    return notebook.read(ROOT / "assignments" / assignment / f"{assignment}.ipynb")


def with_cell(nb, cell_id, source):
    """A copy of the notebook with the code of one cell (by grade_id) replaced."""
    changed = copy.deepcopy(nb)
    cells = [c for c in changed.cells if notebook.grade_id(c) == cell_id]
    assert cells, f"no cell {cell_id} in the notebook"
    cells[0].source = source
    return changed


def item(result, item_id):
    return next(i for i in result.items if i.id == item_id)


def messages(result_item):
    """Every check's message, with the known mistake it fits."""
    return "\n".join(c.message + (f"\nThis is what happens when {c.mistake}" if c.mistake else "")
                     for c in result_item.checks)


def full_marks(assignment):
    """The points of every graded item of the release."""
    return sum(i.points for i in notebook.items(release(assignment)))
