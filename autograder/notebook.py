"""Reading submissions and turning them, with the release, into what the sandbox runs."""
import ast
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

MAX_BYTES = 100 * 2**20
SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")


class SubmissionError(Exception):
    """A submission that cannot be graded; the message names the file and the problem."""


def read(path):
    """A version-4 notebook from a file, or SubmissionError saying what is wrong with it."""
    path = Path(path)
    if path.is_dir():
        raise SubmissionError(f"{path}: is a folder, not a notebook file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"{path}: cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise SubmissionError(f"{path}: is empty")
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"{path}: is {len(raw) / 2**20:.0f} MB, more than the "
                              f"{MAX_BYTES // 2**20} MB a notebook may have")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path}: is not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse(text, path)


def parse(text, label):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{label}: is not valid notebook JSON ({exc.msg} at line {exc.lineno}, "
                              f"column {exc.colno})") from None
    except RecursionError:
        raise SubmissionError(f"{label}: is JSON nested too deeply to be a notebook") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise SubmissionError(f"{label}: is JSON but not a notebook (no list of cells)")
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises many kinds on malformed files
        raise SubmissionError(f"{label}: notebook format {data.get('nbformat')} could not be read "
                              f"({exc})") from None


def release(folder: Path, assignment: str) -> nbformat.NotebookNode:
    """The release notebook of an assignment in the release `folder`, read once while the file is unchanged.

    Shared by everything that grades in this process: callers only read it, never change it.
    """
    path = Path(folder) / assignment / f"{assignment}.ipynb"
    try:
        changed = path.stat().st_mtime_ns
    except OSError:
        changed = None  # read() says what is wrong
    return _read_release(path, changed)


@functools.lru_cache(maxsize=64)
def _read_release(path, changed):
    return read(path)


def without_marker_lines(source, markers=SOLUTION_MARKERS):
    """The source without the lines that hold a marker (the code between markers stays)."""
    return "\n".join(line for line in source.split("\n") if not any(m in line for m in markers))


def solved(path):
    """An instructor notebook as a complete submission: the source with its solution markers dropped."""
    nb = read(path)
    for cell in nb.cells:
        cell.source = without_marker_lines(cell.source)
    return nb


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_setup(cell):
    return cell.get("cell_type") == "code" and str(grade_id(cell) or "").startswith("setup_")


def is_solution(cell):
    return cell.get("cell_type") == "code" and _nbgrader(cell).get("solution", False)


def is_graded_test(cell):
    return cell.get("cell_type") == "code" and _nbgrader(cell).get("grade", False) \
        and not _nbgrader(cell).get("solution", False)


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


@dataclass
class Item:
    """A graded item of the release: its test cell id, points and solution cell id."""

    id: str
    points: float
    solution_id: str


@dataclass
class Program:
    """What the sandbox runs for one submission, and what was noticed on the way."""

    cells: list      # (cell_id, source) in release order
    solutions: dict  # solution cell id -> the submitted source
    notes: dict      # solution cell id -> message for the student


def items(release):
    """The graded items of a release notebook, in notebook order."""
    return [Item(grade_id(c), float(_nbgrader(c).get("points", 0)), grade_id(c) + "_solution")
            for c in release.cells if is_graded_test(c)]


def build_program(release, submission):
    """Setup cells from the release (students cannot change given code), solutions from the submission."""
    submitted = {}
    for cell in submission.cells:
        if cell.get("cell_type") == "code" and grade_id(cell):
            submitted.setdefault(grade_id(cell), _source(cell))
    cells, solutions, notes = [], {}, {}
    for cell in release.cells:
        cell_id = grade_id(cell)
        if is_setup(cell):
            cells.append((cell_id, _source(cell)))
        elif is_solution(cell):
            source = submitted.get(cell_id)
            if source is None:
                source = _defining(submission, defined_names(_source(cell)))
                notes[cell_id] = (f"the solution cell '{cell_id}' is missing from the notebook (its nbgrader "
                                  "id was changed, or it was deleted), so " +
                                  ("the released stub was graded" if source is None else
                                   "the cell that defines the same names was graded instead"))
                source = _source(cell) if source is None else source
            cells.append((cell_id, source))
            solutions[cell_id] = source
    return Program(cells, solutions, notes)


def fingerprint(assignment: str, program: Program) -> str:
    """A digest of everything the engine grades of a submission: equal digests, equal grades."""
    content = json.dumps([assignment, program.cells, sorted(program.solutions.items()), sorted(program.notes.items())])
    return hashlib.sha256(content.encode()).hexdigest()


def shares_solutions(release, submission):
    """Whether the submission has any of the release's solution cells."""
    return bool({item.solution_id for item in items(release)} & {grade_id(c) for c in submission.cells})


def check_belongs(path, assignment, release, submission):
    """SubmissionError if the notebook shares no solution cell with the release (another assignment)."""
    wanted = {item.solution_id for item in items(release)}
    if not shares_solutions(release, submission):
        raise SubmissionError(f"{path}: is not a notebook of assignment '{assignment}': none of its "
                              f"solution cells ({', '.join(sorted(wanted)[:3])}, ...) are in it")


def defined_names(source):
    """The names a cell defines at top level with def or class (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # not Python, or too deep to parse
        return set()
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _defining(submission, names):
    """The source of the first code cell that defines all of `names`, if any."""
    if not names:
        return None
    for cell in submission.cells:
        if cell.get("cell_type") == "code" and names <= defined_names(_source(cell)):
            return _source(cell)
    return None
