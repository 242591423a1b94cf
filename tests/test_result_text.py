"""Results as text: the tables of `grade` and of the demo, and what a graded cell shows."""
from autograder import result_text
from autograder.results import Check, Item, Submission

GOOD = Submission("a/toy.ipynb", "toy", 3.0, 3.0, items=[Item("double", 2.0, 2.0, [Check("doubles", True, 2.0)]),
                                                         Item("total", 1.0, 1.0, [Check("adds", True, 1.0)])])
BROKEN = Submission("b/toy.ipynb", None, error="b/toy.ipynb: is empty")


def test_the_grade_table_has_a_line_per_submission_then_its_items():
    lines = result_text.table([GOOD, BROKEN]).splitlines()
    assert lines[1].split() == ["a/toy.ipynb", "toy", "3", "/", "3"]
    assert lines[2].split() == ["double", "2/2", "total", "1/1"]
    assert lines[3].split()[:3] == ["b/toy.ipynb", "-", "ERROR"] and lines[3].endswith("is empty")


def test_a_graded_cell_shows_the_submissions_error_else_its_items_feedback():
    assert result_text.cell_feedback(BROKEN, None) == "b/toy.ipynb: is empty"
    assert result_text.cell_feedback(GOOD, GOOD.items[0]).startswith("double: points: 2 / 2")
    assert result_text.cell_feedback(GOOD, None) == result_text.NOT_GRADED


def test_the_gradebook_table_has_students_by_assignments_with_totals(tmp_path):
    csv = tmp_path / "grades.csv"
    csv.write_text("assignment,student_id,score,max_score\ngd2d,ada,3,4\nlinefit,ada,5,6\ngd2d,bob,1,4\n")
    lines = [line.split() for line in result_text.gradebook_table(csv).splitlines()]
    assert lines == [["student", "gd2d", "linefit", "total"], ["(max)", "4", "6", "10"],
                     ["ada", "3", "5", "8"], ["bob", "1", "0", "1"]]
