"""Correct autodiff solutions in other styles."""
from tests.alternatives import Alternative

ALTERNATIVES = [
    Alternative("forward_graph", "math for one point, np.vectorize over arrays", '''
def forward_graph(x, y, z):
    def one(x, y, z):
        a = 2 * x
        b = math.sin(y)
        c = a / b
        d = z * c
        e = math.log1p(d)
        return a, b, c, d, e, math.tanh(e)

    if np.ndim(x) == np.ndim(y) == np.ndim(z) == 0:
        values = one(float(x), float(y), float(z))
    else:
        values = np.vectorize(one)(x, y, z)
    return dict(zip("abcdef", values))
'''),
    Alternative("grad_f", "math for one point, np.vectorize over arrays, with the nodes written out", '''
def grad_f(x, y, z):
    def one(x, y, z):
        a, b = 2 * x, math.sin(y)
        d = z * a / b
        f = math.tanh(math.log(1 + d))
        df_dd = (1 - f * f) / (1 + d)
        return df_dd * z * 2 / b, -df_dd * z * a * math.cos(y) / (b * b), df_dd * a / b

    if np.ndim(x) == np.ndim(y) == np.ndim(z) == 0:
        return one(float(x), float(y), float(z))
    return np.vectorize(one)(x, y, z)
'''),
    Alternative("grad_f", "numpy from the nodes of forward_graph, df/dy as -df/dx·x·cos(y)/sin(y)", '''
def grad_f(x, y, z):
    n = forward_graph(x, y, z)
    x, y, z = (np.asarray(v, dtype=np.float64) for v in (x, y, z))
    df_dd = (1 - np.tanh(n["e"]) ** 2) / (1 + n["d"])
    df_dx = 2 * z * df_dd / n["b"]
    df_dy = -df_dx * x * np.cos(y) / n["b"]
    df_dz = df_dd * n["c"]
    grads = (df_dx, df_dy, df_dz)
    return tuple(g.item() if g.ndim == 0 else g for g in grads)
'''),
    Alternative("grad_tanh_loss", "float64 torch tensors, without autograd", '''
def grad_tanh_loss(w, b, x, y):
    x, y = torch.as_tensor(np.asarray(x, dtype=np.float64)), torch.as_tensor(np.asarray(y, dtype=np.float64))
    t = torch.tanh(w * x + b)
    g = 2 * (t - y) * (1 - t * t)
    return (g * x).mean().item(), g.mean().item()
'''),
    Alternative("grad_tanh_loss", "a Python loop over the points with math", '''
def grad_tanh_loss(w, b, x, y):
    dw = db = 0.0
    for xi, yi in zip(x, y):
        t = math.tanh(w * xi + b)
        g = -2 * (yi - t) * (1 - t ** 2)
        dw += g * xi
        db += g
    return dw / len(x), db / len(x)
'''),
    Alternative("autograd_tanh_loss", "float32 tensors throughout", '''
def autograd_tanh_loss(w, b, x, y):
    w = torch.tensor(w, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(b, dtype=torch.float32, requires_grad=True)
    x, y = torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    loss = ((y - torch.tanh(w * x + b)) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
'''),
    Alternative("autograd_tanh_loss", "torch.autograd.grad on a parameter vector", '''
def autograd_tanh_loss(w, b, x, y):
    params = torch.tensor([w, b], dtype=torch.float64, requires_grad=True)
    x, y = torch.from_numpy(np.asarray(x, dtype=np.float64)), torch.from_numpy(np.asarray(y, dtype=np.float64))
    loss = torch.nn.functional.mse_loss(torch.tanh(params[0] * x + params[1]), y)
    (grad,) = torch.autograd.grad(loss, params)
    return float(grad[0]), float(grad[1])
'''),
    Alternative("autograd_tanh_loss", "torch.func.grad of a loss function", '''
def autograd_tanh_loss(w, b, x, y):
    x, y = torch.as_tensor(x), torch.as_tensor(y)

    def loss(w, b):
        return torch.mean((y - torch.tanh(w * x + b)) ** 2)

    dw, db = torch.func.grad(loss, argnums=(0, 1))(torch.tensor(float(w), dtype=torch.float64),
                                                    torch.tensor(float(b), dtype=torch.float64))
    return dw.item(), db.item()
'''),
    Alternative("shallow_narrow_grads", "the residual and the product named, Python sum", '''
def shallow_narrow_grads(w1, w2, x, y):
    p = w1 * w2
    dL_dp = sum(-2 * (yi - p * xi) * xi for xi, yi in zip(x, y)) / len(x)
    return float(dL_dp * w2), float(dL_dp * w1)
'''),
    Alternative("train_shallow_narrow", "a list of rows, appended to, then an array", '''
def train_shallow_narrow(w1, w2, x, y, lr, steps):
    path = [[w1, w2]]
    for _ in range(steps):
        g1, g2 = shallow_narrow_grads(w1, w2, x, y)
        w1, w2 = w1 - lr * g1, w2 - lr * g2
        path.append([w1, w2])
    return np.array(path, dtype=np.float64)
'''),
    Alternative("deep_narrow_grads", "a double loop over the layers, skipping w_i", '''
def deep_narrow_grads(ws, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    p = 1.0
    for w in ws:
        p *= w
    dL_dp = -2 * np.mean((y - p * x) * x)
    grads = np.zeros(len(ws))
    for i in range(len(ws)):
        others = 1.0
        for j, w in enumerate(ws):
            if j != i:
                others *= w
        grads[i] = dL_dp * others
    return grads
'''),
    Alternative("deep_narrow_grads", "prefix and suffix products by np.cumprod, in float32", '''
def deep_narrow_grads(ws, x, y):
    ws = np.asarray(ws, dtype=np.float32)
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    before = np.cumprod(np.r_[np.float32(1), ws[:-1]])
    after = np.cumprod(np.r_[np.float32(1), ws[::-1][:-1]])[::-1]
    dL_dp = -2 * np.mean((y - np.prod(ws) * x) * x)
    return (dL_dp * before * after).astype(np.float64)
'''),
    # -- in the style of public implementations, adapted only to the stub signatures --------------------
    Alternative("forward_graph", "Neuromatch W1D2: the forward pass of the graph in numpy, node by node", '''
def forward_graph(x, y, z):
    a = 2 * x
    b = np.sin(y)
    c = a / b
    d = c * z
    e = np.log(1 + d)
    f = np.tanh(e)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
'''),
    Alternative("grad_f", "Neuromatch W1D2: every local derivative named (df_de, de_dd, dd_dc, ...) and "
                "multiplied along the paths of the graph", '''
def grad_f(x, y, z):
    a = 2 * x
    b = np.sin(y)
    c = a / b
    d = c * z
    e = np.log(1 + d)
    f = np.tanh(e)

    df_de = 1 - np.tanh(e) ** 2
    de_dd = 1 / (1 + d)
    dd_dc = z
    dd_dz = c
    dc_da = 1 / b
    dc_db = -a / b ** 2
    da_dx = 2
    db_dy = np.cos(y)

    df_dx = df_de * de_dd * dd_dc * dc_da * da_dx
    df_dy = df_de * de_dd * dd_dc * dc_db * db_dy
    df_dz = df_de * de_dd * dd_dz
    return df_dx, df_dy, df_dz
'''),
    Alternative("shallow_narrow_grads", "Neuromatch W1D2's dloss_dw: sums over Ns points", '''
def shallow_narrow_grads(w1, w2, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    Ns = x.shape[0]
    dloss_dw1 = - (2 * w2 * x * (y - w1 * w2 * x)).sum() / Ns
    dloss_dw2 = - (2 * w1 * x * (y - w1 * w2 * x)).sum() / Ns
    return dloss_dw1, dloss_dw2
'''),
    Alternative("train_shallow_narrow", "Neuromatch W1D2's train loop: weight_records of [w1, w2] lists, "
                "both gradients taken before either update", '''
def train_shallow_narrow(w1, w2, x, y, lr, steps):
    weight_records = [[w1, w2]]
    for i in range(steps):
        dloss_dw1, dloss_dw2 = shallow_narrow_grads(w1, w2, x, y)
        w1 -= lr * dloss_dw1
        w2 -= lr * dloss_dw2
        weight_records.append([w1, w2])
    return np.array(weight_records, dtype=float)
'''),
    Alternative("predict_end_from_antidiagonal", "spelled with capitals and spaces", '''
def predict_end_from_antidiagonal():
    """Where GD from (2, -2) with lr 0.05 ends after 150 steps: "valley", "saddle" or "diverge"."""
    return " Saddle "
'''),
    Alternative("predict_layers_with_gradient", "a tuple", '''
def predict_layers_with_gradient():
    """The layers (numbered 1 to 3) with a nonzero gradient when (w1, w2, w3) = (2, 0, 0.5)."""
    return (2,)
'''),
]
