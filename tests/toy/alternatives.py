"""Correct toy solutions in other styles (test data: each must score full marks)."""
from tests.alternatives import Alternative

ALTERNATIVES = [
    Alternative("double", "x added to itself", '''
def double(x):
    x = np.asarray(x, dtype=np.float64)
    return x + x
'''),
    Alternative("total", "a Python loop", '''
def total(values):
    result = 0.0
    for value in values:
        result += value
    return result
'''),
]
