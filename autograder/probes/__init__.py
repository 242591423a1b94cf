"""Probe functions: small non-secret experiments run on both sides.

Each takes the namespace of an implementation (the student's notebook or a
reference module) as its first argument and returns data; the grader compares
the two results. One module per assignment. The modules are also sent as
source into the sandbox, where they import only numpy, torch and each other
(relatively), never the rest of the grader.
"""


def echo(namespace, value):
    """Return the value unchanged (used to test the sandbox)."""
    return value
