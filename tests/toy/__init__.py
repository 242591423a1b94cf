"""A tiny assignment ("toy": double and total) for testing the engine apart from the course.

It is an assignment as the README's "Adding an assignment" describes: a source notebook, a reference,
a check module, and its mistakes and alternatives; the release is its build.
"""
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "source"
RELEASE = HERE / "release"
CHECKS = HERE / "checks"
REFERENCES = "tests.toy.references"
