"""The build turns a source notebook into a stubbed release and executed, cleaned solutions.

Built once on a scratch course directory holding one small assignment.
"""
import shutil

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import build
from autograder.course import CONFIG_FILE, ROOT

ASSIGNMENT = "scratch"
SOLUTION = "    return [b - step_size * g for b, g in zip(beta, grad)]"
HIDDEN = "assert step([0.0], [0.0], 1.0) == [0.0]"


def nbgrader(grade_id, grade=False, solution=False, locked=False, **extra):
    return {"nbgrader": {"grade_id": grade_id, "grade": grade, "solution": solution, "locked": locked,
                         "schema_version": 3, **extra}}


def scratch_notebook(solution_line=SOLUTION):
    """A setup cell, one exercise with markers, its test cell with a hidden region, a plotting demo and
    the self-check students run before they submit."""
    return new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[
            new_markdown_cell("# One step", id="title"),
            new_code_cell("import os\nimport matplotlib.pyplot as plt", id="imports",
                          metadata=nbgrader("setup_imports", locked=True)),
            new_code_cell(f'def step(beta, grad, step_size):\n    """One step."""\n    ### BEGIN SOLUTION\n'
                          f"{solution_line}\n    ### END SOLUTION", id="step-solution",
                          metadata=nbgrader("step_solution", solution=True)),
            new_code_cell(f"assert step([1.0], [2.0], 0.5) == [0.0]\n### BEGIN HIDDEN TESTS\n{HIDDEN}\n"
                          "### END HIDDEN TESTS\nprint('ok')", id="step",
                          metadata=nbgrader("step", grade=True, locked=True, points=1)),
            new_code_cell("print(os.getcwd())\nplt.plot([3, 1, 2])\nplt.show()", id="demo"),
            new_markdown_cell("## Before you submit\n\nRun the self-check.", id="self-check-intro"),
            new_code_cell("print('checked')", id="self-check", metadata=nbgrader("self_check", locked=True)),
        ],
    )


def make_course(root, solution_line=SOLUTION):
    """A course directory with the project's nbgrader configuration and one source notebook."""
    shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(scratch_notebook(solution_line), root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return root


def build_course(root):
    with build.nbgrader_course(root) as config:
        build.generate(ASSIGNMENT, config)
        build.execute_solutions(ASSIGNMENT, config)


def snapshot(folder):
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("course"))
    build_course(root)
    return root


def read(course, kind):
    return nbformat.read(course / kind / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def cell(nb, cell_id):
    return next(c for c in nb.cells if c.id == cell_id)


def test_release_replaces_the_solution_body_with_a_stub_and_keeps_the_signature(course):
    source = cell(read(course, "assignments"), "step-solution").source
    assert source.startswith('def step(beta, grad, step_size):\n    """One step."""\n')
    assert "raise NotImplementedError()" in source
    assert "step_size * g" not in source and "BEGIN SOLUTION" not in source


def test_release_has_no_outputs_and_no_hidden_tests(course):
    release = read(course, "assignments")
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in release.cells if c.cell_type == "code")
    assert HIDDEN not in cell(release, "step").source
    assert "HIDDEN TESTS" not in cell(release, "step").source


def test_solutions_keep_the_solution_code_without_markers_or_hidden_tests(course):
    solutions = read(course, "solutions")
    assert cell(solutions, "step-solution").source == (
        f'def step(beta, grad, step_size):\n    """One step."""\n{SOLUTION}')
    assert cell(solutions, "step").source == "assert step([1.0], [2.0], 0.5) == [0.0]\nprint('ok')"


def test_solutions_are_executed_in_their_own_folder_with_inline_plots(course):
    solutions = read(course, "solutions")
    assert cell(solutions, "step").outputs[0]["text"] == "ok\n"
    demo = cell(solutions, "demo").outputs
    assert demo[0]["text"].strip() == str(course / "solutions" / ASSIGNMENT)
    assert "image/png" in demo[1]["data"]


def test_release_keeps_cell_ids_and_nbgrader_metadata(course):
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    built = read(course, "assignments")
    assert [c.id for c in built.cells] == [c.id for c in source.cells]
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in built.cells] == \
        [c.metadata.get("nbgrader", {}).get("grade_id") for c in source.cells]


def test_solutions_read_as_finished_notebooks_without_self_check_or_nbgrader_metadata(course):
    solutions = read(course, "solutions")
    assert [c.id for c in solutions.cells] == ["title", "imports", "step-solution", "step", "demo"]
    assert not any("nbgrader" in c.metadata for c in solutions.cells)


def test_build_leaves_no_gradebook_in_the_course_directory(course):
    assert not list(course.rglob("*.db"))


def test_rebuilding_unchanged_source_changes_no_file(course):
    before = {kind: snapshot(course / kind) for kind in ("assignments", "solutions")}
    build_course(course)
    assert {kind: snapshot(course / kind) for kind in ("assignments", "solutions")} == before


def test_generating_into_other_folders_leaves_solutions_unexecuted(course, tmp_path):
    with build.nbgrader_course(course, tmp_path / "release", tmp_path / "solutions") as config:
        build.generate(ASSIGNMENT, config)
    solutions = nbformat.read(tmp_path / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert all(c.execution_count is None for c in solutions.cells if c.cell_type == "code")
    assert (tmp_path / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()


def test_a_failing_solution_fails_the_build(tmp_path):
    root = make_course(tmp_path, solution_line="    return undefined_name")
    with pytest.raises(CellExecutionError, match="undefined_name"):
        build_course(root)


def test_marker_lines_are_dropped_and_the_code_between_them_kept():
    source = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    assert build.without_marker_lines(source) == "def f():\n    return 1\n"


def test_build_command_refuses_assignments_without_source(capsys):
    assert build.main(["no_such_assignment"]) == 2
    assert "no_such_assignment" in capsys.readouterr().err


def test_build_command_refuses_an_incomplete_assignment_and_says_what_is_missing(tmp_path, capsys):
    root = make_course(tmp_path)
    path = root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.id != "step-solution"]
    nbformat.write(nb, path)
    assert build.main(["--course", str(root)]) == 2
    assert "the graded test cell 'step' has no solution cell 'step_solution'" in capsys.readouterr().err
    assert not (root / "assignments").exists()


def test_build_command_refuses_a_source_folder_without_its_notebook(tmp_path, capsys):
    root = make_course(tmp_path)
    (root / "source" / "draft").mkdir()
    assert build.main(["--course", str(root), ASSIGNMENT]) == 2
    assert "source/draft: has no notebook draft.ipynb" in capsys.readouterr().err
