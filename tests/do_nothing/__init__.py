"""Code that computes nothing, one module per assignment: each must score 0 on every item."""
from dataclasses import dataclass


@dataclass(frozen=True)
class DoNothing:
    description: str  # what it does instead, e.g. "zeros of the right shape and type"
    cells: dict       # name students implement -> its whole solution cell
