"""docs/exercises.md specifies every graded name beyond the course contract: its table names exactly
the curriculum's added names, with the signature of their stubs and the points of their graded cells."""
import ast
import re

import pytest

from autograder import notebook
from autograder.curriculum import ADDED, ASSIGNMENTS, item_id, solution_id
from tests.grading import ROOT, release

TABLE = ROOT / "docs" / "exercises.md"
ROW = re.compile(r"^\| `(?P<name>\w+)` \| `\((?P<parameters>[^)]*)\) -> [^`]+` \| (?P<semantics>.+) \| (?P<points>[\d.]+) \|$")


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


def test_the_table_names_exactly_the_added_names():
    assert {a: sorted(rows) for a, rows in specified().items()} == {a: sorted(names) for a, names in ADDED.items()}


@pytest.mark.parametrize("assignment", ADDED)
def test_added_names_are_graded_names_of_their_assignment(assignment):
    assert set(ADDED[assignment]) <= set(ASSIGNMENTS[assignment])


@pytest.mark.parametrize("assignment, name, row", ROWS, ids=[f"{a}-{n}" for a, n, _ in ROWS])
def test_the_stub_has_the_signature_of_the_table(assignment, name, row):
    cell = next(c for c in release(assignment).cells if notebook.grade_id(c) == solution_id(name))
    stub = next(node for node in ast.parse(cell.source).body if getattr(node, "name", None) == name)
    assert ast.dump(stub.args) == parameters(row["parameters"])


@pytest.mark.parametrize("assignment, name, row", ROWS, ids=[f"{a}-{n}" for a, n, _ in ROWS])
def test_the_graded_cell_is_worth_the_points_of_the_table(assignment, name, row):
    points = {i.id: i.points for i in notebook.items(release(assignment))}
    assert points[item_id(name)] == float(row["points"])
