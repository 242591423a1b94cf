"""Command line: python -m autograder {grade,autograde,build,demo} ..."""
import importlib
import sys

COMMANDS = {
    "grade": "autograder.cli",
    "autograde": "autograder.autograde",
    "build": "autograder.build",
    "demo": "autograder.demo",
}
USAGE = "usage: python -m autograder {grade,autograde,build,demo} [args...]"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
