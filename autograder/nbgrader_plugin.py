"""nbgrader integration: grade with the sandboxed hidden checks during `nbgrader autograde`.

`HiddenChecks` takes the place of nbgrader's Execute step. Student code runs
only in the sandbox; each graded test cell receives its feedback as stdout and
its partial score as the cell's result, which `SaveAutoGrades` then records.
No check code ever enters the notebook.
"""
import atexit
import base64
import copy
import functools
import json
from pathlib import Path

import nbgrader
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.v4 import new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, NbGraderPreprocessor, SaveAutoGrades,
)
from traitlets import Bool, Float, Int, Unicode

from autograder import course, mathjax, notebook, pictures, result_text, runner
from autograder.engine import Grader
from autograder.results import Submission
from autograder.sandbox.process import CONFIGURABLE, Limits

_graders = {}


def grader_for(release: Path, checks: str, references: str, trusted: bool, limits: Limits) -> Grader:
    """One warm grader per configuration for the life of the process."""
    key = (release, checks, references, trusted, limits)
    if key not in _graders:
        _graders[key] = Grader(release, limits, checks=checks, references=references, trusted=trusted)
        atexit.register(_graders[key].close)
    return _graders[key]


@functools.cache
def graded_beforehand(path):
    """{fingerprint: submission document} from a file of results graded beforehand, or nothing."""
    return json.loads(Path(path).read_text()) if path else {}


def restore_test_cells(nb, release):
    """Put back graded test cells the student deleted, so they score instead of waiting for a grader."""
    present = {notebook.grade_id(c) for c in nb.cells}
    for index, cell in enumerate(release.cells):
        if notebook.is_graded_test(cell) and notebook.grade_id(cell) not in present:
            solution = notebook.grade_id(cell) + "_solution"
            after = next((i for i, c in enumerate(nb.cells) if notebook.grade_id(c) == solution), None)
            position = len(nb.cells) if after is None else after + 1
            nb.cells.insert(position, copy.deepcopy(cell))


def write_results(nb, result):
    """Each graded test cell: its feedback as stdout, the picture of its failure as a PNG, its score as
    the result."""
    items = {item.id: item for item in result.items}
    for cell in nb.cells:
        if not notebook.is_graded_test(cell):
            continue
        item = items.get(notebook.grade_id(cell))
        text = result_text.cell_feedback(result, item)
        score = item.score if item and not result.error else 0.0
        picture = item.picture() if item and not result.error else None
        cell.outputs = [new_output("stream", name="stdout", text=text + "\n")]
        if picture:
            image = base64.b64encode(pictures.png(picture)).decode()
            cell.outputs.append(new_output("display_data", data={"image/png": image, "text/plain": picture["title"]}))
        cell.outputs.append(new_output("execute_result", data={"text/plain": repr(float(score))}, execution_count=1))
        cell.execution_count = 1


class HiddenChecks(NbGraderPreprocessor):
    """Grades a submitted notebook with the hidden checks instead of executing it in a kernel."""

    checks = Unicode(str(runner.CHECKS), help="Folder of the check modules, one per assignment").tag(config=True)
    references = Unicode("autograder.reference", help="Package of the reference modules").tag(config=True)

    graded = Unicode("", help="JSON file of results graded beforehand, by fingerprint "
                              "(written by `python -m autograder autograde`)").tag(config=True)
    trusted = Bool(False, help="Grade even where the sandbox's isolation is missing (see `python -m autograder "
                               "doctor`): only for code you trust").tag(config=True)
    memory_bytes = Int(Limits.memory_bytes, help=CONFIGURABLE["memory_bytes"]).tag(config=True)
    call_seconds = Float(Limits.call_seconds, help=CONFIGURABLE["call_seconds"]).tag(config=True)
    cell_seconds = Float(Limits.cell_seconds, help=CONFIGURABLE["cell_seconds"]).tag(config=True)

    def limits(self) -> Limits:
        """The sandbox's limits, as configured."""
        return Limits(**{name: getattr(self, name) for name in CONFIGURABLE})

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        assignment = info["assignment"]
        coursedir = CourseDirectory(config=self.config)
        release_root = course.release_folder(coursedir)
        label = f"{info['student']}/{assignment}/{info['notebook']}.ipynb"
        try:
            release = notebook.release(release_root, assignment)
        except notebook.SubmissionError as exc:
            raise RuntimeError(f"{label}: the release of '{assignment}' is missing: {exc}") from exc
        restore_test_cells(nb, release)
        graded = graded_beforehand(self.graded)
        known = graded and graded.get(notebook.fingerprint(assignment, notebook.build_program(release, nb)))
        if known:
            result = Submission.from_json({**known, "notebook": label})
        else:
            result = grader_for(release_root, self.checks, self.references, self.trusted,
                                self.limits()).grade(nb, assignment, label)
        self.log.info("%s: %s / %s%s", label, result.score, result.max_score, " (graded beforehand)" if known else "")
        write_results(nb, result)
        return nb, resources


def use_hidden_checks(config):
    """Configure `nbgrader autograde` to grade with HiddenChecks in place of Execute, and
    `nbgrader generate_feedback` to write pages whose formulas render offline."""
    config.Autograde.autograde_preprocessors = [
        HiddenChecks, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
    ]
    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    config.HTMLExporter.template_name = "offline_feedback"
    config.HTMLExporter.extra_template_basedirs = [str(mathjax.TEMPLATES), str(nbgrader_templates)]
    config.HTMLExporter.filters = {"offline_mathjax": "autograder.mathjax.script"}
