"""How long each solution notebook takes to run top to bottom on this machine.

    .venv/bin/python benchmarks/solution_runtime.py [ASSIGNMENT...]

Runs the committed solutions/<a>/<a>.ipynb one after the other (each in a
scratch copy of its folder, kernel start included) and prints the wall time
and the slowest cell. Notebooks over the course's budget of 60 s are flagged.
"""
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder import build, course  # noqa: E402
from autograder.registry import assignments  # noqa: E402

BUDGET_SECONDS = 60.0


def cell_seconds(cell):
    """A cell's execution time from nbclient's timing metadata."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def time_notebook(path):
    """(wall seconds, executed notebook) for one run in a scratch copy of the notebook's folder."""
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        shutil.copytree(path.parent, scratch, dirs_exist_ok=True)
        nb = nbformat.read(Path(scratch) / path.name, as_version=4)
        client = build.notebook_client(nb, scratch, allow_errors=True)
        client.record_timing = True
        started = time.perf_counter()
        client.execute(env=build.kernel_environment())
        return time.perf_counter() - started, nb


def slowest_cell(nb):
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    cell = max(code, key=cell_seconds)
    label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id") or "?"
    return label, cell_seconds(cell)


def failed_cells(nb):
    return [cell.get("id", "?") for cell in nb.cells
            if any(output.output_type == "error" for output in cell.get("outputs", []))]


def main(argv):
    names = argv or [name for name in assignments() if (course.ROOT / "solutions" / name).is_dir()]
    print(f"{'assignment':<12} {'seconds':>8}  slowest cell")
    over_budget = False
    for name in names:
        path = course.ROOT / "solutions" / name / f"{name}.ipynb"
        if not path.exists():
            print(f"{name:<12} {'-':>8}  no solutions/{name}/{name}.ipynb")
            continue
        seconds, nb = time_notebook(path)
        label, cell_time = slowest_cell(nb)
        failed = failed_cells(nb)
        flags = [f"OVER {BUDGET_SECONDS:.0f} s"] if seconds > BUDGET_SECONDS else []
        flags += [f"errors in {failed}"] if failed else []
        over_budget |= seconds > BUDGET_SECONDS
        line = f"{name:<12} {seconds:8.1f}  {label} ({cell_time:.1f} s)  {'  '.join(flags)}"
        print(line.rstrip(), flush=True)
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
