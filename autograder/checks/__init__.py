"""Hidden checks, one module per assignment (run by autograder.runner, never by students).

Each check is a function `check_*(student, reference)` with markers
`@pytest.mark.item("<grade_id>")` and `@pytest.mark.points(n)`, the points of an
item's checks adding up to its graded cell's (else collection fails); its docstring's
first line names it in the feedback, and its failure message is the feedback.
A check of form (types, shapes, lists accepted, inputs kept) or of an edge case
that code computing nothing could pass (zero at a zero) is also marked
`@pytest.mark.needs_values`: it pays only when every value check of its item passes.
"""
