"""Runs an assignment's checks with pytest and collects a verdict per check."""
import contextlib
import io
import logging
from pathlib import Path

import pytest

from autograder.feedback import CheckFailed
from autograder.results import SHORTCUT, TIMEOUT, Check
from autograder.subjects import ShortcutUsed, StudentFailed

CHECKS = Path(__file__).parent / "checks"
log = logging.getLogger(__name__)


def check_name(function):
    doc = (function.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else function.__name__.removeprefix("check_").replace("_", " ")


class GradingPlugin:
    """Provides the `student` and `reference` fixtures and records each check's verdict."""

    def __init__(self, student, reference, sandbox, blocked, only=None):
        self._student, self._reference, self._sandbox = student, reference, sandbox
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

    def pytest_collection_modifyitems(self, items):
        if self.only is not None:
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
        points_marker = item.get_closest_marker("points")
        points = float(points_marker.args[0]) if points_marker else 0.0
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
        if isinstance(error, (CheckFailed, StudentFailed)):
            if isinstance(error, StudentFailed) and "did not finish within" in str(error):
                self.blocked[item_id(item)] = "not run: an earlier check of this item timed out"
                return str(error), TIMEOUT
            return str(error), SHORTCUT if isinstance(error, ShortcutUsed) else None
        log.error("check %s failed internally", item.nodeid, exc_info=(excinfo.type, error, excinfo.tb))
        return f"the grader could not complete this check ({type(error).__name__}); please tell the course staff", None


def item_id(test_item):
    marker = test_item.get_closest_marker("item")
    return marker.args[0] if marker else test_item.name


def run_checks(path, student, reference, sandbox, blocked=None, only=None):
    """({item id: [Check]} for every check in the module at `path` (of the items `only`, if given),
    {item id: ShortcutUsed})."""
    plugin = GradingPlugin(student, reference, sandbox, blocked or {}, only)
    args = [str(path), "-c", str(CHECKS / "pytest.ini"), "--rootdir", str(path.parent)]
    with contextlib.redirect_stdout(io.StringIO()) as output:
        code = pytest.main(args, plugins=[plugin])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the checks in {path.name} could not run ({code}):\n{output.getvalue()[-3000:]}")
    return plugin.verdicts, plugin.shortcuts
