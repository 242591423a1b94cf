"""The course's assignments and graded names, read from the instructor notebooks in source/.

An assignment is a folder `source/<assignment>/` holding `<assignment>.ipynb`.
Its graded items are the graded test cells (nbgrader `grade_id` and `points`);
each has a solution cell `<grade_id>_solution` that defines the name students
implement, spelled so that `item_id(name)` is the grade_id (`Adam` -> `adam`,
`good_init_` -> `good_init`). Nothing else lists them: a source notebook that
breaks these rules is a RegistryError saying what is missing, never skipped.
"""
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder import course, notebook


class RegistryError(Exception):
    """A source folder that is not a complete assignment; the message says what is missing."""


@dataclass(frozen=True)
class Exercise:
    """A graded item of an assignment and the name its solution cell defines."""

    name: str
    id: str
    points: float

    @property
    def solution_id(self):
        return solution_id(self.name)


def item_id(name: str) -> str:
    """The grade_id of a name's graded test cell: `Adam` -> `adam`, `good_init_` -> `good_init`."""
    return name.lower().rstrip("_")


def solution_id(name: str) -> str:
    """The grade_id of a name's solution cell."""
    return item_id(name) + "_solution"


def assignments(root: Path = course.ROOT) -> list[str]:
    """Every assignment of the course, by name: the folders of source/, sorted."""
    folder = Path(root) / "source"
    names = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))) \
        if folder.is_dir() else []
    for name in names:
        if not (folder / name / f"{name}.ipynb").is_file():
            raise RegistryError(f"source/{name}: has no notebook {name}.ipynb, so it is not an assignment "
                                "(every folder of source/ is one)")
    return names


def exercises(assignment: str, root: Path = course.ROOT) -> list[Exercise]:
    """The graded items of an assignment in notebook order, with the names students implement."""
    return _exercises(Path(root).resolve(), assignment)


@cache
def _exercises(root, assignment):
    path = root / "source" / assignment / f"{assignment}.ipynb"
    if not path.is_file():
        raise RegistryError(f"source/{assignment}/{assignment}.ipynb: no such notebook, so no assignment "
                            f"'{assignment}'")
    nb = notebook.read(path)
    label = f"source/{assignment}"
    solutions = {notebook.grade_id(c): c for c in nb.cells if notebook.is_solution(c)}
    found = []
    for item in notebook.items(nb):
        cell = solutions.get(item.solution_id)
        if cell is None:
            raise RegistryError(f"{label}: the graded test cell '{item.id}' has no solution cell "
                                f"'{item.solution_id}'")
        names = [n for n in notebook.defined_names(cell.source) if item_id(n) == item.id]
        if len(names) != 1:
            raise RegistryError(f"{label}: the solution cell '{item.solution_id}' must define one function or "
                                f"class named like its item '{item.id}', found {sorted(names)}")
        if item.points <= 0:
            raise RegistryError(f"{label}: the graded test cell '{item.id}' has no points")
        found.append(Exercise(names[0], item.id, item.points))
    graded = {e.solution_id for e in found}
    orphans = sorted(cell_id for cell_id in solutions if cell_id not in graded)
    if orphans:
        raise RegistryError(f"{label}: solution cells without a graded test cell: {', '.join(orphans)}")
    if not found:
        raise RegistryError(f"{label}: has no graded test cell")
    return found


def names(assignment: str, root: Path = course.ROOT) -> list[str]:
    """The names students implement in an assignment, in notebook order."""
    return [e.name for e in exercises(assignment, root)]
