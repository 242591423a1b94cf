"""nbgrader configuration: this repository is the course directory.

source/ is the instructor master, assignments/ the student release and
solutions/ the solution folder. Autograding replaces nbgrader's Execute step
with the sandboxed hidden checks of the autograder package.

A toy course of the tests loads this file and then names its own folders,
checks and references.
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
# step; the rest of nbgrader's pipeline records grades as usual. Limits for
# student code: c.HiddenChecks.call_seconds, cell_seconds, memory_bytes.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.nbgrader_plugin import (  # noqa: E402
    GradedBeforehand,
    HiddenChecks,
    RestoreTestCells,
    WriteResults,
    use_offline_feedback,
)

c.Autograde.autograde_preprocessors = [
    RestoreTestCells,  # graded test cells a student deleted come back from the release
    GradedBeforehand,  # the result of `python -m autograder autograde`, if it graded this very program
    HiddenChecks,      # otherwise: grade in the sandbox
    WriteResults,      # each graded test cell: its feedback as output, its score as result
    IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
use_offline_feedback(c)
