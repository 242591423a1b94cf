"""The given code of an assignment as a module the reference imports: the setup cells of its release.

The build writes `<references package>/given/<assignment>.py` from the release
notebook it has just generated, so the reference grades with exactly the code
students are given and never restates it.
"""
import importlib.util
from pathlib import Path

from autograder import notebook

REFERENCES = "autograder.reference"  # the references package unless the course configures another
FOLDER = "given"  # its subpackage that holds the generated modules
HEADER = '''"""Given code of the {assignment} assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""
'''


def module_source(assignment, release):
    """The text of the given-code module of an assignment from its release notebook."""
    cells = [cell.source.strip() for cell in release.cells if notebook.is_setup(cell)]
    return HEADER.format(assignment=assignment) + "\n" + "\n\n\n".join(cells) + "\n"


def folder(references):
    """The folder of the generated modules in the references package named `references`."""
    spec = importlib.util.find_spec(references)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"no references package {references!r} to write the given code into")
    return Path(next(iter(spec.submodule_search_locations))) / FOLDER


def write(assignment, release, references):
    """Write the given-code module of an assignment into the references package; returns its path."""
    target = folder(references)
    target.mkdir(exist_ok=True)
    package = target / "__init__.py"
    if not package.exists():
        package.write_text('"""The given code of each assignment, written by the build."""\n', encoding="utf-8")
    path = target / f"{assignment}.py"
    path.write_text(module_source(assignment, release), encoding="utf-8")
    return path
