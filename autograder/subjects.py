"""The two implementations a check compares: the student's and the reference.

Both offer the same interface (`call`, attribute calls, `probe`), and both
hand back values that went through the wire format, so a check sees the
same kinds of values from each.
"""
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from autograder import shortcuts
from autograder.feedback import describe_call
from autograder.outcomes import StudentCrash, StudentError, StudentProblem, StudentShortcut, StudentTimeout
from autograder.sandbox import wire

if TYPE_CHECKING:
    from autograder.sandbox.process import Sandbox


class StudentFailed(StudentProblem):
    """A student problem met during a check, told as the call the check made: the message says which and where."""


class StudentTimedOut(StudentFailed):
    """Student code ran past its time limit during a check; the item's later checks are not run."""

    failure = StudentTimeout.failure


class ShortcutUsed(StudentFailed):
    """Student code called the library routine its exercise forbids; the item scores 0."""

    failure = StudentShortcut.failure

    def __init__(self, routines: list[str], call: str, why: str):
        self.title = f"calls {', '.join(routines)} while it runs"
        super().__init__(f"{call}\n{self.title}: {why}, so this item scores 0")


def _travel(value, torch_tensors=False):
    return wire.decode(wire.encode(value), torch_tensors)


class _Calls:
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def call(self, name: str, *args, shown_as: str | None = None, **kwargs):
        """name(*args, **kwargs); a student's failure in it is told as `shown_as` (default: the call's values)."""
        return self.call_mutating(name, *args, shown_as=shown_as, **kwargs)[0]


class Student(_Calls):
    """The submission, running in the sandbox."""

    def __init__(self, sandbox: "Sandbox"):
        self._sandbox = sandbox
        self.item = None  # the graded item whose checks run now: its forbidden routines are watched

    def call_mutating(self, name: str, *args, shown_as: str | None = None, **kwargs) -> tuple[object, list[int]]:
        """(result, indices of the positional arguments the call changed)."""
        return self._run(shown_as or describe_call(name, args, kwargs), self._sandbox.call, name, args, kwargs)

    def probe(self, function: Callable, *args, seconds: float | None = None, shown_as: str | None = None,
              **kwargs):
        """Run a function of the autograder.probes package on the student's namespace; a failure is told as
        `shown_as`, the call of the student's own function that the probe makes (default: the probe's call)."""
        call = shown_as or describe_call(function.__name__, args, kwargs)
        name = function.__module__.removeprefix("autograder.probes").lstrip(".")
        return self._run(call, self._sandbox.probe, f"{name}.{function.__name__}".lstrip("."), args, kwargs,
                         seconds)

    def _run(self, call, method, *args):
        try:
            return method(*args, forbid=shortcuts.tripwires(self.item))
        except StudentShortcut as exc:
            rule = shortcuts.RULES[shortcuts.FORBIDDEN[self.item][1]]
            raise ShortcutUsed(exc.routines, call, rule.why) from None
        except StudentError as exc:
            raise StudentFailed(explain_error(call, exc.info)) from None
        except StudentTimeout as exc:
            raise StudentTimedOut(f"{call} {exc} (an endless loop, or far too slow?)") from None
        except StudentCrash as exc:
            raise StudentFailed(f"{call} {exc}") from None


def explain_error(call, info):
    if info["type"] == "NotImplementedError":
        return f"{call} raised NotImplementedError: not implemented yet"
    text = f"{call} raised {info['type']}: {info['message']}".rstrip(": ")
    for cell_id, line, code in info["frames"][-1:]:
        text += f"\n  at line {line} of your cell '{cell_id}': {code}"
    if info["type"] == "NameError":
        text += ("\n  Only the setup cells and the solution cells are run when grading: define helpers "
                 "and imports inside your solution cell.")
    return text


class Reference(_Calls):
    """The hidden reference implementation of an assignment, run in the grader's process."""

    def __init__(self, namespace: dict[str, object]):
        self.namespace = namespace

    @classmethod
    def of(cls, module_name: str) -> "Reference":
        return cls(vars(importlib.import_module(module_name)))

    def replaced(self, **names) -> "Reference":
        """The reference with some names swapped, e.g. for a known-wrong variant."""
        return Reference({**self.namespace, **names})

    def call_mutating(self, name: str, *args, shown_as: str | None = None, **kwargs) -> tuple[object, list[int]]:
        args = [_travel(a, torch_tensors=True) for a in args]
        kwargs = {k: _travel(v, torch_tensors=True) for k, v in kwargs.items()}
        return _travel(self.namespace[name](*args, **kwargs)), []

    def probe(self, function: Callable, *args, seconds: float | None = None, shown_as: str | None = None,
              **kwargs):
        return _travel(function(self.namespace, *map(_travel, args), **{k: _travel(v) for k, v in kwargs.items()}))
