"""Command line: python -m autograder {grade,autograde,build,demo,doctor} ..."""
import importlib
import os
import sys

COMMANDS = {
    "grade": "autograder.cli",
    "autograde": "autograder.autograde",
    "build": "autograder.build",
    "demo": "autograder.demo",
    "doctor": "autograder.doctor",
}
USAGE = "usage: python -m autograder {grade,autograde,build,demo,doctor} [args...]"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # all is closed by now; tearing down torch's interpreter state would take most of a second
