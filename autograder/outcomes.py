"""How student code can fail to complete what the grader asked, as types (never as message text).

Every such problem is a `StudentProblem`. Its `failure` says how the results
record it (`Check.failure`): TIMEOUT, SHORTCUT, or None when the message alone
tells it (an exception raised, a process ended). A wrong value is no student
problem: it is a check's verdict (`autograder.feedback.CheckFailed`).
"""
TIMEOUT, SHORTCUT = "timeout", "shortcut"  # why a check failed, when not for a wrong value


class StudentProblem(Exception):
    """Student code raised, ran out of time, ended its process or called a forbidden routine."""

    failure: str | None = None


class StudentError(StudentProblem):
    """Student code raised; `info` holds type, message and the student's frames."""

    def __init__(self, info: dict):
        super().__init__(f"{info['type']}: {info['message']}")
        self.info = info


class StudentTimeout(StudentProblem):
    """Student code ran past its time limit and was stopped."""

    failure = TIMEOUT


class StudentCrash(StudentProblem):
    """The process running student code ended (exit, os._exit, signal, memory limit)."""


class StudentShortcut(StudentProblem):
    """Student code called a library routine its exercise forbids; `routines` names them."""

    failure = SHORTCUT

    def __init__(self, routines: list[str]):
        super().__init__(", ".join(routines))
        self.routines = routines
