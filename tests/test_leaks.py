"""Hidden code stays hidden: in released notebooks, in solutions, and in what nbgrader writes back.

What is secret: the code of the checks (their docstrings are the check titles
students read), the lines that make each known mistake wrong, and the
reference code beyond the given code of the release. A line counts when it
has at least 40 characters, so short common lines (`return x`) do not.
"""
import ast
import functools
import html

import nbformat
import pytest

from autograder import notebook
from autograder.autograde import run_nbgrader
from tests.grading import ROOT, release, with_cell

AUTOGRADER = ROOT / "autograder"
MIN_LENGTH = 40
NOTEBOOKS = sorted((ROOT / "assignments").glob("*/*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))


def code_lines(path):
    """The stripped lines of a module of at least MIN_LENGTH characters, docstrings left out."""
    source = path.read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    return {line.strip() for number, line in enumerate(source.splitlines(), 1)
            if number not in docstrings and len(line.strip()) >= MIN_LENGTH}


def cell_text(nb, keep=lambda cell: True):
    """Sources and text outputs of the notebook's cells that `keep` selects."""
    parts = []
    for cell in filter(keep, nb.cells):
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts += [str(output.get("text", ""))] + [str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


def given_code(nb):
    """The code a release shows: given code, stubs, demos and visible checks."""
    return cell_text(nb, lambda c: c.cell_type == "code")


@functools.cache
def secret_lines(released_solutions=False):
    """Lines of hidden code; with `released_solutions`, reference code is no longer secret."""
    given = "\n".join(given_code(release(p.name)) for p in sorted((ROOT / "assignments").iterdir())
                      if (p / f"{p.name}.ipynb").exists())
    solutions = "\n".join(cell_text(nbformat.read(p, 4)) for p in sorted((ROOT / "solutions").glob("*/*.ipynb")))
    secret = set()
    for path in (AUTOGRADER / "checks").glob("*.py"):
        secret |= code_lines(path)
    references = set().union(*(code_lines(p) for p in (AUTOGRADER / "reference").glob("*.py")))
    for path in (AUTOGRADER / "mistakes").glob("*.py"):
        secret |= {line for line in code_lines(path) - references if line not in solutions and line not in given}
    if not released_solutions:
        secret |= {line for line in references if line not in given}
    return frozenset(secret)


def leaked(text, released_solutions=False):
    return sorted(line for line in secret_lines(released_solutions) if line in text)


def test_the_secret_covers_checks_mistakes_and_references():
    secret = secret_lines()
    assert any("def check_" in line for line in secret)
    assert "return -np.array([2 * (b1 - 2), 4 * (b2 - 1) ** 3 - 2 * (b2 - 1)])" in secret
    assert any("4 * (b2 - 1) ** 3" in line for line in secret_lines() - secret_lines(released_solutions=True))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_committed_notebooks_hold_no_hidden_code(path):
    is_solution = path.parent.parent.name == "solutions"
    assert leaked(cell_text(nbformat.read(path, 4)), released_solutions=is_solution) == []


CONFIG = f"""
import os
c = get_config()
load_subconfig({str(ROOT / "nbgrader_config.py")!r})  # the course's own configuration, in a course of its own
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
"""


def nbgrader(course, *args):
    done = run_nbgrader(*args, cwd=course, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """gd2d through nbgrader: a clean submission, and one whose kernel dies and whose test cell is gone."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(CONFIG)
    source = nbformat.read(ROOT / "source" / "gd2d" / "gd2d.ipynb", 4)
    (course / "source" / "gd2d").mkdir(parents=True)
    nbformat.write(source, course / "source" / "gd2d" / "gd2d.ipynb")
    nbgrader(course, "generate_assignment", "gd2d", "--force")
    dying = with_cell(source, "grad_loss_2d_solution", "import os\nos._exit(1)")
    dying.cells = [c for c in dying.cells if notebook.grade_id(c) != "hessian_loss_2d"]
    for student, nb in {"clean": source, "dying": dying}.items():
        (course / "submitted" / student / "gd2d").mkdir(parents=True)
        nbformat.write(nb, course / "submitted" / student / "gd2d" / "gd2d.ipynb")
    nbgrader(course, "autograde", "gd2d", "--force")
    nbgrader(course, "generate_feedback", "gd2d", "--force")
    return course


def graded_cells(course, student):
    nb = nbformat.read(course / "autograded" / student / "gd2d" / "gd2d.ipynb", 4)
    return {notebook.grade_id(c): c for c in nb.cells if notebook.is_graded_test(c)}


def score(cell):
    return float(next(o for o in cell.outputs if o.output_type == "execute_result").data["text/plain"])


def test_a_dying_kernel_costs_only_its_item_and_a_deleted_test_cell_is_restored_and_graded(course):
    clean, dying = graded_cells(course, "clean"), graded_cells(course, "dying")
    assert set(dying) == set(clean)
    assert score(dying["grad_loss_2d"]) == 0 and "ended its process" in dying["grad_loss_2d"].outputs[0].text
    assert {k: score(c) for k, c in dying.items() if k != "grad_loss_2d"} == \
        {k: score(c) for k, c in clean.items() if k != "grad_loss_2d"}
    assert score(dying["hessian_loss_2d"]) == score(clean["hessian_loss_2d"]) > 0


def test_autograded_notebooks_and_feedback_hold_no_hidden_code(course):
    """They show the student's own code, so reference code counts only in what the grader wrote."""
    written = list((course / "autograded").rglob("*.ipynb")) + list((course / "feedback").rglob("*.html"))
    assert len(written) == 4
    for path in written:
        text = html.unescape(path.read_text()) if path.suffix == ".html" else cell_text(nbformat.read(path, 4))
        assert "def check_" not in text and leaked(text, released_solutions=True) == [], path
        if path.suffix == ".html":
            assert "matches the hand-derived gradient at 40 points" in text  # check titles are shown
    for student in ("clean", "dying"):
        outputs = "\n".join(str(o.get("text", "")) for c in graded_cells(course, student).values() for o in c.outputs)
        assert leaked(outputs) == []
