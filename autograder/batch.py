"""Grading many submissions: found in folders, graded in order or in parallel worker processes, with progress
on a terminal.

Each worker keeps one warm Grader (and so one sandbox) for all the
submissions it grades. Results come back in the order of the paths, equal to
grading them one after another. The workers are local processes, or the
workers of a Dask cluster (`pip install .[dask]`).
"""
import atexit
import contextlib
import multiprocessing
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from autograder.engine import Grader
from autograder.results import Submission

_grader = _course = None
_lock = threading.Lock()  # a Dask worker may run several tasks at once in threads


def _start_worker(course):
    global _grader, _course
    _grader, _course = Grader(**course), course
    atexit.register(_grader.close)


def find_notebooks(paths: list) -> list[Path]:
    """Notebook files named directly, or found in folders (a folder named *.ipynb is kept, to be reported)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir() and path.suffix != ".ipynb":
            found += sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts and not p.is_dir()
                            or p.is_dir() and p.suffix == ".ipynb")
        else:
            found.append(path)
    return found


def grade_all(paths: list, jobs: int = 1, grader_args: dict | None = None,
              dask: str | None = None) -> list[Submission]:
    """Submissions for the given notebook paths, in order: graded one after another, or by `jobs` workers.

    `grader_args` holds the Grader's arguments (release, checks, references, trusted, limits); `dask` is as
    for grade_parallel.
    """
    grader_args = grader_args or {}
    if dask is None and (jobs <= 1 or len(paths) <= 1):
        with Grader(**grader_args) as grader:
            return [grader.grade_path(p) for p in paths]
    return grade_parallel(paths, jobs, grader_args, dask)


class Progress:
    """`graded 12/40  3.1/s  about 9 s left` on a terminal; nothing otherwise."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.stream, self.done = total, stream, 0
        self.active = stream.isatty()
        self.started = time.monotonic()

    def advance(self):
        self.done += 1
        if not self.active:
            return
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        bar = "#" * (20 * self.done // self.total)
        self.stream.write(f"\r[{bar:<20}] graded {self.done}/{self.total}  {rate:.1f}/s  about {left:.0f} s left ")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def grade_parallel(paths: list, jobs: int, course: dict, dask: str | None = None) -> list[Submission]:
    """Submissions for `paths`, graded by `jobs` local worker processes, or on a Dask cluster.

    `course` holds the Grader's arguments (release, checks, references); `dask` is a
    scheduler address, or "local" for a local Dask cluster of `jobs` workers.
    """
    results = [None] * len(paths)
    progress = Progress(len(paths))
    with _executor(jobs, course, dask) as pool:
        futures = {pool.submit(_grade_with, course, path): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            progress.advance()
    return results


@contextlib.contextmanager
def _executor(jobs, course, dask):
    if dask is None:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker, initargs=(course,)) as pool:
            yield pool
        return
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None) \
        if dask == "local" else None
    with Client(cluster or dask) as client:
        yield client.get_executor(pure=False)
    if cluster is not None:
        cluster.close()


def _grade_with(course, path):
    """Grade in this worker, starting its Grader on first use (for executors without initializers)."""
    with _lock:
        if _course != course:
            _start_worker(course)
        return _grader.grade_path(path)
