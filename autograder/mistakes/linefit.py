"""Known mistakes in linefit.

The explanations given names here are not told apart by numbers alone (a loss that
cannot be differentiated, a history of tensors, a crash on a missing gradient,
instances that share state); the checks name them in their own messages.
"""
from autograder.mistakes import Mistake

NOT_DIFFERENTIABLE = ("the loss is computed outside torch (numpy, float() or .item()), so autograd cannot "
                      "send a gradient back through it")
TENSORS_RECORDED = ("the loss tensor itself is stored instead of loss.item(): the history must hold Python "
                    "floats (a stored tensor also keeps its whole graph alive)")
MISSING_GRAD_NOT_SKIPPED = ("parameters without a gradient (p.grad is None) are not skipped: leave them out "
                            "of the norm and of the scaling")
CLIPS_ONLY_ABOVE = ("the gradients are scaled only when total > max_norm, but torch scales by "
                    "max_norm / (total + 1e-6) whenever that factor is below 1, also when total is just below "
                    "max_norm (this shows with tiny gradients): scale by min(1, max_norm / (total + 1e-6))")
GENERATOR_EXHAUSTED = ("the parameters are iterated twice, but a generator is used up by the first pass (the "
                       "norm), so the second pass (the scaling) sees no parameters: make a list of them first, "
                       "parameters = list(parameters)")
SHARED_HISTORY = ("the history is a class attribute (history = [] in the class body), so every AutoClip "
                  "instance appends to one shared list: create it in __init__ as self.history = []")

MISTAKES = [
    # -- l1_loss ------------------------------------------------------------------
    Mistake("l1_loss", "the absolute errors are summed instead of averaged, so the loss grows with the number "
            "of points", '''
def l1_loss(y_hat, y):
    return torch.sum(torch.abs(y_hat - y))
'''),
    Mistake("l1_loss", "the absolute value is taken of the mean error instead of averaging the absolute "
            "errors, so errors of opposite sign cancel", '''
def l1_loss(y_hat, y):
    return torch.abs(torch.mean(y_hat - y))
'''),
    Mistake("l1_loss", "the errors are squared (the L2 loss) instead of taken in absolute value", '''
def l1_loss(y_hat, y):
    return ((y_hat - y) ** 2).mean()
'''),
    Mistake("l1_loss", NOT_DIFFERENTIABLE, '''
def l1_loss(y_hat, y):
    errors = np.abs(y_hat.detach().numpy() - y.detach().numpy())
    return torch.tensor(errors.mean())
'''),
    # -- l1_line_grads ------------------------------------------------------------
    Mistake("l1_line_grads", "sign(0) is taken as 1 (np.where(r >= 0, 1, -1)), but at a point exactly on the "
            "line the derivative counts as sign(0) = 0, as in PyTorch", '''
def l1_line_grads(m, b, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    sign = np.where(m * x + b - y >= 0, 1.0, -1.0)
    return float(np.mean(sign * x)), float(np.mean(sign))
'''),
    Mistake("l1_line_grads", "the residual is taken as y - (m·x + b), which flips the sign of both "
            "derivatives", '''
def l1_line_grads(m, b, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    sign = np.sign(y - (m * x + b))
    return float(np.mean(sign * x)), float(np.mean(sign))
'''),
    Mistake("l1_line_grads", "the gradient of the squared error (2·mean(r·x), 2·mean(r)) is used instead of "
            "that of the absolute error (mean(sign(r)·x), mean(sign(r)))", '''
def l1_line_grads(m, b, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    residual = m * x + b - y
    return float(2 * np.mean(residual * x)), float(2 * np.mean(residual))
'''),
    # -- grid_search --------------------------------------------------------------
    Mistake("grid_search", "losses is transposed: its row j holds the losses at bs[j], but losses[i, j] must "
            "be the loss at (ms[i], bs[j])", '''
def grid_search(x, y, ms, bs):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    losses = np.array([[np.mean(np.abs(m * x + b - y)) for m in ms] for b in bs])
    j, i = np.unravel_index(np.argmin(losses), losses.shape)
    return float(ms[i]), float(bs[j]), losses
'''),
    Mistake("grid_search", "ties go to the last minimum (<= in the comparison) instead of the first one in "
            "row-major order", '''
def grid_search(x, y, ms, bs):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    losses = np.zeros((len(ms), len(bs)))
    best = np.inf
    for i, m in enumerate(ms):
        for j, b in enumerate(bs):
            losses[i, j] = np.mean(np.abs(m * x + b - y))
            if losses[i, j] <= best:
                best, m_best, b_best = losses[i, j], float(m), float(b)
    return m_best, b_best, losses
'''),
    # -- train_line ---------------------------------------------------------------
    Mistake("train_line", "the gradients are not zeroed between iterations, so backward() adds each new "
            "gradient to all the earlier ones", '''
import math

def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        history["loss"].append(loss.item())
        history["grad_norm"].append(math.sqrt(sum((p.grad ** 2).sum().item() for p in model.parameters())))
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return history
'''),
    Mistake("train_line", "grad_norm is recorded after the update, when zero_grad() has already cleared the "
            "gradients, instead of before the update", '''
import math

def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
        model.zero_grad()
        history["loss"].append(loss.item())
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        history["grad_norm"].append(math.sqrt(sum((g ** 2).sum().item() for g in grads)))
    return history
'''),
    Mistake("train_line", "each gradient is summed before squaring (p.grad.sum() ** 2) instead of squaring "
            "every entry: that is not the L2 norm once a parameter has several entries", '''
import math

def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        grad_norm = 0.0
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
                grad_norm += p.grad.sum().item() ** 2
        history["loss"].append(loss.item())
        history["grad_norm"].append(math.sqrt(grad_norm))
    return history
'''),
    Mistake("train_line", "the norms of the parameters' gradients are added up (sum of p.grad.norm()) instead of "
            "combined into the norm of the whole gradient, sqrt(sum of their squares), which is smaller as soon as "
            "two parameters have a gradient: the notebook's warning", '''
def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        history["loss"].append(loss.item())
        history["grad_norm"].append(sum(p.grad.norm().item() for p in model.parameters()))
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return history
'''),
    Mistake("train_line", "grad_norm keeps only the norm of the last parameter's gradient (overwritten in the "
            "loop) instead of combining the gradients of all parameters", '''
def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        for p in model.parameters():
            grad_norm = p.grad.norm().item()
        history["loss"].append(loss.item())
        history["grad_norm"].append(grad_norm)
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return history
'''),
    Mistake("train_line", "the update goes up the gradient (p += lr * p.grad) instead of down", '''
import math

def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        history["loss"].append(loss.item())
        history["grad_norm"].append(math.sqrt(sum((p.grad ** 2).sum().item() for p in model.parameters())))
        with torch.no_grad():
            for p in model.parameters():
                p += lr * p.grad
    return history
'''),
    Mistake("train_line", TENSORS_RECORDED, '''
import math

def train_line(model, x, y, lr, n_iter):
    inputs, targets = as_column(x), as_column(y)
    history = {"loss": [], "grad_norm": []}
    for _ in range(n_iter):
        model.zero_grad()
        loss = l1_loss(model(inputs), targets)
        loss.backward()
        history["loss"].append(loss)
        history["grad_norm"].append(math.sqrt(sum((p.grad ** 2).sum().item() for p in model.parameters())))
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return history
'''),
    # -- clip_grad_norm -----------------------------------------------------------
    Mistake("clip_grad_norm", CLIPS_ONLY_ABOVE, '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = math.sqrt(sum((g ** 2).sum().item() for g in grads))
    if total > max_norm:
        for g in grads:
            g.mul_(max_norm / (total + 1e-6))
    return total
'''),
    Mistake("clip_grad_norm", "each gradient is clipped to max_norm on its own instead of scaling all of them "
            "by one factor computed from their total norm", '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = math.sqrt(sum((g ** 2).sum().item() for g in grads))
    for g in grads:
        g.mul_(min(1.0, max_norm / (g.norm().item() + 1e-6)))
    return total
'''),
    Mistake("clip_grad_norm", "the norm is returned after clipping instead of the total norm before clipping",
            '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = math.sqrt(sum((g ** 2).sum().item() for g in grads))
    for g in grads:
        g.mul_(min(1.0, max_norm / (total + 1e-6)))
    return math.sqrt(sum((g ** 2).sum().item() for g in grads))
'''),
    Mistake("clip_grad_norm", GENERATOR_EXHAUSTED, '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    total = math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
    for p in parameters:
        if p.grad is not None:
            p.grad.mul_(min(1.0, max_norm / (total + 1e-6)))
    return total
'''),
    Mistake("clip_grad_norm", "the total norm uses only the last parameter's gradient (overwritten in the loop)",
            '''
def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = 0.0
    for g in grads:
        total = g.norm().item()
    for g in grads:
        g.mul_(min(1.0, max_norm / (total + 1e-6)))
    return total
'''),
    Mistake("clip_grad_norm", "the 1e-6 is left out of the factor max_norm / (total + 1e-6), which matters "
            "when the gradients are tiny", '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    total = math.sqrt(sum((g ** 2).sum().item() for g in grads))
    if total > max_norm:
        for g in grads:
            g.mul_(max_norm / total)
    return total
'''),
    Mistake("clip_grad_norm", "a single tensor is iterated over (giving its rows, which have no .grad) "
            "instead of being taken as one parameter", '''
import math

def clip_grad_norm(parameters, max_norm):
    grads = [p.grad for p in list(parameters) if p.grad is not None]
    total = math.sqrt(sum((g ** 2).sum().item() for g in grads))
    for g in grads:
        g.mul_(min(1.0, max_norm / (total + 1e-6)))
    return total
'''),
    Mistake("clip_grad_norm", MISSING_GRAD_NOT_SKIPPED, '''
import math

def clip_grad_norm(parameters, max_norm):
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    parameters = list(parameters)
    total = math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters))
    for p in parameters:
        p.grad.mul_(min(1.0, max_norm / (total + 1e-6)))
    return total
'''),
    # -- AutoClip -----------------------------------------------------------------
    Mistake("autoclip", "the clip value is taken from the history before the current norm is appended to it",
            '''
import math

class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        if isinstance(parameters, torch.Tensor):
            parameters = [parameters]
        parameters = list(parameters)
        norm = math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
        clip_value = float(np.percentile(self.history, self.percentile)) if self.history else norm
        clip_grad_norm(parameters, clip_value)
        self.history.append(norm)
        return clip_value
'''),
    Mistake("autoclip", "the percentile is divided by 100: np.percentile takes 0 to 100 (np.quantile would "
            "take 0 to 1)", '''
import math

class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        if isinstance(parameters, torch.Tensor):
            parameters = [parameters]
        parameters = list(parameters)
        norm = math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
        self.history.append(norm)
        clip_value = float(np.percentile(self.history, self.percentile / 100))
        clip_grad_norm(parameters, clip_value)
        return clip_value
'''),
    Mistake("autoclip", "the current gradient norm is returned instead of the clip value", '''
import math

class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        if isinstance(parameters, torch.Tensor):
            parameters = [parameters]
        parameters = list(parameters)
        norm = math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None))
        self.history.append(norm)
        clip_grad_norm(parameters, float(np.percentile(self.history, self.percentile)))
        return norm
'''),
    Mistake("autoclip", CLIPS_ONLY_ABOVE, '''
import math

class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        parameters = [parameters] if isinstance(parameters, torch.Tensor) else list(parameters)
        grads = [p.grad for p in parameters if p.grad is not None]
        norm = math.sqrt(sum((g ** 2).sum().item() for g in grads))
        self.history.append(norm)
        clip_value = float(np.percentile(self.history, self.percentile))
        if norm > clip_value:
            for g in grads:
                g.mul_(clip_value / (norm + 1e-6))
        return clip_value
'''),
    Mistake("autoclip", GENERATOR_EXHAUSTED, '''
import math

class AutoClip:
    def __init__(self, percentile=10.0):
        self.percentile = percentile
        self.history = []

    def __call__(self, parameters):
        if isinstance(parameters, torch.Tensor):
            parameters = [parameters]
        self.history.append(math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None)))
        clip_value = float(np.percentile(self.history, self.percentile))
        clip_grad_norm(parameters, clip_value)
        return clip_value
'''),
    Mistake("autoclip", SHARED_HISTORY, '''
import math

class AutoClip:
    history = []

    def __init__(self, percentile=10.0):
        self.percentile = percentile

    def __call__(self, parameters):
        if isinstance(parameters, torch.Tensor):
            parameters = [parameters]
        parameters = list(parameters)
        self.history.append(math.sqrt(sum((p.grad ** 2).sum().item() for p in parameters if p.grad is not None)))
        clip_value = float(np.percentile(self.history, self.percentile))
        clip_grad_norm(parameters, clip_value)
        return clip_value
'''),
    Mistake("predict_l1_gradient_at_fit", "the L1 gradient is expected to fade like the L2 one; each point contributes +-x_i whatever the size of its residual", '''
def predict_l1_gradient_at_fit():
    """What the L1 gradient norm does once the line fits the data: "vanish" or "stay"."""
    return "vanish"
'''),
    Mistake("predict_too_large_rates", "only the rates that overshoot from the first step are counted; at 0.1 each step still moves the slope by about 0.5, far more than the valley is wide", '''
def predict_too_large_rates():
    """The learning rates of LEARNING_RATES that are too large for the loss to settle, as a list."""
    return [1.0, 0.5]
'''),
    Mistake("predict_too_large_rates", "only the largest rate is counted; at 0.5 the first step already throws the slope to about 2.5", '''
def predict_too_large_rates():
    """The learning rates of LEARNING_RATES that are too large for the loss to settle, as a list."""
    return [1.0]
'''),
]
