"""Hidden checks, one module per assignment (run by autograder.runner, never by students).

Each check is a function `check_*(student, reference)` with markers
`@pytest.mark.item("<grade_id>")` and `@pytest.mark.points(n)`; its docstring's
first line names it in the feedback, and its failure message is the feedback.
"""
