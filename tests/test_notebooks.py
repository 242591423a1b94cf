"""The course's notebooks: source/, the release in assignments/ and the solutions in solutions/ agree.

Every test runs for each assignment (each folder of source/). Notebooks are executed at most
once per session, in scratch copies of their folders.
"""
import ast
import json
import shutil
from functools import cache

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbgrader.converters import NbGraderException

from autograder import build, registry
from autograder.course import ROOT
from autograder.notebook import grade_id, is_graded_test, is_setup, is_solution
from autograder.registry import item_id, solution_id

PRESENT = registry.assignments()
NAMES = [(assignment, name) for assignment in PRESENT for name in registry.names(assignment)]
KINDS = {"source": "source", "release": "assignments", "solutions": "solutions"}
SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TEST_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
SHORTEST_SOLUTION_LINE = 12  # shorter lines (`return x`, `else:`) are too common to betray a solution


def notebook_path(kind, assignment, root=ROOT):
    return root / KINDS[kind] / assignment / f"{assignment}.ipynb"


def rebuild_hint(assignment):
    return (f"run `python3 tasks.py build {assignment}` and commit assignments/{assignment} "
            f"and solutions/{assignment}")


@cache
def load(kind, assignment):
    """A committed notebook, read once per session."""
    path = notebook_path(kind, assignment)
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: " +
                    ("every source folder holds a notebook named after it" if kind == "source"
                     else rebuild_hint(assignment)))
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def python_of(cell):
    """A code cell's source as plain Python (IPython magics turned into calls)."""
    return TransformerManager().transform_cell(cell.source)


def definitions(nb):
    """Every top-level `def`/`class` of a notebook as (name, grade_id of its cell, node)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.parse(python_of(cell)).body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.append((node.name, grade_id(cell), node))
    return found


def raises_not_implemented(function):
    return any(isinstance(node, ast.Raise) and node.exc is not None and
               "NotImplementedError" in {n.id for n in ast.walk(node.exc) if isinstance(n, ast.Name)}
               for node in ast.walk(function))


def bodies(definition):
    """The function bodies of a definition: itself, or each method of a class."""
    if isinstance(definition, ast.ClassDef):
        return [node for node in definition.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return [definition]


def cells_with_id(nb, wanted):
    return [(index, cell) for index, cell in enumerate(nb.cells) if grade_id(cell) == wanted]


def errors(cell):
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def describe(cell):
    return grade_id(cell) or cell.get("id") or cell.source[:40]


def marked_lines(source, begin, end):
    """The lines strictly between begin and end markers."""
    inside, lines = False, []
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def signature(cell):
    """What a rebuild must reproduce of a cell: its type, source and nbgrader metadata (not outputs)."""
    return cell.cell_type, cell.source, nbgrader_meta(cell)


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """executed(kind, assignment): the committed notebook run top to bottom in a scratch copy of its
    folder, errors recorded as outputs. An assignment's release and solutions run together, once."""
    runs = {}

    def scratch_copy(kind, assignment):
        load(kind, assignment)  # fails the test with a hint when the notebook is not committed
        folder = tmp_path_factory.mktemp(f"{kind}-{assignment}")
        shutil.copytree(notebook_path(kind, assignment).parent, folder, dirs_exist_ok=True)
        return nbformat.read(folder / f"{assignment}.ipynb", as_version=4), folder

    def run(kind, assignment):
        if (kind, assignment) not in runs:
            kinds = ("release", "solutions")
            copies = [scratch_copy(k, assignment) for k in kinds]
            for k, nb in zip(kinds, build.execute_together(copies, allow_errors=True)):
                runs[k, assignment] = nb
        return runs[kind, assignment]

    return run


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory):
    """rebuilt(kind, assignment): the path of the notebook the build makes of source/ now (not executed)."""
    root = tmp_path_factory.mktemp("rebuild")
    failed = set()
    with build.nbgrader_course(ROOT, root / KINDS["release"], root / KINDS["solutions"]) as config:
        for assignment in PRESENT:
            try:
                build.generate(assignment, config)
            except NbGraderException:
                failed.add(assignment)

    def path(kind, assignment):
        if assignment in failed:
            pytest.fail(f"nbgrader cannot build source/{assignment}: `python3 tasks.py build {assignment}` "
                        "says why")
        return notebook_path(kind, assignment, root=root)

    return path


def files(folder):
    return {str(path.relative_to(folder)) for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts}


# --- the committed build is up to date -----------------------------------------------------------

@pytest.mark.parametrize("kind", ["release", "solutions"])
@pytest.mark.parametrize("assignment", PRESENT)
def test_committed_notebooks_are_what_the_build_makes_of_source(assignment, kind, rebuilt):
    committed = load(kind, assignment)
    fresh = nbformat.read(rebuilt(kind, assignment), as_version=4)
    label = f"{KINDS[kind]}/{assignment}"
    assert len(committed.cells) == len(fresh.cells), \
        f"{label}: {len(committed.cells)} cells, source/ makes {len(fresh.cells)}; {rebuild_hint(assignment)}"
    for old, new in zip(committed.cells, fresh.cells):
        assert signature(old) == signature(new), \
            f"{label}: cell {describe(new)!r} differs from what source/ makes: {rebuild_hint(assignment)}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_release_folder_holds_the_files_the_build_makes(assignment, rebuilt):
    committed = files(notebook_path("release", assignment).parent)
    fresh = files(rebuilt("release", assignment).parent)
    assert committed == fresh, f"assignments/{assignment} holds {sorted(committed)}, the build makes " \
                               f"{sorted(fresh)}: {rebuild_hint(assignment)}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_source_cells_have_stable_ids(assignment):
    raw = json.loads(notebook_path("source", assignment).read_text())
    if (raw["nbformat"], raw["nbformat_minor"]) >= (4, 5):
        missing = [index for index, cell in enumerate(raw["cells"]) if not cell.get("id")]
        assert not missing, f"source/{assignment}: cells {missing} have no id (each build would invent one)"


@pytest.mark.parametrize("assignment", PRESENT)
def test_release_carries_no_outputs(assignment):
    with_outputs = [describe(c) for c in load("release", assignment).cells
                    if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not with_outputs, f"assignments/{assignment}: cells with outputs: {with_outputs}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_committed_solutions_carry_the_outputs_of_a_run(assignment):
    not_run = [describe(c) for c in load("solutions", assignment).cells
               if c.cell_type == "code" and c.source.strip() and c.execution_count is None]
    assert not not_run, f"solutions/{assignment}: cells never executed: {not_run}; {rebuild_hint(assignment)}"


# --- notebooks run --------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", PRESENT)
def test_solutions_run_top_to_bottom_without_error(assignment, executed):
    failures = [f"{describe(c)}: {e.ename}: {e.evalue}" for c in executed("solutions", assignment).cells
                for e in errors(c)]
    assert not failures, f"solutions/{assignment} fails in: {failures}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_release_fails_only_where_a_stub_is_called(assignment, executed):
    failures = [f"{describe(c)}: {e.ename}: {e.evalue}" for c in executed("release", assignment).cells
                for e in errors(c) if e.ename != "NotImplementedError"]
    assert not failures, f"assignments/{assignment}: errors other than NotImplementedError: {failures}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_release_setup_and_stub_cells_run_silently(assignment, executed):
    noisy = [describe(c) for c in executed("release", assignment).cells
             if (is_setup(c) or is_solution(c)) and c.outputs]
    assert not noisy, f"assignments/{assignment}: setup or stub cells that print, plot or fail: {noisy}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_every_graded_test_cell_of_the_release_calls_its_stub(assignment, executed):
    silent = [grade_id(c) for c in executed("release", assignment).cells if is_graded_test(c)
              and not any(e.ename == "NotImplementedError" for e in errors(c))]
    assert not silent, f"assignments/{assignment}: graded test cells that pass on the bare stubs: {silent}"


# --- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment, name", NAMES)
def test_release_defines_each_name_once_as_a_stub_in_its_solution_cell(assignment, name):
    found = [(cell_id, node) for defined, cell_id, node in definitions(load("release", assignment))
             if defined == name]
    assert [cell_id for cell_id, _ in found] == [solution_id(name)], \
        f"assignments/{assignment}: `{name}` should be defined once, in cell {solution_id(name)!r}; " \
        f"found in cells {[cell_id for cell_id, _ in found]}"
    not_stubbed = [body.name for body in bodies(found[0][1]) if not raises_not_implemented(body)]
    assert not not_stubbed, f"assignments/{assignment}: in `{name}`, {not_stubbed} do not raise " \
                            "NotImplementedError: put each body in a solution region"


@pytest.mark.parametrize("assignment, name", NAMES)
def test_solutions_define_each_name_once_with_its_implementation(assignment, name):
    found = [node for defined, _, node in definitions(load("solutions", assignment)) if defined == name]
    assert len(found) == 1, f"solutions/{assignment}: `{name}` should be defined once, found {len(found)} times"
    stubbed = [body.name for body in bodies(found[0]) if raises_not_implemented(body)]
    assert not stubbed, f"solutions/{assignment}: in `{name}`, {stubbed} still raise NotImplementedError"


@pytest.mark.parametrize("assignment, name", NAMES)
def test_no_other_assignment_defines_the_name(assignment, name):
    elsewhere = [f"{KINDS[kind]}/{other}" for other in PRESENT if other != assignment for kind in KINDS
                 if notebook_path(kind, other).exists()
                 and any(defined == name for defined, _, _ in definitions(load(kind, other)))]
    assert not elsewhere, f"`{name}` belongs to {assignment} but is also defined in {elsewhere}"


# --- cell conventions (README, "Authoring notebooks") ---------------------------------------------

@pytest.mark.parametrize("kind", ["source", "release"])
@pytest.mark.parametrize("assignment", PRESENT)
def test_setup_cells_are_locked_plain_python_that_uses_no_exercise(assignment, kind):
    names = set(registry.names(assignment))
    for cell in load(kind, assignment).cells:
        if not str(grade_id(cell) or "").startswith("setup_"):
            continue
        label = f"{KINDS[kind]}/{assignment}: setup cell {grade_id(cell)!r}"
        meta = nbgrader_meta(cell)
        assert cell.cell_type == "code" and meta.get("locked") and not meta.get("grade") \
            and not meta.get("solution"), f"{label} must be a locked code cell, neither graded nor a solution"
        try:
            module = ast.parse(cell.source)
        except SyntaxError as exc:
            pytest.fail(f"{label} is not plain Python (IPython magics are not allowed): {exc}")
        used = {node.id for statement in module.body
                if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                for node in ast.walk(statement) if isinstance(node, ast.Name)} & names
        assert not used, f"{label} uses the exercises {sorted(used)}"


@pytest.mark.parametrize("kind", ["source", "release"])
@pytest.mark.parametrize("assignment, name", NAMES)
def test_each_name_has_one_solution_cell_and_a_graded_test_cell_after_it(assignment, name, kind):
    nb, label = load(kind, assignment), f"{KINDS[kind]}/{assignment}"
    solutions, tests = cells_with_id(nb, solution_id(name)), cells_with_id(nb, item_id(name))
    assert len(solutions) == 1, f"{label}: {len(solutions)} cells have grade_id {solution_id(name)!r}, want 1"
    assert len(tests) == 1, f"{label}: {len(tests)} cells have grade_id {item_id(name)!r}, want 1"
    (solution_at, solution), (test_at, test) = solutions[0], tests[0]
    assert solution.cell_type == "code" and nbgrader_meta(solution).get("solution") \
        and not nbgrader_meta(solution).get("grade") and not nbgrader_meta(solution).get("locked"), \
        f"{label}: {solution_id(name)!r} must be an unlocked, ungraded solution code cell"
    assert is_graded_test(test) and nbgrader_meta(test).get("locked") \
        and float(nbgrader_meta(test).get("points", 0)) > 0, \
        f"{label}: {item_id(name)!r} must be a locked graded test code cell with points"
    assert test_at > solution_at, f"{label}: the graded test cell {item_id(name)!r} comes before its exercise"


@pytest.mark.parametrize("assignment", PRESENT)
def test_the_release_grades_exactly_the_items_of_the_source(assignment):
    graded = [grade_id(c) for c in load("release", assignment).cells if is_graded_test(c)]
    assert graded == [item_id(name) for name in registry.names(assignment)], \
        f"assignments/{assignment}: graded test cells {graded} are not the items of source/: " \
        + rebuild_hint(assignment)


@pytest.mark.parametrize("assignment, name", NAMES)
def test_source_solution_cells_keep_the_signature_outside_the_solution_region(assignment, name):
    cells = cells_with_id(load("source", assignment), solution_id(name))
    assert cells, f"source/{assignment}: no cell {solution_id(name)!r}"
    for _, cell in cells:
        assert SOLUTION_MARKERS[0] in cell.source and SOLUTION_MARKERS[1] in cell.source, \
            f"source/{assignment}: {solution_id(name)!r} has no BEGIN SOLUTION / END SOLUTION region"
        before_region = cell.source.split(SOLUTION_MARKERS[0])[0].split("\n")
        heads = (f"def {name}(", f"class {name}(", f"class {name}:")
        assert any(line.startswith(heads) for line in before_region), \
            f"source/{assignment}: the `def`/`class {name}` line of {solution_id(name)!r} must come before " \
            "the solution region"


# --- nothing secret is shipped --------------------------------------------------------------------

@pytest.mark.parametrize("assignment", PRESENT)
def test_release_contains_no_solution_code(assignment):
    source = load("source", assignment)
    solution_lines, given_lines = set(), set()
    for cell in source.cells:
        inside = {line.strip() for line in marked_lines(cell.source, *SOLUTION_MARKERS)}
        solution_lines |= inside
        given_lines |= {line.strip() for line in cell.source.split("\n")} - inside
    telling = {line for line in solution_lines - given_lines
               if len(line) >= SHORTEST_SOLUTION_LINE and not line.startswith("#")}
    released = {line.strip() for cell in load("release", assignment).cells
                for line in cell.source.split("\n")}
    leaked = sorted(telling & released)
    assert not leaked, f"assignments/{assignment} contains solution lines: {leaked}"


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("assignment", PRESENT)
def test_no_notebook_holds_hidden_tests(assignment, kind):
    hidden = [describe(c) for c in load(kind, assignment).cells
              if any(marker in c.source for marker in HIDDEN_TEST_MARKERS)]
    assert not hidden, f"{KINDS[kind]}/{assignment}: hidden test regions in {hidden}; the hidden checks " \
                       "live in autograder/checks/"


@pytest.mark.parametrize("kind", ["release", "solutions"])
@pytest.mark.parametrize("assignment", PRESENT)
def test_built_notebooks_hold_no_solution_markers(assignment, kind):
    marked = [describe(c) for c in load(kind, assignment).cells
              if any(marker in c.source for marker in SOLUTION_MARKERS)]
    assert not marked, f"{KINDS[kind]}/{assignment}: solution markers left in {marked}"


@pytest.mark.parametrize("assignment", PRESENT)
def test_solutions_read_as_finished_notebooks(assignment):
    nb = load("solutions", assignment)
    graded = [describe(c) for c in nb.cells if "nbgrader" in c.metadata]
    assert not graded, f"solutions/{assignment}: cells keep nbgrader metadata: {graded}; {rebuild_hint(assignment)}"
    unfinished = [describe(c) for c in nb.cells
                  if any(words in c.source for words in ("YOUR CODE HERE", "Before you submit", "report("))]
    assert not unfinished, f"solutions/{assignment}: cells written for a submission: {unfinished}"
