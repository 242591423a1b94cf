"""The hidden checks fit the notebooks: every graded item has checks whose points add up to its own,
and value checks that its checks of form wait for."""
import importlib

import pytest

from autograder import notebook
from autograder.curriculum import ASSIGNMENTS, item_id
from autograder.runner import CHECKS
from tests.grading import release


def declared_marks(assignment):
    """{marker name: marker} of every check of the check module."""
    module = importlib.import_module(f"autograder.checks.{assignment}")
    return [{m.name: m for m in getattr(function, "pytestmark", [])}
            for name, function in vars(module).items() if name.startswith("check_") and callable(function)]


def declared_points(assignment):
    """{item: sum of its checks' points}, read from the markers of the check module."""
    totals = {}
    for marks in declared_marks(assignment):
        totals[marks["item"].args[0]] = totals.get(marks["item"].args[0], 0) + marks["points"].args[0]
    return totals


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_item_has_checks_worth_its_points(assignment):
    items = {i.id: i.points for i in notebook.items(release(assignment))}
    assert set(items) == {item_id(n) for n in ASSIGNMENTS[assignment]}
    assert declared_points(assignment) == pytest.approx(items)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_has_a_check_module(assignment):
    assert (CHECKS / f"{assignment}.py").is_file()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_item_has_value_checks_for_its_checks_of_form_to_wait_for(assignment):
    marks = declared_marks(assignment)
    assert all(not (m["needs_values"].args or m["needs_values"].kwargs) for m in marks if "needs_values" in m)
    valued = {m["item"].args[0] for m in marks if "needs_values" not in m}
    assert valued == {m["item"].args[0] for m in marks}
