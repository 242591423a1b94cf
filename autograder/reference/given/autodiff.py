"""Given code of the autodiff assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import torch

torch.set_num_threads(1)


def make_narrow_data(n=64, slope=2.0, noise=0.1, seed=0):
    """Noisy samples of the line y = slope·x through the origin.

    x is standard normal, the noise Gaussian with standard deviation `noise`.
    Returns (x, y), two float64 arrays of shape (n,).
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = slope * x + noise * rng.standard_normal(n)
    return x, y
