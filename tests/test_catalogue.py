"""Every assignment: solutions score full marks, untouched releases score 0, each known
mistake loses points on its item with its explanation, each alternative style scores full marks."""
import importlib

import pytest

from autograder.registry import assignments
from autograder.engine import Grader
from tests.grading import item, messages, release, solution, with_cell



def collected(package, name):
    """The list `name` of each assignment's module in `package` (missing modules fail their own test)."""
    found = []
    for assignment in assignments():
        try:
            found += [(assignment, entry) for entry in getattr(
                importlib.import_module(f"{package}.{assignment}"), name)]
        except ModuleNotFoundError:
            continue
    return found


MISTAKES = collected("autograder.mistakes", "MISTAKES")
ALTERNATIVES = collected("tests.alternatives", "ALTERNATIVES")


@pytest.fixture(scope="module")
def grader():
    with Grader() as grader:
        yield grader


@pytest.mark.parametrize("assignment", assignments())
def test_solution_scores_full_marks(grader, assignment):
    result = grader.grade(solution(assignment), assignment, f"solutions/{assignment}")
    lost = {i.id: messages(i) for i in result.items if i.score != i.max_score}
    assert not lost, lost
    assert result.score == result.max_score > 0


@pytest.mark.parametrize("assignment", assignments())
def test_untouched_release_scores_zero_with_not_implemented_yet(grader, assignment):
    result = grader.grade(release(assignment), assignment, f"assignments/{assignment}")
    assert result.score == 0
    for graded in result.items:
        assert "not implemented yet" in messages(graded), graded.id


@pytest.mark.parametrize("assignment, mistake", MISTAKES, ids=[f"{a}-{m.item}-{i}" for i, (a, m) in enumerate(MISTAKES)])
def test_known_mistake_loses_points_with_its_explanation_said_once(grader, assignment, mistake):
    nb = with_cell(solution(assignment), mistake.item + "_solution", mistake.source)
    graded = item(grader.grade(nb, assignment, "mistake", only={mistake.item}), mistake.item)
    assert graded.score < graded.max_score
    assert mistake.explanation in messages(graded)
    feedback = graded.feedback()
    assert feedback.count("This is what happens when") == 1, feedback  # one diagnosis, then the evidence


@pytest.mark.parametrize("assignment, alternative", [
    pytest.param(a, alt, id=f"{a}-{alt.item}-{i}") for i, (a, alt) in enumerate(ALTERNATIVES)])
def test_alternative_style_scores_full_marks(grader, assignment, alternative):
    nb = with_cell(solution(assignment), alternative.item + "_solution", alternative.source)
    graded = item(grader.grade(nb, assignment, "alternative", only={alternative.item}), alternative.item)
    assert graded.score == graded.max_score, messages(graded)


@pytest.mark.parametrize("assignment", assignments())
def test_every_assignment_has_known_mistakes_and_alternatives(assignment):
    assert any(a == assignment for a, _ in MISTAKES)
    assert any(a == assignment for a, _ in ALTERNATIVES)


def test_catalogue_is_large_enough():
    assert len(MISTAKES) >= 25 and len(ALTERNATIVES) >= 15
