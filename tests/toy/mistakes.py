"""Known mistakes in the toy assignment (test data: each must lose points with its explanation)."""
from autograder.mistakes import Mistake

MISTAKES = [
    Mistake("double", "x is squared instead of doubled", '''
def double(x):
    return as_float64(x) ** 2
'''),
    Mistake("total", "the values are counted instead of added", '''
def total(values):
    return float(len(values))
'''),
]
