"""Reference of the toy assignment: its given code comes from the release, as every reference's does."""
import numpy as np

from .given.toy import as_float64


def double(x):
    return 2 * as_float64(x)


def total(values):
    return float(np.sum(values))
