"""Print what the sandbox's isolation costs: a new submission domain, and a worker per check.

    .venv/bin/python benchmarks/isolation.py [--rounds N]

A submission domain is a keeper forked from the warm base, a user and pid
namespace, the notebook process as their init with a nested Landlock domain,
no capabilities and a seccomp filter, and a socket of its own; it is timed
as the round trip of loading one trivial cell. A worker is one fork per
check, timed as a round trip of one trivial call.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.sandbox.process import Sandbox  # noqa: E402


def timed(action, rounds):
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    with Sandbox() as sandbox:
        started = time.perf_counter()
        print(sandbox.protections.summary())
        print(f"base boot (torch imported, namespaces made): {time.perf_counter() - started:.2f} s")
        cell = [("f_solution", "def f():\n    return 1")]

        def check():
            sandbox.new_worker()
            sandbox.call("f")
            sandbox.end_worker()

        median, worst = timed(lambda: sandbox.load(cell), rounds)
        print(f"new submission domain with one cell: median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms")
        median, worst = timed(check, rounds)
        print(f"worker per check, one call:          median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms")


if __name__ == "__main__":
    main()
