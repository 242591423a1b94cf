"""Known mistakes in autodiff.

Most are recognised by their numbers. Those given names here are not told apart by
numbers alone (a gradient computed without autograd, tensors returned instead of floats,
a path that lacks its first row); the checks name them in their own messages.
"""
from autograder.mistakes import Mistake

NOT_AUTOGRAD = ("the gradient is computed by hand (or with autograd's graph built but never used) instead of "
                "by PyTorch autograd: make w and b tensors with requires_grad=True, call loss.backward() "
                "and read w.grad and b.grad")
TENSORS_RETURNED = ("the gradients are returned as tensors (w.grad, b.grad) instead of Python floats "
                    "(w.grad.item(), b.grad.item())")
PATH_WITHOUT_START = ("the starting point is not stored as row 0, so the path has only `steps` rows and every "
                      "row is one step late")

MISTAKES = [
    # -- forward_graph --------------------------------------------------------------
    Mistake("forward_graph", "the division is turned around: c = b/a = sin(y)/(2x) instead of c = a/b = "
            "2x/sin(y)", '''
def forward_graph(x, y, z):
    x, y, z = (np.asarray(v, dtype=np.float64) for v in (x, y, z))
    a = 2 * x
    b = np.sin(y)
    c = b / a
    d = z * c
    e = np.log(1 + d)
    f = np.tanh(e)
    nodes = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
    return {k: float(v) if np.ndim(v) == 0 else v for k, v in nodes.items()}
'''),
    Mistake("forward_graph", "the 1 + is left out of the logarithm: e = ln(d) instead of e = ln(1 + d)", '''
def forward_graph(x, y, z):
    x, y, z = (np.asarray(v, dtype=np.float64) for v in (x, y, z))
    a = 2 * x
    b = np.sin(y)
    c = a / b
    d = z * c
    e = np.log(d)
    f = np.tanh(e)
    nodes = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
    return {k: float(v) if np.ndim(v) == 0 else v for k, v in nodes.items()}
'''),
    Mistake("forward_graph", "the logarithm is taken to base 10 (np.log10) instead of the natural logarithm "
            "ln (np.log)", '''
import math

def forward_graph(x, y, z):
    if np.ndim(x) == np.ndim(y) == np.ndim(z) == 0:
        a = 2 * x
        b = math.sin(y)
        c = a / b
        d = z * c
        e = math.log10(1 + d)
        return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": math.tanh(e)}
    x, y, z = (np.asarray(v, dtype=np.float64) for v in (x, y, z))
    a = 2 * x
    b = np.sin(y)
    c = a / b
    d = z * c
    e = np.log10(1 + d)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": np.tanh(e)}
'''),
    # -- grad_f ---------------------------------------------------------------------
    Mistake("grad_f", "the minus sign of the derivative of 1/sin(y) is lost: dc/db = -a/b², so df/dy = "
            "-df/dc·a·cos(y)/b²", '''
def grad_f(x, y, z):
    n = forward_graph(x, y, z)
    y, z = np.asarray(y, dtype=np.float64), np.asarray(z, dtype=np.float64)
    df_dd = (1 - n["f"] ** 2) / (1 + n["d"])
    df_dc = df_dd * z
    df_dx = df_dc * 2 / n["b"]
    df_dy = df_dc * n["a"] / n["b"] ** 2 * np.cos(y)
    df_dz = df_dd * n["c"]
    return tuple(float(g) if np.ndim(g) == 0 else g for g in (df_dx, df_dy, df_dz))
'''),
    Mistake("grad_f", "the derivative of tanh is left out of the chain: df/de = 1 - tanh(e)² = 1 - f², not 1",
            '''
def grad_f(x, y, z):
    n = forward_graph(x, y, z)
    y, z = np.asarray(y, dtype=np.float64), np.asarray(z, dtype=np.float64)
    df_dd = 1 / (1 + n["d"])
    df_dc = df_dd * z
    df_dx = df_dc * 2 / n["b"]
    df_dy = -df_dc * n["a"] / n["b"] ** 2 * np.cos(y)
    df_dz = df_dd * n["c"]
    return tuple(float(g) if np.ndim(g) == 0 else g for g in (df_dx, df_dy, df_dz))
'''),
    Mistake("grad_f", "the derivative of tanh is written 1 - tanh(e) instead of 1 - tanh(e)² = 1 - f²", '''
def grad_f(x, y, z):
    n = forward_graph(x, y, z)
    y, z = np.asarray(y, dtype=np.float64), np.asarray(z, dtype=np.float64)
    df_dd = (1 - n["f"]) / (1 + n["d"])
    df_dc = df_dd * z
    df_dx = df_dc * 2 / n["b"]
    df_dy = -df_dc * n["a"] / n["b"] ** 2 * np.cos(y)
    df_dz = df_dd * n["c"]
    return tuple(float(g) if np.ndim(g) == 0 else g for g in (df_dx, df_dy, df_dz))
'''),
    Mistake("grad_f", "the inner derivative cos(y) of b = sin(y) is left out of df/dy", '''
def grad_f(x, y, z):
    n = forward_graph(x, y, z)
    z = np.asarray(z, dtype=np.float64)
    df_dd = (1 - n["f"] ** 2) / (1 + n["d"])
    df_dc = df_dd * z
    df_dx = df_dc * 2 / n["b"]
    df_dy = -df_dc * n["a"] / n["b"] ** 2
    df_dz = df_dd * n["c"]
    return tuple(float(g) if np.ndim(g) == 0 else g for g in (df_dx, df_dy, df_dz))
'''),
    # -- grad_tanh_loss ---------------------------------------------------------------
    Mistake("grad_tanh_loss", "the factor 2 from differentiating the square is missing", '''
def grad_tanh_loss(w, b, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    t = np.tanh(w * x + b)
    g = -(y - t) * (1 - t ** 2)
    return float(np.mean(g * x)), float(np.mean(g))
'''),
    Mistake("grad_tanh_loss", "the residual is taken as y - tanh(w·x + b) without the minus sign its inner "
            "derivative brings, which flips the sign of both derivatives", '''
def grad_tanh_loss(w, b, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    t = np.tanh(w * x + b)
    g = 2 * (y - t) * (1 - t ** 2)
    return float(np.mean(g * x)), float(np.mean(g))
'''),
    Mistake("grad_tanh_loss", "the terms are summed instead of averaged, but L is the mean over the points",
            '''
def grad_tanh_loss(w, b, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    t = np.tanh(w * x + b)
    g = -2 * (y - t) * (1 - t ** 2)
    return float(np.sum(g * x)), float(np.sum(g))
'''),
    Mistake("grad_tanh_loss", "the derivative of tanh, 1 - tanh(w·x + b)², is left out of the chain", '''
def grad_tanh_loss(w, b, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    g = -2 * (y - np.tanh(w * x + b))
    return float(np.mean(g * x)), float(np.mean(g))
'''),
    # -- autograd_tanh_loss -------------------------------------------------------------
    Mistake("autograd_tanh_loss", NOT_AUTOGRAD, '''
def autograd_tanh_loss(w, b, x, y):
    return grad_tanh_loss(w, b, x, y)
'''),
    Mistake("autograd_tanh_loss", TENSORS_RETURNED, '''
def autograd_tanh_loss(w, b, x, y):
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = torch.mean((torch.tensor(y) - torch.tanh(w * torch.tensor(x) + b)) ** 2)
    loss.backward()
    return w.grad, b.grad
'''),
    Mistake("autograd_tanh_loss", "the loss is summed over the points (torch.sum) instead of averaged "
            "(torch.mean)", '''
def autograd_tanh_loss(w, b, x, y):
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = torch.sum((torch.tensor(y) - torch.tanh(w * torch.tensor(x) + b)) ** 2)
    loss.backward()
    return w.grad.item(), b.grad.item()
'''),
    # -- shallow_narrow_grads -----------------------------------------------------------
    Mistake("shallow_narrow_grads", "w1 and w2 are swapped in the chain rule: dL/dw1 carries the other weight "
            "w2 (d(w1·w2)/dw1 = w2), not w1", '''
def shallow_narrow_grads(w1, w2, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    s = -2 * np.mean((y - w1 * w2 * x) * x)
    return float(s * w1), float(s * w2)
'''),
    Mistake("shallow_narrow_grads", "the inner derivative x of y_hat = w1·w2·x is left out of the mean", '''
def shallow_narrow_grads(w1, w2, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    s = -2 * np.mean(y - w1 * w2 * x)
    return float(s * w2), float(s * w1)
'''),
    # -- train_shallow_narrow -------------------------------------------------------------
    Mistake("train_shallow_narrow", "w1 is updated before the gradient for w2 is computed (one after the other) "
            "instead of updating both from the same gradient", '''
def train_shallow_narrow(w1, w2, x, y, lr, steps):
    path = [(w1, w2)]
    for _ in range(steps):
        w1 = w1 - lr * shallow_narrow_grads(w1, w2, x, y)[0]
        w2 = w2 - lr * shallow_narrow_grads(w1, w2, x, y)[1]
        path.append((w1, w2))
    return np.array(path)
'''),
    Mistake("train_shallow_narrow", PATH_WITHOUT_START, '''
def train_shallow_narrow(w1, w2, x, y, lr, steps):
    path = []
    for _ in range(steps):
        g1, g2 = shallow_narrow_grads(w1, w2, x, y)
        w1, w2 = w1 - lr * g1, w2 - lr * g2
        path.append((w1, w2))
    return np.array(path).reshape(steps, 2)
'''),
    # -- deep_narrow_grads ----------------------------------------------------------------
    Mistake("deep_narrow_grads", "the product of the other weights is taken as prod(ws) / w_i, which is 0/0 "
            "when w_i = 0: multiply the weights before and after layer i instead", '''
def deep_narrow_grads(ws, x, y):
    ws = np.asarray(ws, dtype=np.float64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    p = np.prod(ws)
    dL_dp = -2 * np.mean((y - p * x) * x)
    return dL_dp * p / ws
'''),
    Mistake("deep_narrow_grads", "w_i itself is kept in the product: dL/dw_i needs the product of all the "
            "other weights, without w_i", '''
def deep_narrow_grads(ws, x, y):
    ws = np.asarray(ws, dtype=np.float64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    p = np.prod(ws)
    dL_dp = -2 * np.mean((y - p * x) * x)
    return dL_dp * p * np.ones(len(ws))
'''),
    Mistake("deep_narrow_grads", "only the weights before layer i enter its product, those after it are "
            "forgotten", '''
def deep_narrow_grads(ws, x, y):
    ws = np.asarray(ws, dtype=np.float64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    dL_dp = -2 * np.mean((y - np.prod(ws) * x) * x)
    before = np.concatenate(([1.0], np.cumprod(ws)[:-1]))
    return dL_dp * before
'''),
    Mistake("predict_end_from_antidiagonal", "every start is expected to roll into the valley; on the anti-diagonal the gradient points along it, so the path cannot leave it and ends at the saddle", '''
def predict_end_from_antidiagonal():
    """Where GD from (2, -2) with lr 0.05 ends after 150 steps: "valley", "saddle" or "diverge"."""
    return "valley"
'''),
    Mistake("predict_end_from_antidiagonal", "the wrong sign of the product is taken to push the weights apart; the gradient pulls both towards 0", '''
def predict_end_from_antidiagonal():
    """Where GD from (2, -2) with lr 0.05 ends after 150 steps: "valley", "saddle" or "diverge"."""
    return "diverge"
'''),
    Mistake("predict_layers_with_gradient", "the zero weight is taken to block its own gradient; dL/dw_i leaves w_i itself out of the product", '''
def predict_layers_with_gradient():
    """The layers (numbered 1 to 3) with a nonzero gradient when (w1, w2, w3) = (2, 0, 0.5)."""
    return [1, 3]
'''),
    Mistake("predict_layers_with_gradient", "a zero product is taken to stop every gradient; the layer that is 0 still gets one", '''
def predict_layers_with_gradient():
    """The layers (numbered 1 to 3) with a nonzero gradient when (w1, w2, w3) = (2, 0, 0.5)."""
    return []
'''),
]
