"""The hidden checks fit the notebooks: every graded item has checks whose points add up to its own,
and value checks that its checks of form wait for; a check module that does not fit is an error when
its checks are collected, never a check that scores 0 or pays another item."""
import importlib

import pytest

from autograder import notebook, registry
from autograder.runner import CHECKS, InvalidChecks, run_checks
from tests import toy
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


@pytest.mark.parametrize("assignment", registry.assignments())
def test_every_item_has_checks_worth_its_points(assignment):
    items = {i.id: i.points for i in notebook.items(release(assignment))}
    assert items == {e.id: e.points for e in registry.exercises(assignment)}
    assert declared_points(assignment) == pytest.approx(items)


@pytest.mark.parametrize("assignment", registry.assignments())
def test_every_assignment_has_a_check_module(assignment):
    assert (CHECKS / f"{assignment}.py").is_file()


@pytest.mark.parametrize("assignment", registry.assignments())
def test_every_item_has_value_checks_for_its_checks_of_form_to_wait_for(assignment):
    marks = declared_marks(assignment)
    assert all(not (m["needs_values"].args or m["needs_values"].kwargs) for m in marks if "needs_values" in m)
    valued = {m["item"].args[0] for m in marks if "needs_values" not in m}
    assert valued == {m["item"].args[0] for m in marks}


TOY_POINTS = {"double": 2.0, "total": 1.0}
CHECK = '''
import pytest


{markers}
def check_total(student, reference):
    """adds up"""
'''


def collect(tmp_path, markers, points=TOY_POINTS):
    """Collect a one-check module with these marker lines (nothing is run: the check is never called)."""
    module = tmp_path / f"{tmp_path.name}.py"  # a new name: pytest keeps modules it imported by name
    module.write_text(CHECK.format(markers="\n".join(markers)))
    return run_checks(module, None, None, None, only=set(), points=points)


def test_a_check_without_its_item_is_an_error_at_collection(tmp_path):
    with pytest.raises(InvalidChecks, match=r"check_total: needs @pytest.mark.item"):
        collect(tmp_path, ["@pytest.mark.points(1)"])


def test_a_check_without_its_points_is_an_error_at_collection(tmp_path):
    with pytest.raises(InvalidChecks, match=r"check_total: needs @pytest.mark.points"):
        collect(tmp_path, ['@pytest.mark.item("total")'])


def test_checks_not_worth_their_items_points_are_an_error_at_collection(tmp_path):
    with pytest.raises(InvalidChecks, match=r"item 'total': its checks are worth 2 points, its graded cell 1"):
        collect(tmp_path, ['@pytest.mark.item("total")', "@pytest.mark.points(2)"], {"total": 1.0})


def test_an_item_without_checks_is_an_error_at_collection(tmp_path):
    with pytest.raises(InvalidChecks, match=r"item 'double': its checks are worth 0 points, its graded cell 2"):
        collect(tmp_path, ['@pytest.mark.item("total")', "@pytest.mark.points(1)"])


def test_a_check_of_an_item_the_notebook_does_not_grade_is_an_error_at_collection(tmp_path):
    with pytest.raises(InvalidChecks, match=r"item 'totl'.*no such item"):
        collect(tmp_path, ['@pytest.mark.item("totl")', "@pytest.mark.points(1)"], {"total": 1.0})


def test_a_missing_check_module_is_an_error(tmp_path):
    with pytest.raises(InvalidChecks, match="no such check module"):
        run_checks(tmp_path / "toy.py", None, None, None, points=TOY_POINTS)


def test_the_toy_checks_fit_its_notebook():
    assert run_checks(toy.CHECKS / "toy.py", None, None, None, only=set(), points=TOY_POINTS) == ({}, {})
