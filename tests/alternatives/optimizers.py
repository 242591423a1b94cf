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
]
