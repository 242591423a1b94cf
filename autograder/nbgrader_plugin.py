"""nbgrader integration: grade with the sandboxed hidden checks during `nbgrader autograde`.

Four preprocessors, one job each, take the place of nbgrader's Execute step
(nbgrader_config.py assembles them): `RestoreTestCells` puts back deleted
graded test cells, `GradedBeforehand` takes a result graded in parallel,
`HiddenChecks` grades otherwise, and `WriteResults` gives each graded test
cell its feedback as stdout and its partial score as the cell's result, which
`SaveAutoGrades` then records. Student code runs only in the sandbox; no
check code ever enters the notebook.
"""
import atexit
import base64
import copy
import functools
import json
from pathlib import Path

import nbgrader
from nbformat.v4 import new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Float, Int, Unicode

from autograder import course, mathjax, notebook, pictures, result_text, runner
from autograder.engine import Grader
from autograder.results import Submission
from autograder.sandbox.process import CONFIGURABLE, Limits

_graders = {}
RESULT = "autograder_result"  # the key of nbgrader's resources under which a notebook's result goes to WriteResults


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


def restore_test_cells(nb, release) -> None:
    """Put back graded test cells the student deleted, so they score instead of waiting for a grader."""
    present = {notebook.grade_id(c) for c in nb.cells}
    for cell in release.cells:
        if notebook.is_graded_test(cell) and notebook.grade_id(cell) not in present:
            solution = notebook.grade_id(cell) + "_solution"
            after = next((i for i, c in enumerate(nb.cells) if notebook.grade_id(c) == solution), None)
            position = len(nb.cells) if after is None else after + 1
            nb.cells.insert(position, copy.deepcopy(cell))


def write_results(nb, result: Submission) -> None:
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


def label(resources: dict) -> str:
    """How the notebook being autograded is named in logs and results: student/assignment/notebook.ipynb."""
    info = resources["nbgrader"]
    return f"{info['student']}/{info['assignment']}/{info['notebook']}.ipynb"


def release_of(config, resources: dict):
    """The release notebook of the assignment being autograded; RuntimeError if it is missing."""
    assignment = resources["nbgrader"]["assignment"]
    try:
        return notebook.release(course.release_folder(CourseDirectory(config=config)), assignment)
    except notebook.SubmissionError as exc:
        raise RuntimeError(f"{label(resources)}: the release of '{assignment}' is missing: {exc}") from exc


class RestoreTestCells(NbGraderPreprocessor):
    """Puts back the graded test cells the student deleted, from the release, so they score."""

    def preprocess(self, nb, resources):
        restore_test_cells(nb, release_of(self.config, resources))
        return nb, resources


class GradedBeforehand(NbGraderPreprocessor):
    """Takes the result graded beforehand (by `python -m autograder autograde`) of a notebook whose graded
    program is exactly the one graded then."""

    graded = Unicode("", help="JSON file of results graded beforehand, by fingerprint "
                              "(written by `python -m autograder autograde`)").tag(config=True)

    def preprocess(self, nb, resources):
        known = graded_beforehand(self.graded)
        if known:
            program = notebook.build_program(release_of(self.config, resources), nb)
            found = known.get(notebook.fingerprint(resources["nbgrader"]["assignment"], program))
            if found:
                result = resources[RESULT] = Submission.from_json({**found, "notebook": label(resources)})
                self.log.info("%s: %s / %s (graded beforehand)", result.notebook, result.score, result.max_score)
        return nb, resources


class HiddenChecks(NbGraderPreprocessor):
    """Grades the notebook with the sandboxed hidden checks, in place of executing it in a kernel (unless its
    result was graded beforehand)."""

    checks = Unicode(str(runner.CHECKS), help="Folder of the check modules, one per assignment").tag(config=True)
    references = Unicode("autograder.reference", help="Package of the reference modules").tag(config=True)
    trusted = Bool(False, help="Grade even where the sandbox's isolation is missing (see `python -m autograder "
                               "doctor`): only for code you trust").tag(config=True)
    memory_bytes = Int(Limits.memory_bytes, help=CONFIGURABLE["memory_bytes"]).tag(config=True)
    call_seconds = Float(Limits.call_seconds, help=CONFIGURABLE["call_seconds"]).tag(config=True)
    cell_seconds = Float(Limits.cell_seconds, help=CONFIGURABLE["cell_seconds"]).tag(config=True)

    def limits(self) -> Limits:
        """The sandbox's limits, as configured."""
        return Limits(**{name: getattr(self, name) for name in CONFIGURABLE})

    def preprocess(self, nb, resources):
        if RESULT not in resources:
            release_root = course.release_folder(CourseDirectory(config=self.config))
            grader = grader_for(release_root, self.checks, self.references, self.trusted, self.limits())
            result = resources[RESULT] = grader.grade(nb, resources["nbgrader"]["assignment"], label(resources))
            self.log.info("%s: %s / %s", result.notebook, result.score, result.max_score)
        return nb, resources


class WriteResults(NbGraderPreprocessor):
    """Writes the result into the graded test cells (see write_results), for SaveAutoGrades to record."""

    def preprocess(self, nb, resources):
        write_results(nb, resources.pop(RESULT))
        return nb, resources


def use_offline_feedback(config) -> None:
    """Configure `nbgrader generate_feedback` to write pages whose formulas render offline."""
    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    config.HTMLExporter.template_name = "offline_feedback"
    config.HTMLExporter.extra_template_basedirs = [str(mathjax.TEMPLATES), str(nbgrader_templates)]
    config.HTMLExporter.filters = {"offline_mathjax": "autograder.mathjax.script"}
