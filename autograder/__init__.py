"""The hidden autograder of the gradient-descent course (instructors only).

reference/  reference implementations mirroring the student API name for name
checks/     pytest checks per assignment, run against `student` and `reference`
sandbox/    the isolated process that runs student code
"""
import sys

# jsonschema, under nbformat, imports rfc3987_syntax when it is installed, only to check the IRI
# format, which notebooks never use; building its grammar costs over a second at every start.
sys.modules.setdefault("rfc3987_syntax", None)
