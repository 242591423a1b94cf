"""Grading many submissions in parallel worker processes, with progress on a terminal.

Each worker keeps one warm Grader (and so one sandbox) for all the
submissions it grades. Results come back in the order of the paths, equal to
grading them one after another.
"""
import atexit
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from autograder.engine import Grader

_grader = _course = None


def _start_worker(course):
    global _grader, _course
    _grader, _course = Grader(**course), course
    atexit.register(_grader.close)


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


def grade_parallel(paths, jobs, course, executor=None):
    """Submissions for `paths`, graded by `jobs` worker processes (or by a given executor, e.g. Dask's).

    `course` holds the Grader's arguments (release, checks, references).
    """
    results = [None] * len(paths)
    progress = Progress(len(paths))
    pool = executor or ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_start_worker, initargs=(course,))
    with pool:
        futures = {pool.submit(_grade_with, course, path): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            progress.advance()
    return results


def _grade_with(course, path):
    """Grade in this worker, starting its Grader on first use (for executors without initializers)."""
    if _course != course:
        _start_worker(course)
    return _grader.grade_path(path)
