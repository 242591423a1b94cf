"""Build the student release and the solutions from the instructor notebooks in source/.

    python -m autograder build [ASSIGNMENT...]

For each assignment, nbgrader's `generate_assignment` writes the release
(assignments/, stubs and no outputs) and `generate_solution` writes the
solutions (solutions/); both get the forbidden-shortcut rule as `selfcheck.py`
(a copy of autograder/shortcuts.py, which students run from the notebook's last
cell and its check cells). The solutions are then made finished notebooks (no
solution markers, hidden tests, nbgrader metadata or "before you submit"
section) and executed top to bottom in their own folder, so that the committed
solution notebooks show their outputs and plots. The release's setup cells
become the given code the references import (autograder/given.py), and the
example submissions (examples/submitted/) are rewritten from the solutions and
the release. Without names, every assignment (every folder of source/) is built.
"""
import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbgrader.converters import GenerateAssignment, GenerateSolution, NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    IncludeHeaderFooter,
    LockCells,
    NbGraderPreprocessor,
)

from autograder import course, examples, given, notebook, registry, shortcuts
from autograder.notebook import grade_id, without_marker_lines

KERNEL = "python3"
CELL_TIMEOUT = 600
SELF_CHECK = "selfcheck.py"  # the name students import the shortcut rule by
SELF_CHECK_CELL = "self_check"  # grade_id of the last cell, which runs the rule; its instructions precede it
LOG = logging.getLogger(__name__)


class ClearSolutionMarkers(NbGraderPreprocessor):
    """Drops the `### BEGIN SOLUTION` / `### END SOLUTION` lines, keeping the solutions."""

    def preprocess_cell(self, cell, resources, index):
        cell.source = without_marker_lines(cell.source)
        return cell, resources


class FinishedNotebook(NbGraderPreprocessor):
    """Drops what only a submission needs: the self-check with its instructions, and nbgrader's cell metadata."""

    def preprocess(self, nb, resources):
        at = [i for i, cell in enumerate(nb.cells) if grade_id(cell) == SELF_CHECK_CELL]
        drop = {i - 1 for i in at if i and nb.cells[i - 1].cell_type == "markdown"} | set(at)
        nb.cells = [cell for i, cell in enumerate(nb.cells) if i not in drop]
        for cell in nb.cells:
            cell.metadata.pop("nbgrader", None)
        return nb, resources


# nbgrader's generate_solution steps without its Execute (done afterwards, with errors fatal),
# plus the cleaning that nbgrader 0.9 leaves out.
SOLUTION_PREPROCESSORS = [
    IncludeHeaderFooter, LockCells, ClearOutput, ClearMarkScheme, ClearHiddenTests, ClearSolutionMarkers,
    FinishedNotebook,
]


def course_config(root, db_url, release_directory, solution_directory):
    """The course's nbgrader configuration with the gradebook and output folders replaced."""
    config = course.config(root)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    config.CourseDirectory.release_directory = str(release_directory)
    config.CourseDirectory.solution_directory = str(solution_directory)
    config.GenerateSolution.preprocessors = SOLUTION_PREPROCESSORS
    return config


def run_converter(converter_class, assignment, config):
    """Run one nbgrader converter (with --force) for one assignment."""
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    converter = converter_class(coursedir=coursedir, config=config, log=LOG)
    converter.force = True
    converter.start()


def kernel_environment():
    """The build's environment for the kernel, minus a non-inline MPLBACKEND so plots render inline."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    return env


def notebook_client(nb, folder, allow_errors=False, timeout=CELL_TIMEOUT):
    """A client that runs `nb` in place, top to bottom, with `folder` as the working directory."""
    return NotebookClient(
        nb, kernel_name=KERNEL, timeout=timeout, allow_errors=allow_errors, record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )


def execute(nb, folder, allow_errors=False):
    """Run a notebook in `folder` (in place); raises CellExecutionError unless errors are allowed."""
    notebook_client(nb, folder, allow_errors).execute(env=kernel_environment())
    return nb


def execute_together(runs, allow_errors=False):
    """Run several (notebook, folder) pairs at the same time, one kernel each (in place)."""
    async def run_all():
        env = kernel_environment()
        await asyncio.gather(*(notebook_client(nb, folder, allow_errors).async_execute(env=env)
                               for nb, folder in runs))
    asyncio.run(run_all())
    return [nb for nb, _ in runs]


def execute_in_place(path):
    """Execute a notebook file in its own folder and save it with its outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    execute(nb, path.parent)
    nbformat.write(nb, path)


@contextmanager
def nbgrader_course(root=course.ROOT, release_directory=None, solution_directory=None):
    """The course's nbgrader configuration for a build, with a throwaway gradebook shared by its assignments.

    Release and solutions go to the course's own folders unless others are given.
    """
    root = Path(root)
    release_directory = release_directory or root / "assignments"
    solution_directory = solution_directory or root / "solutions"
    with tempfile.TemporaryDirectory(prefix="gradebook-") as scratch, course.scripts_on_path():
        yield course_config(root, f"sqlite:///{scratch}/gradebook.db", release_directory, solution_directory)


def generate(assignment, config):
    """Release and (not yet executed) solutions of one assignment.

    The shortcut rule is put into the source folder first, so that nbgrader
    ships it with the release and the solutions, also when an instructor runs
    `nbgrader generate_assignment` directly.
    """
    source = Path(config.CourseDirectory.root) / config.CourseDirectory.source_directory / assignment
    shutil.copyfile(shortcuts.__file__, source / SELF_CHECK)
    run_converter(GenerateAssignment, assignment, config)
    run_converter(GenerateSolution, assignment, config)


def write_given_code(assignment, config):
    """The release's setup cells as the given-code module of the course's references package."""
    release = Path(config.CourseDirectory.release_directory) / assignment / f"{assignment}.ipynb"
    return given.write(assignment, notebook.read(release), config.HiddenChecks.get("references", given.REFERENCES))


def execute_solutions(assignment, config):
    """Execute the generated solution notebooks of one assignment, each in its folder."""
    for path in sorted((Path(config.CourseDirectory.solution_directory) / assignment).glob("*.ipynb")):
        execute_in_place(path)


def to_build(root, wanted):
    """The assignments to build (those `wanted`, or all of source/), each a complete assignment, or RegistryError."""
    present = registry.assignments(root)
    missing = [name for name in wanted if name not in present]
    if missing:
        raise registry.RegistryError(f"not in source/: {', '.join(missing)} (present: {', '.join(present) or 'none'})")
    for name in wanted or present:
        registry.exercises(name, root)
    return wanted or present


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder build", description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="assignments to build (default: all in source/)")
    parser.add_argument("--course", type=Path, help="the course directory (default: the current folder or the "
                                                     "nearest one above it with nbgrader_config.py)")
    args = parser.parse_args(argv)
    root = course.find(args.course)
    try:
        assignments = to_build(root, args.assignments)
    except registry.RegistryError as exc:
        print(exc, file=sys.stderr)
        return 2
    logging.basicConfig(format="%(levelname)s %(message)s", level=logging.WARNING)
    failed = []
    with nbgrader_course(root) as config:
        for assignment in assignments:
            print(f"building {assignment} ...", flush=True)
            try:
                generate(assignment, config)
                write_given_code(assignment, config)
                execute_solutions(assignment, config)
                examples.build([assignment], root)
            except (NbGraderException, CellExecutionError, ModuleNotFoundError) as exc:
                print(f"{assignment}: build failed: {exc}", file=sys.stderr)
                failed.append(assignment)
    return 1 if failed else 0
