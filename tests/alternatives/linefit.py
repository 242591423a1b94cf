"""Correct linefit solutions in other styles."""
from tests.alternatives import Alternative

ALTERNATIVES = [
    Alternative("l1_loss", "torch.nn.functional.l1_loss", '''
def l1_loss(y_hat, y):
    return F.l1_loss(y_hat, y)
'''),
    Alternative("l1_loss", "the sum of absolute errors divided by the number of elements", '''
def l1_loss(y_hat, y):
    return torch.sum(torch.abs(y - y_hat)) / y.numel()
'''),
    Alternative("l1_line_grads", "a Python loop over the points with a hand-written sign", '''
def l1_line_grads(m, b, x, y):
    dm = db = 0.0
    for xi, yi in zip(x, y):
        r = m * xi + b - yi
        s = 1.0 if r > 0 else (-1.0 if r < 0 else 0.0)
        dm += s * xi
        db += s
    return dm / len(x), db / len(x)
'''),
    Alternative("l1_line_grads", "float64 torch tensors and torch.sign, without autograd", '''
def l1_line_grads(m, b, x, y):
    x, y = torch.as_tensor(np.asarray(x, dtype=np.float64)), torch.as_tensor(np.asarray(y, dtype=np.float64))
    sign = torch.sign(m * x + b - y)
    return (sign * x).mean().item(), sign.mean().item()
'''),
    Alternative("grid_search", "a Line set to every grid point and evaluated in float32, as in the textbook", '''
def grid_search(x, y, ms, bs):
    line = Line()
    inputs, targets = as_column(x), as_column(y)
    losses = np.empty((len(ms), len(bs)))
    with torch.no_grad():
        for i, m_hat in enumerate(ms):
            for j, b_hat in enumerate(bs):
                line.layer.weight[0, 0] = m_hat
                line.layer.bias[0] = b_hat
                losses[i, j] = (line(inputs) - targets).abs().mean().item()
    i, j = np.unravel_index(np.argmin(losses), losses.shape)
    return float(ms[i]), float(bs[j]), losses
'''),
    Alternative("grid_search", "lists of lists and a strict < scan for the first minimum", '''
def grid_search(x, y, ms, bs):
    rows = []
    best = None
    for m in ms:
        row = []
        for b in bs:
            loss = sum(abs(m * xi + b - yi) for xi, yi in zip(x, y)) / len(x)
            row.append(loss)
            if best is None or loss < best[0]:
                best = (loss, float(m), float(b))
        rows.append(row)
    return best[1], best[2], np.array(rows)
'''),
    Alternative("train_line", "updates through p.data.add_(alpha=-lr), gradients reset to None, the norm of "
                "all gradients concatenated", '''
def train_line(model, x, y, lr, n_iter):
    inputs = torch.from_numpy(np.asarray(x)).float().unsqueeze(1)
    targets = torch.from_numpy(np.asarray(y)).float().unsqueeze(1)
    losses, norms = [], []
    for _ in range(n_iter):
        for p in model.parameters():
            p.grad = None
        loss = F.l1_loss(model(inputs), targets)
        loss.backward()
        losses.append(loss.item())
        norms.append(torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item())
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
    return {"loss": losses, "grad_norm": norms}
'''),
    Alternative("train_line", "a float32 running sum of squares and p.copy_ under torch.no_grad", '''
def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    parameters = list(model.parameters())
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = torch.abs(targets - model(inputs)).sum() / len(targets)
        loss.backward()
        squares = torch.zeros(())
        for p in parameters:
            squares = squares + (p.grad * p.grad).sum()
        history["loss"].append(float(loss.item()))
        history["grad_norm"].append(float(squares.sqrt()))
        with torch.no_grad():
            for p in parameters:
                p.copy_(p - lr * p.grad)
    return history
'''),
    Alternative("clip_grad_norm", "a torch norm, scaling only when the factor is below 1 and replacing each "
                "p.grad", '''
def clip_grad_norm(parameters, max_norm):
    parameters = [parameters] if torch.is_tensor(parameters) else list(parameters)
    with_grad = [p for p in parameters if p.grad is not None]
    if not with_grad:
        return 0.0
    total = torch.stack([p.grad.norm() for p in with_grad]).norm()
    factor = max_norm / (total + 1e-6)
    if factor < 1:
        for p in with_grad:
            p.grad = p.grad * factor
    return total.item()
'''),
    Alternative("clip_grad_norm", "the norm in float64 numpy", '''
def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = float(np.sqrt(sum(np.sum(g.numpy().astype(np.float64) ** 2) for g in grads)))
    scale = min(1.0, max_norm / (total + 1e-6))
    for g in grads:
        g *= scale
    return total
'''),
    Alternative("autoclip", "a numpy array as history, np.quantile, and the notebook's clip_grad_norm", '''
class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.norms = np.zeros(0)

    def __call__(self, parameters):
        parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
        norm = clip_grad_norm(parameters, math.inf)
        self.norms = np.append(self.norms, norm)
        value = float(np.quantile(self.norms, self.percentile / 100))
        clip_grad_norm(parameters, value)
        return value
'''),
    Alternative("autoclip", "its own norm and scaling in torch, without clip_grad_norm", '''
class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        if torch.is_tensor(parameters):
            parameters = [parameters]
        grads = [p.grad for p in parameters if p.grad is not None]
        norm = torch.sqrt(sum((g.double() ** 2).sum() for g in grads)) if grads else torch.tensor(0.0)
        self.history.append(norm.item())
        clip_value = np.percentile(self.history, self.percentile)
        for g in grads:
            g.mul_(min(1.0, clip_value / (norm.item() + 1e-6)))
        return float(clip_value)
'''),
    # -- in the style of public implementations, adapted only to the stub signatures --------------------
    Alternative("clip_grad_norm", "PyTorch's clip_grad_norm_ written out: its _get_total_norm and "
                "_clip_grads_with_norm_ helpers inline, clip_coef clamped at 1, the norm returned as a float", '''
import types
import warnings


def _get_total_norm(tensors, norm_type=2.0):
    if isinstance(tensors, torch.Tensor):
        tensors = [tensors]
    else:
        tensors = list(tensors)
    norm_type = float(norm_type)
    if len(tensors) == 0:
        return torch.tensor(0.0)
    norms = [torch.linalg.vector_norm(g, norm_type) for g in tensors]
    total_norm = torch.linalg.vector_norm(torch.stack(norms), norm_type)
    return total_norm


def _clip_grads_with_norm_(parameters, max_norm, total_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    max_norm = float(max_norm)
    if len(grads) == 0:
        return
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = torch.clamp(clip_coef, max=1.0)
    for g in grads:
        g.mul_(clip_coef_clamped.to(g.device))


def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and len(parameters) == 0:
            warnings.warn("clip_grad_norm was passed an empty generator", stacklevel=2)
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = _get_total_norm(grads)
    _clip_grads_with_norm_(parameters, max_norm, total_norm)
    return total_norm.item()
'''),
    Alternative("autoclip", "the AutoClip paper's code: _get_grad_norm summing param_norm.item() ** 2, a "
                "grad_history list and np.percentile, then the notebook's clip_grad_norm", '''
def _get_grad_norm(parameters):
    total_norm = 0
    for p in parameters:
        if p.grad is not None:
            param_norm = p.grad.data.norm(2)
            total_norm += param_norm.item() ** 2
    total_norm = total_norm ** (1. / 2)
    return total_norm


class AutoClip:
    def __init__(self, percentile=10.0):
        self.clip_percentile = percentile
        self.grad_history = []

    def __call__(self, parameters):
        parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
        obs_grad_norm = _get_grad_norm(parameters)
        self.grad_history.append(obs_grad_norm)
        clip_value = np.percentile(self.grad_history, self.clip_percentile)
        clip_grad_norm(parameters, clip_value)
        return float(clip_value)
'''),
    Alternative("autoclip", "PyTorch 2.6's get_total_norm and clip_grads_with_norm_ written out under their "
                "public names", '''
def get_total_norm(tensors, norm_type=2.0):
    tensors = list(tensors)
    if len(tensors) == 0:
        return torch.tensor(0.0)
    norms = [torch.linalg.vector_norm(g, norm_type) for g in tensors]
    return torch.linalg.vector_norm(torch.stack(norms), norm_type)


def clip_grads_with_norm_(parameters, max_norm, total_norm):
    grads = [p.grad for p in parameters if p.grad is not None]
    clip_coef_clamped = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    for g in grads:
        g.mul_(clip_coef_clamped)


class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
        total_norm = get_total_norm([p.grad for p in parameters if p.grad is not None])
        self.history.append(total_norm.item())
        clip_value = float(np.percentile(self.history, self.percentile))
        clip_grads_with_norm_(parameters, clip_value, total_norm)
        return clip_value
'''),
    Alternative("predict_l1_gradient_at_fit", "computed from the formula: a residual's size does not enter sign(r)", '''
def predict_l1_gradient_at_fit():
    """What the L1 gradient norm does once the line fits the data: "vanish" or "stay"."""
    return "stay" if np.sign(0.001) == np.sign(1000.0) else "vanish"
'''),
    Alternative("predict_too_large_rates", "a numpy array", '''
def predict_too_large_rates():
    """The learning rates of LEARNING_RATES that are too large for the loss to settle, as a list."""
    return np.array([0.1, 0.5, 1.0])
'''),
]
