"""Reference of the autodiff assignment: a computational graph and narrow linear networks, by hand and by autograd.

Given to students (imported from the release's setup cells): `make_narrow_data`. Graded: `forward_graph`, `grad_f`,
`grad_tanh_loss`, `autograd_tanh_loss`, `shallow_narrow_grads`,
`train_shallow_narrow`, `deep_narrow_grads`, and the predictions
`predict_end_from_antidiagonal` and `predict_layers_with_gradient`.
"""
import numpy as np
import torch

from autograder.reference.given.autodiff import make_narrow_data

__all__ = [
    "make_narrow_data",
    "forward_graph", "grad_f", "grad_tanh_loss", "autograd_tanh_loss",
    "shallow_narrow_grads", "train_shallow_narrow", "deep_narrow_grads",
    "predict_end_from_antidiagonal", "predict_layers_with_gradient",
]


# --- graded -------------------------------------------------------------------

def _float64(values):
    return np.asarray(values, dtype=np.float64)


def _plain(value):
    """A 0-d result as a Python float, anything else unchanged."""
    return float(value) if np.ndim(value) == 0 else value


def forward_graph(x, y, z):
    """The nodes of f(x, y, z) = tanh(ln(1 + z·2x / sin(y))), computed one after the other.

    Returns {"a": 2x, "b": sin(y), "c": a/b, "d": z·c, "e": ln(1 + d), "f": tanh(e)}.
    Elementwise: Python floats for scalar inputs, float64 arrays (with numpy
    broadcasting) for array-like inputs.
    """
    x, y, z = _float64(x), _float64(y), _float64(z)
    a = 2.0 * x
    b = np.sin(y)
    c = a / b
    d = z * c
    e = np.log(1.0 + d)
    f = np.tanh(e)
    nodes = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
    return {name: _plain(value) for name, value in nodes.items()}


def grad_f(x, y, z):
    """(df/dx, df/dy, df/dz) of f(x, y, z) = tanh(ln(1 + z·2x / sin(y))) by the chain rule, without autograd.

    The backward pass multiplies the local derivatives of the graph's edges,
    each written with the forward intermediates:
    df/de = 1 - f², de/dd = 1/(1 + d), dd/dc = z, dd/dz = c, dc/da = 1/b,
    dc/db = -a/b², da/dx = 2, db/dy = cos(y). Elementwise like `forward_graph`.
    """
    y_values = _float64(y)
    z_values = _float64(z)
    n = forward_graph(x, y, z)
    df_dd = (1.0 - n["f"] ** 2) / (1.0 + n["d"])
    df_dc = df_dd * z_values
    df_dx = df_dc / n["b"] * 2.0
    df_dy = df_dc * (-n["a"] / n["b"] ** 2) * np.cos(y_values)
    df_dz = df_dd * n["c"]
    return _plain(df_dx), _plain(df_dy), _plain(df_dz)


def grad_tanh_loss(w, b, x, y):
    """(dL/dw, dL/db) of L = mean((y - tanh(w·x + b))²) over the arrays x, y, by hand.

    With t = tanh(w·x + b) and g = -2(y - t)(1 - t²): dL/dw = mean(g·x), dL/db = mean(g).
    Returns two Python floats.
    """
    x, y = _float64(x), _float64(y)
    t = np.tanh(w * x + b)
    g = -2.0 * (y - t) * (1.0 - t ** 2)
    return float(np.mean(g * x)), float(np.mean(g))


def autograd_tanh_loss(w, b, x, y):
    """The gradient of `grad_tanh_loss`, computed by PyTorch autograd in float64. Returns two Python floats."""
    w = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    x = torch.tensor(_float64(x))
    y = torch.tensor(_float64(y))
    loss = torch.mean((y - torch.tanh(w * x + b)) ** 2)
    loss.backward()
    return w.grad.item(), b.grad.item()


def shallow_narrow_grads(w1, w2, x, y):
    """(dL/dw1, dL/dw2) of L = mean((y - w1·w2·x)²), by hand.

    With s = mean((y - w1·w2·x)·x): dL/dw1 = -2·w2·s and dL/dw2 = -2·w1·s.
    Returns two Python floats.
    """
    x, y = _float64(x), _float64(y)
    s = np.mean((y - w1 * w2 * x) * x)
    return float(-2.0 * w2 * s), float(-2.0 * w1 * s)


def train_shallow_narrow(w1, w2, x, y, lr, steps):
    """The gradient-descent path of (w1, w2) under `shallow_narrow_grads`.

    Both weights are updated together from the same gradient. Returns a float64
    array of shape (steps + 1, 2) whose row 0 is the start; all steps are run
    even when the weights blow up (inf and nan are kept).
    """
    path = np.empty((steps + 1, 2))
    path[0] = w1, w2
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            g1, g2 = shallow_narrow_grads(path[t, 0], path[t, 1], x, y)
            path[t + 1] = path[t, 0] - lr * g1, path[t, 1] - lr * g2
    return path


def deep_narrow_grads(ws, x, y):
    """dL/dw_i for every layer of y_hat = (w_1·…·w_D)·x with L = mean((y - y_hat)²), by hand.

    dL/dw_i = dL/dp · (product of all weights but w_i), with p the product of
    all weights and dL/dp = -2·mean((y - p·x)·x). The products of the other
    weights come from prefix and suffix products, so a zero weight needs no
    division. Returns a float64 array of shape (D,).
    """
    ws, x, y = _float64(ws), _float64(x), _float64(y)
    one = np.ones(1)
    before = np.cumprod(np.concatenate((one, ws)))[:-1]
    after = np.cumprod(np.concatenate((one, ws[::-1])))[:-1][::-1]
    dL_dp = -2.0 * np.mean((y - np.prod(ws) * x) * x)
    return dL_dp * before * after


# --- predictions ---------------------------------------------------------------


def predict_end_from_antidiagonal():
    """Where GD from (2, -2) with lr 0.05 ends after 150 steps: "valley", "saddle" or "diverge"."""
    return "saddle"


def predict_layers_with_gradient():
    """The layers (numbered 1 to 3) with a nonzero gradient when (w1, w2, w3) = (2, 0, 0.5)."""
    return [2]
