"""The hidden autograder of the gradient-descent course (instructors only).

reference/  reference implementations mirroring the student API name for name
checks/     pytest checks per assignment, run against `student` and `reference`
sandbox/    the isolated process that runs student code
"""
