"""A tiny assignment ("toy": double and total) for testing the engine apart from the course."""
from pathlib import Path

HERE = Path(__file__).parent
RELEASE = HERE / "release"
CHECKS = HERE / "checks"
REFERENCES = "tests.toy.references"
