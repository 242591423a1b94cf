"""Command line: python -m autograder COMMAND [args...]; `--help` after a command explains it."""
import importlib
import os
import sys

from autograder.course import CourseNotFound

COMMANDS = {  # name: (module, what it does)
    "grade": ("autograder.cli", "grade notebooks or folders without a gradebook: a table, JSON, Gradescope's"),
    "autograde": ("autograder.autograde", "nbgrader autograde for a whole class, the hidden checks run in parallel"),
    "build": ("autograder.build", "rebuild the release, the solutions and the examples from source/"),
    "demo": ("autograder.demo", "the nbgrader workflow on the example submissions, the grade table, the class report"),
    "doctor": ("autograder.doctor", "which protections isolate student code on this machine"),
    "gradescope": ("autograder.gradescope_zip", "the zip of a Gradescope autograder for some assignments"),
    "report": ("autograder.class_report", "a class report: score distributions, common mistakes, failed submissions"),
}


def usage():
    width = max(map(len, COMMANDS))
    return "\n".join(["usage: python -m autograder COMMAND [args...]", "", "commands:",
                      *(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()),
                      "", "python -m autograder COMMAND --help explains a command."])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    if not argv or argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr)
        return 2
    try:
        return importlib.import_module(COMMANDS[argv[0]][0]).main(argv[1:])
    except CourseNotFound as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # as Python would end: argparse's --help (0) or bad usage (2), or a message
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # all is closed by now; tearing down torch's interpreter state would take most of a second
