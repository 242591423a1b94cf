"""A class's results as nbgrader recorded them: scores from the gradebook, the mistakes each item's feedback
names from the autograded notebooks."""
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory

from autograder import course, notebook
from autograder.mistake_names import named_mistakes
from autograder.results import Check, Item, Submission

LEFT_OUT = ("Read from nbgrader's gradebook, which does not record grading times, timeouts, forbidden shortcuts "
            "or submissions that could not be graded: grade the submitted notebooks for those.")


def submissions(config, db_url=None):
    """A Submission per autograded notebook in the gradebook (the course's, or `db_url`)."""
    coursedir = CourseDirectory(config=config)
    found = []
    with course.scripts_on_path(), Gradebook(db_url or coursedir.db_url) as gradebook:
        for assignment in gradebook.assignments:
            for submitted in gradebook.assignment_submissions(assignment.name):
                folder = Path(coursedir.format_path(coursedir.autograded_directory, submitted.student_id,
                                                    assignment.name))
                found += [_submission(folder / f"{graded.name}.ipynb", assignment.name, graded)
                          for graded in submitted.notebooks]
    return found


def _submission(path, assignment, graded):
    """The Submission of a notebook in the gradebook, each item with a failed check per mistake its feedback names."""
    feedback = _feedback(path)
    items = [Item(grade.name, grade.score, grade.max_score,
                  [Check("named in the feedback", False, 0.0, "", mistake=m)
                   for m in named_mistakes(feedback.get(grade.name, ""))])
             for grade in graded.grades]
    return Submission(str(path), assignment, graded.score, graded.max_score, items=items)


def _feedback(path):
    """{grade_id: the text its cell printed} of an autograded notebook; empty when there is none."""
    if not path.is_file():
        return {}
    return {notebook.grade_id(cell): "".join(o.get("text", "") for o in cell.get("outputs", []))
            for cell in notebook.read(path).cells if notebook.grade_id(cell)}
