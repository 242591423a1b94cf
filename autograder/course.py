"""Where a course is and how it is configured: the nbgrader course directory a command grades (never this
package's install location), the course this package is developed in (ROOT, in a source checkout), and the
PATH nbgrader needs.

A course directory holds `nbgrader_config.py`. Its configuration says where
the release is and, optionally, which checks and references grade it
(`HiddenChecks.checks`, `HiddenChecks.references`); otherwise the checks and
references installed with this package are used. It may also set the
sandbox's limits (`HiddenChecks.call_seconds`, `cell_seconds`, `memory_bytes`).
"""
import os
import sysconfig
from contextlib import contextmanager
from pathlib import Path

from traitlets.config import PyFileConfigLoader

from autograder.sandbox.process import CONFIGURABLE, Limits

CONFIG_FILE = "nbgrader_config.py"
ROOT = Path(__file__).resolve().parent.parent  # the course this package is developed in, in a source checkout


class CourseNotFound(Exception):
    """No nbgrader course directory where one was looked for; the message says where."""


def find(folder=None):
    """The course directory `folder`, or else the current directory or the nearest folder above it with a config."""
    if folder is not None:
        folder = Path(folder).resolve()
        if not (folder / CONFIG_FILE).is_file():
            raise CourseNotFound(f"{folder}: has no {CONFIG_FILE}, so it is not an nbgrader course directory")
        return folder
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    raise CourseNotFound(f"no {CONFIG_FILE} in {here} or any folder above it: run this inside the course "
                         "directory, or name it with --course DIR")


def config(folder):
    """nbgrader's configuration from `folder`'s config file, as nbgrader run there reads it."""
    loaded = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
    if "root" not in loaded.CourseDirectory:
        loaded.CourseDirectory.root = str(Path(folder).resolve())
    return loaded


def release_folder(coursedir):
    """The release directory of an nbgrader CourseDirectory (the folder holding one folder per assignment)."""
    return Path(coursedir.format_path(coursedir.release_directory, ".", "any")).parent.resolve()


@contextmanager
def scripts_on_path():
    """This interpreter's scripts folder first on PATH within the block: nbgrader runs `alembic` from there."""
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([sysconfig.get_path("scripts"), saved])
    try:
        yield
    finally:
        os.environ["PATH"] = saved


def grader_arguments(course_config) -> dict:
    """The Grader's release and, where the configuration names them, checks, references, trust and limits."""
    from nbgrader.coursedir import CourseDirectory  # slow to import: only for commands that read a course
    hidden = course_config.HiddenChecks
    limits = {name: hidden[name] for name in CONFIGURABLE if name in hidden}
    return {"release": release_folder(CourseDirectory(config=course_config)),
            **{name: hidden[name] for name in ("checks", "references", "trusted") if name in hidden},
            **({"limits": Limits(**limits)} if limits else {})}
