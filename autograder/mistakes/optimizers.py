"""Known mistakes in optimizers."""
from autograder.mistakes import Mistake

EMA_WRITES_INPUT = ("the averages are written into the input array (np.asarray does not copy a float64 "
                    "array), which changes the caller's values")

SLICE_ASSIGNED = ("the parameter is written through a slice (p[:] = ..., as in d2l's sgd), which a 0-d "
                  "parameter does not have: update the whole tensor in place with p -= ... or p.copy_(...)")

MISTAKES = [
    Mistake("gd", "the gradient is added (p += lr * g), so every step goes uphill", '''
class GD(OptimizerBase):
    def update_param(self, p):
        p += self.lr * p.grad
'''),
    Mistake("gd", "the update rebinds the local name p (p = p - lr * g) instead of changing the parameter "
            "in place, so the parameter never moves", '''
class GD(OptimizerBase):
    def update_param(self, p):
        p = p - self.lr * p.grad
'''),
    Mistake("gd", SLICE_ASSIGNED, '''
class GD(OptimizerBase):
    def update_param(self, p):
        p[:] = p - self.lr * p.grad
'''),
    Mistake("ema", "the average starts from the first value instead of from 0 (e_1 = x_1, no pull "
            "towards 0)", '''
def ema(values, beta):
    values = np.asarray(values, dtype=float)
    out = np.zeros(len(values))
    average = values[0] if len(values) else 0.0
    for t, x in enumerate(values):
        average = beta * average + (1 - beta) * x
        out[t] = average
    return out
'''),
    Mistake("ema", "beta and 1 - beta are swapped: beta weighs the new value instead of the old average", '''
def ema(values, beta):
    out = []
    average = 0.0
    for x in values:
        average = (1 - beta) * average + beta * x
        out.append(average)
    return np.array(out)
'''),
    Mistake("ema", EMA_WRITES_INPUT, '''
def ema(values, beta):
    values = np.asarray(values, dtype=float)
    average = 0.0
    for t in range(len(values)):
        average = beta * average + (1 - beta) * values[t]
        values[t] = average
    return values
'''),
    Mistake("ema_debiased", "the correction divides by 1 - beta^(t+1) instead of 1 - beta^t (t counted "
            "from 1), one power too many", '''
def ema_debiased(values, beta):
    averages = ema(values, beta)
    t = np.arange(1, len(averages) + 1)
    return averages / (1 - beta ** (t + 1))
'''),
    Mistake("ema_debiased", "the bias correction is left out: this is the naive EMA", '''
def ema_debiased(values, beta):
    return ema(values, beta)
'''),
    Mistake("ema_rms", "the square root is left out: this is the debiased mean square, not its root", '''
def ema_rms(values, beta):
    return ema_debiased(np.asarray(values, dtype=float) ** 2, beta)
'''),
    Mistake("ema_rms", "the values are not squared before averaging: this is the root of the average, "
            "not of the average square", '''
def ema_rms(values, beta):
    return np.sqrt(ema_debiased(values, beta))
'''),
    Mistake("ema_rms", "the naive EMA of the squares is used without its bias correction", '''
def ema_rms(values, beta):
    return np.sqrt(ema(np.square(values), beta))
'''),
    Mistake("momentum", "the velocity is summed torch-style (m = beta * m + g, without the factor "
            "1 - beta) instead of being an EMA of the gradients", '''
class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.beta = beta
        self.m = {}

    def update_param(self, p):
        m = self.m.setdefault(p, torch.zeros_like(p))
        m.mul_(self.beta).add_(p.grad)
        p -= self.lr * m
'''),
    Mistake("momentum", "the velocity starts from the first gradient instead of from 0", '''
class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.beta = beta
        self.m = {}

    def update_param(self, p):
        if p not in self.m:
            self.m[p] = p.grad.clone()
        else:
            self.m[p] = self.beta * self.m[p] + (1 - self.beta) * p.grad
        p -= self.lr * self.m[p]
'''),
    Mistake("rmsprop", "eps is added inside the square root (sqrt(v + eps)) instead of after it", '''
class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.v = {}

    def update_param(self, p):
        v = self.v.setdefault(p, torch.zeros_like(p))
        v.mul_(self.alpha).add_((1 - self.alpha) * p.grad ** 2)
        p -= self.lr * p.grad / torch.sqrt(v + self.eps)
'''),
    Mistake("rmsprop", "the mean square is bias-corrected (divided by 1 - alpha^t); RMSProp, like "
            "torch.optim.RMSprop, divides by the root of the raw average", '''
class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.state = {}

    def update_param(self, p):
        t, v = self.state.get(p, (0, torch.zeros_like(p)))
        t += 1
        v = self.alpha * v + (1 - self.alpha) * p.grad ** 2
        self.state[p] = (t, v)
        p -= self.lr * p.grad / ((v / (1 - self.alpha ** t)).sqrt() + self.eps)
'''),
    Mistake("rmsprop", "the gradient is averaged instead of its square", '''
class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.v = {}

    def update_param(self, p):
        v = self.v.setdefault(p, torch.zeros_like(p))
        v.mul_(self.alpha).add_((1 - self.alpha) * p.grad)
        p -= self.lr * p.grad / (v.abs().sqrt() + self.eps)
'''),
    Mistake("adam", "the bias correction is missing (m and v are used without dividing by "
            "1 - beta^t)", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.m, self.v = {}, {}

    def update_param(self, p):
        m = self.m.setdefault(p, torch.zeros_like(p))
        v = self.v.setdefault(p, torch.zeros_like(p))
        m.mul_(self.beta1).add_((1 - self.beta1) * p.grad)
        v.mul_(self.beta2).add_((1 - self.beta2) * p.grad ** 2)
        p -= self.lr * m / (v.sqrt() + self.eps)
'''),
    Mistake("adam", "eps is added inside the square root (sqrt(v_hat + eps)) instead of after it", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.state = {}

    def update_param(self, p):
        if p not in self.state:
            self.state[p] = [0, torch.zeros_like(p), torch.zeros_like(p)]
        s = self.state[p]
        s[0] += 1
        s[1] = self.beta1 * s[1] + (1 - self.beta1) * p.grad
        s[2] = self.beta2 * s[2] + (1 - self.beta2) * p.grad ** 2
        m_hat = s[1] / (1 - self.beta1 ** s[0])
        v_hat = s[2] / (1 - self.beta2 ** s[0])
        p -= self.lr * m_hat / torch.sqrt(v_hat + self.eps)
'''),
    Mistake("adam", "eps is added to the uncorrected root, sqrt(v) + eps, with the corrections folded "
            "into the step size (the eps-hat form of Kingma and Ba), which is not torch.optim.Adam's "
            "sqrt(v_hat) + eps", '''
import math

class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.state = {}

    def update_param(self, p):
        if p not in self.state:
            self.state[p] = {"t": 0, "m": torch.zeros_like(p), "v": torch.zeros_like(p)}
        s = self.state[p]
        s["t"] += 1
        s["m"].mul_(self.beta1).add_((1 - self.beta1) * p.grad)
        s["v"].mul_(self.beta2).add_((1 - self.beta2) * p.grad * p.grad)
        step = self.lr * math.sqrt(1 - self.beta2 ** s["t"]) / (1 - self.beta1 ** s["t"])
        p -= step * s["m"] / (s["v"].sqrt() + self.eps)
'''),
    Mistake("adam", "the step counter starts at 0 for the first update, so the first correction divides "
            "by 1 - beta^0 = 0", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t, self.m, self.v = {}, {}, {}

    def update_param(self, p):
        t = self.t.get(p, 0)
        m = self.beta1 * self.m.get(p, 0) + (1 - self.beta1) * p.grad
        v = self.beta2 * self.v.get(p, 0) + (1 - self.beta2) * p.grad ** 2
        p -= self.lr * (m / (1 - self.beta1 ** t)) / ((v / (1 - self.beta2 ** t)).sqrt() + self.eps)
        self.t[p], self.m[p], self.v[p] = t + 1, m, v
'''),
    Mistake("adam", "the step counter is one ahead (t = 2 at the first update), so the bias correction "
            "is too weak", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t, self.m, self.v = {}, {}, {}

    def update_param(self, p):
        if p not in self.t:
            self.t[p], self.m[p], self.v[p] = 1, torch.zeros_like(p), torch.zeros_like(p)
        self.t[p] += 1
        t = self.t[p]
        self.m[p] = self.beta1 * self.m[p] + (1 - self.beta1) * p.grad
        self.v[p] = self.beta2 * self.v[p] + (1 - self.beta2) * p.grad ** 2
        m_hat = self.m[p] / (1 - self.beta1 ** t)
        v_hat = self.v[p] / (1 - self.beta2 ** t)
        p -= self.lr * m_hat / (v_hat.sqrt() + self.eps)
'''),
    Mistake("adam", "one step counter is shared by all parameters (it counts every update_param call), "
            "instead of one counter per parameter", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = 0
        self.m, self.v = {}, {}

    def update_param(self, p):
        self.t += 1
        m = self.m.setdefault(p, torch.zeros_like(p))
        v = self.v.setdefault(p, torch.zeros_like(p))
        m.mul_(self.beta1).add_((1 - self.beta1) * p.grad)
        v.mul_(self.beta2).add_((1 - self.beta2) * p.grad ** 2)
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        p -= self.lr * m_hat / (v_hat.sqrt() + self.eps)
'''),
    Mistake("adam", "one step counter is counted per step() call for all parameters, so a parameter "
            "that first gets a gradient later starts with a large t instead of its own t = 1", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    def step(self):
        self.t += 1
        super().step()

    def update_param(self, p):
        i = next(k for k, q in enumerate(self.params) if q is p)
        self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * p.grad
        self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * p.grad ** 2
        m_hat = self.m[i] / (1 - self.beta1 ** self.t)
        v_hat = self.v[i] / (1 - self.beta2 ** self.t)
        p -= self.lr * m_hat / (v_hat.sqrt() + self.eps)
'''),
    Mistake("adam", SLICE_ASSIGNED, '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.states = {id(p): (torch.zeros_like(p), torch.zeros_like(p)) for p in self.params}
        self.t = {id(p): 0 for p in self.params}

    def update_param(self, p):
        v, s = self.states[id(p)]
        self.t[id(p)] += 1
        t = self.t[id(p)]
        v[:] = self.beta1 * v + (1 - self.beta1) * p.grad
        s[:] = self.beta2 * s + (1 - self.beta2) * torch.square(p.grad)
        v_bias_corr = v / (1 - self.beta1 ** t)
        s_bias_corr = s / (1 - self.beta2 ** t)
        p[:] -= self.lr * v_bias_corr / (torch.sqrt(s_bias_corr) + self.eps)
'''),
    Mistake("adam", "the update uses the raw gradient instead of the bias-corrected momentum m_hat", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.state = {}

    def update_param(self, p):
        t, m, v = self.state.get(p, (0, torch.zeros_like(p), torch.zeros_like(p)))
        t += 1
        m = self.beta1 * m + (1 - self.beta1) * p.grad
        v = self.beta2 * v + (1 - self.beta2) * p.grad ** 2
        self.state[p] = (t, m, v)
        v_hat = v / (1 - self.beta2 ** t)
        p -= self.lr * p.grad / (v_hat.sqrt() + self.eps)
'''),
    Mistake("predict_momentum_on_slope", "momentum is pictured as a ball that gathers speed; that is PyTorch's form, which sums the gradients; the averaged form's m tends to g itself", '''
def predict_momentum_on_slope():
    """How Momentum's step compares with GD's on a steady slope after a few dozen steps: "faster", "same" or "slower"."""
    return "faster"
'''),
    Mistake("predict_momentum_on_slope", "the start-up bias of m (it starts at 0) is taken to last; it fades as beta^t", '''
def predict_momentum_on_slope():
    """How Momentum's step compares with GD's on a steady slope after a few dozen steps: "faster", "same" or "slower"."""
    return "slower"
'''),
    Mistake("predict_adam_first_step", "the step is taken as lr * g, as in GD; Adam divides by the RMS of the gradient", '''
def predict_adam_first_step():
    """How far Adam(lr=0.01) moves a parameter on its first step when its gradient is 1000."""
    return 10.0
'''),
    Mistake("predict_adam_first_step", "the bias correction is left out: m = 0.1 g and sqrt(v) = 0.0316 |g| give a step about three times too long", '''
def predict_adam_first_step():
    """How far Adam(lr=0.01) moves a parameter on its first step when its gradient is 1000."""
    return 0.0316
'''),
    Mistake("train_network", "the gradients are never zeroed, so every backward adds to the sum of all "
            "earlier gradients and the steps grow", '''
def train_network(model, optimizer, steps, batch_size=256, seed=0):
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(steps):
        inputs, targets = sample_batch(batch_size, generator)
        loss = cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
    Mistake("train_network", "one batch is drawn before the loop and used at every step, so the network "
            "fits those points instead of the task", '''
def train_network(model, optimizer, steps, batch_size=256, seed=0):
    inputs, targets = sample_batch(batch_size, torch.Generator().manual_seed(seed))
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
    Mistake("train_network", "the step comes before backward, so each update uses the previous batch's "
            "gradient: the first step has none, and the last batch's gradient is never applied", '''
def train_network(model, optimizer, steps, batch_size=256, seed=0):
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(steps):
        inputs, targets = sample_batch(batch_size, generator)
        optimizer.step()
        optimizer.zero_grad()
        loss = cross_entropy(model(inputs), targets)
        loss.backward()
        losses.append(loss.item())
    return losses
'''),
]
