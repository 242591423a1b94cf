"""The grading engine shared by the command line and nbgrader.

For one submission: read it, combine it with the release into the cells the
sandbox runs, inspect the student's source for forbidden shortcuts, run the
hidden checks against `student` and `reference`, and score every item.
"""
import importlib
import logging
import sys
import threading
import time
from pathlib import Path

import torch
from nbformat import NotebookNode

from autograder import course, notebook, runner, shortcuts
from autograder.outcomes import SHORTCUT
from autograder.results import Check, Item, Submission, earned
from autograder.sandbox.process import Limits, Sandbox
from autograder.sandbox.protections import Unprotected
from autograder.subjects import Reference, Student, explain_error

log = logging.getLogger(__name__)


class Grader:
    """Grades submissions one after another, reusing one warm sandbox.

    Without a release folder, the release of the course found from the current directory is graded.
    """

    def __init__(self, release: Path | str | None = None, limits: Limits = Limits(), checks: Path | str = runner.CHECKS,
                 references: str = "autograder.reference", trusted: bool = False):
        self.sandbox = Sandbox(limits)
        self.sandbox.warm_up()  # it boots in its own process while this one reads the course and references
        self.release = Path(release) if release else course.grader_arguments(course.config(course.find()))["release"]
        self.checks, self.references = Path(checks), references
        self.trusted, self._protected = trusted, False
        self._load_references()

    def _load_references(self):
        # The first torch optimizer imports about 800 modules (0.9 s): done aside, while grading waits on the sandbox.
        threading.Thread(target=torch.optim.SGD, args=([torch.zeros(1, requires_grad=True)],), daemon=True).start()
        for assignment in self.assignments():
            name = f"{self.references}.{assignment}"
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise  # a missing reference is reported when its assignment is graded

    def close(self):
        self.sandbox.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def release_notebook(self, assignment: str) -> NotebookNode:
        return notebook.release(self.release, assignment)

    def assignments(self) -> list[str]:
        return sorted(p.name for p in self.release.iterdir() if (p / f"{p.name}.ipynb").is_file())

    def assignment_of(self, path: Path, submitted: NotebookNode) -> str:
        """The assignment of a submission: by file name, by folder name, or by its cells' ids."""
        known = self.assignments()
        for name in (path.stem, path.parent.name):
            if name in known:
                return name
        for name in known:
            if notebook.shares_solutions(self.release_notebook(name), submitted):
                return name
        raise notebook.SubmissionError(f"{path}: belongs to no assignment of this course "
                                       f"(expected one of: {', '.join(known)})")

    def grade_path(self, path: Path | str) -> Submission:
        """Grade a notebook file, timed; problems with the file become the submission's error."""
        started = time.monotonic()
        result = self._grade_path(path)
        result.seconds = round(time.monotonic() - started, 3)
        return result

    def _grade_path(self, path):
        try:
            submitted = notebook.read(path)
            assignment = self.assignment_of(Path(path), submitted)
        except notebook.SubmissionError as exc:
            return Submission(str(path), None, error=str(exc))
        try:
            return self.grade(submitted, assignment, str(path))
        except Unprotected:
            raise
        except Exception as exc:  # a fault of the grader must not cost the other submissions their grades
            log.exception("%s: grading failed", path)
            return Submission(str(path), assignment, error=f"{path}: the grader failed on this notebook "
                                                              f"({type(exc).__name__}); tell the course staff")

    def grade(self, submitted: NotebookNode, assignment: str, label: str, only: set[str] | None = None) -> Submission:
        """Grade a parsed notebook of a known assignment (only the items `only`, if given); the result carries
        the fingerprint of the program graded (notebook.fingerprint)."""
        result = Submission(label, assignment)
        try:
            release = self.release_notebook(assignment)
            notebook.check_belongs(label, assignment, release, submitted)
        except notebook.SubmissionError as exc:
            result.error = str(exc)
            return result
        items = [item for item in notebook.items(release) if only is None or item.id in only]
        program = notebook.build_program(release, submitted)
        result.fingerprint = notebook.fingerprint(assignment, program)
        self._require_protections()
        given = [cell_id for cell_id, _ in program.cells if cell_id not in program.solutions]
        problems = self.sandbox.load(program.cells, given)
        notes = {**{cell_id: _cell_problem(cell_id, p) for cell_id, p in problems.items()}, **program.notes}
        shortcut = {}  # item id -> the Check that says which shortcut it takes
        for item in items:
            found = shortcuts.find(item.id, program.cells, given)
            if found:
                shortcut[item.id] = Check(found.title, False, 0.0, found.message, failure=SHORTCUT)
        blocked = dict.fromkeys(shortcut, "not run: forbidden shortcut (see above)")
        reference = Reference.of(f"{self.references}.{assignment}")
        verdicts, caught = runner.run_checks(self.checks / f"{assignment}.py", Student(self.sandbox), reference,
                                             self.sandbox, blocked, only,
                                             points={i.id: i.points for i in notebook.items(release)})
        for item_id, error in caught.items():
            shortcut[item_id] = Check(error.title, False, 0.0, str(error), failure=SHORTCUT)
        failures = {cell_id: problem.failure for cell_id, problem in problems.items()}
        result.items = [_score(item, notes.get(item.solution_id), failures.get(item.solution_id),
                               shortcut.get(item.id), verdicts.get(item.id, [])) for item in items]
        result.score = round(sum(i.score for i in result.items), 4)
        result.max_score = sum(i.max_score for i in result.items)
        for cell_id, problem in problems.items():
            if cell_id.startswith("setup_"):
                log.error("%s: setup cell %s failed: %s", label, cell_id, problem)
        return result


    def _require_protections(self):
        """Say once on stderr what isolates student code; Unprotected if something is missing and not trusted."""
        if not self._protected:
            protections = self.sandbox.protections
            print(protections.summary(), file=sys.stderr)
            protections.require(self.trusted)
            self._protected = True


def _cell_problem(cell_id, problem):
    info = getattr(problem, "info", None)
    if info is not None:
        return explain_error(f"running your cell '{cell_id}'", info)
    return f"running your cell '{cell_id}' {problem}; the cell was left out"


def _score(item, note, failure, shortcut, checks):
    """Points in proportion to the points the checks pay (see `earned`); none with a forbidden shortcut.

    `note` says why the solution cell did not run as submitted, `failure` how its problem is recorded
    (see autograder.outcomes).
    """
    if not checks:
        checks = [Check("hidden checks exist", False, 0.0, "no hidden checks for this item: tell the course staff")]
    total = sum(c.points for c in checks)
    score = 0.0 if shortcut or not total else round(item.points * earned(checks) / total, 4)
    if shortcut:
        checks = [shortcut] + checks
    if note:
        checks = [Check("solution cell runs as submitted", False, 0.0, note,
                        failure=failure)] + checks
    return Item(item.id, score, item.points, checks)
