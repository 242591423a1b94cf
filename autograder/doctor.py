"""`python -m autograder doctor`: which protections isolate student code on this machine.

Exit code 0 when all are active, 1 when some are missing (the grader then
refuses untrusted code unless told with --trusted that it is trusted).
"""
import argparse
import os
import platform

from autograder.sandbox.process import Sandbox


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder doctor", description=__doc__.splitlines()[0])
    try:
        parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    with Sandbox() as sandbox:
        protections = sandbox.protections
    print(f"system: {platform.system()} {platform.release()}, grader running as uid {os.geteuid()}")
    for name, description in protections.active.items():
        print(f"  active   {name}: {description}")
    for name, description in protections.missing.items():
        print(f"  MISSING  {name}: {description}")
    print(protections.summary())
    return 1 if protections.missing else 0
