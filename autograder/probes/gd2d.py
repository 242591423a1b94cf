"""Probes of gd2d."""
import numpy as np


GRADIENTS = {
    "loss_2d": lambda b: np.array([2 * (b[0] - 2), 4 * (b[1] - 1) ** 3 - 2 * (b[1] - 1)]),
    "quadratic_3d": lambda b: np.array([1.0, 4.0, 9.0]) * b,
    "quadratic_1d": lambda b: 2.0 * b,
}


def gd_path(namespace, gradient, beta0, step_size, steps):
    """gradient_descent run with one of GRADIENTS."""
    with np.errstate(all="ignore"):
        return namespace["gradient_descent"](GRADIENTS[gradient], beta0, step_size, steps)


def gd_keeps_start(namespace, gradient, beta0, step_size, steps):
    """Whether gradient_descent leaves its start beta0 (a float64 array) as it was."""
    start = np.array(beta0, dtype=np.float64)
    gd_path(namespace, gradient, start, step_size, steps)
    return bool(np.array_equal(start, beta0, equal_nan=True))
