"""nbgrader configuration: this repository is the course directory.

source/ is the instructor master, assignments/ the student release and
solutions/ the solution folder. Autograding replaces nbgrader's Execute step
with the sandboxed hidden checks of the autograder package.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.solution_directory = "solutions"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The default gradebook is SQLite in the course root; any SQLAlchemy URL works:
# c.CourseDirectory.db_url = "postgresql://grader@db.example.edu/gd_course"

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Autograding: the sandboxed hidden checks take the place of nbgrader's Execute
# step; the rest of nbgrader's pipeline records grades as usual.
from autograder.nbgrader_plugin import use_hidden_checks  # noqa: E402

use_hidden_checks(c)
