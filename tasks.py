#!/usr/bin/env python3
"""Project tasks, each setting up its own virtual environment first.

    python3 tasks.py demo    the whole nbgrader workflow on examples/, then the grade table
    python3 tasks.py test    the test suite
    python3 tasks.py build   rebuild assignments/ and solutions/ from source/
    python3 tasks.py setup   only the set-up: .venv with the pinned dependencies

Set-up is idempotent: `.venv` is created once and reinstalled only when
pyproject.toml or constraints.txt change.
"""
import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".installed"


def requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    return project["dependencies"] + extras.get("dev", []) + extras.get("dask", [])


def setup():
    """Create .venv and install the pinned dependencies unless already done."""
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("setting up .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    subprocess.run(
        [BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", ROOT / "constraints.txt", *requirements()],
        check=True,
    )
    STAMP.write_text(wanted)


def environment():
    """The environment for commands run inside the venv (nbgrader needs alembic on PATH)."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run(*args):
    return subprocess.run([BIN / "python", *args], cwd=ROOT, env=environment()).returncode


COMMANDS = {
    "demo": lambda extra: run("-m", "autograder", "demo", *extra),
    "test": lambda extra: run("-m", "pytest", *extra),
    "build": lambda extra: run("-m", "autograder", "build", *extra),
    "setup": lambda extra: 0,  # main() sets up before every command
}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    setup()
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
