"""Print what the sandbox's isolation costs per submission.

    .venv/bin/python benchmarks/isolation.py [--rounds N]

A submission domain is a keeper forked from the warm base, a user and pid
namespace, the notebook process as their init with a nested Landlock domain,
no capabilities and a seccomp filter, and a socket of its own. It is timed
as the round trip of loading one trivial cell, against the round trip of a
worker (a plain fork of the notebook process and one trivial call): the
difference is what the isolation adds to each submission.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.sandbox.process import Sandbox  # noqa: E402


def _median_seconds(action, rounds):
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def costs(rounds=30):
    """(protections summary, seconds per submission domain, seconds per plain worker)."""
    with Sandbox() as sandbox:
        summary = sandbox.protections.summary()
        cell = [("f_solution", "def f():\n    return 1")]
        domain = _median_seconds(lambda: sandbox.load(cell), rounds)

        def check():
            sandbox.new_worker()
            sandbox.call("f")
            sandbox.end_worker()

        worker = _median_seconds(check, rounds)
    return summary, domain, worker


def report(rounds=30):
    summary, domain, worker = costs(rounds)
    return (f"{summary}\nper submission: a new isolated domain with one cell {domain * 1000:.1f} ms, "
            f"a plain worker fork with one call {worker * 1000:.1f} ms: "
            f"isolation adds about {(domain - worker) * 1000:.1f} ms (medians of {rounds})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    print(report(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
