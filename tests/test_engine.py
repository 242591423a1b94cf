"""The engine grades a notebook item by item, with partial credit and feedback that explains."""
import json

import nbformat
import pytest

from autograder import notebook
from autograder.engine import Grader
from autograder.outcomes import TIMEOUT
from autograder.sandbox.process import Limits
from tests import toy
from tests.grading import item, messages, with_cell

GOOD = {"double_solution": "def double(x):\n    return 2 * np.asarray(x, dtype=float)",
        "total_solution": "def total(values):\n    return float(sum(values))"}


@pytest.fixture(scope="module")
def grader():
    with Grader(toy.RELEASE, checks=toy.CHECKS, references=toy.REFERENCES) as grader:
        yield grader


@pytest.fixture
def released():
    return notebook.read(toy.RELEASE / "toy" / "toy.ipynb")


def solved(nb, **changes):
    for cell_id, source in {**GOOD, **changes}.items():
        nb = with_cell(nb, cell_id, source)
    return nb


SLOW_DOUBLE = "import time\ndef double(x):\n    time.sleep(3)\n    return 2 * np.asarray(x, dtype=float)"


def test_a_call_past_the_configured_call_seconds_times_out_and_stops_its_items_checks(released):
    with Grader(toy.RELEASE, Limits(call_seconds=0.5), checks=toy.CHECKS, references=toy.REFERENCES) as impatient:
        result = impatient.grade(solved(released, double_solution=SLOW_DOUBLE), "toy", "slow")
    double = item(result, "double")
    assert [c.failure for c in double.checks] == [TIMEOUT, None]
    assert "did not finish within 0.5 s" in double.checks[0].message
    assert double.checks[1].message == "not run: an earlier check of this item timed out"
    assert (double.score, item(result, "total").score) == (0, 1)


def test_a_message_that_reads_like_a_timeout_is_no_timeout(grader, released):
    posing = "def double(x):\n    raise RuntimeError('did not finish within 10 s and was stopped')"
    double = item(grader.grade(solved(released, double_solution=posing), "toy", "posing"), "double")
    assert [c.failure for c in double.checks] == [None, None]
    assert "not run" not in double.checks[1].message


def test_a_correct_submission_gets_every_point(grader, released):
    result = grader.grade(solved(released), "toy", "good")
    assert (result.score, result.max_score, result.error) == (3, 3, None)
    assert [i.id for i in result.items] == ["double", "total"]


def test_a_result_carries_the_fingerprint_of_the_program_it_graded(grader, released):
    good, again = grader.grade(solved(released), "toy", "good"), grader.grade(solved(released), "toy", "again")
    other = grader.grade(solved(released, total_solution="def total(v):\n    return 0.0"), "toy", "other")
    program = notebook.build_program(released, solved(released))
    assert good.fingerprint == again.fingerprint == notebook.fingerprint("toy", program) != other.fingerprint


def test_items_can_be_graded_alone_with_the_verdicts_of_a_full_grading(grader, released):
    scalar_only = "def double(x):\n    return 2 * x if np.ndim(x) == 0 else 0 * np.asarray(x)"
    nb = solved(released, double_solution=scalar_only)
    alone = grader.grade(nb, "toy", "alone", only={"double"})
    assert [i.id for i in alone.items] == ["double"]
    assert alone.items[0] == item(grader.grade(nb, "toy", "full"), "double")


def test_the_untouched_release_gets_zero_and_says_not_implemented_yet(grader, released):
    result = grader.grade(released, "toy", "release")
    assert result.score == 0
    assert all("not implemented yet" in messages(i) for i in result.items)


def test_partial_credit_follows_the_points_of_passed_checks(grader, released):
    scalar_only = "def double(x):\n    return 2 * x if np.ndim(x) == 0 else 0 * np.asarray(x)"
    result = grader.grade(solved(released, double_solution=scalar_only), "toy", "partial")
    assert item(result, "double").score == 1 and item(result, "total").score == 1


def test_feedback_says_what_was_called_expected_and_returned_and_names_the_mistake(grader, released):
    square = "def double(x):\n    return np.asarray(x, dtype=float) ** 2"
    text = messages(item(grader.grade(solved(released, double_solution=square), "toy", "m"), "double"))
    assert "double(1.0)" in text and "expected: 2.0" in text and "got:      1.0" in text
    assert "This is what happens when x is squared instead of doubled" in text


def test_a_cell_that_fails_to_run_is_reported_on_its_item(grader, released):
    result = grader.grade(solved(released, total_solution="def total(values):\n    return ("), "toy", "syntax")
    assert item(result, "total").score == 0
    assert "SyntaxError" in item(result, "total").checks[0].message
    assert item(result, "double").score == 2


def test_given_code_comes_from_the_release_so_editing_it_changes_nothing(grader, released):
    edited = solved(released)
    edited.cells[1].source = "np = None"
    assert grader.grade(edited, "toy", "edited").score == 3


def test_a_deleted_solution_cell_grades_the_stub_and_says_so(grader, released):
    nb = solved(released)
    nb.cells = [c for c in nb.cells if notebook.grade_id(c) != "total_solution"]
    total = item(grader.grade(nb, "toy", "deleted"), "total")
    assert total.score == 0 and "missing from the notebook" in messages(total)


def test_a_notebook_of_another_assignment_is_an_error(grader):
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    result = grader.grade(other, "toy", "other.ipynb")
    assert result.error and "other.ipynb" in result.error and result.score == 0


@pytest.mark.parametrize("content, problem", [(b"", "is empty"), (b"{not json", "not valid notebook JSON"),
                                              (b"\xff\xfe\x00", "not UTF-8"), (b"[1, 2]", "not a notebook")])
def test_unreadable_files_are_errors_naming_the_file_and_problem(grader, tmp_path, content, problem):
    path = tmp_path / "toy.ipynb"
    path.write_bytes(content)
    result = grader.grade_path(path)
    assert str(path) in result.error and problem in result.error


def test_a_folder_named_like_a_notebook_is_an_error(grader, tmp_path):
    (tmp_path / "toy.ipynb").mkdir()
    assert "is a folder" in grader.grade_path(tmp_path / "toy.ipynb").error


def test_an_old_format_notebook_is_converted_and_graded(grader, released, tmp_path):
    v3 = nbformat.convert(solved(released), 3)
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(v3))
    result = grader.grade_path(path)
    assert result.error is None


def test_a_solution_cell_whose_id_was_changed_is_found_by_the_names_it_defines(grader, released):
    nb = solved(released)
    cell = next(c for c in nb.cells if notebook.grade_id(c) == "total_solution")
    cell.metadata.nbgrader.grade_id = "my_total"
    total = item(grader.grade(nb, "toy", "renamed"), "total")
    assert total.score == total.max_score and "defines the same names" in messages(total)


def test_reordered_cells_grade_as_in_the_release_order(grader, released):
    nb = solved(released)
    nb.cells = list(reversed(nb.cells))
    assert grader.grade(nb, "toy", "reordered").score == 3
