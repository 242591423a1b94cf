"""Runs an assignment's checks with pytest and collects a verdict per check.

Every check carries its markers (MARKERS, declared here and nowhere else): the
item it belongs to and its points. Collection fails with InvalidChecks when a
check lacks them or when the points of an item's checks do not add up to the
points of its graded cell, so a check module can neither score a check 0 nor
pay an item more or less than its notebook says.
"""
import contextlib
import io
import logging
from pathlib import Path

import pytest

from autograder.feedback import CheckFailed
from autograder.outcomes import StudentProblem
from autograder.results import Check
from autograder.sandbox.process import Sandbox
from autograder.subjects import Reference, ShortcutUsed, Student, StudentTimedOut

CHECKS = Path(__file__).parent / "checks"
MARKERS = {
    "item(grade_id)": "the graded item (test cell grade_id) a check belongs to",
    "points(n)": "what the check is worth; the points of an item's checks add up to its graded cell's points",
    "needs_values": "a check of form or of an edge case, paid only when every value check of its item passes",
}
log = logging.getLogger(__name__)


class InvalidChecks(Exception):
    """A check module that does not fit its notebook; the message names each problem."""


def declare_markers(config):
    """Register the checks' markers with a pytest configuration."""
    for marker, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {meaning}")


def marker_problems(test_item):
    """What is wrong with the item and points markers of a collected check (nothing: [])."""
    item_marker, points_marker = (test_item.get_closest_marker(name) for name in ("item", "points"))
    problems = []
    if item_marker is None or len(item_marker.args) != 1 or not isinstance(item_marker.args[0], str):
        problems.append(f"{test_item.name}: needs @pytest.mark.item(\"<grade_id>\") naming its graded item")
    if points_marker is None or len(points_marker.args) != 1 or not isinstance(points_marker.args[0], (int, float)) \
            or points_marker.args[0] <= 0:
        problems.append(f"{test_item.name}: needs @pytest.mark.points(n) with a positive number n")
    return problems


def points_problems(test_items, points):
    """Where the checks' points differ from the graded cells' `points` ({item id: points})."""
    declared = dict.fromkeys(points, 0.0)
    for test_item in test_items:
        declared[item_id(test_item)] = declared.get(item_id(test_item), 0.0) + item_points(test_item)
    return [f"item '{item}': its checks are worth {total:g} points, its graded cell {points.get(item, 0):g}"
            + ("" if item in points else " (the notebook grades no such item)")
            for item, total in declared.items() if abs(total - points.get(item, 0)) > 1e-9]


def check_name(function):
    doc = (function.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else function.__name__.removeprefix("check_").replace("_", " ")


class GradingPlugin:
    """Provides the `student` and `reference` fixtures and records each check's verdict."""

    def __init__(self, student, reference, sandbox, blocked, only=None, points=None):
        self._student, self._reference, self._sandbox = student, reference, sandbox
        self.points = points          # item id -> its graded cell's points (None: not compared)
        self.problems = []            # why the check module cannot grade, found at collection
        self.only = only              # item ids to check (None: all)
        self.blocked = dict(blocked)  # item id -> reason its checks are not run
        self.verdicts = {}            # item id -> [Check]
        self.shortcuts = {}           # item id -> ShortcutUsed, for forbidden routines called at run time

    @pytest.fixture
    def student(self):
        return self._student

    @pytest.fixture
    def reference(self):
        return self._reference

    def pytest_configure(self, config):
        declare_markers(config)

    def pytest_collection_modifyitems(self, items):
        self.problems = [problem for test_item in items for problem in marker_problems(test_item)]
        if not self.problems and self.points is not None:
            self.problems = points_problems(items, self.points)
        if self.problems:
            items[:] = []
        elif self.only is not None:
            items[:] = [item for item in items if item_id(item) in self.only]

    def pytest_runtest_setup(self, item):
        reason = self.blocked.get(item_id(item))
        if reason:
            pytest.skip(reason)
        self._student.item = item_id(item)

    def pytest_runtest_teardown(self, item):
        self._sandbox.end_worker()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self._record(item, call, report)

    def _record(self, item, call, report):
        points = item_points(item)
        message, failure, mistake, picture = "", None, None, None
        if report.skipped:
            message = self.blocked.get(item_id(item), "not run")
        elif report.failed:
            message, failure = self._failure(item, call.excinfo)
            mistake, picture = (getattr(call.excinfo.value, name, None) for name in ("mistake", "picture"))
        needs_values = item.get_closest_marker("needs_values") is not None
        self.verdicts.setdefault(item_id(item), []).append(
            Check(check_name(item.function), report.passed, points, message, needs_values,
                  mistake=mistake, failure=failure, picture=picture))

    def _failure(self, item, excinfo):
        """The message of a failed check, and TIMEOUT or SHORTCUT when it failed for that reason."""
        error = excinfo.value
        if isinstance(error, ShortcutUsed):
            self.shortcuts[item_id(item)] = error
            self.blocked[item_id(item)] = "not run: forbidden shortcut (see above)"
        if isinstance(error, StudentTimedOut):
            self.blocked[item_id(item)] = "not run: an earlier check of this item timed out"
        if isinstance(error, StudentProblem):
            return str(error), error.failure
        if isinstance(error, CheckFailed):
            return str(error), None
        log.error("check %s failed internally", item.nodeid, exc_info=(excinfo.type, error, excinfo.tb))
        return f"the grader could not complete this check ({type(error).__name__}); please tell the course staff", None


def item_id(test_item: pytest.Item) -> str:
    return test_item.get_closest_marker("item").args[0]


def item_points(test_item: pytest.Item) -> float:
    return float(test_item.get_closest_marker("points").args[0])


def run_checks(path: Path, student: Student, reference: Reference, sandbox: Sandbox,
               blocked: dict[str, str] | None = None, only: set[str] | None = None,
               points: dict[str, float] | None = None) -> tuple[dict[str, list[Check]], dict[str, ShortcutUsed]]:
    """({item id: [Check]} for every check in the module at `path` (of the items `only`, if given),
    {item id: ShortcutUsed}).

    InvalidChecks if a check lacks its markers or, with `points` ({item id: its graded cell's
    points}), if the checks of an item are not worth its points.
    """
    if not path.is_file():
        raise InvalidChecks(f"{path}: no such check module, so its assignment has no hidden checks")
    plugin = GradingPlugin(student, reference, sandbox, blocked or {}, only, points)
    args = [str(path), "-c", str(CHECKS / "pytest.ini"), "--rootdir", str(path.parent)]
    with contextlib.redirect_stdout(io.StringIO()) as output:
        code = pytest.main(args, plugins=[plugin])
    if plugin.problems:
        raise InvalidChecks(f"{path}: " + "; ".join(plugin.problems))
    selected_none = only is not None and code == pytest.ExitCode.NO_TESTS_COLLECTED
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and not selected_none:
        raise RuntimeError(f"the checks in {path.name} could not run ({code}):\n{output.getvalue()[-3000:]}")
    return plugin.verdicts, plugin.shortcuts
