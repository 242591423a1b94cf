"""Correct solutions of optimizers in other styles."""
from tests.alternatives import Alternative

ALTERNATIVES = [
    Alternative("gd", "in-place add with alpha on p.data", '''
class GD(OptimizerBase):
    def update_param(self, p):
        p.data.add_(p.grad, alpha=-self.lr)
'''),
    Alternative("gd", "a new tensor copied into the parameter", '''
class GD(OptimizerBase):
    def update_param(self, p):
        p.copy_(p - self.lr * p.grad)
'''),
    Alternative("ema", "a list built in a loop, converted at the end", '''
def ema(values, beta):
    averages, e = [], 0.0
    for x in list(values):
        e = beta * e + (1 - beta) * float(x)
        averages.append(e)
    return np.array(averages, dtype=float)
'''),
    Alternative("ema", "the recurrence in torch float64 with lerp", '''
def ema(values, beta):
    x = torch.as_tensor(np.array(values, dtype=np.float64)).reshape(-1)
    out = torch.zeros_like(x)
    e = torch.zeros((), dtype=torch.float64)
    for t in range(len(x)):
        e = torch.lerp(e, x[t], 1 - beta)
        out[t] = e
    return out.numpy()
'''),
    Alternative("ema_debiased", "its own loop with a running power of beta", '''
def ema_debiased(values, beta):
    result = []
    e, power = 0.0, 1.0
    for x in values:
        e = beta * e + (1 - beta) * x
        power *= beta
        result.append(e / (1 - power))
    return np.asarray(result, dtype=np.float64)
'''),
    Alternative("ema_rms", "a list comprehension of squares and math.sqrt", '''
import math

def ema_rms(values, beta):
    mean_squares = ema_debiased([float(x) * float(x) for x in values], beta)
    return np.array([math.sqrt(v) for v in mean_squares])
'''),
    Alternative("momentum", "states in a list by position, created up front with torch.zeros (float32), "
                "updated with lerp", '''
class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.beta = beta
        self.m = [torch.zeros(p.shape) for p in self.params]

    def update_param(self, p):
        i = [id(q) for q in self.params].index(id(p))
        self.m[i].lerp_(p.grad.float(), 1 - self.beta)
        p.sub_(self.lr * self.m[i].to(p.dtype))
'''),
    Alternative("momentum", "functional updates with the state as an attribute of the parameter", '''
class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.beta = beta
        self.key = f"velocity_{id(self)}"

    def update_param(self, p):
        m = getattr(p, self.key, 0)
        m = self.beta * m + (1 - self.beta) * p.grad
        setattr(p, self.key, m)
        p.data = p.data - self.lr * m
'''),
    Alternative("rmsprop", "state keyed by id(p), addcmul_ and addcdiv_", '''
class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.square_avg = {id(p): torch.zeros_like(p) for p in self.params}

    def update_param(self, p):
        v = self.square_avg[id(p)]
        v.mul_(self.alpha).addcmul_(p.grad, p.grad, value=1 - self.alpha)
        p.addcdiv_(p.grad, torch.sqrt(v).add_(self.eps), value=-self.lr)
'''),
    Alternative("rmsprop", "float32 state from torch.zeros and the power 0.5", '''
class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.v = {}

    def update_param(self, p):
        v = self.v.get(p, torch.zeros(p.shape))
        v = self.alpha * v + (1 - self.alpha) * p.grad * p.grad
        self.v[p] = v.float()
        p -= self.lr * p.grad / (v ** 0.5 + self.eps)
'''),
    Alternative("adam", "torch.optim.Adam's arrangement: step size lr / (1 - beta1^t), denominator "
                "sqrt(v) / sqrt(1 - beta2^t) + eps, addcdiv_", '''
import math

class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.betas = tuple(betas)
        self.eps = eps
        self.state = {}

    def update_param(self, p):
        beta1, beta2 = self.betas
        state = self.state.setdefault(p, {"step": 0, "exp_avg": torch.zeros_like(p),
                                          "exp_avg_sq": torch.zeros_like(p)})
        state["step"] += 1
        state["exp_avg"].lerp_(p.grad, 1 - beta1)
        state["exp_avg_sq"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
        step_size = self.lr / (1 - beta1 ** state["step"])
        denom = (state["exp_avg_sq"].sqrt() / math.sqrt(1 - beta2 ** state["step"])).add_(self.eps)
        p.addcdiv_(state["exp_avg"], denom, value=-step_size)
'''),
    Alternative("adam", "float32 state lists created up front and a step counter per position", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = [0] * len(self.params)
        self.m = [torch.zeros(p.shape) for p in self.params]
        self.v = [torch.zeros(p.shape) for p in self.params]

    def update_param(self, p):
        i = next(k for k, q in enumerate(self.params) if q is p)
        self.t[i] += 1
        g = p.grad.float()
        self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
        self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2
        m_hat = self.m[i] / (1 - self.beta1 ** self.t[i])
        v_hat = self.v[i] / (1 - self.beta2 ** self.t[i])
        p -= (self.lr * m_hat / (torch.sqrt(v_hat) + self.eps)).to(p.dtype)
'''),
    # -- in the style of public implementations, adapted only to the stub signatures --------------------
    Alternative("momentum", "CS231n's optim.py: sgd_momentum(w, dw, config) in numpy with a config dict per "
                "parameter, as its Solver keeps them (the update rule is the course's EMA)", '''
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    v = config["momentum"] * v + (1 - config["momentum"]) * dw
    next_w = w - config["learning_rate"] * v

    config["velocity"] = v
    return next_w, config


class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.optim_config = {"learning_rate": lr, "momentum": beta}
        self.optim_configs = {}
        for p in self.params:
            d = {k: v for k, v in self.optim_config.items()}
            self.optim_configs[p] = d

    def update_param(self, p):
        w, dw = p.detach().numpy(), p.grad.numpy()
        next_w, next_config = sgd_momentum(w, dw, self.optim_configs[p])
        p.copy_(torch.as_tensor(next_w))
        self.optim_configs[p] = next_config
'''),
    Alternative("rmsprop", "CS231n's optim.py: rmsprop(w, dw, config) in numpy with a cache in the config dict", '''
def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    config["cache"] = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])

    return next_w, config


class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.optim_config = {"learning_rate": lr, "decay_rate": alpha, "epsilon": eps}
        self.optim_configs = {p: dict(self.optim_config) for p in self.params}

    def update_param(self, p):
        next_w, self.optim_configs[p] = rmsprop(p.detach().numpy(), p.grad.numpy(), self.optim_configs[p])
        p.copy_(torch.as_tensor(next_w))
'''),
    Alternative("adam", "CS231n's optim.py: adam(w, dw, config) in numpy with m, v and t in the config dict", '''
def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    mt = config["m"] / (1 - config["beta1"] ** config["t"])
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * (dw ** 2)
    vt = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = w - config["learning_rate"] * mt / (np.sqrt(vt) + config["epsilon"])

    return next_w, config


class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        beta1, beta2 = betas
        self.optim_config = {"learning_rate": lr, "beta1": beta1, "beta2": beta2, "epsilon": eps}
        self.optim_configs = {p: dict(self.optim_config) for p in self.params}

    def update_param(self, p):
        next_w, next_config = adam(p.detach().numpy(), p.grad.numpy(), self.optim_configs[p])
        p.copy_(torch.as_tensor(next_w))
        self.optim_configs[p] = next_config
'''),
    Alternative("gd", "d2l's sgd: param -= lr * param.grad / batch_size, then the gradient zeroed", '''
class GD(OptimizerBase):
    def update_param(self, p):
        hyperparams = {"lr": self.lr, "batch_size": 1}
        p -= hyperparams["lr"] * p.grad / hyperparams["batch_size"]
        p.grad.zero_()
'''),
    Alternative("adam", "d2l's from-scratch adam: (v, s) states made like init_adam_states (float32 zeros), a "
                "hyperparams dict with t per parameter, and [...] in place of d2l's [:], which a 0-d "
                "parameter does not have", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2, self.eps = betas[0], betas[1], eps
        self.states = {p: (torch.zeros(p.shape), torch.zeros(p.shape)) for p in self.params}
        self.hyperparams = {p: {"lr": lr, "t": 1} for p in self.params}

    def update_param(self, p):
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        v, s = self.states[p]
        hyperparams = self.hyperparams[p]
        v[...] = beta1 * v + (1 - beta1) * p.grad
        s[...] = beta2 * s + (1 - beta2) * torch.square(p.grad)
        v_bias_corr = v / (1 - beta1 ** hyperparams["t"])
        s_bias_corr = s / (1 - beta2 ** hyperparams["t"])
        p[...] -= hyperparams["lr"] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
        hyperparams["t"] += 1
'''),
    Alternative("rmsprop", "fastai's optimizer callbacks: average_sqr_grad with dampening and rms_prop_step, "
                "state dicts updated by each callback", '''
def average_sqr_grad(p, sqr_mom, dampening=True, sqr_avg=None, **kwargs):
    if sqr_avg is None:
        sqr_avg = torch.zeros_like(p.grad.data)
    damp = 1 - sqr_mom if dampening else 1.
    sqr_avg.mul_(sqr_mom).addcmul_(p.grad.data, p.grad.data, value=damp)
    return {"sqr_avg": sqr_avg}


def rms_prop_step(p, lr, sqr_avg, eps, grad_avg=None, **kwargs):
    denom = sqr_avg.sqrt().add_(eps)
    p.data.addcdiv_((grad_avg if grad_avg is not None else p.grad), denom, value=-lr)
    return p


class RMSProp(OptimizerBase):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.cbs = [average_sqr_grad, rms_prop_step]
        self.hypers = dict(lr=lr, sqr_mom=alpha, eps=eps)
        self.state = {}

    def update_param(self, p):
        state = self.state.get(p, {})
        for cb in self.cbs:
            update = cb(p, **{**state, **self.hypers})
            if isinstance(update, dict):
                state.update(update)
        self.state[p] = state
'''),
    Alternative("adam", "fastai's optimizer callbacks: average_grad, average_sqr_grad, step_stat and adam_step "
                "with fastai's debias", '''
from functools import partial


def average_grad(p, mom, dampening=False, grad_avg=None, **kwargs):
    if grad_avg is None:
        grad_avg = torch.zeros_like(p.grad.data)
    damp = 1 - mom if dampening else 1.
    grad_avg.mul_(mom).add_(p.grad.data, alpha=damp)
    return {"grad_avg": grad_avg}


def average_sqr_grad(p, sqr_mom, dampening=True, sqr_avg=None, **kwargs):
    if sqr_avg is None:
        sqr_avg = torch.zeros_like(p.grad.data)
    damp = 1 - sqr_mom if dampening else 1.
    sqr_avg.mul_(sqr_mom).addcmul_(p.grad.data, p.grad.data, value=damp)
    return {"sqr_avg": sqr_avg}


def step_stat(p, step=0, **kwargs):
    step += 1
    return {"step": step}


def debias(mom, damp, step):
    return damp * (1 - mom ** step) / (1 - mom)


def adam_step(p, lr, mom, step, sqr_mom, grad_avg, sqr_avg, eps, **kwargs):
    debias1 = debias(mom, 1 - mom, step)
    debias2 = debias(sqr_mom, 1 - sqr_mom, step)
    p.data.addcdiv_(grad_avg, (sqr_avg / debias2).sqrt() + eps, value=-lr / debias1)
    return p


class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.cbs = [partial(average_grad, dampening=True), average_sqr_grad, step_stat, adam_step]
        self.hypers = dict(lr=lr, mom=betas[0], sqr_mom=betas[1], eps=eps)
        self.state = {}

    def update_param(self, p):
        state = self.state.get(p, {})
        for cb in self.cbs:
            update = cb(p, **{**state, **self.hypers})
            if isinstance(update, dict):
                state.update(update)
        self.state[p] = state
'''),
    Alternative("momentum", "the UvA deep learning tutorial's SGDMomentum on its OptimizerTemplate: "
                "param_momentum dict made up front, p.add_(p_update)", '''
class Momentum(OptimizerBase):
    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.momentum = beta
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_momentum[p] = (1 - self.momentum) * p.grad + self.momentum * self.param_momentum[p]
        p_update = -self.lr * self.param_momentum[p]
        p.add_(p_update)
'''),
    Alternative("adam", "the UvA deep learning tutorial's Adam on its OptimizerTemplate: param_step, "
                "param_momentum and param_2nd_momentum dicts, p_lr divided into the momentum", '''
class Adam(OptimizerBase):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.param_step = {p: 0 for p in self.params}
        self.param_momentum = {p: torch.zeros_like(p.data) for p in self.params}
        self.param_2nd_momentum = {p: torch.zeros_like(p.data) for p in self.params}

    def update_param(self, p):
        self.param_step[p] += 1
        self.param_momentum[p] = (1 - self.beta1) * p.grad + self.beta1 * self.param_momentum[p]
        self.param_2nd_momentum[p] = (1 - self.beta2) * (p.grad) ** 2 + self.beta2 * self.param_2nd_momentum[p]
        bias_correction_1 = 1 - self.beta1 ** self.param_step[p]
        bias_correction_2 = 1 - self.beta2 ** self.param_step[p]
        p_2nd_mom = self.param_2nd_momentum[p] / bias_correction_2
        p_mom = self.param_momentum[p] / bias_correction_1
        p_lr = self.lr / (torch.sqrt(p_2nd_mom) + self.eps)
        p_update = -p_lr * p_mom
        p.add_(p_update)
'''),
    Alternative("predict_momentum_on_slope", "settled by a run of the reference formula", '''
def predict_momentum_on_slope():
    """How Momentum's step compares with GD's on a steady slope after a few dozen steps: "faster", "same" or "slower"."""
    m = 0.0
    for _ in range(60):
        m = 0.9 * m + 0.1 * 1.0
    return "same" if abs(m - 1.0) < 0.01 else "slower"
'''),
    Alternative("predict_adam_first_step", "a fraction of the learning rate", '''
def predict_adam_first_step():
    """How far Adam(lr=0.01) moves a parameter on its first step when its gradient is 1000."""
    return 0.01 * 1000 / (1000 + 1e-8)
'''),
    Alternative("train_network", "gradients set to None by hand, a loss module, a while loop", '''
def train_network(model, optimizer, steps, batch_size=256, seed=0):
    criterion = nn.CrossEntropyLoss()
    generator = torch.Generator()
    generator.manual_seed(seed)
    history, step = [], 0
    while step < steps:
        for p in model.parameters():
            p.grad = None
        x, t = sample_batch(batch_size, generator)
        loss = criterion(model(x), t)
        loss.backward()
        optimizer.step()
        history.append(float(loss))
        step += 1
    return history
'''),
]
