"""The example submissions are what the build makes of the solutions, the release and the profiles, and the flawed
ones carry between them every kind of picture the feedback draws."""
import pytest

from autograder import examples, notebook
from autograder.engine import Grader
from autograder.registry import assignments
from tests.grading import ROOT, release, solution


def sources(nb):
    return [(c.cell_type, c.source) for c in nb.cells]


@pytest.mark.parametrize("student", examples.PROFILES)
@pytest.mark.parametrize("assignment", assignments())
def test_committed_example_is_what_the_build_makes(student, assignment):
    committed = notebook.read(ROOT / "examples" / "submitted" / student / assignment / f"{assignment}.ipynb")
    built = examples.submission(assignment, examples.PROFILES[student].get(assignment, {}),
                                solution(assignment), release(assignment))
    assert sources(committed) == sources(built), "stale: run `python3 tasks.py build`"


def test_profiles_name_only_items_of_their_assignments():
    for profile in examples.PROFILES.values():
        for assignment, changes in profile.items():
            items = {i.id for i in notebook.items(release(assignment))}
            assert set(changes) <= items, (assignment, set(changes) - items)


def test_the_untouched_release_profile_stubs_every_item():
    ben = examples.PROFILES["ben"]
    for assignment in assignments():
        assert set(ben[assignment]) == {i.id for i in notebook.items(release(assignment))}


# Every kind of picture the feedback draws, by a phrase of its title.
PICTURE_KINDS = {
    "gradient_descent's path on the loss contours": "gradient_descent(",
    "an optimizer's path on the 2D loss": "on the 2D loss",
    "an optimizer's path on the pathological loss": "trajectory(",
    "an optimizer's loss curve on the MLP": "training the MLP task",
    "moving averages of the same input": "(values, beta=",
    "train_line's loss and gradient-norm curves": "train_line(",
    "gradient norms before and after clipping": "clip_grad_norm(",
    "layer_stats' std per layer": "layer_stats(",
    "good_init_'s std per layer": "after good_init_",
}


@pytest.fixture(scope="module")
def flawed_pictures():
    """The picture titles of every item the flawed example students changed."""
    titles = []
    with Grader() as grader:
        for student, profile in examples.PROFILES.items():
            for assignment, changes in profile.items():
                if student == "ben":  # the untouched release: nothing to draw
                    continue
                path = ROOT / "examples" / "submitted" / student / assignment / f"{assignment}.ipynb"
                graded = grader.grade(notebook.read(path), assignment, str(path), only=set(changes))
                titles += [i.picture()["title"] for i in graded.items if i.picture()]
    return titles


@pytest.mark.parametrize("kind", PICTURE_KINDS)
def test_the_flawed_example_students_carry_every_kind_of_picture(flawed_pictures, kind):
    assert any(PICTURE_KINDS[kind] in title for title in flawed_pictures), flawed_pictures
