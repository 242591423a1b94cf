"""The code passes the project's linter: ruff, with the rules in pyproject.toml."""
import subprocess
import sys

from tests.grading import ROOT


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
