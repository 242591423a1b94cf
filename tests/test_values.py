"""An item pays only for right values: checks of form and of edge cases pay together with the value
checks of their item, so code that computes nothing scores 0 on every item."""
import importlib

import pytest

from autograder import result_text
from autograder.engine import Grader
from autograder.registry import assignments, names, solution_id
from autograder.results import Check, Item, earned
from tests.grading import messages, solution, with_cell

VARIANTS = [(assignment, variant) for assignment in assignments()
            for variant in importlib.import_module(f"tests.do_nothing.{assignment}").VARIANTS]

VALUE, FORM = Check("matches the reference", True, 2.0), Check("keeps its input", True, 1.0, needs_values=True)
WRONG_VALUE = Check("matches the reference", False, 2.0, "gave the wrong result")


@pytest.fixture(scope="module")
def grader():
    with Grader() as grader:
        yield grader


@pytest.mark.parametrize("assignment, variant", VARIANTS,
                         ids=[f"{a}-{v.description}" for a, v in VARIANTS])
def test_code_that_computes_nothing_scores_zero_on_every_item(grader, assignment, variant):
    nb = solution(assignment)
    for name, source in variant.cells.items():
        nb = with_cell(nb, solution_id(name), source)
    result = grader.grade(nb, assignment, variant.description)
    assert {i.id: i.score for i in result.items if i.score} == {}, [messages(i) for i in result.items if i.score]


@pytest.mark.parametrize("assignment", assignments())
def test_every_assignment_has_three_do_nothing_variants_covering_every_name(assignment):
    variants = [v for a, v in VARIANTS if a == assignment]
    assert len(variants) >= 3
    assert all(set(v.cells) == set(names(assignment)) for v in variants)


def test_a_check_of_form_pays_with_right_values():
    assert earned([VALUE, FORM]) == 3.0


def test_a_check_of_form_pays_nothing_when_a_value_check_fails():
    assert earned([WRONG_VALUE, FORM]) == 0.0


def test_a_note_worth_no_points_does_not_hold_back_the_checks_of_form():
    note = Check("solution cell runs as submitted", False, 0.0, "a later line failed")
    assert earned([note, VALUE, FORM]) == 3.0


def test_feedback_says_a_passed_check_of_form_waits_for_the_values():
    text = result_text.feedback(Item("ema", 0.0, 1.0, [WRONG_VALUE, FORM]))
    assert "[ok  ] keeps its input (1 pt, paid once the values are right)" in text
    assert "paid once" not in result_text.feedback(Item("ema", 1.0, 1.0, [VALUE, FORM]))
