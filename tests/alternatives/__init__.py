"""Correct solutions written in other styles, one module per assignment: each must score full marks."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    item: str         # the graded item it solves
    description: str  # the style, e.g. "a Python loop instead of numpy"
    source: str       # the whole solution cell
    xfail: str = ""   # why it is known to lose points for now (a bug fixed elsewhere), if it is
