"""The hidden checks fit the notebooks: every graded item has checks whose points add up to its own."""
import pytest

from autograder import notebook
from autograder.curriculum import ASSIGNMENTS, item_id
from autograder.runner import CHECKS
from tests.grading import release


def declared_points(assignment):
    """{item: sum of its checks' points}, read from the markers of the check module."""
    import importlib
    module = importlib.import_module(f"autograder.checks.{assignment}")
    totals = {}
    for name, function in vars(module).items():
        if name.startswith("check_") and callable(function):
            marks = {m.name: m.args[0] for m in getattr(function, "pytestmark", [])}
            totals[marks["item"]] = totals.get(marks["item"], 0) + marks["points"]
    return totals


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_item_has_checks_worth_its_points(assignment):
    items = {i.id: i.points for i in notebook.items(release(assignment))}
    assert set(items) == {item_id(n) for n in ASSIGNMENTS[assignment]}
    assert declared_points(assignment) == pytest.approx(items)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_has_a_check_module(assignment):
    assert (CHECKS / f"{assignment}.py").is_file()
