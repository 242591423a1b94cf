"""The example submissions are what the build makes of the solutions, the release and the profiles."""
import pytest

from autograder import examples, notebook
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
