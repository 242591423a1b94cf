"""Given code of the gd2d assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

import matplotlib.pyplot as plt
import numpy as np
import torch

torch.set_num_threads(1)  # the tensors here are tiny: one thread is fastest


def loss_2d(beta):
    """L(b) = (b1 - 2)^2 + (b2 - 1)^4 - (b2 - 1)^2.

    `beta` holds (b1, b2): two numbers, or two arrays of one shape (a grid),
    for which the loss is computed elementwise.
    """
    b1, b2 = np.asarray(beta, dtype=np.float64)
    return (b1 - 2) ** 2 + (b2 - 1) ** 4 - (b2 - 1) ** 2


B1_RANGE, B2_RANGE = (0.0, 4.0), (-0.5, 2.5)
CRITICAL_POINTS = {
    "minimum 1": (2.0, 1 + 1 / np.sqrt(2)),
    "minimum 2": (2.0, 1 - 1 / np.sqrt(2)),
    "saddle": (2.0, 1.0),
}
LOSS_2D_LEVELS = [-0.24, -0.2, -0.12, -0.05, 0.0, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6]


def draw_contours(ax, loss, x_range, y_range, levels, filled=False, n=161):
    """Contours of loss((x, y)) over a rectangle; returns the matplotlib contour set."""
    x, y = np.meshgrid(np.linspace(*x_range, n), np.linspace(*y_range, n))
    draw = ax.contourf if filled else ax.contour
    return draw(x, y, loss((x, y)), levels=levels, cmap="viridis")


def draw_loss_2d(ax, title=""):
    """Contour lines of loss_2d in the usual window, its critical points marked by crosses."""
    draw_contours(ax, loss_2d, B1_RANGE, B2_RANGE, LOSS_2D_LEVELS)
    for b1, b2 in CRITICAL_POINTS.values():
        ax.plot(b1, b2, "kx", ms=8, mew=2)
    ax.set(xlabel=r"$\beta_1$", ylabel=r"$\beta_2$", xlim=B1_RANGE, ylim=B2_RANGE, title=title)
    ax.set_aspect("equal")


def draw_path(ax, path, color="tab:red", label=None):
    """A GD path as dots joined by thin lines, its starting point circled."""
    path = np.asarray(path)
    ax.plot(path[:, 0], path[:, 1], ".-", color=color, lw=0.8, ms=5, label=label)
    ax.plot(path[0, 0], path[0, 1], "o", mfc="none", mec=color, ms=10)


def pathological_loss(w):
    """tanh(w0)^2 + 0.01|w1| + sigmoid(w1) for w = (w0, w1): numbers, or arrays of one shape."""
    w0, w1 = np.asarray(w, dtype=np.float64)
    return np.tanh(w0) ** 2 + 0.01 * np.abs(w1) + 1 / (1 + np.exp(-w1))


def grad_pathological_loss(w):
    """Gradient of pathological_loss at w = (w0, w1), as a float64 array of shape (2,)."""
    w0, w1 = np.asarray(w, dtype=np.float64)
    tanh_w0 = np.tanh(w0)
    sigmoid_w1 = 1 / (1 + np.exp(-w1))
    return np.array([2 * tanh_w0 * (1 - tanh_w0 ** 2),
                     0.01 * np.sign(w1) + sigmoid_w1 * (1 - sigmoid_w1)])
