"""`python -m autograder gradescope [--course DIR] [--output ZIP] ASSIGNMENT...`: the zip of a Gradescope autograder.

The zip holds Gradescope's `setup.sh` and `run_autograder`, this package with
its hidden checks and references, the release of the assignments, and the
project's pinned dependencies. `setup.sh` installs a CPU-only torch, the
package and libseccomp (which the sandbox needs); `run_autograder` grades
the submitted notebooks with the same engine and writes `results.json`.
Build it from a checkout of the course's repository (it needs
`pyproject.toml` and `constraints.txt` beside the package). Keep the zip as
private as the repository: it holds the hidden checks.
"""
import argparse
import json
import zipfile
from pathlib import Path

from autograder import course, runner
from autograder.gradescope_run import SETTINGS

PROJECT = Path(__file__).resolve().parent.parent  # the checkout this package runs from
PROJECT_FILES = ("pyproject.toml", "README.md", "constraints.txt")

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built.
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
apt-get update
apt-get install -y libseccomp2 python3-venv python3-pip  # libseccomp: the sandbox's system call filter
python3 -m venv "$SOURCE/../venv"
PIP="$SOURCE/../venv/bin/pip"
"$PIP" install -c "$SOURCE/constraints.txt" torch --index-url https://download.pytorch.org/whl/cpu
"$PIP" install -c "$SOURCE/constraints.txt" "$SOURCE"
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade submission/*.ipynb, write results/results.json.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
PYTHONPATH="$ROOT/source" exec "${AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}" -m autograder.gradescope_run
"""


def build(assignments, output, root=None):
    """Write the zip for the assignments of the course at `root` (default: found from the current folder)."""
    arguments = course.grader_arguments(course.config(course.find(root)))
    checks = Path(arguments.get("checks", runner.CHECKS)).resolve()
    references = arguments.get("references", "autograder.reference")
    if not references.startswith("autograder."):
        raise SystemExit(f"references {references}: only references inside the autograder package can be shipped")
    missing = [a for a in assignments if not (arguments["release"] / a / f"{a}.ipynb").is_file()]
    if missing:
        raise SystemExit(f"not in the course's release: {', '.join(missing)}")
    if not all((PROJECT / name).is_file() for name in PROJECT_FILES):
        raise SystemExit(f"{PROJECT}: not a checkout of the course's repository (needs {', '.join(PROJECT_FILES)})")
    settings = {"release": "release", "checks": "checks", "references": references,
                "trusted": arguments.get("trusted", False)}
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_text(archive, "setup.sh", SETUP, executable=True)
        _add_text(archive, "run_autograder", RUN, executable=True)
        _add_text(archive, SETTINGS, json.dumps(settings, indent=1))
        for name in PROJECT_FILES:
            archive.write(PROJECT / name, name)
        _add_folder(archive, PROJECT / "autograder", "autograder")
        _add_folder(archive, checks, "checks")
        for assignment in assignments:
            _add_folder(archive, arguments["release"] / assignment, f"release/{assignment}")
    return output


def _add_text(archive, name, text, executable=False):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o755 if executable else 0o644) << 16
    archive.writestr(info, text)


def _add_folder(archive, folder, name):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
            archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder gradescope", description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT", help="assignments the autograder grades")
    parser.add_argument("--course", type=Path, help="the course directory (default: the current folder or the "
                                                     "nearest one above it with nbgrader_config.py)")
    parser.add_argument("--output", type=Path, help="the zip to write (default: gradescope-ASSIGNMENT....zip)")
    args = parser.parse_args(argv)
    output = args.output or Path(f"gradescope-{'-'.join(args.assignments)}.zip")
    print(build(args.assignments, output, args.course))
    return 0
