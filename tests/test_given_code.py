"""The references grade with exactly the release's given code: the build writes the setup cells of each
release notebook into a module of the references package, and the references import from it, never
restating a definition."""
import ast
import importlib
import inspect

import pytest

from autograder import given, notebook, registry
from tests.grading import release

ASSIGNMENTS = registry.assignments()


def setup_names(assignment):
    """The names the setup cells of the release define at top level."""
    defined = set()
    for cell in release(assignment).cells:
        if notebook.is_setup(cell):
            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    defined.add(node.name)
                elif isinstance(node, ast.Assign):
                    defined |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return defined


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_given_module_is_the_setup_cells_of_the_release(assignment):
    written = given.folder(given.REFERENCES) / f"{assignment}.py"
    assert written.read_text(encoding="utf-8") == given.module_source(assignment, release(assignment)), \
        f"{written.name}: stale, run `python3 tasks.py build {assignment}`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_reference_takes_every_given_name_it_has_from_the_release(assignment):
    reference = importlib.import_module(f"{given.REFERENCES}.{assignment}")
    module = importlib.import_module(f"{given.REFERENCES}.{given.FOLDER}.{assignment}")
    shared = setup_names(assignment) & set(vars(reference))
    assert shared, f"the reference of {assignment} uses none of its given code"
    assert {name: getattr(reference, name) is getattr(module, name) for name in shared} == dict.fromkeys(shared, True)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_reference_restates_no_given_definition(assignment):
    tree = ast.parse(inspect.getsource(importlib.import_module(f"{given.REFERENCES}.{assignment}")))
    restated = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert not restated & setup_names(assignment)


def test_the_given_module_reads_only_setup_cells():
    nb = release("gd2d")
    text = given.module_source("gd2d", nb)
    assert "def loss_2d(" in text and "raise NotImplementedError" not in text
    assert all(cell.source.strip() in text for cell in nb.cells if notebook.is_setup(cell))
