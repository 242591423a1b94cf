"""Grading results and their JSON form: the document `grade --json` prints (see README.md, "Command line")."""
from dataclasses import asdict, dataclass, field

MAX_MESSAGE = 4000  # characters of one check's message: a submission's document stays well under 1 MB


@dataclass
class Check:
    name: str
    passed: bool
    points: float
    message: str = ""
    needs_values: bool = False  # pays only when every value check of its item passes
    mistake: str | None = None  # the known mistake the failure fits: completes "This is what happens when ..."
    failure: str | None = None  # outcomes.TIMEOUT or SHORTCUT when the check failed for that reason
    picture: dict | None = None  # the series of a figure of the failure (autograder.feedback.picture)

    def __post_init__(self):
        if len(self.message) > MAX_MESSAGE:
            self.message = self.message[:MAX_MESSAGE] + f"... ({len(self.message) - MAX_MESSAGE} more characters)"


def values_right(checks):
    """Whether every value check passes (a check worth no points, such as a note, decides nothing)."""
    return all(c.passed for c in checks if c.points and not c.needs_values)


def earned(checks):
    """The points the checks pay: value checks that pass, and checks of form or edge cases that pass
    once the values are right, so code that computes nothing earns nothing."""
    right = values_right(checks)
    return sum(c.points for c in checks if c.passed and (right or not c.needs_values))


@dataclass
class Item:
    id: str
    score: float
    max_score: float
    checks: list = field(default_factory=list)

    def mistake(self):
        """The known mistake the first diagnosed failure fits, if any."""
        return next((c.mistake for c in self.checks if not c.passed and c.mistake), None)

    def picture(self):
        """The picture of the first failed check that has one; none at full marks."""
        if self.score < self.max_score:
            return next((c.picture for c in self.checks if not c.passed and c.picture), None)
        return None


@dataclass
class Submission:
    notebook: str
    assignment: str | None
    score: float = 0.0
    max_score: float = 0.0
    error: str | None = None
    items: list = field(default_factory=list)
    seconds: float = 0.0  # how long grading took
    fingerprint: str | None = None  # of the graded program (notebook.fingerprint): equal digests, equal grades

    def to_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        """The submission a `to_json` document describes."""
        items = [Item(**{**i, "checks": [Check(**c) for c in i["checks"]]}) for i in data["items"]]
        return cls(**{**data, "items": items})


def document(submissions):
    """The JSON document printed by `grade --json`."""
    return {"submissions": [s.to_json() for s in submissions]}
