"""Reference of the linefit assignment: an L1 line fit by grid search and by gradient descent.

Given to students (imported from the release's setup cells): `make_line_data`, `Line` and
`as_column`. Graded: `l1_loss`, `l1_line_grads`,
`grid_search`, `train_line`, `clip_grad_norm`, `AutoClip`, and the predictions
`predict_l1_gradient_at_fit` and `predict_too_large_rates`.
"""
import numpy as np
import torch
from torch import nn  # noqa: F401 (known mistakes run in this module's namespace)

from autograder.reference.given.linefit import Line, as_column, make_line_data

__all__ = [
    "make_line_data", "Line", "as_column",
    "l1_loss", "l1_line_grads", "grid_search", "train_line", "clip_grad_norm", "AutoClip",
    "predict_l1_gradient_at_fit", "predict_too_large_rates",
]

CLIP_EPS = 1e-6


def l1_loss(y_hat, y):
    """Mean absolute error between two tensors of the same shape, as a differentiable 0-d tensor."""
    return torch.mean(torch.abs(y_hat - y))


def l1_line_grads(m, b, x, y):
    """Gradient of L = mean(|m·x + b - y|) with respect to m and b, by hand.

    dL/dm = mean(sign(r)·x) and dL/db = mean(sign(r)) with r = m·x + b - y and
    sign(0) = 0, as PyTorch does at the kink. Returns two Python floats.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    sign = np.sign(m * x + b - y)
    return float(np.mean(sign * x)), float(np.mean(sign))


def grid_search(x, y, ms, bs):
    """The L1 loss at every (m, b) of the grid ms × bs and its minimiser.

    Returns (m_best, b_best, losses) with `losses[i, j]` the loss at (ms[i], bs[j]) as a
    float64 array; exact ties go to the first minimum in row-major order.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    ms = np.asarray(ms, dtype=np.float64)
    bs = np.asarray(bs, dtype=np.float64)
    losses = np.empty((ms.size, bs.size))
    for i, m in enumerate(ms):
        losses[i] = np.mean(np.abs(m * x + bs[:, None] - y), axis=1)
    i, j = np.unravel_index(np.argmin(losses), losses.shape)
    return float(ms[i]), float(bs[j]), losses


def _gradients(parameters):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def _total_norm(grads):
    """The L2 norm of all gradients together, as a float32 tensor (0 when there are none)."""
    if not grads:
        return torch.tensor(0.0)
    return torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))


def train_line(model, x, y, lr, n_iter):
    """Plain gradient descent on the L1 loss, training `model` in place.

    x and y (arrays of shape (N,)) are fed as float32 tensors of shape (N, 1). Each
    iteration zeroes the gradients, runs forward and backward, records the loss and
    the L2 norm of the whole gradient, then updates p -= lr * p.grad without tracking.
    Returns {"loss": [...], "grad_norm": [...]}, one Python float per iteration.
    """
    inputs, targets = as_column(x), as_column(y)
    parameters = list(model.parameters())
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        history["loss"].append(loss.item())
        history["grad_norm"].append(_total_norm(_gradients(parameters)).item())
        with torch.no_grad():
            for p in parameters:
                if p.grad is not None:
                    p -= lr * p.grad
    return history


def _scale_to(grads, total, max_norm):
    coefficient = torch.clamp(max_norm / (total + CLIP_EPS), max=1.0)
    for g in grads:
        g.mul_(coefficient)


def clip_grad_norm(parameters, max_norm):
    """Scale all gradients in place so that their joint L2 norm is at most about `max_norm`.

    `parameters` is an iterable of tensors (a list or a generator) or a single tensor;
    tensors without a gradient are skipped. Every gradient is multiplied by
    min(1, max_norm / (total + 1e-6)). Returns the total norm before clipping as a float.
    """
    grads = _gradients(parameters)
    total = _total_norm(grads)
    _scale_to(grads, total, max_norm)
    return total.item()


class AutoClip:
    """Percentile clipping: clip to a percentile of all gradient norms seen so far."""

    def __init__(self, percentile=10.0):
        """Start with an empty history of gradient norms."""
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        """Record the current total gradient norm, clip to the percentile of the history, return that value."""
        grads = _gradients(parameters)
        total = _total_norm(grads)
        self.history.append(total.item())
        clip_value = float(np.percentile(self.history, self.percentile))
        _scale_to(grads, total, clip_value)
        return clip_value


# --- predictions ---------------------------------------------------------------


def predict_l1_gradient_at_fit():
    """What the L1 gradient norm does once the line fits the data: "vanish" or "stay"."""
    return "stay"


def predict_too_large_rates():
    """The learning rates of LEARNING_RATES that are too large for the loss to settle, as a list."""
    return [1.0, 0.5, 0.1]
