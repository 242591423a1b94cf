"""Given code of the toy assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

import numpy as np


def as_float64(values):
    """Numbers or array-likes as a float64 array."""
    return np.asarray(values, dtype=np.float64)
