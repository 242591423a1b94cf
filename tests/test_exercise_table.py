"""The graded names are the course contract's base exercises plus the names docs/exercises.md specifies:
its table names exactly the graded names beyond the base, with the signature of their stubs and the
points of their graded cells."""
import ast
import re

import pytest

from autograder import notebook, registry
from tests.grading import ROOT, release

TABLE = ROOT / "docs" / "exercises.md"
ROW = re.compile(r"^\| `(?P<name>\w+)` \| `\((?P<parameters>[^)]*)\) -> [^`]+` "
                 r"\| (?P<semantics>.+) \| (?P<points>[\d.]+) \|$")

# The 29 base exercises the course contract fixes, by assignment.
BASE = {
    "gd2d": ["grad_loss_2d", "hessian_loss_2d", "classify_critical_point", "gd_step", "gradient_descent",
             "max_stable_step_size"],
    "autodiff": ["forward_graph", "grad_f", "grad_tanh_loss", "autograd_tanh_loss", "shallow_narrow_grads",
                 "train_shallow_narrow", "deep_narrow_grads"],
    "linefit": ["l1_loss", "l1_line_grads", "grid_search", "train_line", "clip_grad_norm", "AutoClip"],
    "optimizers": ["GD", "ema", "ema_debiased", "ema_rms", "Momentum", "RMSProp", "Adam"],
    "init": ["layer_stats", "good_init_", "isometric_init"],
}


def specified():
    """{assignment: {name: row}} read from the tables of docs/exercises.md, one `## assignment` section each."""
    table, assignment = {}, None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            assignment = line[3:].strip()
            table[assignment] = {}
        elif (row := ROW.match(line)) and assignment:
            table[assignment][row["name"]] = row
    return table


ROWS = [(a, name, row) for a, rows in specified().items() for name, row in rows.items()]


def parameters(source):
    """The parameters of `def _(<source>)`, comparable between spellings (1e-5 and 1e-05)."""
    return ast.dump(ast.parse(f"def _({source}): pass").body[0].args)


def test_the_contract_has_29_base_exercises():
    assert sum(map(len, BASE.values())) == 29


def test_the_course_has_the_assignments_of_the_contract():
    assert set(BASE) <= set(registry.assignments())


@pytest.mark.parametrize("assignment", BASE)
def test_every_base_exercise_is_graded(assignment):
    assert set(BASE[assignment]) <= set(registry.names(assignment))


def test_the_table_names_exactly_the_graded_names_beyond_the_base():
    beyond = {a: sorted(set(registry.names(a)) - set(BASE.get(a, []))) for a in registry.assignments()}
    assert {a: sorted(rows) for a, rows in specified().items()} == {a: names for a, names in beyond.items() if names}


@pytest.mark.parametrize("assignment, name, row", ROWS, ids=[f"{a}-{n}" for a, n, _ in ROWS])
def test_the_table_adds_to_the_base_and_never_restates_it(assignment, name, row):
    assert name not in BASE.get(assignment, [])


@pytest.mark.parametrize("assignment, name, row", ROWS, ids=[f"{a}-{n}" for a, n, _ in ROWS])
def test_the_stub_has_the_signature_of_the_table(assignment, name, row):
    cell = next(c for c in release(assignment).cells if notebook.grade_id(c) == registry.solution_id(name))
    stub = next(node for node in ast.parse(cell.source).body if getattr(node, "name", None) == name)
    assert ast.dump(stub.args) == parameters(row["parameters"])


@pytest.mark.parametrize("assignment, name, row", ROWS, ids=[f"{a}-{n}" for a, n, _ in ROWS])
def test_the_graded_cell_is_worth_the_points_of_the_table(assignment, name, row):
    points = {i.id: i.points for i in notebook.items(release(assignment))}
    assert points[registry.item_id(name)] == float(row["points"])
