"""Probe functions: small non-secret experiments run on both sides.

Each takes the namespace of an implementation (the student's notebook or a
reference module) and returns plain data; the grader compares the two.
They run inside the sandbox too, where this module is sent as source.
"""
import numpy as np


def echo(namespace, value):
    """Return the value unchanged (used to test the sandbox)."""
    return value
