"""Students know before they submit: the notebooks state each rule, check it, and end with a self-check."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import build, registry, shortcuts
from autograder.course import ROOT, scripts_on_path
from autograder.engine import Grader
from autograder.notebook import grade_id, is_graded_test, is_setup, is_solution
from autograder.registry import item_id
from tests.grading import item, messages, solution, with_cell

PRESENT = registry.assignments()
RULED = [(a, n) for a in PRESENT for n in registry.names(a) if item_id(n) in shortcuts.FORBIDDEN]
FARID = ROOT / "examples" / "submitted" / "farid" / "gd2d" / "gd2d.ipynb"  # grad_loss_2d by autograd


def source(assignment):
    return nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.mark.parametrize("kind", ["source", "assignments", "solutions"])
@pytest.mark.parametrize("assignment", PRESENT)
def test_the_shipped_rule_is_the_graders_rule(assignment, kind):
    shipped = ROOT / kind / assignment / build.SELF_CHECK
    assert shipped.read_text() == Path(shortcuts.__file__).read_text(), \
        f"{kind}/{assignment}/{build.SELF_CHECK} differs from autograder/shortcuts.py: run `python3 tasks.py build`"


@pytest.mark.parametrize("assignment, name", RULED)
def test_each_forbidden_shortcut_is_named_in_its_exercise_with_its_cost(assignment, name):
    cells = source(assignment).cells
    at = next(i for i, c in enumerate(cells) if grade_id(c) == item_id(name) + "_solution")
    text = cells[max(i for i in range(at) if cells[i].cell_type == "markdown")].source  # its instructions
    rule = shortcuts.RULES[shortcuts.FORBIDDEN[item_id(name)][1]]
    assert f"`{name}`" in text and rule.label in text and "scores 0" in text and "hides what it calls" in text


@pytest.mark.parametrize("assignment, name", RULED)
def test_each_forbidden_shortcut_is_checked_by_its_visible_checks(assignment, name):
    test = next(c for c in source(assignment).cells if grade_id(c) == item_id(name))
    assert f'check("{item_id(name)}", "{assignment}.ipynb")' in test.source


@pytest.mark.parametrize("assignment", PRESENT)
def test_every_notebook_ends_with_a_locked_self_check(assignment):
    last = source(assignment).cells[-1]
    assert grade_id(last) == "self_check" and last.metadata["nbgrader"]["locked"]
    assert not is_graded_test(last) and not is_setup(last)
    assert f'report("{assignment}.ipynb", globals())' in last.source


@pytest.mark.parametrize("assignment", PRESENT)
def test_visible_checks_use_no_other_exercises_code(assignment):
    for cell in source(assignment).cells:
        if is_graded_test(cell):
            used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
            others = [n for n in registry.names(assignment) if n in used and item_id(n) != grade_id(cell)]
            assert not others, f"{assignment}: the visible checks of {grade_id(cell)} call {others}"


def run_cells(path, wanted):
    namespace = {"__name__": "__main__"}
    for cell in nbformat.read(path, as_version=4).cells:
        if wanted(cell):
            exec(compile(cell.source, str(grade_id(cell)), "exec"), namespace)
    return namespace


def test_the_self_check_prints_one_line_per_exercise_with_what_to_fix(tmp_path, monkeypatch, capsys):
    shutil.copy(FARID, tmp_path / "gd2d.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ROOT / "assignments" / "gd2d"))
    namespace = run_cells(tmp_path / "gd2d.ipynb", lambda c: is_setup(c) or is_solution(c))
    capsys.readouterr()
    shortcuts.report("gd2d.ipynb", namespace)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [item_id(n) for n in registry.names("gd2d")]
    shortcut, = [line for line in lines if line.startswith("grad_loss_2d:")]
    assert shortcut.startswith("grad_loss_2d: to fix: ShortcutFound: uses requires_grad=... at line 3 "
                               "of your cell 'grad_loss_2d_solution'")
    assert all(line.endswith(": ok") for line in lines if line != shortcut)


def validate(notebook_path):
    with scripts_on_path():
        return subprocess.run([Path(sys.executable).parent / "nbgrader", "validate", str(notebook_path)],
                              capture_output=True, text=True, timeout=600, cwd=notebook_path.parent)


@pytest.mark.parametrize("student, fails", [("farid", True), ("ada", False)])
def test_nbgrader_validate_fails_on_a_forbidden_shortcut(tmp_path, student, fails):
    folder = tmp_path / student
    shutil.copytree(ROOT / "assignments" / "gd2d", folder)
    shutil.copy(ROOT / "examples" / "submitted" / student / "gd2d" / "gd2d.ipynb", folder / "gd2d.ipynb")
    output = validate(folder / "gd2d.ipynb").stdout
    assert ("VALIDATION FAILED" in output) == fails, output[-3000:]
    assert ("ShortcutFound: uses requires_grad=... at line 3 of your cell" in output) == fails


@pytest.fixture(scope="module")
def grader():
    with Grader() as grader:
        yield grader


def test_graded_code_calling_another_items_shortcut_costs_only_that_item(grader):
    cheating = "def clip_grad_norm(parameters, max_norm):\n" \
               "    return float(torch.nn.utils.clip_grad_norm_(parameters, max_norm))"
    result = grader.grade(with_cell(solution("linefit"), "clip_grad_norm_solution", cheating), "linefit", "clip",
                          only={"clip_grad_norm", "autoclip"})
    clip, auto = item(result, "clip_grad_norm"), item(result, "autoclip")
    assert clip.score == 0
    assert clip.checks[0].name == "uses torch.nn.utils.clip_grad_norm_ at line 2 of your cell 'clip_grad_norm_solution'"
    assert auto.score == auto.max_score, messages(auto)


def test_a_helper_beside_correct_code_that_checks_it_with_autograd_costs_nothing(grader):
    nb = solution("gd2d")
    cell = next(c for c in nb.cells if grade_id(c) == "grad_loss_2d_solution")
    helper = "\n\n\ndef by_autograd(beta):\n    b = torch.tensor(beta, dtype=torch.float64, requires_grad=True)\n" \
             "    loss_2d_t = (b[0] - 2) ** 2 + (b[1] - 1) ** 4 - (b[1] - 1) ** 2\n    loss_2d_t.backward()\n" \
             "    return b.grad.numpy()\n"
    result = grader.grade(with_cell(nb, "grad_loss_2d_solution", cell.source + helper), "gd2d", "helper",
                          only={"grad_loss_2d"})
    assert result.score == result.max_score, messages(result.items[0])
